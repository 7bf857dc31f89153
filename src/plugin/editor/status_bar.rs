//! The status bar: the compile result (the error's message with `line:column`) and the
//! engine's figures (BPM, cycle, CPU load, voices, overflows and, when there are any, voices
//! short of an engine slot and non-finite output samples) read from its atomics.

use crate::engine::EngineStats;
use crate::plugin::state::Status;
use std::sync::atomic::Ordering;

/// The engine figures shown, read once per frame.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    pub bpm: f64,
    /// Cycle position of the last block's start.
    pub cycle: f64,
    /// Share of the block's time budget the last block took (1.0 = all of it).
    pub load: f32,
    pub voices: u32,
    /// Events dropped (query arena full) plus voices stolen (pool full).
    pub overflows: u64,
    /// Voices that played without `squiz` or `comb`, or silent, for want of an engine slot
    /// ([`EngineStats::slot_overflows`]).
    pub slots_full: u64,
    /// Output samples that were NaN or infinite (replaced by 0).
    pub nonfinite: u64,
}

impl Figures {
    /// Reads the atomics the audio thread publishes.
    pub fn read(s: &EngineStats) -> Figures {
        Figures {
            bpm: f64::from_bits(s.bpm_bits.load(Ordering::Relaxed)),
            cycle: f64::from_bits(s.cycle_bits.load(Ordering::Relaxed)),
            load: f32::from_bits(s.load_bits.load(Ordering::Relaxed)),
            voices: s.active_voices.load(Ordering::Relaxed),
            overflows: s.event_overflows.load(Ordering::Relaxed)
                + s.voice_steals.load(Ordering::Relaxed),
            slots_full: s.slot_overflows(),
            nonfinite: s.nonfinite_samples.load(Ordering::Relaxed),
        }
    }

    /// `slots full N` and `non-finite N` are added only when N is not 0.
    pub fn text(&self) -> String {
        let mut text = format!(
            "{:.1} BPM   cycle {:.2}   CPU {:.0}%   voices {}   overflows {}",
            self.bpm,
            self.cycle,
            self.load * 100.0,
            self.voices,
            self.overflows
        );
        if self.slots_full > 0 {
            text += &format!("   slots full {}", self.slots_full);
        }
        if self.nonfinite > 0 {
            text += &format!("   non-finite {}", self.nonfinite);
        }
        text
    }
}

/// The compile result line: `ok`, or `error 3:7: message (the previous program keeps playing)`.
pub fn result_text(status: &Status) -> String {
    let message = match status {
        Status::Ok => return "ok".into(),
        Status::Note(note) => return format!("ok: {note}"),
        Status::Error(e) => format!(" {}:{}: {}", e.line, e.col, e.message),
        Status::Loaded(report) => format!(": {}", report.lines().next().unwrap_or("")),
    };
    format!("error{message} (the previous program keeps playing)")
}

/// The language the code is read as and the output stage it plays through:
/// `Strudel (detected) · superdough's sounds`, `Tidal · SuperDirt's sounds`.
pub fn language_text(dialect: crate::lang::strudel::Dialect, detected: bool) -> String {
    let stage = crate::lang::SoundStage::of(dialect).name();
    if detected {
        format!("{} (detected) · {stage}", dialect.name())
    } else {
        format!("{} · {stage}", dialect.name())
    }
}

/// Shows the bar: the language, the compile result, the engine's figures.
pub fn status_bar(ui: &mut egui::Ui, language: &str, status: &Status, figures: &Figures) {
    let color = if status.is_ok() {
        egui::Color32::from_rgb(140, 200, 140)
    } else {
        egui::Color32::from_rgb(255, 110, 110)
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(language).monospace().strong());
        ui.colored_label(color, egui::RichText::new(result_text(status)).monospace());
    });
    ui.label(egui::RichText::new(figures.text()).monospace());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_error_is_shown_with_line_and_column() {
        let err = crate::lang::compile_program("out $ s \"bd\"\nout $ nosuchfunction 3\n", 4.0)
            .err()
            .expect("an unknown function is an error");
        let text = result_text(&Status::Error(err.clone()));
        assert!(
            text.starts_with(&format!("error {}:{}: ", err.line, err.col)),
            "{text}"
        );
        assert!(text.contains(&err.message), "{text}");
        assert_eq!(result_text(&Status::Ok), "ok");
        let loaded = result_text(&Status::Loaded("state too new\nmore".into()));
        assert_eq!(
            loaded,
            "error: state too new (the previous program keeps playing)"
        );
    }

    #[test]
    fn the_language_and_its_sound_stage_are_named() {
        use crate::lang::strudel::Dialect;
        assert_eq!(
            language_text(Dialect::Strudel, true),
            "Strudel (detected) · superdough's sounds"
        );
        assert_eq!(
            language_text(Dialect::Tidal, false),
            "Tidal · SuperDirt's sounds"
        );
    }

    #[test]
    fn figures_are_read_from_the_engine_atomics() {
        let s = EngineStats::default();
        s.bpm_bits.store(120.0f64.to_bits(), Ordering::Relaxed);
        s.cycle_bits.store(3.5f64.to_bits(), Ordering::Relaxed);
        s.load_bits.store(0.25f32.to_bits(), Ordering::Relaxed);
        s.active_voices.store(7, Ordering::Relaxed);
        s.event_overflows.store(2, Ordering::Relaxed);
        s.voice_steals.store(1, Ordering::Relaxed);
        let f = Figures::read(&s);
        assert_eq!(
            f.text(),
            "120.0 BPM   cycle 3.50   CPU 25%   voices 7   overflows 3"
        );
        s.nonfinite_samples.store(5, Ordering::Relaxed);
        let f = Figures::read(&s);
        assert_eq!(f.nonfinite, 5);
        assert_eq!(f.overflows, 3, "non-finite samples are not overflows");
        assert_eq!(
            f.text(),
            "120.0 BPM   cycle 3.50   CPU 25%   voices 7   overflows 3   non-finite 5"
        );
        s.big_slot_overflows.store(2, Ordering::Relaxed);
        s.synth_slot_overflows.store(1, Ordering::Relaxed);
        s.fx_slot_overflows.store(4, Ordering::Relaxed);
        assert_eq!(
            Figures::read(&s).text(),
            "120.0 BPM   cycle 3.50   CPU 25%   voices 7   overflows 3   slots full 7   non-finite 5"
        );
    }
}
