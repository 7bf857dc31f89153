//! Events' code locations (`Hap::locs`, for the editor's live code): compiling with locations
//! changes no event, and every location is a word of the code. Over every pattern of the
//! conformance corpus, in both front-ends.

use bumpalo::Bump;
use phonon::lang::value::locate_in;
use phonon::lang::{compile_expr, compile_strudel_expr};
use phonon::pattern::{Ctx, Locs, Pattern, Span, Time};
use std::cell::Cell;
use std::path::PathBuf;

const CYCLES: i64 = 4;

/// Each event of `p` over the first cycles, without its locations, and its locations' texts.
fn events(p: &Pattern, code: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let arena = Bump::new();
    let overflow = Cell::new(0);
    let ctx = Ctx::new(&arena, &overflow);
    let haps = p.query(
        &ctx,
        Span::new(Time::from_integer(0), Time::from_integer(CYCLES)),
    );
    let plain = haps
        .iter()
        .map(|h| format!("{:?}", h.with_locs(Locs::NONE)))
        .collect();
    let words = haps
        .iter()
        .map(|h| {
            h.locs
                .as_slice()
                .iter()
                .map(|l| code[l.start as usize..l.end as usize].to_string())
                .collect()
        })
        .collect();
    (plain, words)
}

#[test]
fn locations_change_no_event_and_name_words_of_the_code() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/corpus.json");
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let (mut located, mut total) = (0, 0);
    type Compile = fn(&str) -> Result<Pattern, phonon::lang::error::LangError>;
    let fronts: [(&str, Compile); 2] =
        [("phonon", compile_expr), ("strudel", compile_strudel_expr)];
    for case in &cases {
        for (field, compile) in fronts {
            let Some(code) = case[field].as_str() else {
                continue;
            };
            let Ok(plain) = compile(code) else { continue };
            let with_locs = {
                let _locate = locate_in(Some(code));
                compile(code).unwrap()
            };
            let (a, no_words) = events(&plain, code);
            let (b, words) = events(&with_locs, code);
            assert_eq!(a, b, "{field} `{code}`: the events differ with locations");
            assert!(
                no_words.iter().all(Vec::is_empty),
                "{code}: located without asking"
            );
            for w in words.iter().flatten() {
                assert!(
                    !w.is_empty()
                        && !w.contains(|c: char| c.is_whitespace() || "\"'`[]<>{}(),".contains(c)),
                    "{field} `{code}`: location `{w}` is not a word"
                );
            }
            total += 1;
            located += words.iter().any(|w| !w.is_empty()) as usize;
        }
    }
    // Every case has mini-notation except those written only with numbers and functions.
    assert!(total >= 500, "{total} cases");
    assert!(
        located * 10 >= total * 9,
        "only {located} of {total} cases located"
    );
}

/// `s "bd sn" # n "<0 3>"`: each event carries its sound's word and its number's, and the
/// controls that made them (`s`, `n`).
#[test]
fn combined_events_carry_both_sides_words() {
    let code = "s \"bd sn\" # n \"<0 3>\"";
    let p = {
        let _locate = locate_in(Some(code));
        compile_expr(code).unwrap()
    };
    let (_, words) = events(&p, code);
    assert_eq!(
        words[..4],
        [
            ["bd", "s", "0", "n"].map(String::from).to_vec(),
            ["sn", "s", "0", "n"].map(String::from).to_vec(),
            ["bd", "s", "3", "n"].map(String::from).to_vec(),
            ["sn", "s", "3", "n"].map(String::from).to_vec(),
        ]
    );
}
