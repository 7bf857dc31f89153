//! The editor's live code lights the functions and constant arguments that made a sounding
//! event, besides its mini-notation words (`plugin::editor::live_code::LiveCode`, as the editor
//! calls it each frame): the lit words at given cycle positions, in Tidal and Strudel code.

use phonon::lang::strudel::Dialect;
use phonon::plugin::editor::live_code::LiveCode;

/// The words of `code` lit at each of `cycles`, sorted.
fn lit_at(code: &str, dialect: Dialect, cycle: f64) -> Vec<String> {
    let mut live = LiveCode::default();
    live.refresh(code, 4.0, Some(dialect));
    live.follow(code, None);
    let mut words: Vec<String> = live
        .lit(cycle)
        .iter()
        .map(|&(a, b)| code[a..b].to_string())
        .collect();
    words.sort();
    words.dedup();
    words
}

fn has(words: &[String], w: &str) -> bool {
    words.iter().any(|x| x == w)
}

/// `every 2 (fast 2)`: in cycle 0 (transformed) `every`, `fast` and their numbers light with
/// the word sounding; in cycle 1 (untransformed) `fast` stays dark. The control `# lpf 800`
/// lights its name and its number with every event.
#[test]
fn tidal_functions_and_constants_light_with_their_events() {
    let code = "d1 $ every 2 (fast 2) $ s \"bd sn\" # lpf 800";
    // Cycle 0 is fast: bd over [0, 1/4), sn over [1/4, 1/2).
    let w = lit_at(code, Dialect::Tidal, 0.1);
    for want in ["bd", "s", "every", "fast", "lpf", "800"] {
        assert!(has(&w, want), "cycle 0.1: `{want}` not lit in {w:?}");
    }
    assert!(!has(&w, "sn"), "cycle 0.1: {w:?}");
    let w = lit_at(code, Dialect::Tidal, 0.3);
    assert!(has(&w, "sn") && has(&w, "fast"), "cycle 0.3: {w:?}");
    // Cycle 1 plays the pattern as written: bd over [1, 1.5).
    let w = lit_at(code, Dialect::Tidal, 1.3);
    assert!(has(&w, "bd") && has(&w, "every") && has(&w, "lpf"), "{w:?}");
    assert!(!has(&w, "fast") && !has(&w, "sn"), "cycle 1.3: {w:?}");
    // Both `2`s are words of the code: `every`'s lights in every cycle, `fast`'s only in 0.
    let twos = |cycle| {
        let mut live = LiveCode::default();
        live.refresh(code, 4.0, Some(Dialect::Tidal));
        live.lit(cycle)
            .into_iter()
            .filter(|&(a, b)| &code[a..b] == "2")
            .count()
    };
    assert_eq!((twos(0.1), twos(1.3)), (2, 1));
}

/// A function passed as an argument (`jux rev`) lights on the side it made: `rev` and `jux`.
#[test]
fn a_function_argument_lights_with_its_events() {
    let code = "d1 $ jux rev $ n \"0 1\" # s \"superpiano\"";
    let w = lit_at(code, Dialect::Tidal, 0.25);
    for want in ["jux", "rev", "n", "0", "1", "superpiano"] {
        assert!(has(&w, want), "`{want}` not lit in {w:?}");
    }
}

/// Strudel: `note(`, `.fast(` with its `"2"`, `.lpf(` with its `800` light with each event.
#[test]
fn strudel_methods_and_constants_light_with_their_events() {
    let code = "$: note(\"c3 e3\").fast(\"<2 1>\").lpf(800).s('sawtooth')";
    let w = lit_at(code, Dialect::Strudel, 0.1);
    for want in ["note", "c3", "fast", "2", "lpf", "800", "s", "sawtooth"] {
        assert!(has(&w, want), "cycle 0.1: `{want}` not lit in {w:?}");
    }
    assert!(!has(&w, "e3") && !has(&w, "1"), "cycle 0.1: {w:?}");
    // Cycle 1 is `fast 1`: e3 over [1.5, 2).
    let w = lit_at(code, Dialect::Strudel, 1.7);
    assert!(has(&w, "e3") && has(&w, "1") && has(&w, "fast"), "{w:?}");
    assert!(!has(&w, "2"), "cycle 1.7: {w:?}");
}
