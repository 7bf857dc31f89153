//! The error catalogue: bad programs and the exact error each one reports (`LangError`'s
//! Display: "line L, column C: message", the source line, a caret), snapshot-checked with insta
//! (`tests/snapshots/errors__*.snap`, reviewed with `cargo insta review`).
//!
//! Every program goes through the same path as the plugin and `phonon check`:
//! `LoadedProgram::compile_with_samples` against the embedded kit, so unknown sample names are
//! caught too. Besides the snapshot, each case checks mechanically that the caret sits under the
//! reported column of the reported line of the source.

use phonon::engine::LoadedProgram;
use phonon::lang::CompileOptions;
use phonon::samples::{BankIndex, Library};
use std::sync::OnceLock;

fn kit() -> &'static Library {
    static KIT: OnceLock<Library> = OnceLock::new();
    KIT.get_or_init(|| Library::with_kit(48000.0))
}

/// Compiles `src`, which must fail, and returns the rendered error after checking its shape.
fn error_of(src: &str) -> String {
    let err = match LoadedProgram::compile_with_samples(
        src,
        kit(),
        &BankIndex::empty(),
        &CompileOptions::new(4.0),
    ) {
        Ok(_) => panic!("expected an error for:\n{src}"),
        Err(e) => e,
    };
    let text = err.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "three lines (message, source, caret):\n{text}"
    );
    assert!(
        lines[0].starts_with(&format!("line {}, column {}: ", err.line, err.col)),
        "{text}"
    );
    let src_line = src.lines().nth(err.line - 1).unwrap_or("");
    assert_eq!(
        lines[1],
        format!("  {src_line}"),
        "the source line is the reported line:\n{text}"
    );
    assert_eq!(
        lines[2],
        format!("  {}^", " ".repeat(err.col - 1)),
        "{text}"
    );
    assert!(
        err.col <= src_line.chars().count() + 1,
        "the caret is on the line:\n{text}"
    );
    text
}

/// One catalogue entry: a test named `$name` whose snapshot shows the program and its error.
macro_rules! bad {
    ($name:ident, $src:expr) => {
        #[test]
        fn $name() {
            let src: &str = $src;
            let shown = format!("{src}\n----\n{}", error_of(src));
            insta::assert_snapshot!(stringify!($name), shown);
        }
    };
}

// Names: typos get the nearest known name.
bad!(typo_function, "out $ fsat 2 $ s \"bd sn\"");
bad!(
    typo_function_in_argument,
    "out $ every 4 (fats 2) $ s \"bd sn\""
);
bad!(typo_control, "out $ s \"bd*2\" # gian 0.5");
bad!(unknown_function_far_from_all, "out $ wobblify $ s \"bd\"");
bad!(unknown_bus, "~drums $ s \"bd*4\"\nout $ ~drumz # gain 0.8");
bad!(bus_used_before_defined, "out $ ~drums\n~drums $ s \"bd*4\"");
bad!(
    unknown_modifier_bus,
    "~fx # speed 2\nout $ s \"bd sn\" # ~fz"
);
bad!(unknown_sample, "out $ s \"bd brks125\"");
bad!(unknown_sample_typo, "out $ sound \"bd*2 [~ snn]\"");
bad!(
    unknown_sample_later_line,
    "tempo: 0.5\nout $ stack [s \"bd*2\",\n    s \"hh*4 clap\"]"
);
bad!(unknown_chord, "out $ note \"c'nope\" # s \"superpiano\"");
bad!(bad_chord_root, "out $ note \"h4'maj\" # s \"superpiano\"");

// Strings, brackets and parentheses in code.
bad!(unclosed_string, "out $ s \"bd sn");
bad!(unclosed_paren, "out $ every 4 (fast 2 $ s \"bd sn\"");
bad!(unclosed_list, "out $ stack [s \"bd\", s \"sn\"");
bad!(list_missing_comma, "out $ stack [s \"bd\" s \"sn\"]");
bad!(extra_close_paren, "out $ s \"bd sn\")");
bad!(unexpected_character, "out $ s \"bd\" @ 2");
bad!(unknown_operator, "out $ s \"bd\" #> speed 2");

// Mini-notation.
bad!(mini_unclosed_bracket, "out $ s \"[bd sn\"");
bad!(mini_unclosed_angle, "out $ s \"<bd sn\"");
bad!(mini_unclosed_brace, "out $ s \"{bd sn, hh hh hh\"");
bad!(mini_extra_close, "out $ s \"bd sn]\"");
bad!(mini_euclid_unfinished, "out $ s \"bd(3,\"");
bad!(mini_euclid_no_comma, "out $ s \"bd(3 8)\"");
bad!(mini_fast_without_factor, "out $ s \"bd*\"");
bad!(mini_slow_without_factor, "out $ s \"bd sn/\"");
bad!(mini_empty_group, "out $ s \"bd [] sn\"");
bad!(mini_bad_char, "out $ s \"bd & sn\"");
bad!(
    mini_in_later_line,
    "out $ stack [s \"bd*2\",\n  s \"hh [sn\"]"
);
bad!(mini_dangling_slow, "out $ s \"bd/ sn\"");
bad!(mini_dangling_fast, "out $ s \"bd* 2 sn\"");
bad!(mini_word_as_factor, "out $ s \"bd*x sn\"");
bad!(mini_word_in_factor_pattern, "out $ s \"bd*<2 x>\"");
bad!(mini_euclid_no_pulses, "out $ s \"bd(,8)\"");
bad!(mini_euclid_word_steps, "out $ s \"bd(3,eight)\"");
bad!(mini_fast_close_bracket, "out $ s \"[bd*] sn\"");

// Operators and statements.
bad!(doubled_dollar, "out $ $ s \"bd\"");
bad!(trailing_operator, "out $ s \"bd\" # gain 0.5 #");
bad!(missing_dollar_after_out, "out # s \"bd sn\"");
bad!(expression_without_output, "s \"bd sn\" # gain 0.8");
bad!(function_call_as_statement, "fast 2 $ s \"bd sn\"");
bad!(
    blank_line_then_continuation,
    "out $ s \"bd sn\"\n\n# gain 0.5"
);
bad!(tempo_without_value, "tempo:\nout $ s \"bd\"");
bad!(tempo_negative, "tempo: -1\nout $ s \"bd\"");
bad!(bpm_zero, "bpm: 0\nout $ s \"bd\"");
bad!(tempo_without_colon, "tempo 0.5\nout $ s \"bd\"");
bad!(tempo_a_pattern, "cps: \"0.5 1\"\nout $ s \"bd\"");

// Tidal's syntax.
bad!(
    recursive_definition,
    "let f x = f (fast 2 x)\nd1 $ f $ s \"bd sn\""
);
bad!(
    mutually_recursive_definitions,
    "let a = fast 2 b\n    b = rev a\nd1 $ a"
);
bad!(
    lambda_without_arrow,
    "d1 $ every 2 (\\p p # speed 2) $ s \"bd\""
);
bad!(definition_without_equals, "let pat s \"bd sn\"\nd1 $ pat");
bad!(let_without_in, "d1 $ let p = s \"bd\" p");
bad!(zero_width_space, "d1 $ s \"bd\" #\u{200B} speed 2");
bad!(typographic_quote, "d1 $ s \u{201C}bd sn\u{201D}");
bad!(
    tidal_name_not_yet,
    "d1 $ s \"alphabet*4\" # nTake \"susan\" [0, 1]"
);
bad!(meaning_suggestion, "d1 $ s \"bd\" # volume 0.5");
bad!(haskell_if, "d1 $ if True then s \"bd\" else s \"sn\"");
bad!(transition_without_cycles, "xfadeIn 1 $ s \"bd\"");
bad!(stream_number_out_of_range, "p 17 $ s \"bd\"");
// Found by the `tidal` fuzz target: a block comment holding characters of several bytes.
bad!(unclosed_block_comment, "d1 $ s \"bd\" {- é ∞ \u{FFFD}");
bad!(output_out_of_range, "o17 $ s \"bd\"");
bad!(bus_without_value, "~drums:\nout $ s \"bd\"");

// Values in the wrong place.
bad!(number_applied, "out $ 3 4");
bad!(number_applied_in_chain, "out $ s \"bd\" # gain 0.5 0.8");
bad!(string_as_function, "out $ every 2 \"bd\" $ s \"bd sn\"");
bad!(string_applied, "out $ \"bd sn\" 2");
bad!(function_as_output, "out $ fast 2");
bad!(section_as_output, "out $ (# speed 2)");
bad!(missing_function_argument, "out $ every 2 $ s \"bd sn\"");
bad!(stack_without_list, "out $ stack s \"bd\"");
bad!(zoom_without_pair, "out $ zoom 0.25 $ s \"bd sn\"");
bad!(
    signal_where_pattern_expected,
    "out $ fast (sine 2) $ s \"bd sn\""
);
bad!(
    negative_number_without_parentheses,
    "out $ s \"bd*2\" # n -1"
);
bad!(too_many_filter_arguments, "out $ saw 110 # lpf 800 0.5 0.3");
bad!(composition_of_a_pattern, "out $ s \"bd\" . fast 2");
bad!(bus_missing_operator, "~drums s \"bd*4\"\nout $ ~drums");
bad!(output_without_value, "o2 $\nout $ s \"bd\"");
bad!(dollar_between_values, "out $ s \"bd\" $ s \"sn\"");
bad!(word_where_number_expected, "out $ fast \"x\" $ s \"bd sn\"");
bad!(
    word_in_number_pattern,
    "out $ every \"<2 three>\" (fast 2) $ s \"bd sn\""
);
bad!(word_as_control_number, "out $ s \"bd*2\" # gain \"1 loud\"");
bad!(
    word_as_probability,
    "out $ sometimesBy \"half\" (# speed 2) $ s \"hh*8\""
);
bad!(tuple_as_output, "out $ (s \"bd*2\", s \"hh*4\")");
bad!(tuple_as_bus, "~drums $ (s \"bd\", s \"sn\")\nout $ ~drums");

#[test]
fn check_command_prints_the_error_and_fails() {
    let dir = std::env::temp_dir().join(format!("phonon-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.ph");
    std::fs::write(&file, "tempo: 0.5\nout $ fsat 2 $ s \"bd sn\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_phonon"))
        .arg("check")
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit code; stderr:\n{stderr}");
    assert!(
        stderr.contains("line 2, column 7: unknown function `fsat`, did you mean `fast`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\n  out $ fsat 2 $ s \"bd sn\"\n        ^"),
        "the caret under `fsat`:\n{stderr}"
    );

    let good = dir.join("good.ph");
    std::fs::write(&good, "out $ s \"bd sn\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_phonon"))
        .arg("check")
        .arg(&good)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
