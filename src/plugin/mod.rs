//! The CLAP/VST3 instrument: host glue around the engine (params, transport, state, editor).

pub mod editor;
pub mod params;
pub mod state;

use crate::engine::{BlockInput, Engine, Handoff, HostPosition, HostTime};
use crate::lang::live::HeldNotes;
use crate::lang::macros::Macros;
use crate::samples::BankIndex;
use crate::samples::Library;
use editor::PhononEditor;
use nice_plug::editor::dpi::LogicalSize;
use nice_plug::midi::{Channel, Key, VoiceID};
use nice_plug::prelude::*;
use nice_plug_egui::{
    create_egui_editor, EguiEditor, EguiEditorState, EguiNiceSettings, RepaintNotifier,
};
use params::{PhononParams, Sync};
use state::{CodeField, Compiler};
use std::sync::Arc;

/// The stereo instrument: every output in the main stereo pair (works in any host).
pub type Phonon = PhononPlugin<false>;
/// The multi-out instrument: `o1`..`o8` on eight extra stereo ports (and not in the main mix).
pub type PhononMulti = PhononPlugin<true>;

/// Names of the multi-out variant's extra ports.
const AUX_NAMES: [&str; 8] = ["o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8"];

/// The Phonon instrument; `MULTI` adds the eight output ports.
pub struct PhononPlugin<const MULTI: bool> {
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
    /// The values code reads as `m1`..`m8` (written here from the macro params each block,
    /// or from MIDI CCs 20..27).
    macros: Arc<Macros>,
    /// The macro param values last written, to see when the host moved one. Owner: audio thread.
    last_macro_params: [f32; 8],
    /// Keys held on the MIDI input (`held`, `gate`). Written by the audio thread.
    held: Arc<HeldNotes>,
    /// True after an activation inherited MIDI notes still on from the previous engine: the
    /// first `process` sends their note-offs on its first sample. Set in `activate`, cleared
    /// by the audio thread.
    midi_offs_due: bool,
    /// The macro names from the code the host shows (CLAP parameter names).
    param_names: Arc<ParamNames>,
}

/// MIDI CC numbers that set macros `m1`..`m8` (CC 20 = m1 ... CC 27 = m8: undefined in the
/// MIDI spec, so free for controllers).
pub const MACRO_CC_FIRST: u8 = 20;

/// See `Plugin::INPUT_EVENT_CAPACITY` below: room for four changes of every parameter.
pub const INPUT_EVENT_CAPACITY: usize = 8192;

impl<const MULTI: bool> Default for PhononPlugin<MULTI> {
    fn default() -> Self {
        let handoff = Arc::new(Handoff::new());
        let code = Arc::new(CodeField::new(handoff.clone()));
        let params = Arc::new(PhononParams::new(code.clone()));
        let param_names = Arc::new(ParamNames::default());
        code.show_names_to(param_names.clone(), params.macro_ids());
        PhononPlugin {
            params,
            handoff,
            engine: None,
            libraries: vec![],
            stats: Arc::new(Default::default()),
            editor_state: EguiEditorState::from_size(
                LogicalSize::new(editor::DEFAULT_SIZE_PT.0, editor::DEFAULT_SIZE_PT.1),
                1.0,
            ),
            repaint: RepaintNotifier::new(),
            gain_buf: vec![],
            macros: Arc::new(Macros::default()),
            last_macro_params: [f32::NAN; 8],
            held: Arc::new(HeldNotes::default()),
            midi_offs_due: false,
            param_names,
        }
    }
}

impl<const MULTI: bool> Plugin for PhononPlugin<MULTI> {
    const NAME: &'static str = if MULTI { "Phonon Multi-Out" } else { "Phonon" };
    const VENDOR: &'static str = "Phonon";
    const URL: &'static str = "https://github.com/phonon-live/phonon";
    const EMAIL: &'static str = "dev@phonon.invalid";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    const AUDIO_IO_LAYOUTS: &'static [AudioIOLayout] = if MULTI {
        &[AudioIOLayout {
            main_input_channels: None,
            main_output_channels: NonZeroU32::new(2),
            aux_output_ports: &[new_nonzero_u32(2); 8],
            names: PortNames {
                layout: Some("Stereo + 8 outputs"),
                aux_outputs: &AUX_NAMES,
                ..PortNames::const_default()
            },
            ..AudioIOLayout::const_default()
        }]
    } else {
        &[AudioIOLayout {
            main_input_channels: None,
            main_output_channels: NonZeroU32::new(2),
            ..AudioIOLayout::const_default()
        }]
    };
    const MIDI_INPUT: MidiConfig = MidiConfig::MidiCCs;
    const MIDI_OUTPUT: MidiConfig = MidiConfig::Basic;
    // Macro automation lands on its exact sample: the host block is split at parameter changes.
    const SAMPLE_ACCURATE_AUTOMATION: bool = true;
    /// Events one block can carry without the wrapper allocating on the audio thread: a host
    /// restoring a session sets every parameter at once, in VST3 the 12 named ones plus the
    /// 2080 hidden MIDI-CC parameters (130 per channel), each one a queued event.
    const INPUT_EVENT_CAPACITY: usize = INPUT_EVENT_CAPACITY;

    type SysExMessage = ();
    type BackgroundTask = ();
    type Editor = EguiEditor<PhononEditor>;

    fn params(&self) -> Arc<dyn Params> {
        self.params.clone()
    }

    // A missing, unreadable or newer-version program field loads the defaults and is reported.
    fn filter_state(state: &mut PluginState) {
        state::repair_state(state);
    }

    fn editor(&mut self, _async_executor: AsyncExecutor<Self>) -> Option<Self::Editor> {
        if editor::headless() {
            return None;
        }
        create_egui_editor(
            self.editor_state.clone(),
            self.repaint.clone(),
            EguiNiceSettings::new()
                .with_tile("Phonon")
                .with_resize_hint(
                    ResizeHint::resizable().with_min_logical_size(LogicalSize::new(
                        editor::MIN_SIZE_PT.0,
                        editor::MIN_SIZE_PT.1,
                    )),
                ),
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
                let l = Arc::new(Library::with_kit_lazy(sr));
                self.libraries.push(l.clone());
                l
            }
        };
        let mut engine = Engine::new(sr as f64, self.handoff.clone());
        engine.stats = self.stats.clone();
        if let Some(old) = self.engine.take() {
            // Notes the last activation left on are released when processing starts again.
            engine.midi = old.midi;
            self.midi_offs_due = true;
        }
        self.engine = Some(engine);
        self.gain_buf = vec![0.0; config.max_buffer_size as usize];
        self.params.code.activate(Compiler {
            library,
            beats_per_cycle: self.params.beats_per_cycle.value() as f64,
            index: Arc::new(BankIndex::discover(None)),
            macros: self.macros.clone(),
            held: self.held.clone(),
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
        aux: &mut AuxiliaryBuffers,
        context: &mut impl ProcessContext<Self>,
    ) -> ProcessStatus {
        let n = buffer.samples();
        let started = std::time::Instant::now();
        for (i, m) in self.params.macros.iter().enumerate() {
            // A macro follows its parameter when the host moves it, else the last CC.
            let v = m.value.value();
            if v != self.last_macro_params[i] {
                self.macros.set(i, v);
                self.last_macro_params[i] = v;
            }
        }
        let t = context.transport();
        let t_bpm = t.tempo;
        let bpc = self.params.beats_per_cycle.value() as f64;
        let offset_beats = self.params.cycle_offset.value() as f64 * bpc;
        let time = host_time(t, self.params.sync.value(), offset_beats);
        let out = buffer.as_slice();
        for ch in out.iter_mut() {
            ch.fill(0.0);
        }
        for port in aux.outputs.iter_mut() {
            for ch in port.as_slice().iter_mut() {
                ch.fill(0.0);
            }
        }
        let Some(engine) = self.engine.as_mut() else {
            return ProcessStatus::KeepAlive;
        };
        if out.len() < 2 {
            return ProcessStatus::KeepAlive;
        }
        let (l, r) = out.split_at_mut(1);
        let (l, r) = (&mut l[0][..n], &mut r[0][..n]);
        let ports = &mut aux.outputs;
        let block_start = engine.samples_done;
        // Render up to each incoming MIDI event, apply it, go on: the engine renders the same
        // samples for any split, so held notes change on their exact sample.
        let mut cursor = 0usize;
        let mut next = context.next_event();
        loop {
            let until = match &next {
                Some(e) => (e.timing() as usize).min(n),
                None => n,
            };
            if until > cursor {
                // The host's beat position at this sample, advanced from the block start.
                let time = match time {
                    HostTime::Playing(host) => {
                        HostTime::Playing(host.advanced(cursor, engine.sample_rate))
                    }
                    other => other,
                };
                let input = BlockInput {
                    time,
                    beats_per_cycle: bpc,
                };
                let base = cursor;
                engine.process_routed(
                    input,
                    &mut l[cursor..until],
                    &mut r[cursor..until],
                    &mut |output, offset, ol, or| {
                        // Multi-out: o1..o8 go to their own ports only; everything else to the main pair.
                        if !MULTI || !(1..=8).contains(&output) || ports.len() < output {
                            return false;
                        }
                        let chans = ports[output - 1].as_slice();
                        if chans.len() < 2 {
                            return false;
                        }
                        for (d, x) in chans[0][base + offset..].iter_mut().zip(ol) {
                            *d += x;
                        }
                        for (d, x) in chans[1][base + offset..].iter_mut().zip(or) {
                            *d += x;
                        }
                        true
                    },
                );
                cursor = until;
            }
            let Some(event) = next else { break };
            match event {
                NoteEvent::NoteOn {
                    key: Key::Number(k),
                    velocity,
                    ..
                } => self.held.press(k, velocity > 0.0),
                NoteEvent::NoteOff {
                    key: Key::Number(k),
                    ..
                } => self.held.press(k, false),
                NoteEvent::MidiCC { cc, value, .. } => {
                    if (MACRO_CC_FIRST..MACRO_CC_FIRST + 8).contains(&cc) {
                        self.macros.set((cc - MACRO_CC_FIRST) as usize, value);
                    }
                    self.macros.set_cc(cc as usize, value);
                }
                _ => {}
            }
            next = context.next_event();
        }
        // MIDI out: the notes of `s "midi"` events due in this block, at their samples.
        if std::mem::take(&mut self.midi_offs_due) {
            engine.midi.all_off(block_start, |e| {
                let _ = context.try_send_event(note_event(e, 0));
            });
        }
        engine.midi.drain_until(block_start + n as u64, |e| {
            let timing =
                (e.time.saturating_sub(block_start) as u32).min(n.saturating_sub(1) as u32);
            let _ = context.try_send_event(note_event(e, timing));
        });
        let m = n.min(self.gain_buf.len());
        let gains = &mut self.gain_buf[..m];
        self.params.gain.smoothed.next_block(gains, gains.len());
        let apply = |ch: &mut [f32]| {
            for (x, g) in ch.iter_mut().zip(gains.iter()) {
                // Never let a NaN or infinity leave the plugin.
                let y = *x * *g;
                *x = if y.is_finite() { y } else { 0.0 };
            }
        };
        for ch in out.iter_mut() {
            apply(ch);
        }
        for port in aux.outputs.iter_mut() {
            for ch in port.as_slice().iter_mut() {
                apply(ch);
            }
        }
        // CPU load: this block's time over its duration (Instant::now does not allocate).
        let budget = n as f64 / engine.sample_rate;
        if budget > 0.0 {
            let load = (started.elapsed().as_secs_f64() / budget) as f32;
            engine
                .stats
                .load_bits
                .store(load.to_bits(), std::sync::atomic::Ordering::Relaxed);
        }
        if let Some(bpm) = t_bpm {
            engine
                .stats
                .bpm_bits
                .store(bpm.to_bits(), std::sync::atomic::Ordering::Relaxed);
        }
        if self.editor_state.is_open() {
            self.repaint.request_repaint();
        }
        ProcessStatus::KeepAlive
    }
}

/// A MIDI-out message as the note event nice-plug sends to the host at sample `timing`.
fn note_event(e: crate::engine::midi::MidiEvent, timing: u32) -> NoteEvent<()> {
    let (voice_id, channel, key) = (
        VoiceID::Wildcard,
        Channel::Number(e.channel),
        Key::Number(e.note),
    );
    if e.on {
        NoteEvent::NoteOn {
            timing,
            voice_id,
            channel,
            key,
            velocity: e.velocity,
        }
    } else {
        NoteEvent::NoteOff {
            timing,
            voice_id,
            channel,
            key,
            velocity: 0.0,
        }
    }
}

/// The engine's view of the host transport; `offset_beats` (the cycle offset) is added to the
/// host's beat position, so the pattern runs that far ahead of the timeline. The sample position
/// is passed only when the host gives one (samples or seconds), never derived from the beats,
/// so the clock can tell a host's rounded beats from a jump.
fn host_time(t: &Transport, sync: Sync, offset_beats: f64) -> HostTime {
    match (t.playing, t.tempo, t.pos_beats()) {
        (true, Some(bpm), Some(pos_beats)) => HostTime::Playing(HostPosition {
            bpm,
            pos_beats: pos_beats + offset_beats,
            pos_samples: t
                .pos_samples
                .map(|s| s as f64)
                .or(t.pos_seconds.map(|s| s * t.sample_rate as f64)),
            loop_beats: t
                .loop_range_beats()
                .map(|(a, b)| (a + offset_beats, b + offset_beats)),
        }),
        (true, _, _) => HostTime::None,
        (false, None, None) => HostTime::None,
        (false, Some(bpm), _) if sync == Sync::Free => HostTime::FreeAtBpm { bpm },
        (false, _, _) => HostTime::Stopped,
    }
}

/// Each example as a CLAP preset: its title, file name and program.
const EXAMPLE_PRESETS: [ClapPreset; crate::examples::EXAMPLES.len()] = {
    let ex = crate::examples::EXAMPLES;
    let mut out = [ClapPreset {
        name: "",
        file_name: "",
        description: "",
        content: "",
    }; crate::examples::EXAMPLES.len()];
    let mut i = 0;
    while i < ex.len() {
        out[i] = ClapPreset {
            name: ex[i].title,
            file_name: ex[i].file,
            description: ex[i].file,
            content: ex[i].code,
        };
        i += 1;
    }
    out
};

impl<const MULTI: bool> ClapPlugin for PhononPlugin<MULTI> {
    const CLAP_ID: &'static str = if MULTI {
        "org.phonon.phonon-multi"
    } else {
        "org.phonon.phonon"
    };
    const CLAP_DESCRIPTION: Option<&'static str> =
        Some("Live-coded TidalCycles-style patterns in sync with the host");
    const CLAP_MANUAL_URL: Option<&'static str> = None;
    const CLAP_SUPPORT_URL: Option<&'static str> = None;
    const CLAP_FEATURES: &'static [ClapFeature] = &[
        ClapFeature::Instrument,
        ClapFeature::Synthesizer,
        ClapFeature::Stereo,
    ];

    /// The examples (`examples/`), listed in the host's preset browser (CLAP preset discovery:
    /// written as files into Phonon's preset folder, one preset each).
    const CLAP_PRESETS: &'static [ClapPreset] = &EXAMPLE_PRESETS;

    /// A preset file the host picked: its program replaces the code and plays (a program that
    /// does not compile shows its error while the last good one keeps playing).
    fn load_preset(&self, path: &std::path::Path) -> bool {
        match editor::presets::load_preset(path) {
            Ok(code) => {
                self.params.code.set_code(code);
                true
            }
            Err(e) => {
                nice_log!("preset not loaded: {e}");
                false
            }
        }
    }

    /// The macro names from the code (`macro 1 "cutoff"`), shown as the macro parameters'
    /// names (`cutoff (m1)`, also on the remote-controls page); the host is told of changes.
    fn param_names(&self) -> Option<Arc<ParamNames>> {
        Some(self.param_names.clone())
    }

    /// The host's remote-controls pages (Bitwig's device page): the eight macros, then the
    /// output's gain. A macro the code names shows its name in its slot (the page's slots
    /// show the parameters' names).
    fn remote_controls(&self, context: &mut impl RemoteControlsContext) {
        context.add_section("Phonon", |section| {
            section.add_page("Macros", |page| {
                for m in &self.params.macros {
                    page.add_param(&m.value);
                }
            });
            section.add_page("Output", |page| page.add_param(&self.params.gain));
        });
    }
}

impl<const MULTI: bool> Vst3Plugin for PhononPlugin<MULTI> {
    const VST3_CLASS_ID: [u8; 16] = if MULTI {
        *b"PhononLivePatrnM"
    } else {
        *b"PhononLivePatrn1"
    };
    const VST3_SUBCATEGORIES: &'static [Vst3SubCategory] = &[
        Vst3SubCategory::Instrument,
        Vst3SubCategory::Synth,
        Vst3SubCategory::Stereo,
    ];

    /// The macro names from the code, as the macro parameters' titles (the host is told with
    /// `restartComponent(kParamTitlesChanged)`).
    fn param_names(&self) -> Option<Arc<ParamNames>> {
        Some(self.param_names.clone())
    }
}

nice_export_clap!(Phonon, PhononMulti);
nice_export_vst3!(Phonon, PhononMulti);
