//! Comparing Phonon's events with Strudel's (tests of the plugin crate only: the host tests
//! share `common/mod.rs` and do not link the crate).

/// A control's one name for comparing events with Strudel's: Strudel's spelling read as
/// Phonon's control (`clip` is `legato`), then the table's own name for an alias.
pub fn control_key(k: &str) -> String {
    let c = phonon::lang::strudel::names::control(k).unwrap_or(k);
    phonon::pattern::control_table::find(c)
        .map_or(c, |d| d.name)
        .to_string()
}
