//! Statement semantics (LANGUAGE.md, Statements), each by rendering: a statement spelled one
//! way renders sample for sample as its documented equivalent, and differently from what a
//! misreading would play.

mod common;
#[path = "common/render.rs"]
mod render;
use phonon::lang::compile_program;
use render::*;

/// Asserts programs `a` and `b` render the same over two cycles.
fn same(a: &str, b: &str) {
    assert_same(
        &render_src(a, 2.0),
        &render_src(b, 2.0),
        &format!("`{a}` against `{b}`"),
    );
}

/// Asserts programs `a` and `b` render differently over two cycles.
fn differ(a: &str, b: &str) {
    assert_differ(
        &render_src(a, 2.0),
        &render_src(b, 2.0),
        &format!("`{a}` against `{b}`"),
    );
}

#[test]
fn bpm_divides_by_the_beats_per_cycle() {
    let kicks = "out $ s \"bd*4\"";
    // 4 beats per cycle: bpm 120 is 0.5 cycles per second, the same as `cps: 0.5` and `tempo: 0.5`.
    let r = render_src(&format!("bpm: 120\n{kicks}"), 2.0);
    assert_eq!(r.cps, 0.5);
    assert_same(
        &r,
        &render_src(&format!("cps: 0.5\n{kicks}"), 2.0),
        "bpm 120 against cps 0.5",
    );
    same(
        &format!("tempo: 0.5\n{kicks}"),
        &format!("cps: 0.5\n{kicks}"),
    );
    // 3 beats per cycle: 2/3 of a cycle per second, a kick every 3/8 s.
    let r = render_with(&format!("bpm: 120\n{kicks}"), 2.0, 3.0, 512);
    assert!((r.cps - 2.0 / 3.0).abs() < 1e-12, "cps {}", r.cps);
    assert_eq!(r.left.len(), 3 * SR as usize);
    let quarters: Vec<f64> = (0..8).map(|k| k as f64 / 4.0).collect();
    assert_onsets(
        &r.left,
        &samples_at(&quarters, r.cps),
        "bpm 120 at 3 beats per cycle",
    );
}

#[test]
fn output_spellings_o1_d1_out1_are_one_output() {
    // Each spelling renders the same, on output 1's own port (the main port silent), and a
    // program may not define it twice under two spellings.
    let play = "$ s \"bd ~ cp ~\"";
    for name in ["o1", "d1", "out1"] {
        same(
            &format!("tempo: 0.5\n{name} {play}"),
            &format!("tempo: 0.5\nout {play}"),
        );
        let ports = render_ports(&format!("tempo: 0.5\n{name} {play}"), 1.0);
        assert!(
            energy(&ports[0].0) == 0.0 && energy(&ports[1].0) > 1e-3,
            "{name}: not on port o1"
        );
        assert!(
            ports[2..].iter().all(|p| energy(&p.0) == 0.0),
            "{name}: on another port"
        );
    }
    for (a, b) in [("o1", "d1"), ("d1", "out1"), ("out1", "o1")] {
        let p = phonon::lang::compile_program(&format!("{a} {play}\n{b} {play}"), 4.0).unwrap();
        assert_eq!(p.graph.outputs.len(), 1, "{a} and {b} are one stream");
        assert!(
            p.notes.iter().any(|n| n.contains("defined again")),
            "{a}, {b}: {:?}",
            p.notes
        );
    }
    // `out:` is `out $`.
    same(
        "tempo: 0.5\nout: s \"bd ~ cp ~\"",
        &format!("tempo: 0.5\nout {play}"),
    );
}

#[test]
fn bus_colon_is_bus_dollar() {
    // A sound bus and a signal bus, each spelled both ways, against the bus's value inline.
    same(
        "tempo: 0.5\n~d: s \"bd [~ sn]\"\nout $ ~d # gain 0.8",
        "tempo: 0.5\n~d $ s \"bd [~ sn]\"\nout $ ~d # gain 0.8",
    );
    same(
        "tempo: 0.5\n~d: s \"bd [~ sn]\"\nout $ ~d # gain 0.8",
        "tempo: 0.5\nout $ s \"bd [~ sn]\" # gain 0.8",
    );
    let synth = "~bass $ saw 55 # lpf (~lfo * 900 + 1300) 4\nout $ ~bass * 0.3";
    same(
        &format!("tempo: 0.5\n~lfo: sine 0.25\n{synth}"),
        &format!("tempo: 0.5\n~lfo $ sine 0.25\n{synth}"),
    );
    differ(
        &format!("tempo: 0.5\n~lfo: sine 0.25\n{synth}"),
        &format!("tempo: 0.5\n~lfo: sine 1\n{synth}"),
    );
}

#[test]
fn modifier_bus_applies_its_chain() {
    // `~fx # chain` then `# ~fx` is the chain written inline, patterned arguments included,
    // on every output that uses it.
    let fx = "~fx # speed \"1 1.5\" # gain 0.5 # pan \"0 1\"";
    same(
        &format!("tempo: 0.5\n{fx}\no1 $ s \"bd*4\" # ~fx\no2 $ s \"~ cp\" # ~fx"),
        "tempo: 0.5\no1 $ s \"bd*4\" # speed \"1 1.5\" # gain 0.5 # pan \"0 1\"\no2 $ s \"~ cp\" # speed \"1 1.5\" # gain 0.5 # pan \"0 1\"",
    );
    differ(
        &format!("tempo: 0.5\n{fx}\nout $ s \"bd*4\" # ~fx"),
        "tempo: 0.5\nout $ s \"bd*4\"",
    );
    // An effect node in the chain, on a bus's signal.
    same(
        "tempo: 0.5\n~dark # lpf 400 0.5\n~d $ s \"bd sn\"\nout $ ~d # ~dark",
        "tempo: 0.5\n~d $ s \"bd sn\"\nout $ ~d # lpf 400 0.5",
    );
    differ(
        "tempo: 0.5\n~dark # lpf 400 0.5\n~d $ s \"bd sn\"\nout $ ~d # ~dark",
        "tempo: 0.5\n~d $ s \"bd sn\"\nout $ ~d",
    );
}

#[test]
fn comments_on_their_own_line_and_at_line_end() {
    // Each comment holds code that would change the sound if it were read.
    let plain = "tempo: 0.5\nout $ s \"bd sn\"";
    same("-- tempo: 2\ntempo: 0.5 -- cps: 2\n\n-- out $ s \"hh*16\"\nout $ s \"bd sn\" -- # speed 2\n-- # gain 0.1\n", plain);
    differ("tempo: 0.5\nout $ s \"bd sn\" # speed 2", plain);
}

#[test]
fn indented_lines_continue_the_statement() {
    let one = "tempo: 0.5\nout $ stack [s \"bd*2\", s \"hh*4\"] # gain 0.5";
    same(
        "tempo: 0.5\nout $ stack [s \"bd*2\",\n             s \"hh*4\"]\n  # gain 0.5",
        one,
    );
    same(
        "tempo: 0.5\nout $ stack [s \"bd*2\",\n\ts \"hh*4\"]\n\t# gain 0.5",
        one,
    );
    // Comment lines between continuation lines do not end the statement; a blank line does
    // (Tidal's blocks), so what follows it must start a statement of its own.
    same(
        "tempo: 0.5\nout $ stack [s \"bd*2\", s \"hh*4\"]\n  -- quieter:\n  # gain 0.5",
        one,
    );
    differ("tempo: 0.5\nout $ stack [s \"bd*2\", s \"hh*4\"]", one);
    let err = compile_program("tempo: 0.5\nout $ s \"bd*2\"\n\n  # gain 0.5", 4.0)
        .err()
        .expect("a blank line ends the statement");
    assert_eq!((err.line, err.col), (4, 3), "{err}");
}

/// Tidal's layout, as its editors send a block: lines at column 0 continue the statement unless
/// they start one (an output, a bus, `tempo:`, a Tidal stream word), so `d1` alone on a line
/// with `$ ...` below it, and a list's items and `]` at column 0, are one statement.
#[test]
fn column_zero_lines_continue_unless_they_start_a_statement() {
    let one = "tempo: 0.5\nd1 $ stack [s \"bd*2\", s \"hh*4\"] # gain 0.5\nd2 $ s \"~ cp\"";
    same(
        "tempo: 0.5\nd1\n$ stack [s \"bd*2\", s \"hh*4\"]\n# gain 0.5\nd2 $ s \"~ cp\"",
        one,
    );
    same("tempo: 0.5\nd1 $ stack [\ns \"bd*2\",\ns \"hh*4\"\n]\n# gain 0.5\n~b $ s \"~ cp\"\nd2 $ ~b", one);
    // A Tidal stream word starts a statement: `hush` silences the streams above it.
    same(
        "tempo: 0.5\nd1 $ s \"bd*4\"\nhush\nd2 $ s \"~ cp\"",
        "tempo: 0.5\nd2 $ s \"~ cp\"",
    );
    let p = compile_program("d1 $ s \"bd\"\nhush", 4.0).unwrap();
    assert!(p.graph.outputs.is_empty());
    assert!(
        p.notes.iter().any(|n| n.contains("`hush` on line 2")),
        "{:?}",
        p.notes
    );
    // `setcps` sets the tempo (the host's rules in a DAW, which the note says).
    let p = compile_program("setcps 0.5\nd1 $ s \"bd\"", 4.0).unwrap();
    assert_eq!(p.cps, Some(0.5));
    assert!(
        p.notes.iter().any(|n| n.contains("host's tempo")),
        "{:?}",
        p.notes
    );
    same("setbpm 120\nd1 $ s \"bd*2\"", "cps: 0.5\nd1 $ s \"bd*2\"");
    // Playing on its own, `setCycle n` starts at cycle n; `resetCycles` at 0.
    same(
        "tempo: 0.5\nsetCycle 2\nd1 $ s \"<bd sn hh>\"",
        "tempo: 0.5\nd1 $ s \"<hh bd sn>\"",
    );
    same(
        "tempo: 0.5\nresetCycles\nd1 $ s \"<bd sn hh>\"",
        "tempo: 0.5\nd1 $ s \"<bd sn hh>\"",
    );
}

/// Tidal's `do` blocks, `let` (with arguments, at top level, `let .. in`) and `where` play as
/// the same program written out; solo and mute pick the streams.
#[test]
fn do_let_where_solo_and_mute() {
    let plain = "tempo: 0.5\nd1 $ fast 2 $ s \"bd sn\"\nd2 $ s \"hh*4\" # gain 0.8";
    same(
        "tempo: 0.5\ndo\n  d1 $ fast 2 $ s \"bd sn\"\n  d2 $ s \"hh*4\"\n    # gain 0.8",
        plain,
    );
    same(
        "tempo: 0.5\ndo d1 $ fast 2 $ s \"bd sn\"\n   d2 $ s \"hh*4\" # gain 0.8",
        plain,
    );
    same("tempo: 0.5\nlet f x = fast x\n    g = (# gain 0.8)\nd1 $ f 2 $ s \"bd sn\"\nd2 $ g $ s \"hh*4\"", plain);
    same("tempo: 0.5\ndo\n  let drums = s \"bd sn\"\n  d1 $ fast 2 drums\n  d2 $ s \"hh*4\" # gain 0.8", plain);
    same("tempo: 0.5\nd1 $ f drums\n  where f = fast 2\n        drums = s \"bd sn\"\nd2 $ (\\p -> p # gain 0.8) $ s \"hh*4\"", plain);
    same(
        "tempo: 0.5\nlet g = 0.8 in d2 $ s \"hh*4\" # gain g\nd1 $ fast 2 $ s \"bd sn\"",
        plain,
    );
    // Solo and mute.
    let three =
        "tempo: 0.5\nd1 $ fast 2 $ s \"bd sn\"\nd2 $ s \"hh*4\" # gain 0.8\nd3 $ s \"cp*8\"";
    same(&format!("{three}\nmute 3"), plain);
    same(&format!("{three}\nsolo 1\nsolo 2"), plain);
    same(&format!("{three}\nmute 2\nunmute 2\nmute 3"), plain);
    // A stream defined again: the later definition plays, and the note says so.
    same(
        "tempo: 0.5\nd1 $ s \"cp*8\"\nd2 $ s \"hh*4\" # gain 0.8\nd1 $ fast 2 $ s \"bd sn\"",
        plain,
    );
    let p = compile_program("d1 $ s \"bd\"\no1 $ s \"sn\"", 4.0).unwrap();
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("d1 is defined again on line 2")),
        "{:?}",
        p.notes
    );
}

/// A pattern of words played on its own is a sound pattern, as in Tidal 1.9.
#[test]
fn a_bare_string_is_a_sound_pattern() {
    same(
        "tempo: 0.5\nd1 $ \"bd*2 [~ sn]\"",
        "tempo: 0.5\nd1 $ s \"bd*2 [~ sn]\"",
    );
    same(
        "tempo: 0.5\nd1 $ fast 2 \"bd sn\" # gain 0.8",
        "tempo: 0.5\nd1 $ fast 2 (s \"bd sn\") # gain 0.8",
    );
    // Words beside control patterns are sounds too: no layer of a stack is lost.
    same(
        "tempo: 0.5\nd1 $ stack [s \"bd*2\", \"~ sn\"]",
        "tempo: 0.5\nd1 $ stack [s \"bd*2\", s \"~ sn\"]",
    );
    // Numbers stay a control signal.
    same(
        "tempo: 0.5\nout $ \"0.5\" * sine 220",
        "tempo: 0.5\nout $ 0.5 * sine 220",
    );
}

#[test]
fn dollar_both_ways_pipe_equals_tidal() {
    // Phonon's pipe reads left to right: `p $ f $ g` is `g $ f $ p`. Shift and speed-up do
    // not commute, so the order shows: the kick lands at 1/8 and 5/8, not 1/4 and 3/4.
    let pipe = "tempo: 0.5\nout $ s \"bd ~ ~ ~\" $ (0.25 ~>) $ fast 2";
    same(pipe, "tempo: 0.5\nout $ fast 2 $ 0.25 ~> s \"bd ~ ~ ~\"");
    differ(pipe, "tempo: 0.5\nout $ 0.25 ~> (fast 2 $ s \"bd ~ ~ ~\")");
    let expr = "s \"bd ~ ~ ~\" $ (0.25 ~>) $ fast 2";
    let starts: Vec<f64> = [0.125, 0.625, 1.125, 1.625].into();
    assert_eq!(query_starts(expr, 2.0), starts);
    assert_onsets(
        &render_src(pipe, 2.0).left,
        &samples_at(&starts, 0.5),
        "pipe",
    );
    // Mixed: Tidal application inside a pipe, with a function taking a function.
    same(
        "tempo: 0.5\nout $ s \"bd sn\" $ every 2 (fast 2) $ (# gain 0.7)",
        "tempo: 0.5\nout $ every 2 (fast 2) $ s \"bd sn\" # gain 0.7",
    );
}

/// Tidal's custom controls: a known name plays as itself; another is data, and the notes say
/// that no sound plays it (as for `cps` as a control).
#[test]
fn custom_controls_play_or_say_they_are_data() {
    same(
        "tempo: 0.5\nd1 $ s \"bd*2 sn\" # pF \"speed\" \"1 2\" # pS \"vowel\" \"a\"",
        "tempo: 0.5\nd1 $ s \"bd*2 sn\" # speed \"1 2\" # vowel \"a\"",
    );
    same(
        "tempo: 0.5\nd1 $ s \"bd*2 sn\" # pF \"feedback\" 0.3 # cps 0.7",
        "tempo: 0.5\nd1 $ s \"bd*2 sn\"",
    );
    let p = compile_program("d1 $ s \"bd*2\" # pF \"feedback\" 0.3 # cps 0.7", 4.0).unwrap();
    assert!(
        p.notes
            .iter()
            .any(|n| n.contains("no sound plays `feedback`")),
        "{:?}",
        p.notes
    );
    assert!(
        p.notes.iter().any(|n| n.contains("no sound plays `cps`")),
        "{:?}",
        p.notes
    );
    let p = compile_program("d1 $ s \"bd*2\" # pF \"cutoff\" 300", 4.0).unwrap();
    assert!(p.notes.is_empty(), "{:?}", p.notes);
}

/// Haskell's block comments `{- .. -}` (nested, any characters inside) are skipped.
#[test]
fn block_comments_are_skipped() {
    same(
        "tempo: 0.5\n{- a comment: é ∞ {- nested -} -}\nd1 $ s \"bd*2\" {- here too -} # gain 0.8",
        "tempo: 0.5\nd1 $ s \"bd*2\" # gain 0.8",
    );
}

/// Sound names that are numbers (`808`, Dirt-Samples' folder) play as the words they are, in
/// `s` and in bare strings beside words, as Tidal reads a string of sounds.
#[test]
fn numbers_in_sound_names_are_words() {
    let p = phonon::lang::compile_expr("s \"808 bd\"").unwrap();
    let names = phonon::lang::value::probe(&p, 1, |haps| {
        haps.iter()
            .map(|h| {
                h.value
                    .get(phonon::pattern::Sym::S)
                    .map(|v| format!("{v:?}"))
            })
            .collect::<Vec<_>>()
    });
    assert!(
        names
            .iter()
            .all(|n| n.as_deref().is_some_and(|s| s.contains("Str"))),
        "{names:?}"
    );
    // A bare string of words and numbers is sounds: the kit has no `808`, and the error says so
    // (before, the number was dropped silently).
    let lib = phonon::samples::Library::with_kit(44100.0);
    let err = phonon::engine::LoadedProgram::compile_with_samples(
        "d1 $ \"bd 808\" <| n \"0 1\"",
        &lib,
        &phonon::samples::BankIndex::empty(),
        &phonon::lang::CompileOptions::new(4.0),
    )
    .err()
    .expect("808 is not in the kit");
    assert!(err.message.contains("unknown sample `808`"), "{err}");
}

#[test]
fn strudel_set_default_voicings_is_every_voicings_dictionary_wherever_it_stands() {
    let legacy = "$: chord(\"<C Am7 F^7 G7>\").dict('legacy').voicing().s(\"piano\")";
    let set = "setDefaultVoicings('legacy')\n$: chord(\"<C Am7 F^7 G7>\").voicing().s(\"piano\")";
    let set_after =
        "$: chord(\"<C Am7 F^7 G7>\").voicing().s(\"piano\")\nsetDefaultVoicings('legacy')";
    same(set, legacy);
    same(set_after, legacy);
    differ(set, "$: chord(\"<C Am7 F^7 G7>\").voicing().s(\"piano\")");
    // A chord that names its dictionary keeps it.
    same(
        "setDefaultVoicings('legacy')\n$: chord(\"<C Am7>\").dict('triads').voicing().s(\"piano\")",
        "$: chord(\"<C Am7>\").dict('triads').voicing().s(\"piano\")",
    );
    let Err(e) = compile_program("setDefaultVoicings('jazzy')\n$: s(\"bd\")", 4.0) else {
        panic!("an unknown dictionary compiled");
    };
    assert!(
        e.to_string().contains("no voicing dictionary `jazzy`"),
        "{e}"
    );
}

#[test]
fn strudel_arrange_of_one_section() {
    same("arrange([2, s(\"bd sd\")])", "s(\"bd sd\")");
}
