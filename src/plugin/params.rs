//! Host-visible parameters (short, stable ids) and the persisted program state.

use super::state::CodeField;
use nice_plug::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[derive(Params)]
pub struct PhononParams {
    /// Master output gain (linear amplitude; shown in dB). Owner: host; smoothed on the audio thread.
    #[id = "gain"]
    pub gain: FloatParam,
    /// Host beats per pattern cycle (4 = one 4/4 bar). Owner: host; read per block.
    #[id = "bpc"]
    pub beats_per_cycle: FloatParam,
    /// Follow the host transport, or keep playing at the host tempo while it is stopped.
    /// Owner: host; read per block.
    #[id = "sync"]
    pub sync: EnumParam<Sync>,
    /// Shifts the pattern against the host timeline, in cycles (+1: the host's bar 1 plays
    /// cycle 1 of the pattern, i.e. the pattern runs one cycle ahead). Applies while the host
    /// plays. Owner: host; read per block (a change re-anchors the clock).
    #[id = "coff"]
    pub cycle_offset: FloatParam,
    /// Macros `m1`..`m8` (0..1) that code reads as patterns. Owner: host; sample-accurate.
    #[nested(array, group = "Macros")]
    pub macros: [MacroParam; 8],
    /// The program text and settings, saved in the project. Owner: editor/host main thread.
    #[persist = "phonon"]
    pub code: Arc<CodeField>,
}

impl PhononParams {
    pub fn new(code: Arc<CodeField>) -> PhononParams {
        PhononParams {
            gain: FloatParam::new("Master Gain", 1.0, FloatRange::gain_range(-60.0, 12.0))
                .with_smoother(SmoothingStyle::Logarithmic(20.0))
                .with_unit(" dB")
                .with_value_to_string(formatters::v2s_f32_gain_to_db(1))
                .with_string_to_value(formatters::s2v_f32_gain_to_db()),
            beats_per_cycle: FloatParam::new(
                "Beats per Cycle",
                4.0,
                FloatRange::Linear {
                    min: 1.0,
                    max: 16.0,
                },
            )
            .with_step_size(1.0),
            sync: EnumParam::new(
                "Sync",
                if FREE_BY_DEFAULT.load(Ordering::Relaxed) {
                    Sync::Free
                } else {
                    Sync::Transport
                },
            ),
            cycle_offset: FloatParam::new(
                "Cycle Offset",
                0.0,
                FloatRange::Linear {
                    min: -64.0,
                    max: 64.0,
                },
            )
            .with_unit(" cycles")
            .with_value_to_string(formatters::v2s_f32_rounded(3)),
            macros: std::array::from_fn(|i| MacroParam {
                value: FloatParam::new(
                    format!("Macro {}", i + 1),
                    0.0,
                    FloatRange::Linear { min: 0.0, max: 1.0 },
                ),
            }),
            code,
        }
    }
}

impl PhononParams {
    /// The macro parameters' ids (`m_1` ..), from the parameter map.
    pub fn macro_ids(&self) -> [String; crate::lang::macros::MACROS] {
        let map = self.param_map();
        std::array::from_fn(|i| {
            let ptr = self.macros[i].value.as_ptr();
            map.iter()
                .find(|(_, p, _)| *p == ptr)
                .map(|(id, ..)| id.clone())
                .unwrap_or_default()
        })
    }
}

/// Whether new instances start with [`Sync::Free`] (the standalone app: it plays at its tempo
/// while the JACK transport is stopped, and follows the transport when it rolls).
static FREE_BY_DEFAULT: AtomicBool = AtomicBool::new(false);

/// Makes [`Sync::Free`] the default of instances created from now on (the standalone app, at
/// startup; plugins keep [`Sync::Transport`]).
pub fn set_free_by_default(free: bool) {
    FREE_BY_DEFAULT.store(free, Ordering::Relaxed);
}

/// How the pattern clock follows the host.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sync {
    /// Play while the host plays, on its beat positions.
    #[id = "transport"]
    #[name = "Follow transport"]
    Transport,
    /// Keep playing at the host tempo while the host is stopped (jam without pressing play).
    #[id = "free"]
    #[name = "Free at host tempo"]
    Free,
}

/// One macro knob.
#[derive(Params)]
pub struct MacroParam {
    /// 0..1. Owner: host.
    #[id = "m"]
    pub value: FloatParam,
}
