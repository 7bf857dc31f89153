//! `phonon-standalone`: the instrument without a DAW, through JACK or ALSA (nice-plug's
//! standalone wrapper), with the same editor. Built with `--features standalone`.
//!
//! Own options (the rest go to the wrapper; `--help` lists them, e.g. `--backend
//! jack|alsa|dummy`, `--tempo 120`, `--output-device`, `--midi-input`):
//! * `--no-editor`: no window (also chosen when there is no `DISPLAY`/`WAYLAND_DISPLAY` on
//!   Linux), so `--backend dummy --no-editor` runs fully headless; Ctrl+C stops it.
//! * `--multi-out`: the Multi-Out variant (`o1`..`o8` on their own JACK ports).
//! * `--follow-transport`: play only while the JACK transport rolls. Without it the app starts
//!   with Sync "Free at host tempo": it plays at `--tempo` while the JACK transport is stopped
//!   and follows the transport's position when it rolls (ALSA and dummy have no transport of
//!   their own: they always play).

use nice_plug::prelude::*;
use phonon::plugin::{editor, Phonon, PhononMulti};

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let mut take = |flag: &str| {
        let found = args.iter().any(|a| a == flag);
        args.retain(|a| a != flag);
        found
    };
    let no_editor = take("--no-editor");
    let multi = take("--multi-out");
    phonon::plugin::params::set_free_by_default(!take("--follow-transport"));
    let no_display = cfg!(all(unix, not(target_os = "macos")))
        && ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .all(|k| std::env::var_os(k).is_none_or(|v| v.is_empty()));
    if no_editor || no_display {
        editor::set_headless(true);
    }
    let ok = if multi {
        nice_export_standalone_with_args::<PhononMulti, _>(args)
    } else {
        nice_export_standalone_with_args::<Phonon, _>(args)
    };
    std::process::exit(if ok { 0 } else { 1 });
}
