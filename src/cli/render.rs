//! Offline rendering through the same engine path as the plugin.

use crate::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use crate::lang::{CompileOptions, LangError};
use crate::samples::{BankIndex, Library};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// What to render.
pub struct RenderSpec {
    pub sample_rate: u32,
    pub cycles: f64,
    pub beats_per_cycle: f64,
}

/// A stereo render.
pub struct Rendered {
    pub left: Vec<f32>,
    pub right: Vec<f32>,
    /// Cycles per second used.
    pub cps: f64,
    /// What the engine counted while rendering (overflows, steals, replaced samples).
    pub counters: Counters,
}

/// The engine's error and overflow counters over a render.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    /// Events dropped because a block's query or event list was full (or its work budget spent).
    pub event_overflows: u64,
    /// Voices cut early because the voice pool was full.
    pub voice_steals: u64,
    /// Output samples that were NaN or infinite and were played as 0.
    pub nonfinite_samples: u64,
    /// The most voices sounding at once (sampled at each block's end).
    pub max_voices: u32,
}

impl Counters {
    /// One line for the CLI: `events dropped 0, voices stolen 0, non-finite samples 0, most voices 12`.
    pub fn summary(&self) -> String {
        format!(
            "events dropped {}, voices stolen {}, non-finite samples {}, most voices {}",
            self.event_overflows, self.voice_steals, self.nonfinite_samples, self.max_voices
        )
    }

    /// True when something was dropped, stolen or replaced.
    pub fn any(&self) -> bool {
        self.event_overflows + self.voice_steals + self.nonfinite_samples > 0
    }
}

/// Renders `source` for `spec.cycles` cycles at the program's tempo, in blocks whose sizes
/// `next_block` chooses (with no host timeline, as the CLI and standalone run).
/// `progress` is called with the samples done so far and the total.
pub fn render(
    source: &str,
    library: &Library,
    spec: &RenderSpec,
    next_block: impl FnMut() -> usize,
    progress: impl FnMut(u64, u64),
) -> Result<Rendered, LangError> {
    render_with_index(source, library, &BankIndex::empty(), spec, next_block, progress)
}

/// [`render`], loading the banks of a sample-folder index that the program names.
pub fn render_with_index(
    source: &str,
    library: &Library,
    index: &BankIndex,
    spec: &RenderSpec,
    mut next_block: impl FnMut() -> usize,
    mut progress: impl FnMut(u64, u64),
) -> Result<Rendered, LangError> {
    let opts = CompileOptions::new(spec.beats_per_cycle);
    let program = LoadedProgram::compile_with_samples(source, library, index, &opts)?;
    let cps = program.program.cps.unwrap_or(0.5);
    let total = (spec.cycles / cps * spec.sample_rate as f64).round() as usize;
    let mut engine = Engine::new(spec.sample_rate as f64, Arc::new(Handoff::new()));
    engine.set_program(program);
    let mut left = vec![0.0f32; total];
    let mut right = vec![0.0f32; total];
    let mut done = 0;
    let input = BlockInput { time: HostTime::None, beats_per_cycle: spec.beats_per_cycle };
    let mut max_voices = 0;
    while done < total {
        let n = next_block().clamp(1, total - done);
        engine.process(input, &mut left[done..done + n], &mut right[done..done + n]);
        max_voices = max_voices.max(engine.stats.active_voices.load(Ordering::Relaxed));
        done += n;
        progress(done as u64, total as u64);
    }
    let s = &engine.stats;
    let counters = Counters {
        event_overflows: s.event_overflows.load(Ordering::Relaxed),
        voice_steals: s.voice_steals.load(Ordering::Relaxed),
        nonfinite_samples: s.nonfinite_samples.load(Ordering::Relaxed),
        max_voices,
    };
    Ok(Rendered { left, right, cps, counters })
}

/// Writes a 32-bit float stereo WAV.
pub fn write_wav(path: &std::path::Path, r: &Rendered, sample_rate: u32) -> Result<(), hound::Error> {
    let spec = hound::WavSpec { channels: 2, sample_rate, bits_per_sample: 32, sample_format: hound::SampleFormat::Float };
    let mut w = hound::WavWriter::create(path, spec)?;
    for (l, r) in r.left.iter().zip(&r.right) {
        w.write_sample(*l)?;
        w.write_sample(*r)?;
    }
    w.finalize()
}
