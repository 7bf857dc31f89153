//! A small, reusable CLAP test host (clack-host 0.2.0) for integration tests of built `.clap` bundles.
//!
//! Model: the test thread is the host's main thread; every `render` call runs the plugin's
//! `process()` on a separate (scoped) audio thread, as a real host does. Events (parameter values,
//! notes, raw MIDI) are scheduled at sample offsets counted from the start of the *next* `render`
//! call and are delivered in the block that contains them, at the exact offset. The transport is a
//! small model (tempo, playing, position in beats, time signature, optional loop) that the host
//! advances per block while playing; blocks are split at the loop end so the wrap is sample exact.
pub mod phonon;

use clack_extensions::audio_ports::*;
use clack_extensions::latency::*;
use clack_extensions::log::*;
use clack_extensions::note_ports::*;
use clack_extensions::params::*;
use clack_extensions::state::*;
use clack_extensions::tail::*;
use clack_extensions::thread_check::*;
use clack_host::events::event_types::{
    MidiEvent, NoteOffEvent, NoteOnEvent, ParamModEvent, ParamValueEvent,
};
use clack_host::events::event_types::{TransportEvent, TransportFlags};
use clack_host::events::spaces::CoreEventSpace;
use clack_host::events::{EventFlags, EventHeader, Match, UnknownEvent};
use clack_host::prelude::*;
use clack_host::utils::FixedPoint;
use std::cell::Cell;
use std::ffi::{CStr, CString};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::thread::ThreadId;

thread_local!(static IS_AUDIO_THREAD: Cell<bool> = const { Cell::new(false) });

thread_local! {
    /// What the plugins created on this (main) thread asked of the host: the flags of each
    /// `params.rescan`, and how many times `remote_controls.changed` was called.
    static PARAM_RESCANS: std::cell::RefCell<Vec<ParamRescanFlags>> = const { std::cell::RefCell::new(vec![]) };
    static REMOTE_CONTROLS_CHANGED: Cell<u32> = const { Cell::new(0) };
}

/// The `params.rescan` flags the plugins of this thread sent since the last call.
pub fn take_param_rescans() -> Vec<ParamRescanFlags> {
    PARAM_RESCANS.with(|r| std::mem::take(&mut *r.borrow_mut()))
}

/// The `remote_controls.changed` calls the plugins of this thread made since the last call.
pub fn take_remote_controls_changes() -> u32 {
    REMOTE_CONTROLS_CHANGED.with(|c| c.replace(0))
}

/// Thread-safe host side: callbacks, thread checks and the plugin's log.
pub struct Shared {
    main_thread: ThreadId,
    callback_requested: AtomicBool,
    log: Mutex<Vec<String>>,
}
impl<'a> SharedHandler<'a> for Shared {
    fn request_restart(&self) {}
    fn request_process(&self) {}
    fn request_callback(&self) {
        self.callback_requested.store(true, Ordering::SeqCst);
    }
}
impl HostLogImpl for Shared {
    fn log(&self, severity: LogSeverity, message: &str) {
        eprintln!("[plugin {severity}] {message}");
        if let Ok(mut log) = self.log.lock() {
            log.push(format!("{severity}: {message}"));
        }
    }
}
impl HostThreadCheckImpl for Shared {
    fn is_main_thread(&self) -> bool {
        std::thread::current().id() == self.main_thread
    }
    fn is_audio_thread(&self) -> bool {
        IS_AUDIO_THREAD.with(|f| f.get())
    }
}
impl HostParamsImplShared for Shared {
    fn request_flush(&self) {}
}

/// Main-thread host side (no state: the requests it receives need no action in tests).
pub struct MainThread;
impl<'a> MainThreadHandler<'a> for MainThread {}
impl HostParamsImplMainThread for MainThread {
    fn rescan(&self, flags: ParamRescanFlags) {
        PARAM_RESCANS.with(|r| r.borrow_mut().push(flags));
    }
    fn clear(&self, _id: ClapId, _flags: ParamClearFlags) {}
}
impl HostStateImpl for MainThread {
    fn mark_dirty(&self) {}
}
impl HostAudioPortsImpl for MainThread {
    fn is_rescan_flag_supported(&self, _flag: AudioPortRescanFlags) -> bool {
        false
    }
    fn rescan(&self, _flags: AudioPortRescanFlags) {}
}
impl HostNotePortsImpl for MainThread {
    fn supported_dialects(&self) -> NoteDialects {
        NoteDialects::CLAP | NoteDialects::MIDI
    }
    fn rescan(&self, _flags: NotePortRescanFlags) {}
}
impl HostLatencyImpl for MainThread {
    fn changed(&self) {}
}
impl clack_extensions::remote_controls::HostRemoteControlsImpl for MainThread {
    fn changed(&self) {
        REMOTE_CONTROLS_CHANGED.with(|c| c.set(c.get() + 1));
    }
    fn suggest_page(&self, _page_id: ClapId) {}
}

/// Audio-thread host side.
pub struct AudioThread;
impl<'a> AudioProcessorHandler<'a> for AudioThread {}
impl HostTailImpl for AudioThread {
    fn changed(&mut self) {}
}

pub struct TestHost;
impl HostHandlers for TestHost {
    type Shared<'a> = Shared;
    type MainThread<'a> = MainThread;
    type AudioProcessor<'a> = AudioThread;
    fn declare_extensions(builder: &mut HostExtensions<Self>, _shared: &Self::Shared<'_>) {
        builder
            .register::<HostLog>()
            .register::<HostThreadCheck>()
            .register::<HostParams>()
            .register::<HostState>()
            .register::<HostAudioPorts>()
            .register::<HostNotePorts>()
            .register::<HostLatency>()
            .register::<clack_extensions::remote_controls::HostRemoteControls>()
            .register::<HostTail>();
    }
}

/// The host transport. `pos_beats` is the position of the next rendered sample; the host advances
/// it while `playing`. `loop_beats = Some((start, end))` activates the loop. `report` is how the
/// host tells the plugin its position (exact by default).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Transport {
    pub tempo: f64,
    pub playing: bool,
    pub pos_beats: f64,
    pub time_sig: (u16, u16),
    pub loop_beats: Option<(f64, f64)>,
    pub report: Report,
}

/// How a host reports its (exact) timeline, as real hosts do.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Report {
    /// Beats and seconds, exact.
    #[default]
    Exact,
    /// Beats rounded down to a tick of 1/n beat (a tick timeline: Ardour 1/1920, 960 ppq
    /// hosts); seconds exact (the sample position).
    TicksFloor(u32),
    /// Beats rounded to the nearest tick of 1/n beat; seconds exact.
    TicksNearest(u32),
    /// Seconds rounded down to whole milliseconds, and the beats derived from them.
    Millis,
    /// Beats as an `f32` ppq; seconds exact.
    F32Ppq,
    /// Seconds only (the sample position): no beat timeline.
    SecondsOnly,
    /// Beats only: no seconds timeline.
    BeatsOnly,
}

impl Report {
    /// The reported `(beats, seconds)` of the exact position `beats` at `tempo`.
    pub fn position(self, beats: f64, tempo: f64) -> (Option<f64>, Option<f64>) {
        let secs = beats * 60.0 / tempo;
        match self {
            Report::Exact => (Some(beats), Some(secs)),
            Report::TicksFloor(n) => (Some((beats * n as f64).floor() / n as f64), Some(secs)),
            Report::TicksNearest(n) => (Some((beats * n as f64).round() / n as f64), Some(secs)),
            Report::Millis => {
                let ms = (secs * 1000.0).floor() / 1000.0;
                (Some(ms * tempo / 60.0), Some(ms))
            }
            Report::F32Ppq => (Some(beats as f32 as f64), Some(secs)),
            Report::SecondsOnly => (None, Some(secs)),
            Report::BeatsOnly => (Some(beats), None),
        }
    }
}

impl Transport {
    pub fn playing(tempo: f64, pos_beats: f64) -> Self {
        Transport {
            tempo,
            playing: true,
            pos_beats,
            time_sig: (4, 4),
            loop_beats: None,
            report: Report::Exact,
        }
    }
    pub fn stopped(tempo: f64, pos_beats: f64) -> Self {
        Transport {
            playing: false,
            ..Self::playing(tempo, pos_beats)
        }
    }
    /// The CLAP transport event for the first sample of a block.
    pub fn to_event(&self) -> TransportEvent {
        let mut flags = TransportFlags::HAS_TEMPO | TransportFlags::HAS_TIME_SIGNATURE;
        if self.playing {
            flags |= TransportFlags::IS_PLAYING;
        }
        let (beats, seconds) = self.report.position(self.pos_beats, self.tempo);
        if beats.is_some() {
            flags |= TransportFlags::HAS_BEATS_TIMELINE;
        }
        if seconds.is_some() {
            flags |= TransportFlags::HAS_SECONDS_TIMELINE;
        }
        let secs = |beats: f64| {
            FixedPoint::from_float(self.report.position(beats, self.tempo).1.unwrap_or(0.0))
        };
        let beat =
            |b: f64| FixedPoint::from_float(self.report.position(b, self.tempo).0.unwrap_or(0.0));
        let (num, den) = self.time_sig;
        let bar_len = num as f64 * 4.0 / den as f64;
        let bar = (self.pos_beats / bar_len + 1e-9).floor();
        let (ls, le) = self.loop_beats.unwrap_or((0.0, 0.0));
        if self.loop_beats.is_some() {
            flags |= TransportFlags::IS_LOOP_ACTIVE;
        }
        TransportEvent {
            header: EventHeader::new_core(0, EventFlags::empty()),
            flags,
            song_pos_beats: FixedPoint::from_float(beats.unwrap_or(0.0)),
            song_pos_seconds: FixedPoint::from_float(seconds.unwrap_or(0.0)),
            tempo: self.tempo,
            tempo_inc: 0.0,
            loop_start_beats: beat(ls),
            loop_end_beats: beat(le),
            loop_start_seconds: secs(ls),
            loop_end_seconds: secs(le),
            bar_start: beat(bar * bar_len),
            bar_number: bar as i32,
            time_signature_numerator: num,
            time_signature_denominator: den,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Pending {
    Param(u32, f64),
    Mod(u32, f64),
    NoteOn(u8, u8, f64),
    NoteOff(u8, u8, f64),
    Midi([u8; 3]),
}

/// One block planned on the main thread and run on the audio thread.
struct Block {
    len: usize,
    transport: Option<TransportEvent>,
    events: EventBuffer,
}

/// Port layout: channel counts of every input and output audio port.
#[derive(Clone, Debug, PartialEq)]
pub struct Ports {
    pub inputs: Vec<u32>,
    pub outputs: Vec<u32>,
    pub main_output_is_main: bool,
}

/// What one `render_all` produced.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// Per output port (main first): its first two channels as `[left, right]` frames.
    pub ports: Vec<Vec<[f32; 2]>>,
    /// Note on/off events the plugin sent, in the order sent.
    pub events: Vec<OutNote>,
}

/// A note on or off the plugin sent to the host (CLAP note event or MIDI 1.0 message).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OutNote {
    /// Sample of the event, counted from the start of the render.
    pub sample: u64,
    pub on: bool,
    /// MIDI channel 0..15.
    pub channel: u8,
    pub key: u8,
    /// 0..1 (MIDI velocities are divided by 127).
    pub velocity: f64,
}

impl OutNote {
    fn from_event(e: &UnknownEvent, block_start: u64) -> Option<OutNote> {
        let sample = block_start + e.header().time() as u64;
        let note = |on: bool, pckn: Pckn, velocity: f64| {
            Some(OutNote {
                sample,
                on,
                channel: pckn.raw_channel() as u8,
                key: pckn.raw_key() as u8,
                velocity,
            })
        };
        match e.as_core_event()? {
            CoreEventSpace::NoteOn(n) => note(true, n.pckn(), n.velocity()),
            CoreEventSpace::NoteOff(n) => note(false, n.pckn(), n.velocity()),
            CoreEventSpace::Midi(m) => {
                let [status, key, vel] = m.data();
                let on = match status & 0xf0 {
                    0x90 => vel > 0,
                    0x80 => false,
                    _ => return None,
                };
                Some(OutNote {
                    sample,
                    on,
                    channel: status & 0x0f,
                    key,
                    velocity: vel as f64 / 127.0,
                })
            }
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct ParamDesc {
    pub id: u32,
    pub name: String,
    pub min: f64,
    pub max: f64,
    pub default: f64,
}

/// A loaded plugin instance driven by the test host.
pub struct PluginHost {
    processor: Option<PluginAudioProcessor<TestHost>>,
    instance: PluginInstance<TestHost>,
    ports: Ports,
    max_block: usize,
    /// (sample offset from the start of the next render, event), in insertion order.
    pending: Vec<(u64, Pending)>,
    pub transport: Option<Transport>,
    sample_rate: f64,
    steady_time: u64,
}

/// CLAP parameter id nice-plug derives from a parameter's string id (`hash_param_id`).
pub fn nice_param_id(id: &str) -> u32 {
    let mut hash: u32 = 0;
    for b in id.bytes() {
        hash = hash.wrapping_mul(31).wrapping_add(b as u32);
    }
    hash & !(1 << 31)
}

/// A preset the bundle's preset-discovery factory lists: its name, file and the CLAP ids of the
/// plugins it is for.
#[derive(Debug, Clone, Default)]
pub struct FoundPreset {
    pub name: String,
    pub path: std::path::PathBuf,
    pub plugin_ids: Vec<String>,
}

/// Every preset the bundle's CLAP preset-discovery factory lists, as a host's indexer finds them:
/// each provider created and initialised, the file locations it declares crawled, each file's
/// metadata read.
pub fn discover_presets(bundle: &Path) -> Result<Vec<FoundPreset>, String> {
    use clack_extensions::preset_discovery::prelude::*;
    #[derive(Default)]
    struct Indexer {
        dirs: Vec<std::path::PathBuf>,
        extensions: Vec<String>,
    }
    impl IndexerImpl for Indexer {
        fn declare_filetype(&mut self, t: FileType) -> Result<(), HostError> {
            if let Some(e) = t.file_extension {
                self.extensions.push(e.to_string_lossy().into_owned());
            }
            Ok(())
        }
        fn declare_location(&mut self, l: LocationInfo) -> Result<(), HostError> {
            if let Location::File { path } = l.location {
                self.dirs.push(path.to_string_lossy().into_owned().into());
            }
            Ok(())
        }
        fn declare_soundpack(&mut self, _: Soundpack) -> Result<(), HostError> {
            Ok(())
        }
    }
    #[derive(Default)]
    struct Receiver {
        found: Vec<FoundPreset>,
    }
    impl MetadataReceiverImpl for Receiver {
        fn on_error(&mut self, _: i32, _: Option<&CStr>) {}
        fn begin_preset(&mut self, name: Option<&CStr>, _: Option<&CStr>) -> Result<(), HostError> {
            self.found.push(FoundPreset {
                name: name
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                ..FoundPreset::default()
            });
            Ok(())
        }
        fn add_plugin_id(&mut self, id: UniversalPluginId<'_>) {
            if let Some(p) = self.found.last_mut() {
                p.plugin_ids.push(id.id.to_string_lossy().into_owned());
            }
        }
        fn set_soundpack_id(&mut self, _: &CStr) {}
        fn set_flags(&mut self, _: Flags) {}
        fn add_creator(&mut self, _: &CStr) {}
        fn set_description(&mut self, _: &CStr) {}
        fn set_timestamps(&mut self, _: Option<Timestamp>, _: Option<Timestamp>) {}
        fn add_feature(&mut self, _: &CStr) {}
        fn add_extra_info(&mut self, _: &CStr, _: &CStr) {}
    }
    // SAFETY: loading a plugin library runs its code; that is what this test host is for.
    let entry = unsafe { PluginEntry::load(bundle) }
        .map_err(|e| format!("cannot load {}: {e}", bundle.display()))?;
    std::mem::forget(entry.clone());
    let factory = entry
        .get_factory::<PresetDiscoveryFactory>()
        .ok_or("the entry has no preset-discovery factory")?;
    let host_info = HostInfo::new(
        "phonon-host-tests",
        "Phonon",
        "https://example.invalid",
        "0.1.0",
    )
    .map_err(|e| e.to_string())?;
    let mut out = vec![];
    for d in factory.provider_descriptors() {
        let id = d.id().ok_or("a provider without an id")?;
        let mut provider = Provider::instantiate(Indexer::default(), &entry, id, &host_info)
            .map_err(|e| format!("cannot create provider {id:?}: {e:?}"))?;
        let (dirs, exts) = (
            provider.indexer().dirs.clone(),
            provider.indexer().extensions.clone(),
        );
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension()
                        .is_some_and(|x| exts.iter().any(|e| *e == x.to_string_lossy()))
                })
                .collect();
            files.sort();
            for file in files {
                let c =
                    CString::new(file.to_string_lossy().into_owned()).map_err(|e| e.to_string())?;
                let mut r = Receiver::default();
                provider.get_metadata(Location::File { path: &c }, &mut r);
                for mut p in r.found {
                    p.path = file.clone();
                    out.push(p);
                }
            }
        }
    }
    Ok(out)
}

impl PluginHost {
    /// Loads a preset file through the plugin's CLAP preset-load extension; `true` when the
    /// plugin says it loaded.
    pub fn load_preset_file(&mut self, path: &Path) -> bool {
        use clack_extensions::preset_discovery::prelude::*;
        let Ok(c) = CString::new(path.to_string_lossy().into_owned()) else {
            return false;
        };
        let handle = self.instance.plugin_handle();
        let Some(ext) = handle.get_extension::<PluginPresetLoad>() else {
            return false;
        };
        ext.load_from_location(&handle, Location::File { path: &c }, None)
            .is_ok()
    }

    /// Loads the bundle (on Linux the `.clap` file is the shared library) and creates plugin `id`.
    pub fn load(bundle: &Path, id: &str) -> Result<Self, String> {
        // SAFETY: loading a plugin library runs its code; that is what this test host is for.
        let entry = unsafe { PluginEntry::load(bundle) }
            .map_err(|e| format!("cannot load {}: {e}", bundle.display()))?;
        // Never unload the library (as most DAWs): threads that called into the plugin run its
        // thread-local destructors when they exit, which crashes if the code is unmapped by then.
        std::mem::forget(entry.clone());
        let factory = entry
            .get_plugin_factory()
            .ok_or("the entry has no plugin factory")?;
        let ids: Vec<String> = factory
            .plugin_descriptors()
            .filter_map(|d| d.id().map(|i| i.to_string_lossy().into_owned()))
            .collect();
        if !ids.iter().any(|i| i == id) {
            return Err(format!(
                "no plugin {id:?} in {}; it has {ids:?}",
                bundle.display()
            ));
        }
        let host_info = HostInfo::new(
            "phonon-host-tests",
            "Phonon",
            "https://example.invalid",
            "0.1.0",
        )
        .map_err(|e| e.to_string())?;
        let c_id = CString::new(id).map_err(|e| e.to_string())?;
        let main_thread = std::thread::current().id();
        let instance = PluginInstance::<TestHost>::new(
            |_| Shared {
                main_thread,
                callback_requested: AtomicBool::new(false),
                log: Mutex::new(Vec::new()),
            },
            |_| MainThread,
            &entry,
            &c_id,
            &host_info,
        )
        .map_err(|e| format!("cannot create {id}: {e}"))?;
        let mut host = PluginHost {
            processor: None,
            instance,
            ports: Ports {
                inputs: vec![],
                outputs: vec![],
                main_output_is_main: false,
            },
            max_block: 0,
            pending: Vec::new(),
            transport: None,
            sample_rate: 0.0,
            steady_time: 0,
        };
        host.ports = host.query_ports();
        Ok(host)
    }

    fn query_ports(&mut self) -> Ports {
        let handle = self.instance.plugin_handle();
        let mut ports = Ports {
            inputs: vec![],
            outputs: vec![],
            main_output_is_main: false,
        };
        let Some(ext) = handle.get_extension::<PluginAudioPorts>() else {
            return ports;
        };
        let mut buf = AudioPortInfoBuffer::new();
        for is_input in [true, false] {
            for i in 0..ext.count(&handle, is_input) {
                let info = ext
                    .get(&handle, i, is_input, &mut buf)
                    .expect("audio port info");
                if !is_input && i == 0 {
                    ports.main_output_is_main = info.flags.contains(AudioPortFlags::IS_MAIN);
                }
                let list = if is_input {
                    &mut ports.inputs
                } else {
                    &mut ports.outputs
                };
                list.push(info.channel_count);
            }
        }
        ports
    }

    pub fn ports(&self) -> &Ports {
        &self.ports
    }

    /// Lines the plugin logged through the CLAP log extension.
    pub fn log(&self) -> Vec<String> {
        self.instance
            .access_shared_handler(|s| s.log.lock().map(|l| l.clone()).unwrap_or_default())
    }

    pub fn activate(&mut self, sample_rate: f64, max_block: usize) -> Result<(), String> {
        assert!(self.processor.is_none(), "already active");
        self.ports = self.query_ports();
        let config = PluginAudioConfiguration {
            sample_rate,
            min_frames_count: 1,
            max_frames_count: max_block as u32,
        };
        let stopped = self
            .instance
            .activate(|_, _| AudioThread, config)
            .map_err(|e| format!("activate: {e}"))?;
        self.processor = Some(stopped.into());
        self.sample_rate = sample_rate;
        self.max_block = max_block;
        Ok(())
    }

    /// Stops processing (on an audio thread) and deactivates the plugin.
    pub fn deactivate(&mut self) {
        if let Some(p) = self.processor.take() {
            let stopped = std::thread::scope(|s| s.spawn(move || p.into_stopped()).join().unwrap());
            self.instance.deactivate(stopped);
        }
    }

    pub fn params(&mut self) -> Vec<ParamDesc> {
        let handle = self.instance.plugin_handle();
        let Some(ext) = handle.get_extension::<PluginParams>() else {
            return vec![];
        };
        let mut buf = ParamInfoBuffer::new();
        (0..ext.count(&handle))
            .filter_map(|i| {
                let p = ext.get_info(&handle, i, &mut buf)?;
                Some(ParamDesc {
                    id: p.id.get(),
                    name: String::from_utf8_lossy(p.name).into_owned(),
                    min: p.min_value,
                    max: p.max_value,
                    default: p.default_value,
                })
            })
            .collect()
    }

    /// The plugin's remote-controls pages: (section, page name, parameter id of each slot).
    pub fn remote_control_pages(&mut self) -> Vec<(String, String, [Option<u32>; 8])> {
        use clack_extensions::remote_controls::{PluginRemoteControls, RemoteControlsPageBuffer};
        let handle = self.instance.plugin_handle();
        let Some(ext) = handle.get_extension::<PluginRemoteControls>() else {
            return vec![];
        };
        let mut buf = RemoteControlsPageBuffer::new();
        (0..ext.count(&handle))
            .filter_map(|i| {
                let p = ext.get(&handle, i, &mut buf)?;
                Some((
                    String::from_utf8_lossy(p.section_name).into_owned(),
                    String::from_utf8_lossy(p.page_name).into_owned(),
                    p.param_ids.map(|id| id.map(|x| x.get())),
                ))
            })
            .collect()
    }

    /// The current CLAP value of a parameter.
    pub fn param_value(&mut self, id: u32) -> Option<f64> {
        let handle = self.instance.plugin_handle();
        handle
            .get_extension::<PluginParams>()?
            .get_value(&handle, ClapId::new(id))
    }

    /// The CLAP value the plugin parses from `text` (e.g. "-6 dB").
    pub fn param_from_text(&mut self, id: u32, text: &str) -> Option<f64> {
        let handle = self.instance.plugin_handle();
        let text = CString::new(text).ok()?;
        handle
            .get_extension::<PluginParams>()?
            .text_to_value(&handle, ClapId::new(id), &text)
    }

    pub fn param_to_text(&mut self, id: u32, value: f64) -> Option<String> {
        let handle = self.instance.plugin_handle();
        let mut buf = [0u8; 256];
        let text = handle
            .get_extension::<PluginParams>()?
            .value_to_text(&handle, ClapId::new(id), value, &mut buf)
            .ok()?;
        Some(String::from_utf8_lossy(text).into_owned())
    }

    /// Sends a CLAP param value event at `offset` samples into the next render.
    pub fn set_param_at(&mut self, offset: u64, id: u32, value: f64) {
        self.pending.push((offset, Pending::Param(id, value)));
    }
    /// Sends a CLAP param modulation event (an offset in the parameter's plain units, as a
    /// host's modulator sends it) at `offset` samples into the next render.
    pub fn mod_param_at(&mut self, offset: u64, id: u32, amount: f64) {
        self.pending.push((offset, Pending::Mod(id, amount)));
    }
    pub fn note_on_at(&mut self, offset: u64, channel: u8, key: u8, velocity: f64) {
        self.pending
            .push((offset, Pending::NoteOn(channel, key, velocity)));
    }
    pub fn note_off_at(&mut self, offset: u64, channel: u8, key: u8, velocity: f64) {
        self.pending
            .push((offset, Pending::NoteOff(channel, key, velocity)));
    }
    /// A raw MIDI 1.0 message (e.g. `[0x90, 60, 100]`) at `offset` samples into the next render.
    pub fn midi_at(&mut self, offset: u64, data: [u8; 3]) {
        self.pending.push((offset, Pending::Midi(data)));
    }

    /// Renders `frames` samples in blocks of at most `block` and returns the main output port's
    /// first two channels as `[left, right]` frames (a mono port is duplicated).
    pub fn render(&mut self, frames: usize, block: usize) -> Vec<[f32; 2]> {
        self.render_with(frames, block, |_, _| {})
    }

    /// Like `render`, but `per_block(frames_rendered_so_far, &mut transport)` may change the
    /// transport before each block (tempo change, seek, stop, ...).
    pub fn render_with(
        &mut self,
        frames: usize,
        block: usize,
        per_block: impl FnMut(usize, &mut Option<Transport>),
    ) -> Vec<[f32; 2]> {
        self.render_all(frames, block, per_block)
            .ports
            .swap_remove(0)
    }

    /// Like `render_with`, returning every output port and the note events the plugin sent.
    pub fn render_all(
        &mut self,
        frames: usize,
        block: usize,
        per_block: impl FnMut(usize, &mut Option<Transport>),
    ) -> Rendered {
        self.render_sized(frames, |_| block, per_block)
    }

    /// Renders `frames` samples (main port, as `render`) in blocks whose lengths
    /// `block_len(frames_rendered_so_far)` gives, a new length on every `process()` call if it likes.
    pub fn render_blocks(
        &mut self,
        frames: usize,
        block_len: impl FnMut(usize) -> usize,
    ) -> Vec<[f32; 2]> {
        self.render_sized(frames, block_len, |_, _| {})
            .ports
            .swap_remove(0)
    }

    /// Like `render_all`, with the length of each block from `block_len(frames_rendered_so_far)`
    /// (1..=max_block; the last block is cut to `frames`).
    pub fn render_sized(
        &mut self,
        frames: usize,
        mut block_len: impl FnMut(usize) -> usize,
        mut per_block: impl FnMut(usize, &mut Option<Transport>),
    ) -> Rendered {
        // Plan the blocks on the main thread.
        let mut blocks = Vec::new();
        let mut done = 0usize;
        while done < frames {
            per_block(done, &mut self.transport);
            let block = block_len(done);
            assert!(
                block >= 1 && block <= self.max_block,
                "block {block} not in 1..={}",
                self.max_block
            );
            let mut len = block.min(frames - done);
            let bps = self
                .transport
                .map(|t| t.tempo / 60.0 / self.sample_rate)
                .unwrap_or(0.0);
            if let Some(Transport {
                playing: true,
                pos_beats,
                loop_beats: Some((_, end)),
                ..
            }) = self.transport
            {
                if pos_beats < end {
                    // Samples to the loop end; a position that reached the end up to float
                    // drift (1e-6 samples) counts as there, so the wrap lands on its sample.
                    let x = (end - pos_beats) / bps;
                    let to_end = if (x - x.round()).abs() < 1e-6 {
                        x.round()
                    } else {
                        x.ceil()
                    };
                    let to_end = to_end.max(1.0) as usize;
                    len = len.min(to_end);
                }
            }
            let mut events = EventBuffer::new();
            let mut batch: Vec<(u64, Pending)> = Vec::new();
            self.pending.retain(|&(at, ev)| {
                let due = at < (done + len) as u64;
                if due {
                    batch.push((at, ev));
                }
                !due
            });
            batch.sort_by_key(|&(at, _)| at); // stable: same-time events keep insertion order
            for (at, ev) in batch {
                let t = at.saturating_sub(done as u64) as u32;
                let pckn =
                    |ch: u8, key: u8| Pckn::new(0u16, ch as u16, key as u16, Match::<u32>::All);
                match ev {
                    Pending::Param(id, v) => events.push(&ParamValueEvent::new(
                        t,
                        ClapId::new(id),
                        Pckn::match_all(),
                        v,
                    )),
                    Pending::Mod(id, amount) => events.push(&ParamModEvent::new(
                        t,
                        ClapId::new(id),
                        Pckn::match_all(),
                        amount,
                    )),
                    Pending::NoteOn(ch, key, vel) => {
                        events.push(&NoteOnEvent::new(t, pckn(ch, key), vel))
                    }
                    Pending::NoteOff(ch, key, vel) => {
                        events.push(&NoteOffEvent::new(t, pckn(ch, key), vel))
                    }
                    Pending::Midi(data) => events.push(&MidiEvent::new(t, 0, data)),
                }
            }
            blocks.push(Block {
                len,
                transport: self.transport.map(|t| t.to_event()),
                events,
            });
            if let Some(t) = self.transport.as_mut().filter(|t| t.playing) {
                t.pos_beats += len as f64 * bps;
                if let Some((start, end)) = t.loop_beats {
                    if t.pos_beats >= end - 1e-6 * bps && start < end {
                        t.pos_beats = start + (t.pos_beats - end).max(0.0);
                    }
                }
            }
            done += len;
        }
        for p in &mut self.pending {
            p.0 -= frames as u64;
        }

        // Run them on an audio thread.
        let processor = self
            .processor
            .as_mut()
            .expect("render() needs activate() first");
        let (ins, outs, max) = (&self.ports.inputs, &self.ports.outputs, self.max_block);
        let steady = self.steady_time;
        let out = std::thread::scope(|s| {
            s.spawn(move || {
                IS_AUDIO_THREAD.with(|f| f.set(true));
                let mut in_bufs: Vec<Vec<Vec<f32>>> = ins
                    .iter()
                    .map(|&c| vec![vec![0.0; max]; c as usize])
                    .collect();
                let mut out_bufs: Vec<Vec<Vec<f32>>> = outs
                    .iter()
                    .map(|&c| vec![vec![0.0; max]; c as usize])
                    .collect();
                let mut in_ports =
                    AudioPorts::with_capacity(ins.iter().sum::<u32>() as usize, ins.len());
                let mut out_ports =
                    AudioPorts::with_capacity(outs.iter().sum::<u32>() as usize, outs.len());
                let mut out_events = EventBuffer::new();
                let mut result = Rendered {
                    ports: outs.iter().map(|_| Vec::with_capacity(frames)).collect(),
                    events: Vec::new(),
                };
                if result.ports.is_empty() {
                    result.ports.push(Vec::with_capacity(frames));
                }
                let mut block_start = 0u64;
                let processor = processor
                    .ensure_processing_started()
                    .expect("start_processing failed");
                let mut steady = steady;
                for b in &blocks {
                    for ch in in_bufs
                        .iter_mut()
                        .flatten()
                        .chain(out_bufs.iter_mut().flatten())
                    {
                        ch[..b.len].fill(0.0);
                    }
                    let inputs = in_ports.with_input_buffers(in_bufs.iter_mut().map(|port| {
                        AudioPortBuffer {
                            latency: 0,
                            channels: AudioPortBufferType::f32_input_only(
                                port.iter_mut()
                                    .map(|c| InputChannel::constant(&mut c[..b.len])),
                            ),
                        }
                    }));
                    let mut outputs =
                        out_ports.with_output_buffers(out_bufs.iter_mut().map(|port| {
                            AudioPortBuffer {
                                latency: 0,
                                channels: AudioPortBufferType::f32_output_only(
                                    port.iter_mut().map(|c| &mut c[..b.len]),
                                ),
                            }
                        }));
                    out_events.clear();
                    processor
                        .process(
                            &inputs,
                            &mut outputs,
                            &b.events.as_input(),
                            &mut out_events.as_output(),
                            Some(steady),
                            b.transport.as_ref(),
                        )
                        .expect("process() failed");
                    steady += b.len as u64;
                    for (port, frames_out) in out_bufs.iter().zip(result.ports.iter_mut()) {
                        for i in 0..b.len {
                            let l = port.first().map_or(0.0, |c| c[i]);
                            let r = port.get(1).map_or(l, |c| c[i]);
                            frames_out.push([l, r]);
                        }
                    }
                    if out_bufs.is_empty() {
                        result.ports[0].extend(std::iter::repeat_n([0.0; 2], b.len));
                    }
                    result.events.extend(
                        out_events
                            .iter()
                            .filter_map(|e| OutNote::from_event(e, block_start)),
                    );
                    block_start += b.len as u64;
                }
                result
            })
            .join()
            .expect("the audio thread panicked")
        });
        self.steady_time += frames as u64;
        self.service_main_thread();
        out
    }

    /// Calls the plugin's CLAP `reset` on an audio thread with processing started, as a host
    /// does between two blocks (e.g. after a seek or a bounce). nice-plug runs it under
    /// `assert_process_allocs`: a plugin that allocates or frees there aborts the test.
    pub fn reset(&mut self) {
        let processor = self
            .processor
            .as_mut()
            .expect("reset() needs activate() first");
        std::thread::scope(|s| {
            s.spawn(move || {
                IS_AUDIO_THREAD.with(|f| f.set(true));
                processor
                    .ensure_processing_started()
                    .expect("start_processing failed")
                    .reset();
            })
            .join()
            .expect("the audio thread panicked")
        });
    }

    /// Runs the plugin's main-thread callback if it asked for one.
    pub fn service_main_thread(&mut self) {
        if self
            .instance
            .access_shared_handler(|s| s.callback_requested.swap(false, Ordering::SeqCst))
        {
            self.instance.call_on_main_thread_callback();
        }
    }

    /// Waits `ms` milliseconds while servicing main-thread callbacks, for work a plugin does
    /// off the audio thread (e.g. compiling a program after a state load).
    pub fn settle(&mut self, ms: u64) {
        for _ in 0..ms.div_ceil(5) {
            self.service_main_thread();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        self.service_main_thread();
    }

    /// The latency the plugin reports through the CLAP latency extension (0 without it).
    pub fn latency(&mut self) -> Option<u32> {
        let handle = self.instance.plugin_handle();
        let ext = handle.get_extension::<PluginLatency>()?;
        Some(ext.get(&handle))
    }

    pub fn save_state(&mut self) -> Result<Vec<u8>, String> {
        let handle = self.instance.plugin_handle();
        let ext = handle
            .get_extension::<PluginState>()
            .ok_or("the plugin has no state extension")?;
        let mut bytes = Vec::new();
        ext.save(&handle, &mut bytes)
            .map_err(|e| format!("state save failed: {e}"))?;
        Ok(bytes)
    }

    pub fn load_state(&mut self, bytes: &[u8]) -> Result<(), String> {
        let result = {
            let handle = self.instance.plugin_handle();
            let ext = handle
                .get_extension::<PluginState>()
                .ok_or("the plugin has no state extension")?;
            ext.load(&handle, &mut std::io::Cursor::new(bytes))
                .map_err(|e| format!("state load failed: {e}"))
        };
        self.service_main_thread();
        result
    }
}

impl Drop for PluginHost {
    fn drop(&mut self) {
        self.deactivate();
    }
}

/// nice-plug's CLAP state: an 8-byte little-endian length, then the JSON state object
/// `{"version": .., "params": {id: {"f32"|"i32"|"bool"|"string": v}}, "fields": {key: "<json>"}}`.
pub mod nice_state {
    use serde_json::Value;

    pub fn decode(bytes: &[u8]) -> Result<Value, String> {
        if bytes.len() < 8 {
            return Err(format!("state too short ({} bytes)", bytes.len()));
        }
        let len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let body = bytes
            .get(8..8 + len)
            .ok_or("state shorter than its length prefix")?;
        serde_json::from_slice(body)
            .map_err(|e| format!("state is not JSON (zstd feature on?): {e}"))
    }

    pub fn encode(state: &Value) -> Vec<u8> {
        let json = serde_json::to_vec(state).unwrap();
        let mut bytes = (json.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(&json);
        bytes
    }

    /// The value of the persisted field `key`, parsed from its JSON string.
    pub fn field(state: &Value, key: &str) -> Option<Value> {
        serde_json::from_str(state.get("fields")?.get(key)?.as_str()?).ok()
    }

    pub fn set_field(state: &mut Value, key: &str, value: &Value) {
        let fields = state
            .as_object_mut()
            .expect("state is a JSON object")
            .entry("fields")
            .or_insert_with(|| Value::Object(Default::default()));
        fields
            .as_object_mut()
            .expect("fields is an object")
            .insert(key.into(), Value::String(value.to_string()));
    }
}
