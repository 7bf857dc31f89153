//! Phonon: parameter names a plugin changes while it runs. The CLAP wrapper reports them in
//! `clap_param_info.name` and tells the host with `clap_host_params.rescan(CLAP_PARAM_RESCAN_INFO)`
//! and `clap_host_remote_controls.changed()`; the VST3 wrapper in `ParameterInfo::title` and
//! `IComponentHandler::restartComponent(kParamTitlesChanged)` (both on the main thread).

use std::collections::HashMap;
use std::sync::Mutex;

/// Names shown instead of parameters' own, by parameter id. Shared between the plugin (which
/// sets them, never on the audio thread) and the wrapper (which reads them and tells the host).
#[derive(Default)]
pub struct ParamNames {
    names: Mutex<HashMap<String, String>>,
    /// Set by the wrapper: tells the host the names changed.
    notify: Mutex<Option<Box<dyn Fn() + Send + Sync>>>,
}

impl ParamNames {
    /// Shows each `(id, name)`'s name for parameter `id` (`None`: its own name again), and tells
    /// the host once if any changed. Returns whether any changed. Not on the audio thread.
    pub fn set_all(&self, names: impl IntoIterator<Item = (String, Option<String>)>) -> bool {
        let mut changed = false;
        if let Ok(mut map) = self.names.lock() {
            for (id, name) in names {
                if map.get(&id) != name.as_ref() {
                    changed = true;
                    match name {
                        Some(n) => map.insert(id, n),
                        None => map.remove(&id),
                    };
                }
            }
        }
        if changed {
            if let Ok(notify) = self.notify.lock() {
                if let Some(f) = notify.as_ref() {
                    f();
                }
            }
        }
        changed
    }

    /// The name shown for parameter `id`, if not its own.
    pub fn get(&self, id: &str) -> Option<String> {
        self.names.lock().ok()?.get(id).cloned()
    }

    /// The wrapper's way of telling the host.
    pub(crate) fn on_change(&self, f: Box<dyn Fn() + Send + Sync>) {
        if let Ok(mut notify) = self.notify.lock() {
            *notify = Some(f);
        }
    }
}
