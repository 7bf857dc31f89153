//! The CLAP/VST3 instrument: host glue around the engine (params, transport, state, editor).

pub mod editor;
pub mod params;
pub mod state;

use crate::engine::{BlockInput, Engine, Handoff, HostTime};
use crate::samples::Library;
use editor::PhononEditor;
use nice_plug::editor::dpi::LogicalSize;
use nice_plug::prelude::*;
use nice_plug_egui::{create_egui_editor, EguiEditor, EguiEditorState, EguiNiceSettings, RepaintNotifier};
use params::PhononParams;
use state::{CodeField, Compiler};
use std::sync::Arc;

/// The Phonon instrument.
pub struct Phonon {
    params: Arc<PhononParams>,
    handoff: Arc<Handoff>,
    /// Created in `activate` (allocates), used only by `process`.
    engine: Option<Engine>,
    /// Every library this instance has used: kept alive so voices never free samples on the
    /// audio thread. Owner: main thread.
    libraries: Vec<Arc<Library>>,
    stats: Arc<crate::engine::EngineStats>,
    editor_state: Arc<EguiEditorState>,
    repaint: RepaintNotifier,
    /// Master gain per sample for the current block (sized in `activate`).
    gain_buf: Vec<f32>,
}

impl Default for Phonon {
    fn default() -> Self {
        let handoff = Arc::new(Handoff::new());
        let code = Arc::new(CodeField::new(handoff.clone()));
        Phonon {
            params: Arc::new(PhononParams::new(code)),
            handoff,
            engine: None,
            libraries: vec![],
            stats: Arc::new(Default::default()),
            editor_state: EguiEditorState::from_size(LogicalSize::new(760.0, 480.0), 1.0),
            repaint: RepaintNotifier::new(),
            gain_buf: vec![],
        }
    }
}

impl Plugin for Phonon {
    const NAME: &'static str = "Phonon";
    const VENDOR: &'static str = "Phonon";
    const URL: &'static str = "https://github.com/phonon-live/phonon";
    const EMAIL: &'static str = "dev@phonon.invalid";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    const AUDIO_IO_LAYOUTS: &'static [AudioIOLayout] = &[AudioIOLayout {
        main_input_channels: None,
        main_output_channels: NonZeroU32::new(2),
        ..AudioIOLayout::const_default()
    }];
    const MIDI_INPUT: MidiConfig = MidiConfig::None;
    const SAMPLE_ACCURATE_AUTOMATION: bool = false;

    type SysExMessage = ();
    type BackgroundTask = ();
    type Editor = EguiEditor<PhononEditor>;

    fn params(&self) -> Arc<dyn Params> {
        self.params.clone()
    }

    fn editor(&mut self, _async_executor: AsyncExecutor<Self>) -> Option<Self::Editor> {
        create_egui_editor(
            self.editor_state.clone(),
            self.repaint.clone(),
            EguiNiceSettings::new().with_tile("Phonon"),
            PhononEditor::new(self.params.clone(), self.stats.clone()),
        )
    }

    fn activate(
        &mut self,
        _layout: &AudioIOLayout,
        config: &BufferConfig,
        _context: &mut impl ActivateContext<Self>,
    ) -> bool {
        let sr = config.sample_rate;
        let library = match self.libraries.iter().find(|l| l.sample_rate == sr) {
            Some(l) => l.clone(),
            None => {
                let l = Arc::new(Library::with_kit(sr));
                self.libraries.push(l.clone());
                l
            }
        };
        let mut engine = Engine::new(sr as f64, self.handoff.clone());
        engine.stats = self.stats.clone();
        self.engine = Some(engine);
        self.gain_buf = vec![0.0; config.max_buffer_size as usize];
        self.params.code.activate(Compiler {
            library,
            beats_per_cycle: self.params.beats_per_cycle.value() as f64,
        });
        true
    }

    fn reset(&mut self) {
        if let Some(e) = self.engine.as_mut() {
            e.reset();
        }
    }

    fn process(
        &mut self,
        buffer: &mut Buffer,
        _aux: &mut AuxiliaryBuffers,
        context: &mut impl ProcessContext<Self>,
    ) -> ProcessStatus {
        let n = buffer.samples();
        let t = context.transport();
        let time = host_time(t);
        let input = BlockInput { time, beats_per_cycle: self.params.beats_per_cycle.value() as f64 };
        let out = buffer.as_slice();
        for ch in out.iter_mut() {
            ch.fill(0.0);
        }
        let Some(engine) = self.engine.as_mut() else { return ProcessStatus::KeepAlive };
        if out.len() < 2 {
            return ProcessStatus::KeepAlive;
        }
        let (l, r) = out.split_at_mut(1);
        engine.process(input, &mut l[0][..n], &mut r[0][..n]);
        let m = n.min(self.gain_buf.len());
        let gains = &mut self.gain_buf[..m];
        self.params.gain.smoothed.next_block(gains, gains.len());
        for ch in out.iter_mut() {
            for (x, g) in ch.iter_mut().zip(gains.iter()) {
                // Never let a NaN or infinity leave the plugin.
                let y = *x * *g;
                *x = if y.is_finite() { y } else { 0.0 };
            }
        }
        if self.editor_state.is_open() {
            self.repaint.request_repaint();
        }
        ProcessStatus::KeepAlive
    }
}

/// The engine's view of the host transport.
fn host_time(t: &Transport) -> HostTime {
    match (t.playing, t.tempo, t.pos_beats()) {
        (true, Some(bpm), Some(pos_beats)) => HostTime::Playing { bpm, pos_beats },
        (true, _, _) => HostTime::None,
        (false, None, None) => HostTime::None,
        (false, _, _) => HostTime::Stopped,
    }
}

impl ClapPlugin for Phonon {
    const CLAP_ID: &'static str = "org.phonon.phonon";
    const CLAP_DESCRIPTION: Option<&'static str> = Some("Live-coded TidalCycles-style patterns in sync with the host");
    const CLAP_MANUAL_URL: Option<&'static str> = None;
    const CLAP_SUPPORT_URL: Option<&'static str> = None;
    const CLAP_FEATURES: &'static [ClapFeature] = &[ClapFeature::Instrument, ClapFeature::Synthesizer, ClapFeature::Stereo];
}

impl Vst3Plugin for Phonon {
    const VST3_CLASS_ID: [u8; 16] = *b"PhononLivePatrn1";
    const VST3_SUBCATEGORIES: &'static [Vst3SubCategory] =
        &[Vst3SubCategory::Instrument, Vst3SubCategory::Synth, Vst3SubCategory::Stereo];
}

nice_export_clap!(Phonon);
nice_export_vst3!(Phonon);
