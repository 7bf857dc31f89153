//! LANGUAGE.md is tested: every example in it is compiled and rendered through the engine for 2
//! cycles with the embedded kit (44.1 kHz) and must give finite, audible sound.
//!
//! Examples are the ```phonon fenced blocks, and the inline code in table rows that starts with
//! an output (`out $ ...`, `o1 $ ...`; `\|` in a table cell is `|`). A block marked
//! ```phonon-silent must compile and render finite sound (it may be silent); a block marked
//! ```phonon-error must fail to compile. Every builtin function of
//! `phonon::lang::builtins::builtins()` must be documented (named in a table row), and every
//! name of the language (builtins, controls, signal nodes, effects, envelopes: the tables the
//! evaluator builds) must have a table row with an example that uses it.
//!
//! The examples of the section "Strudel's sound (superdough)" play through Strudel's output
//! stage (`SoundStage::Dough`), the rest through SuperDirt's.

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
    /// In the section on Strudel's sound stage: rendered under `SoundStage::Dough`.
    dough: bool,
}

/// The heading of the section whose examples play through `SoundStage::Dough`.
const DOUGH_SECTION: &str = "## Strudel's sound (superdough)";

fn language_md() -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("LANGUAGE.md");
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The inline code spans of a markdown line.
fn code_spans(line: &str) -> Vec<String> {
    let parts: Vec<&str> = line.split('`').collect();
    parts
        .iter()
        .skip(1)
        .step_by(2)
        .take((parts.len() - 1) / 2)
        .map(|s| s.to_string())
        .collect()
}

/// `out $ ...`, `o1 $ ...`, `d1 $ ...`, or Strudel's `s("bd").fast(2)`: a whole program in a
/// table cell.
fn is_program(code: &str) -> bool {
    use phonon::lang::strudel::{detect, Dialect};
    if code.contains('(') && detect(code) == Dialect::Strudel {
        return true;
    }
    let mut words = code.split_whitespace();
    let head = words.next().unwrap_or("");
    let output = head == "out"
        || (head.len() > 1
            && head.starts_with(['o', 'd'])
            && head[1..].chars().all(|c| c.is_ascii_digit()));
    output && words.next() == Some("$")
}

fn examples(md: &str) -> Vec<Example> {
    let mut out = vec![];
    // An open fence: its first line, its kind (`None` for other languages), its text.
    let mut block: Option<(usize, Option<Kind>, String)> = None;
    let mut dough = false;
    for (i, line) in md.lines().enumerate() {
        if line.starts_with("## ") {
            dough = line.trim() == DOUGH_SECTION;
        }
        if let Some((start, kind, code)) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                if let Some(kind) = *kind {
                    out.push(Example {
                        line: *start,
                        kind,
                        code: std::mem::take(code),
                        dough,
                    });
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
                "phonon" | "strudel" => Some(Kind::Audible),
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
                    out.push(Example {
                        line: i + 1,
                        kind: Kind::Audible,
                        code,
                        dough,
                    });
                }
            }
        }
    }
    assert!(block.is_none(), "LANGUAGE.md ends inside a code block");
    out
}

/// Renders `src` as the Strudel front-end's programs play: through `SoundStage::Dough`.
fn render_dough(
    src: &str,
    lib: &Library,
    spec: &RenderSpec,
) -> Result<phonon::cli::render::Rendered, phonon::lang::LangError> {
    use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram, SoundStage};
    let opts = phonon::lang::CompileOptions::new(spec.beats_per_cycle);
    let mut p = phonon::lang::compile_program_with(src, &opts)?;
    p.sound_stage = SoundStage::Dough;
    let cps = p.cps.unwrap_or(0.5);
    let program = LoadedProgram::from_program(p, src, lib, &opts)?;
    let mut engine = Engine::new(spec.sample_rate as f64, std::sync::Arc::new(Handoff::new()));
    engine.set_program(program);
    let total = (spec.cycles / cps * spec.sample_rate as f64).round() as usize;
    let (mut left, mut right) = (vec![0.0f32; total], vec![0.0f32; total]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: spec.beats_per_cycle,
    };
    for (l, r) in left.chunks_mut(512).zip(right.chunks_mut(512)) {
        engine.process(input, l, r);
    }
    Ok(phonon::cli::render::Rendered {
        left,
        right,
        cps,
        counters: Default::default(),
    })
}

/// Checks one example; `Err` describes what is wrong.
fn check(lib: &Library, ex: &Example) -> Result<(), String> {
    let spec = RenderSpec {
        sample_rate: SR,
        cycles: 2.0,
        beats_per_cycle: 4.0,
    };
    let result = if ex.dough {
        render_dough(&ex.code, lib, &spec)
    } else {
        render(&ex.code, lib, &spec, || 512, |_, _| {})
    };
    match (ex.kind, result) {
        (Kind::Error, Ok(_)) => Err("compiles, but it is marked phonon-error".into()),
        (Kind::Error, Err(_)) => Ok(()),
        (_, Err(e)) => Err(format!("does not compile:\n{e}")),
        (kind, Ok(r)) => {
            if !r.left.iter().chain(&r.right).all(|x| x.is_finite()) {
                return Err("renders non-finite samples".into());
            }
            let peak = r
                .left
                .iter()
                .chain(&r.right)
                .fold(0.0f32, |m, x| m.max(x.abs()));
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
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(4);
    let chunk = all.len().div_ceil(threads);
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = all
            .chunks(chunk)
            .map(|part| {
                let lib = lib.clone();
                s.spawn(move || {
                    part.iter()
                        .filter_map(|ex| {
                            check(&lib, ex)
                                .err()
                                .map(|why| format!("LANGUAGE.md:{}: {why}\n{}", ex.line, ex.code))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("no panic"))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n\n{}",
        failures.len(),
        all.len(),
        failures.join("\n\n")
    );
}

/// Each DSP node's own example (its `NodeDef`) renders audible, finite sound.
#[test]
fn every_node_example_renders() {
    let lib = Library::with_kit(SR as f32);
    for def in phonon::dsp::registry::NODES {
        let ex = Example {
            line: 0,
            kind: Kind::Audible,
            code: def.example.to_string(),
            dough: false,
        };
        if let Err(e) = check(&lib, &ex) {
            panic!("node `{}`: example `{}` {e}", def.name, def.example);
        }
    }
}

#[test]
fn every_builtin_is_documented() {
    let md = language_md();
    let documented: std::collections::HashSet<String> = md
        .lines()
        .filter(|l| l.starts_with('|'))
        .flat_map(|l| code_spans(l.trim_matches('|').split('|').next().unwrap_or("")))
        .collect();
    let missing: Vec<&str> = phonon::lang::builtins::builtins()
        .iter()
        .map(|b| b.name)
        .filter(|n| !documented.contains(spelled(n)))
        .collect();
    assert!(
        missing.is_empty(),
        "builtins missing from LANGUAGE.md's tables: {missing:?}"
    );
}

/// Identifier characters of Phonon names (`chunk'`, `c4'maj` are one word).
fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

/// For each table row: the names its first cell defines (the first word of each code span) and
/// the example programs of its last cell.
fn rows(md: &str) -> Vec<(usize, Vec<String>, Vec<String>)> {
    md.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with('|'))
        .map(|(i, l)| {
            let unescaped = l.replace("\\|", "\u{1}");
            let cells: Vec<&str> = unescaped.trim().trim_matches('|').split('|').collect();
            let names = code_spans(cells[0])
                .iter()
                .filter_map(|c| c.split_whitespace().next().map(str::to_string))
                .collect();
            let examples = if cells.len() > 1 {
                code_spans(cells[cells.len() - 1])
                    .into_iter()
                    .map(|c| c.replace('\u{1}', "|"))
                    .filter(|c| is_program(c))
                    .collect()
            } else {
                vec![]
            };
            (i + 1, names, examples)
        })
        .collect()
}

/// How code spells a builtin: Strudel's versions of Tidal's names (`strudel:scale`) are
/// called by their Strudel name from Strudel code.
fn spelled(name: &str) -> &str {
    name.strip_prefix("strudel:").unwrap_or(name)
}

/// True when `name` is a word of `code`.
fn uses(code: &str, name: &str) -> bool {
    let name = spelled(name);
    code.split(|c: char| !is_ident(c)).any(|w| w == name)
}

/// Every name the language defines: the builtin table with its controls
/// (`builtins::table`, `pattern::controls::control_names`), what the signal, sampling and
/// arpeggio modules install over it (oscillators, filters, envelopes, effects and SuperDirt's
/// extra controls), exactly as `lang::eval::Env` builds it.
fn language_names() -> Vec<&'static str> {
    phonon::lang::language_names()
}

/// The sound controls the language promises are the control table's (each must be a name of
/// the language, so the tables above cannot lose one unnoticed, and so is documented by the
/// check below), as is every node of the DSP registry.
fn sound_controls() -> Vec<&'static str> {
    use phonon::pattern::control_table::{Plays, CONTROLS};
    CONTROLS
        .iter()
        .filter(|c| !matches!(c.plays, Plays::Not(_)))
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .collect()
}

#[test]
fn every_name_has_a_row_with_an_example_using_it() {
    let md = language_md();
    let rows = rows(&md);
    let names = language_names();
    let nodes: Vec<&str> = phonon::dsp::registry::NODES
        .iter()
        .map(|d| d.name)
        .collect();
    for n in nodes.iter().chain(&sound_controls()) {
        assert!(
            names.contains(n),
            "`{n}` is not a name of the language any more"
        );
    }
    assert!(
        names.len() >= phonon::lang::builtins::builtins().len() + 30,
        "only {} names",
        names.len()
    );
    // A control Phonon does not play yet is an error that says why, and LANGUAGE.md's
    // "Not yet supported" section names it.
    let not_yet = &md[md
        .find("## Not yet supported")
        .expect("a Not yet supported section")..];
    let unplayed: Vec<&str> = phonon::pattern::control_table::CONTROLS
        .iter()
        .filter(|c| matches!(c.plays, phonon::pattern::control_table::Plays::Not(_)))
        .map(|c| c.name)
        .collect();
    for n in &unplayed {
        assert!(
            not_yet.contains(&format!("`{n}`")),
            "`{n}` is not played: say so under Not yet supported"
        );
    }
    // A name is documented by a table row that defines it (in its first cell) and whose
    // examples (in its last cell; each rendered by `every_example_renders`) use it.
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !unplayed.contains(n))
        .filter(|n| {
            !rows.iter().any(|(_, defs, exs)| {
                defs.iter().any(|d| d == spelled(n)) && exs.iter().any(|e| uses(e, n))
            })
        })
        .map(|n| {
            let row = rows
                .iter()
                .find(|(_, defs, _)| defs.iter().any(|d| d == spelled(n)));
            match row {
                Some((line, _, _)) => {
                    format!("{n} (row at LANGUAGE.md:{line} has no example using it)")
                }
                None => format!("{n} (no row)"),
            }
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} names without a documented example:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn signal_mixing_and_panning_are_documented() {
    // Signals mix by arithmetic (`lang::signals::sig_binop`: + - * /) and take `# gain`/`# pan`
    // (`sig_hash`): these have no names in a table, so the Signals section must have a row for
    // them whose example mixes two signals and pans the result.
    let md = language_md();
    let start = md.find("\n## Signals").expect("a Signals section");
    let end = md[start + 1..]
        .find("\n## ")
        .map_or(md.len(), |e| start + 1 + e);
    let rows = rows(&md[start..end]);
    let row = rows
        .iter()
        .find(|(_, defs, _)| ["+", "#"].iter().all(|d| defs.iter().any(|x| x == d)));
    let (_, _, exs) = row.expect("a Signals row defining `+` (mixing) and `# pan` / `# gain`");
    assert!(
        exs.iter()
            .any(|e| e.contains(" + ") && e.contains("# pan") && e.contains("# gain")),
        "the mixing row's example must add signals and use `# gain` and `# pan`: {exs:?}"
    );
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

/// LANGUAGE.md's table of Tidal names not yet supported stays true: no name in it is a name
/// Phonon now knows, and every Tidal name the compiler calls "not supported yet" is in it.
#[test]
fn tidal_not_yet_table_is_current() {
    let md = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/LANGUAGE.md")).unwrap();
    let section = &md[md.find("### Not yet supported").unwrap()..];
    let known = phonon::lang::language_names();
    let mut listed = vec![];
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let first = line.split('|').nth(1).unwrap_or("");
        for name in first.split('`').skip(1).step_by(2) {
            listed.push(name.to_string());
        }
    }
    assert!(listed.len() > 50, "the table: {listed:?}");
    // A control that is an error saying why (`channel`) is known and still listed.
    let refused = |n: &str| {
        phonon::pattern::control_table::find(n)
            .is_some_and(|c| matches!(c.plays, phonon::pattern::control_table::Plays::Not(_)))
    };
    let stale: Vec<&String> = listed
        .iter()
        .filter(|n| known.contains(&n.as_str()) && !refused(n))
        .collect();
    assert!(
        stale.is_empty(),
        "listed as not supported but Phonon has them: {stale:?}"
    );
    for n in phonon::lang::names::TIDAL_NOT_YET {
        assert!(
            section.contains(&format!("`{n}`")),
            "`{n}` is reported as Tidal's, not supported yet: list it under Not yet supported"
        );
    }
}
