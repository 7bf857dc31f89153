//! Phonon: a CLAP preset-discovery factory (`clap.preset-discovery-factory/2`) listing the
//! presets the exported plugins ship ([`ClapPlugin::CLAP_PRESETS`](super::super::clap::ClapPlugin::CLAP_PRESETS)).
//! They are written as files into one folder ([`preset_dir`]) when a host first asks, and that
//! folder is declared as a file location: each file is one preset, loaded from its path through
//! the plugin's preset-load extension (so a user's edit of a file is what loads). One preset per
//! file rather than a container of load keys: clap-validator 0.4.1's metadata receiver locks
//! itself on a container's second preset. Not part of nice-plug 0.4.2.

use clap_sys::factory::preset_discovery::{
    CLAP_PRESET_DISCOVERY_IS_FACTORY_CONTENT, CLAP_PRESET_DISCOVERY_LOCATION_FILE,
    clap_preset_discovery_factory, clap_preset_discovery_filetype, clap_preset_discovery_indexer,
    clap_preset_discovery_location,
    clap_preset_discovery_location_kind, clap_preset_discovery_metadata_receiver,
    clap_preset_discovery_provider, clap_preset_discovery_provider_descriptor,
};
use clap_sys::universal_plugin_id::clap_universal_plugin_id;
use clap_sys::version::CLAP_VERSION;
use std::ffi::{CStr, CString, c_char, c_void};
use std::sync::OnceLock;

/// One preset a plugin ships: what a host's browser shows, its file name and its contents.
#[derive(Debug, Clone, Copy)]
pub struct ClapPreset {
    pub name: &'static str,
    pub file_name: &'static str,
    pub description: &'static str,
    pub content: &'static str,
}

/// The folder the presets are written to: `$XDG_DATA_HOME/<vendor>/presets`, else
/// `~/.local/share/<vendor>/presets` (`~/Library/Application Support/<vendor>/presets` on
/// macOS, `%APPDATA%\<vendor>\presets` on Windows).
pub fn preset_dir(vendor: &str) -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    let base = if cfg!(target_os = "windows") {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else if cfg!(target_os = "macos") {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join("Library/Application Support"))
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
    }?;
    Some(base.join(vendor).join("presets"))
}

/// The presets of every exported plugin: (CLAP id, presets), and the vendor.
pub struct Sources {
    pub vendor: &'static str,
    pub plugins: &'static [(&'static str, &'static [ClapPreset])],
}

struct Provider {
    descriptor: clap_preset_discovery_provider_descriptor,
    _strings: [CString; 3],
    sources: &'static Sources,
    /// The folder holding the preset files (written), absolute.
    dir: CString,
}

// SAFETY: the descriptor's pointers point into `_strings`, owned by the same value and never
// changed after it is built; nothing else is shared.
unsafe impl Send for Provider {}
// SAFETY: as above: read-only after construction.
unsafe impl Sync for Provider {}

static PROVIDER: OnceLock<Provider> = OnceLock::new();

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

/// Writes the preset files (those whose contents differ) into the preset folder.
fn write_presets(sources: &Sources) -> Option<std::path::PathBuf> {
    let dir = preset_dir(sources.vendor)?;
    std::fs::create_dir_all(&dir).ok()?;
    for (_, presets) in sources.plugins {
        for p in presets.iter() {
            let path = dir.join(p.file_name);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(p.content) {
                std::fs::write(&path, p.content).ok()?;
            }
        }
    }
    Some(dir)
}

fn provider(sources: &'static Sources) -> Option<&'static Provider> {
    if PROVIDER.get().is_none() {
        let dir = write_presets(sources)?;
        let _ = PROVIDER.set(new_provider(sources, c(&dir.to_string_lossy())));
    }
    PROVIDER.get()
}

fn new_provider(sources: &'static Sources, dir: CString) -> Provider {
    {
        let first = sources.plugins.first().map_or("plugin", |p| p.0);
        let strings = [
            c(&format!("{first}.presets")),
            c(&format!("{} presets", sources.vendor)),
            c(sources.vendor),
        ];
        Provider {
            descriptor: clap_preset_discovery_provider_descriptor {
                clap_version: CLAP_VERSION,
                id: strings[0].as_ptr(),
                name: strings[1].as_ptr(),
                vendor: strings[2].as_ptr(),
            },
            _strings: strings,
            sources,
            dir,
        }
    }
}

/// The factory for `sources`, or `None` when no plugin ships presets.
pub fn factory(sources: &'static Sources) -> Option<*const c_void> {
    if sources.plugins.iter().all(|(_, p)| p.is_empty()) {
        return None;
    }
    provider(sources)?;
    Some(&FACTORY as *const _ as *const c_void)
}

static FACTORY: clap_preset_discovery_factory = clap_preset_discovery_factory {
    count: Some(count),
    get_descriptor: Some(get_descriptor),
    create: Some(create),
};

unsafe extern "C" fn count(_factory: *const clap_preset_discovery_factory) -> u32 {
    PROVIDER.get().map_or(0, |_| 1)
}

unsafe extern "C" fn get_descriptor(
    _factory: *const clap_preset_discovery_factory,
    index: u32,
) -> *const clap_preset_discovery_provider_descriptor {
    match PROVIDER.get() {
        Some(p) if index == 0 => &p.descriptor,
        _ => std::ptr::null(),
    }
}

/// One provider instance: the C struct first, so the pointer handed out is this value's.
#[repr(C)]
struct Instance {
    raw: clap_preset_discovery_provider,
    indexer: *const clap_preset_discovery_indexer,
}

unsafe extern "C" fn create(
    _factory: *const clap_preset_discovery_factory,
    indexer: *const clap_preset_discovery_indexer,
    provider_id: *const c_char,
) -> *const clap_preset_discovery_provider {
    let Some(p) = PROVIDER.get() else {
        return std::ptr::null();
    };
    if provider_id.is_null() || indexer.is_null() {
        return std::ptr::null();
    }
    // SAFETY: the host passes a NUL-terminated id (checked non-null above), and the
    // descriptor's id is our own CString.
    let wanted = unsafe { CStr::from_ptr(provider_id) };
    // SAFETY: as above.
    if wanted != unsafe { CStr::from_ptr(p.descriptor.id) } {
        return std::ptr::null();
    }
    let instance = Box::into_raw(Box::new(Instance {
        raw: clap_preset_discovery_provider {
            desc: &p.descriptor,
            provider_data: std::ptr::null_mut(),
            init: Some(init),
            destroy: Some(destroy),
            get_metadata: Some(get_metadata),
            get_extension: Some(get_extension),
        },
        indexer,
    }));
    // SAFETY: `instance` was just allocated and is valid; `raw` is its first field.
    unsafe {
        (*instance).raw.provider_data = instance as *mut c_void;
        &(*instance).raw
    }
}

unsafe extern "C" fn init(provider: *const clap_preset_discovery_provider) -> bool {
    if provider.is_null() {
        return false;
    }
    // SAFETY: `provider` is one we created (its `provider_data` is its `Instance`).
    let instance = unsafe { &*((*provider).provider_data as *const Instance) };
    let Some(p) = PROVIDER.get() else {
        return false;
    };
    // SAFETY: the host's indexer outlives the provider (CLAP's contract), non-null (checked at
    // creation).
    let indexer = unsafe { &*instance.indexer };
    let (Some(declare_location), Some(declare_filetype)) =
        (indexer.declare_location, indexer.declare_filetype)
    else {
        return false;
    };
    let mut extensions: Vec<&str> = Vec::new();
    for (_, presets) in p.sources.plugins {
        for preset in presets.iter() {
            if let Some((_, ext)) = preset.file_name.rsplit_once('.') {
                if !extensions.contains(&ext) {
                    extensions.push(ext);
                }
            }
        }
    }
    let type_name = c(&format!("{} program", p.sources.vendor));
    for ext in extensions {
        let ext = c(ext);
        let filetype = clap_preset_discovery_filetype {
            name: type_name.as_ptr(),
            description: std::ptr::null(),
            file_extension: ext.as_ptr(),
        };
        // SAFETY: a host callback called with its own indexer and a valid filetype.
        if !unsafe { declare_filetype(instance.indexer, &filetype) } {
            return false;
        }
    }
    let name = c(&format!("{} presets", p.sources.vendor));
    let location = clap_preset_discovery_location {
        flags: CLAP_PRESET_DISCOVERY_IS_FACTORY_CONTENT,
        name: name.as_ptr(),
        kind: CLAP_PRESET_DISCOVERY_LOCATION_FILE,
        location: p.dir.as_ptr(),
    };
    // SAFETY: a host callback called with its own indexer and a valid location.
    unsafe { declare_location(instance.indexer, &location) }
}

unsafe extern "C" fn destroy(provider: *const clap_preset_discovery_provider) {
    if provider.is_null() {
        return;
    }
    // SAFETY: created by `Box::into_raw` in `create`; the host destroys it once.
    drop(unsafe { Box::from_raw((*provider).provider_data as *mut Instance) });
}

unsafe extern "C" fn get_metadata(
    _provider: *const clap_preset_discovery_provider,
    location_kind: clap_preset_discovery_location_kind,
    location: *const c_char,
    receiver: *const clap_preset_discovery_metadata_receiver,
) -> bool {
    let Some(p) = PROVIDER.get() else {
        return false;
    };
    if receiver.is_null() || location.is_null() || location_kind != CLAP_PRESET_DISCOVERY_LOCATION_FILE
    {
        return false;
    }
    // SAFETY: a NUL-terminated path from the host.
    let path = unsafe { CStr::from_ptr(location) }.to_string_lossy();
    let file = path.rsplit(['/', '\\']).next().unwrap_or(&path);
    // SAFETY: the host's receiver, valid for this call.
    let r = unsafe { &*receiver };
    let (Some(begin), Some(add_plugin_id)) = (r.begin_preset, r.add_plugin_id) else {
        return false;
    };
    let Some(preset) = p
        .sources
        .plugins
        .iter()
        .flat_map(|(_, presets)| presets.iter())
        .find(|x| x.file_name == file)
    else {
        // Not one of ours: no preset here.
        return true;
    };
    let abi = c"clap";
    let (name, description, creator) =
        (c(preset.name), c(preset.description), c(p.sources.vendor));
    // SAFETY: host callbacks called with the host's receiver and NUL-terminated strings that
    // live across each call.
    unsafe {
        if !begin(receiver, name.as_ptr(), std::ptr::null()) {
            return true;
        }
        for (id, theirs) in p.sources.plugins {
            if theirs.iter().any(|x| x.file_name == preset.file_name) {
                let id = c(id);
                let plugin_id = clap_universal_plugin_id {
                    abi: abi.as_ptr(),
                    id: id.as_ptr(),
                };
                add_plugin_id(receiver, &plugin_id);
            }
        }
        if let Some(f) = r.set_flags {
            f(receiver, CLAP_PRESET_DISCOVERY_IS_FACTORY_CONTENT);
        }
        if let Some(f) = r.add_creator {
            f(receiver, creator.as_ptr());
        }
        if let Some(f) = r.set_description {
            f(receiver, description.as_ptr());
        }
    }
    true
}

unsafe extern "C" fn get_extension(
    _provider: *const clap_preset_discovery_provider,
    _extension_id: *const c_char,
) -> *const c_void {
    std::ptr::null()
}
