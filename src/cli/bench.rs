//! `phonon bench`: renders a program offline through the real engine and reports the time per
//! block against the real-time budget.

use crate::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use crate::lang::{CompileOptions, LangError};
use crate::samples::{BankIndex, Library};
use serde::Serialize;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// The figures of one bench run.
#[derive(Serialize, Debug, Clone)]
pub struct BenchReport {
    pub median_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub mean_ms: f64,
    /// The time one block lasts at the sample rate.
    pub budget_ms: f64,
    pub mean_voices: f64,
    pub max_voices: u32,
    pub blocks: usize,
    pub block_size: usize,
    pub sample_rate: u32,
    pub threads: usize,
    /// Resident memory (MB, Linux `/proc/self/status` VmRSS) after a tenth of the blocks and at
    /// the end, and the peak (VmHWM); 0 where unknown.
    pub rss_early_mb: f64,
    pub rss_end_mb: f64,
    pub rss_peak_mb: f64,
}

/// A `/proc/self/status` field in MB (0 where unavailable).
fn proc_status_mb(field: &str) -> f64 {
    let text = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Renders `seconds` of `source` in `block_size` blocks on `threads` threads, timing each
/// `Engine::process` call. Returns the report and the audio (the same samples `phonon render`
/// produces, for any thread count).
pub fn bench(
    source: &str,
    library: &Library,
    index: &BankIndex,
    sample_rate: u32,
    block_size: usize,
    seconds: f64,
    threads: usize,
) -> Result<(BenchReport, Vec<f32>, Vec<f32>), LangError> {
    bench_with(
        source,
        library,
        index,
        sample_rate,
        block_size,
        seconds,
        threads,
        true,
    )
}

/// [`bench`]; with `keep_audio` false the audio is rendered into one reused block (and the
/// returned vectors are empty), so long runs measure the engine's own memory.
#[allow(clippy::too_many_arguments)]
pub fn bench_with(
    source: &str,
    library: &Library,
    index: &BankIndex,
    sample_rate: u32,
    block_size: usize,
    seconds: f64,
    threads: usize,
    keep_audio: bool,
) -> Result<(BenchReport, Vec<f32>, Vec<f32>), LangError> {
    let program =
        LoadedProgram::compile_with_samples(source, library, index, &CompileOptions::new(4.0))?;
    let mut engine = Engine::new(sample_rate as f64, Arc::new(Handoff::new()));
    engine.set_threads(threads.max(1));
    engine.set_program(program);
    let total = (seconds * sample_rate as f64).round() as usize;
    let kept = if keep_audio { total } else { block_size };
    let (mut left, mut right) = (vec![0.0f32; kept], vec![0.0f32; kept]);
    let total_blocks = total.div_ceil(block_size.max(1));
    let mut rss_early_mb = 0.0;
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut times = Vec::with_capacity(total / block_size + 1);
    let (mut voice_sum, mut max_voices) = (0u64, 0u32);
    let mut done = 0;
    while done < total {
        let n = block_size.min(total - done);
        let at = if keep_audio { done } else { 0 };
        let (l, r) = (&mut left[at..at + n], &mut right[at..at + n]);
        if !keep_audio {
            l.fill(0.0);
            r.fill(0.0);
        }
        let t0 = Instant::now();
        engine.process(input, l, r);
        times.push(t0.elapsed().as_secs_f64() * 1000.0);
        if times.len() == total_blocks / 10 + 1 {
            rss_early_mb = proc_status_mb("VmRSS:");
        }
        let v = engine.stats.active_voices.load(Ordering::Relaxed);
        voice_sum += v as u64;
        max_voices = max_voices.max(v);
        done += n;
    }
    let blocks = times.len();
    let mean_ms = times.iter().sum::<f64>() / blocks.max(1) as f64;
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| {
        sorted
            .get(((blocks as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let report = BenchReport {
        median_ms: pick(0.5),
        p99_ms: pick(0.99),
        max_ms: pick(1.0),
        mean_ms,
        budget_ms: block_size as f64 / sample_rate as f64 * 1000.0,
        mean_voices: voice_sum as f64 / blocks.max(1) as f64,
        max_voices,
        blocks,
        block_size,
        sample_rate,
        threads: engine.threads(),
        rss_early_mb,
        rss_end_mb: proc_status_mb("VmRSS:"),
        rss_peak_mb: proc_status_mb("VmHWM:"),
    };
    if !keep_audio {
        (left, right) = (Vec::new(), Vec::new());
    }
    Ok((report, left, right))
}
