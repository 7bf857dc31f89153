//! Host-visible parameters (short, stable ids) and the persisted program state.

use super::state::CodeField;
use nice_plug::prelude::*;
use std::sync::Arc;

#[derive(Params)]
pub struct PhononParams {
    /// Master output gain (linear amplitude; shown in dB). Owner: host; smoothed on the audio thread.
    #[id = "gain"]
    pub gain: FloatParam,
    /// Host beats per pattern cycle (4 = one 4/4 bar). Owner: host; read per block.
    #[id = "bpc"]
    pub beats_per_cycle: FloatParam,
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
            beats_per_cycle: FloatParam::new("Beats per Cycle", 4.0, FloatRange::Linear { min: 1.0, max: 16.0 })
                .with_step_size(1.0),
            code,
        }
    }
}
