//! LANGUAGE.md is tested: every example in it is compiled and rendered through the engine for 2
//! cycles with the embedded kit (44.1 kHz) and must give finite, audible sound.
//!
//! Examples are the ```phonon fenced blocks, and the inline code in table rows that starts with
//! an output (`out $ ...`, `o1 $ ...`; `\|` in a table cell is `|`). A block marked
//! ```phonon-silent must compile and render finite sound (it may be silent); a block marked
//! ```phonon-error must fail to compile. Every builtin function of
//! `phonon::lang::builtins::builtins()` must be documented (named in a table row).

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::Library;
use std::path::PathBuf;

const SR: u32 = 44100;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Audible,
    Silent,
    Error,
}

struct Example {
    line: usize,
    kind: Kind,
    code: String,
}

fn language_md() -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("LANGUAGE.md");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The inline code spans of a markdown line.
fn code_spans(line: &str) -> Vec<String> {
    let parts: Vec<&str> = line.split('`').collect();
    parts.iter().skip(1).step_by(2).take((parts.len() - 1) / 2).map(|s| s.to_string()).collect()
}

/// `out $ ...`, `o1 $ ...`, `d1 $ ...`: a whole program in a table cell.
fn is_program(code: &str) -> bool {
    let mut words = code.split_whitespace();
    let head = words.next().unwrap_or("");
    let output = head == "out" || (head.len() > 1 && head.starts_with(['o', 'd']) && head[1..].chars().all(|c| c.is_ascii_digit()));
    output && words.next() == Some("$")
}

fn examples(md: &str) -> Vec<Example> {
    let mut out = vec![];
    // An open fence: its first line, its kind (`None` for other languages), its text.
    let mut block: Option<(usize, Option<Kind>, String)> = None;
    for (i, line) in md.lines().enumerate() {
        if let Some((start, kind, code)) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                if let Some(kind) = *kind {
                    out.push(Example { line: *start, kind, code: std::mem::take(code) });
                }
                block = None;
            } else {
                code.push_str(line);
                code.push('\n');
            }
            continue;
        }
        if let Some(tag) = line.trim_start().strip_prefix("```") {
            let kind = match tag.trim() {
                "phonon" => Some(Kind::Audible),
                "phonon-silent" => Some(Kind::Silent),
                "phonon-error" => Some(Kind::Error),
                _ => None,
            };
            block = Some((i + 1, kind, String::new()));
            continue;
        }
        if line.starts_with('|') {
            // The example is in the row's last cell.
            let unescaped = line.replace("\\|", "\u{1}");
            let cells: Vec<&str> = unescaped.trim().trim_matches('|').split('|').collect();
            let last = cells.last().copied().unwrap_or("");
            for span in code_spans(last) {
                let code = span.replace('\u{1}', "|");
                if is_program(&code) {
                    out.push(Example { line: i + 1, kind: Kind::Audible, code });
                }
            }
        }
    }
    assert!(block.is_none(), "LANGUAGE.md ends inside a code block");
    out
}

/// Checks one example; `Err` describes what is wrong.
fn check(lib: &Library, ex: &Example) -> Result<(), String> {
    let spec = RenderSpec { sample_rate: SR, cycles: 2.0, beats_per_cycle: 4.0 };
    let result = render(&ex.code, lib, &spec, || 512, |_, _| {});
    match (ex.kind, result) {
        (Kind::Error, Ok(_)) => Err("compiles, but it is marked phonon-error".into()),
        (Kind::Error, Err(_)) => Ok(()),
        (_, Err(e)) => Err(format!("does not compile:\n{e}")),
        (kind, Ok(r)) => {
            if !r.left.iter().chain(&r.right).all(|x| x.is_finite()) {
                return Err("renders non-finite samples".into());
            }
            let peak = r.left.iter().chain(&r.right).fold(0.0f32, |m, x| m.max(x.abs()));
            if kind == Kind::Audible && peak < 1e-3 {
                return Err(format!("renders silence (peak {peak})"));
            }
            Ok(())
        }
    }
}

#[test]
fn every_example_renders() {
    let md = language_md();
    let all = examples(&md);
    assert!(all.len() >= 100, "found only {} examples", all.len());
    let lib = Library::with_kit(SR as f32);
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(4);
    let chunk = all.len().div_ceil(threads);
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = all
            .chunks(chunk)
            .map(|part| {
                let lib = lib.clone();
                s.spawn(move || {
                    part.iter()
                        .filter_map(|ex| check(&lib, ex).err().map(|why| format!("LANGUAGE.md:{}: {why}\n{}", ex.line, ex.code)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("no panic")).collect()
    });
    assert!(failures.is_empty(), "{} of {} examples fail:\n\n{}", failures.len(), all.len(), failures.join("\n\n"));
}

#[test]
fn every_builtin_is_documented() {
    let md = language_md();
    let documented: std::collections::HashSet<String> =
        md.lines().filter(|l| l.starts_with('|')).flat_map(|l| code_spans(l.trim_matches('|').split('|').next().unwrap_or(""))).collect();
    let missing: Vec<&str> =
        phonon::lang::builtins::builtins().iter().map(|b| b.name).filter(|n| !documented.contains(*n)).collect();
    assert!(missing.is_empty(), "builtins missing from LANGUAGE.md's tables: {missing:?}");
}

#[test]
fn the_example_extraction_sees_tables_and_fences() {
    let md = "| `out $ x` | `out $ s \"bd\" \\|+ n 1` |\n```phonon-error\nout $ fsat 2\n```\n```sh\nout $ nope\n```\n";
    let ex = examples(md);
    assert_eq!(ex.len(), 2);
    assert_eq!(ex[0].code, "out $ s \"bd\" |+ n 1");
    assert_eq!(ex[1].kind, Kind::Error);
    assert_eq!(ex[1].code, "out $ fsat 2\n");
}
