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
    /// Voices that played without an effect or were silent for want of an engine slot
    /// ([`crate::engine::EngineStats::slot_overflows`]).
    pub slot_overflows: u64,
    /// The most voices sounding at once (sampled at each block's end).
    pub max_voices: u32,
}

impl Counters {
    /// One line for the CLI: `events dropped 0, voices stolen 0, non-finite samples 0, most voices
    /// 12`, and `, voices short of a slot N` when N is not 0.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "events dropped {}, voices stolen {}, non-finite samples {}, most voices {}",
            self.event_overflows, self.voice_steals, self.nonfinite_samples, self.max_voices
        );
        if self.slot_overflows > 0 {
            line += &format!(", voices short of a slot {}", self.slot_overflows);
        }
        line
    }

    /// True when something was dropped, stolen, replaced or short of a slot.
    pub fn any(&self) -> bool {
        self.event_overflows + self.voice_steals + self.nonfinite_samples + self.slot_overflows > 0
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
    render_with_index(
        source,
        library,
        &BankIndex::empty(),
        spec,
        next_block,
        progress,
    )
}

/// [`render`], loading the banks of a sample-folder index that the program names.
pub fn render_with_index(
    source: &str,
    library: &Library,
    index: &BankIndex,
    spec: &RenderSpec,
    next_block: impl FnMut() -> usize,
    progress: impl FnMut(u64, u64),
) -> Result<Rendered, LangError> {
    render_inner(
        source,
        library,
        index,
        spec,
        Pass::MIX,
        next_block,
        progress,
    )
    .map(|(r, _)| r)
}

/// [`render`] without the orbit limiter of Tidal programs ([`crate::engine::orbit_limiter`]):
/// the signal that reaches it, as SuperDirt's with `limitertype` 0 (for measuring a synth
/// against SuperDirt's renders of it).
pub fn render_before_limiter(
    source: &str,
    library: &Library,
    spec: &RenderSpec,
    next_block: impl FnMut() -> usize,
) -> Result<Rendered, LangError> {
    let index = BankIndex::empty();
    render_inner(
        source,
        library,
        &index,
        spec,
        Pass::BEFORE_LIMITER,
        next_block,
        |_, _| {},
    )
    .map(|(r, _)| r)
}

/// One output's audio on its own (a stem of [`render_stems_with_index`]).
pub struct Stem {
    /// The output's index: 0 = `out`, `n` = `on` (`dn` and `outn` name the same output).
    pub index: usize,
    pub left: Vec<f32>,
    pub right: Vec<f32>,
}

impl Stem {
    /// The output's name: `out`, `o1` .. `o16`.
    pub fn name(&self) -> String {
        stem_name(self.index)
    }
}

/// The name of output `index`: `out` for 0, `o1` .. `o16` for the numbered ones.
pub fn stem_name(index: usize) -> String {
    if index == 0 {
        "out".into()
    } else {
        format!("o{index}")
    }
}

/// The file a stem of the mix `mix` is written to: `OUT.wav` -> `OUT.o1.wav` (`OUT.out.wav`
/// for the main output); a mix path without an extension gets `.wav`.
pub fn stem_path(mix: &std::path::Path, index: usize) -> std::path::PathBuf {
    let base = mix
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = mix
        .extension()
        .map_or("wav".into(), |e| e.to_string_lossy().into_owned());
    mix.with_file_name(format!("{base}.{}.{ext}", stem_name(index)))
}

/// [`render_with_index`], also keeping each output's audio on its own, in the same single pass
/// through the engine (its route callback sees every output's audio before it is added to the
/// mix and leaves the mix as it is, so the mix is exactly [`render_with_index`]'s).
///
/// The stems are in the order the program defines its outputs, which is the order the engine
/// adds them into the mix: summed in that order, from 0, they equal the mix sample for sample
/// (bit for bit). The exceptions are samples the engine counted as non-finite (the mix plays
/// them as 0, and so do the stems, per output), and voices of a replaced program, which a render
/// (one program, no swap) never has.
pub fn render_stems_with_index(
    source: &str,
    library: &Library,
    index: &BankIndex,
    spec: &RenderSpec,
    next_block: impl FnMut() -> usize,
    progress: impl FnMut(u64, u64),
) -> Result<(Rendered, Vec<Stem>), LangError> {
    render_inner(
        source,
        library,
        index,
        spec,
        Pass::STEMS,
        next_block,
        progress,
    )
}

/// What a pass through the engine keeps: each output's stem; the orbit limiter on.
struct Pass {
    stems: bool,
    limit: bool,
}

impl Pass {
    const MIX: Pass = Pass {
        stems: false,
        limit: true,
    };
    const STEMS: Pass = Pass {
        stems: true,
        limit: true,
    };
    const BEFORE_LIMITER: Pass = Pass {
        stems: false,
        limit: false,
    };
}

fn render_inner(
    source: &str,
    library: &Library,
    index: &BankIndex,
    spec: &RenderSpec,
    pass: Pass,
    mut next_block: impl FnMut() -> usize,
    mut progress: impl FnMut(u64, u64),
) -> Result<(Rendered, Vec<Stem>), LangError> {
    let opts = CompileOptions::new(spec.beats_per_cycle);
    let program = LoadedProgram::compile_with_samples(source, library, index, &opts)?;
    let cps = program.program.cps.unwrap_or(0.5);
    let total = (spec.cycles / cps * spec.sample_rate as f64).round() as usize;
    // One stem per output, in the program's order.
    let mut stems: Vec<Stem> = if pass.stems {
        program
            .program
            .graph
            .outputs
            .iter()
            .map(|&(o, _)| Stem {
                index: o,
                left: vec![0.0; total],
                right: vec![0.0; total],
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut engine = Engine::new(spec.sample_rate as f64, Arc::new(Handoff::new()));
    engine.orbit_limiter = pass.limit;
    engine.set_program(program);
    let mut left = vec![0.0f32; total];
    let mut right = vec![0.0f32; total];
    let mut done = 0;
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: spec.beats_per_cycle,
    };
    let mut max_voices = 0;
    while done < total {
        let n = next_block().clamp(1, total - done);
        if stems.is_empty() {
            engine.process(input, &mut left[done..done + n], &mut right[done..done + n]);
        } else {
            engine.process_routed(
                input,
                &mut left[done..done + n],
                &mut right[done..done + n],
                &mut |out, off, l, r| {
                    if let Some(s) = stems.iter_mut().find(|s| s.index == out) {
                        let at = done + off;
                        for (d, x) in s.left[at..at + l.len()].iter_mut().zip(l) {
                            *d += x;
                        }
                        for (d, x) in s.right[at..at + r.len()].iter_mut().zip(r) {
                            *d += x;
                        }
                    }
                    // Not routed away: the engine adds it into the mix as `process` does.
                    false
                },
            );
        }
        max_voices = max_voices.max(engine.stats.active_voices.load(Ordering::Relaxed));
        done += n;
        progress(done as u64, total as u64);
    }
    // The engine plays non-finite mix samples as 0 (and counts them): the stems do the same.
    for s in &mut stems {
        for x in s.left.iter_mut().chain(s.right.iter_mut()) {
            if !x.is_finite() {
                *x = 0.0;
            }
        }
    }
    let s = &engine.stats;
    let counters = Counters {
        event_overflows: s.event_overflows.load(Ordering::Relaxed),
        voice_steals: s.voice_steals.load(Ordering::Relaxed),
        nonfinite_samples: s.nonfinite_samples.load(Ordering::Relaxed),
        slot_overflows: s.slot_overflows(),
        max_voices,
    };
    Ok((
        Rendered {
            left,
            right,
            cps,
            counters,
        },
        stems,
    ))
}

/// Writes a 32-bit float stereo WAV.
pub fn write_wav(
    path: &std::path::Path,
    r: &Rendered,
    sample_rate: u32,
) -> Result<(), hound::Error> {
    write_stereo_wav(path, &r.left, &r.right, sample_rate)
}

/// Writes two channels as a 32-bit float stereo WAV (a stem, or a mix).
pub fn write_stereo_wav(
    path: &std::path::Path,
    left: &[f32],
    right: &[f32],
    sample_rate: u32,
) -> Result<(), hound::Error> {
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate,
        bits_per_sample: 32,
        sample_format: hound::SampleFormat::Float,
    };
    let mut w = hound::WavWriter::create(path, spec)?;
    for (l, r) in left.iter().zip(right) {
        w.write_sample(*l)?;
        w.write_sample(*r)?;
    }
    w.finalize()
}
