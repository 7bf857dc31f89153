//! Offline rendering through the same engine path as the plugin.

use crate::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use crate::lang::{CompileOptions, LangError};
use crate::samples::{BankIndex, Library};
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
    while done < total {
        let n = next_block().clamp(1, total - done);
        engine.process(input, &mut left[done..done + n], &mut right[done..done + n]);
        done += n;
        progress(done as u64, total as u64);
    }
    Ok(Rendered { left, right, cps })
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
