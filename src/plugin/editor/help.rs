//! Help while typing: the names the language knows with their one-line doc and example (from
//! the one table of each kind: builtins, controls, signal nodes, sounds, scales), completion of
//! the word being typed, the doc of the name under the cursor, and comment toggling.

use crate::lang::strudel::Dialect;
use std::sync::OnceLock;

/// One name the editor can complete and explain.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub name: String,
    /// What it is: "function", "control", "signal", "sound", "scale".
    pub kind: &'static str,
    /// Its inputs, for signal nodes (`lpf freq q`).
    pub signature: String,
    pub doc: String,
    pub example: String,
}

/// Every entry, sorted by name (built once, on the editor thread).
pub fn entries() -> &'static [Entry] {
    static ALL: OnceLock<Vec<Entry>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<Entry> = vec![];
        let mut add = |name: &str, kind, signature: String, doc: &str, example: &str| {
            if !name.contains(':') && !v.iter().any(|e| e.name == name) {
                v.push(Entry {
                    name: name.to_string(),
                    kind,
                    signature,
                    doc: doc.to_string(),
                    example: example.to_string(),
                });
            }
        };
        for d in crate::dsp::registry::NODES {
            let params: Vec<&str> = d.params().map(|i| i.name).collect();
            add(d.name, "signal", params.join(" "), d.doc, d.example);
        }
        for b in crate::lang::builtins::builtins() {
            add(b.name, "function", String::new(), b.doc, b.example);
        }
        for c in crate::pattern::control_table::CONTROLS {
            for n in std::iter::once(&c.name).chain(c.aliases) {
                add(n, "control", String::new(), c.doc, c.example);
            }
        }
        for s in crate::engine::synth::SynthKind::NAMES {
            let ex = format!("out $ n \"0 7\" # s \"{s}\"");
            add(s, "sound", String::new(), "A synth voice.", &ex);
        }
        for s in crate::samples::kit::names() {
            let ex = format!("out $ s \"{s}*2\"");
            add(
                s,
                "sound",
                String::new(),
                "A sound of the embedded kit.",
                &ex,
            );
        }
        for (names, intervals) in crate::pattern::theory::chords::CHORD_TABLE {
            let doc = format!(
                "A chord (after a note and `'`): semitones {intervals:?}{}.",
                if names.len() > 1 {
                    format!("; also {}", names.join(", "))
                } else {
                    String::new()
                }
            );
            for n in names.iter() {
                let ex = format!("out $ n \"c'{n} e'{n}\" # s \"superpiano\"");
                add(n, "chord", String::new(), &doc, &ex);
            }
        }
        add(
            "macro",
            "function",
            String::new(),
            "Macro k (1 to 8) as `m<k>` reads it, named for the knob and the host.",
            "out $ s \"bd*4\" # speed (macro 1 \"pitch\" + 1)",
        );
        for (s, _) in crate::pattern::theory::scales::SCALES {
            let ex = format!("out $ n (scale \"{s}\" \"0 .. 7\")");
            add(s, "scale", String::new(), "A scale.", &ex);
        }
        v.sort_by(|a, b| a.name.cmp(&b.name));
        v
    })
}

/// The entry named `name`: one of `extra` (the user's sample folders, which the compiler
/// prefers to a kit sound of the same name) or the language's.
pub fn lookup_in<'e>(name: &str, extra: &'e [Entry]) -> Option<&'e Entry> {
    let all = entries();
    extra.iter().find(|e| e.name == name).or_else(|| {
        all.binary_search_by(|e| e.name.as_str().cmp(name))
            .ok()
            .map(|i| &all[i])
    })
}

/// The language's entry named `name`.
pub fn lookup(name: &str) -> Option<&'static Entry> {
    lookup_in(name, &[])
}

/// Entries starting with `prefix` (case-sensitive, at most `max`) among the language's and
/// `extra` (sorted by name; an entry of `extra` replaces the language's sound of its name),
/// in name order, so the exact name comes first.
pub fn complete(prefix: &str, max: usize, extra: &[Entry]) -> Vec<Entry> {
    if prefix.is_empty() {
        return vec![];
    }
    let starting = |all: &[Entry]| {
        let from = all.partition_point(|e| e.name.as_str() < prefix);
        let n = all[from..]
            .iter()
            .take_while(|e| e.name.starts_with(prefix))
            .count();
        from..from + n
    };
    let all = entries();
    let mine = &extra[starting(extra)];
    let mut out: Vec<Entry> = mine.iter().take(max).cloned().collect();
    out.extend(
        all[starting(all)]
            .iter()
            .filter(|e| !(e.kind == "sound" && mine.iter().any(|x| x.name == e.name)))
            .take(max)
            .cloned(),
    );
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.truncate(max);
    out
}

/// Completions for the word being typed: after a note and `'` (`c'ma`), chord names for the
/// part after the `'`; otherwise [`complete`] (with the user's sample folders, `extra`).
/// Returns how many characters of the word stay (the note and `'`) and the entries.
pub fn complete_word(prefix: &str, max: usize, extra: &[Entry]) -> (usize, Vec<Entry>) {
    match prefix.rsplit_once('\'') {
        Some((head, tail)) if !head.is_empty() && !tail.is_empty() => {
            let keep = head.chars().count() + 1;
            let chords = complete(tail, usize::MAX, &[])
                .into_iter()
                .filter(|e| e.kind == "chord")
                .take(max)
                .collect();
            (keep, chords)
        }
        _ => (0, complete(prefix, max, extra)),
    }
}

/// The one-line help for an entry: `name inputs (kind): doc  e.g. example`.
pub fn doc_line(e: &Entry) -> String {
    let sig = if e.signature.is_empty() {
        String::new()
    } else {
        format!(" {}", e.signature)
    };
    format!(
        "{}{sig} ({}): {}   e.g. {}",
        e.name, e.kind, e.doc, e.example
    )
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

/// The word around character `at` of `text` (`at` may be just after it): its character range.
pub fn word_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let at = at.min(chars.len());
    let mut a = at;
    while a > 0 && is_word(chars[a - 1]) {
        a -= 1;
    }
    let mut b = at;
    while b < chars.len() && is_word(chars[b]) {
        b += 1;
    }
    (a < b).then_some((a, b))
}

/// The part of the word before character `at` (what is being typed).
pub fn prefix_at(text: &str, at: usize) -> Option<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let at = at.min(chars.len());
    let mut a = at;
    while a > 0 && is_word(chars[a - 1]) {
        a -= 1;
    }
    (a < at).then(|| (a, chars[a..at].iter().collect()))
}

/// Comments out the lines holding characters `a..b` of `text` (or uncomments them, when every
/// one is a comment) with the language's line comment; returns the new text.
pub fn toggle_comment(text: &str, a: usize, b: usize, dialect: Dialect) -> String {
    let mark = match dialect {
        Dialect::Tidal => "-- ",
        Dialect::Strudel => "// ",
    };
    let bare = mark.trim_end();
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    // The lines the range touches.
    let (mut first, mut last, mut pos) = (usize::MAX, 0, 0);
    for (i, l) in lines.iter().enumerate() {
        let end = pos + l.chars().count();
        if end >= a.min(b) && pos <= a.max(b) {
            first = first.min(i);
            last = i;
        }
        pos = end + 1;
    }
    if first == usize::MAX {
        return text.to_string();
    }
    let all_commented = lines[first..=last]
        .iter()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with(bare));
    for l in &mut lines[first..=last] {
        let indent = l.len() - l.trim_start().len();
        if all_commented {
            let rest = &l[indent..];
            let rest = rest
                .strip_prefix(mark)
                .or_else(|| rest.strip_prefix(bare))
                .unwrap_or(rest);
            *l = format!("{}{rest}", &l[..indent]);
        } else if !l.trim().is_empty() {
            l.insert_str(indent, mark);
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_lists_names_with_their_docs() {
        let jux: Vec<String> = complete("jux", 8, &[])
            .into_iter()
            .map(|e| e.name)
            .collect();
        assert_eq!(jux[0], "jux", "{jux:?}");
        assert!(jux.iter().any(|n| n == "juxBy"), "{jux:?}");
        let e = lookup("lpf").expect("a signal node");
        assert_eq!(e.kind, "signal");
        assert!(e.signature.starts_with("cutoff"), "{e:?}");
        assert!(doc_line(e).contains("e.g. "));
        assert_eq!(lookup("superpiano").map(|e| e.kind), Some("sound"));
        assert_eq!(lookup("dorian").map(|e| e.kind), Some("scale"));
        assert!(complete("", 8, &[]).is_empty());
        // Chord names after a note and `'`; `macro` and chords are documented names.
        let (keep, chords) = complete_word("c'maj", 8, &[]);
        assert_eq!(keep, 2);
        let names: Vec<&str> = chords.iter().map(|e| e.name.as_str()).collect();
        assert!(
            names.contains(&"maj7") && names.contains(&"major"),
            "{names:?}"
        );
        assert!(chords.iter().all(|e| e.kind == "chord"));
        assert!(lookup("m7").is_some_and(|e| e.kind == "chord"));
        assert!(lookup("macro").is_some());
    }

    #[test]
    fn the_examples_made_here_compile() {
        // Functions', controls' and nodes' examples are checked with their tables
        // (tests/language_docs.rs, tests/pattern_docs.rs); these are written in this file.
        let here = ["chord", "sound", "scale"];
        for e in entries()
            .iter()
            .filter(|e| here.contains(&e.kind) || e.name == "macro")
        {
            if let Err(err) = crate::lang::compile_program(&e.example, 4.0) {
                panic!("{} ({}): `{}`: {err}", e.name, e.kind, e.example);
            }
        }
    }

    #[test]
    fn the_word_at_the_cursor() {
        let t = "out $ jux rev";
        assert_eq!(word_at(t, 8), Some((6, 9)));
        assert_eq!(word_at(t, 9), Some((6, 9)));
        assert_eq!(prefix_at(t, 8), Some((6, "ju".to_string())));
        assert_eq!(word_at(t, 5), None);
    }

    #[test]
    fn comments_toggle_per_language() {
        let t = "d1 $ s \"bd\"\n  # gain 1";
        let c = toggle_comment(t, 0, 14, Dialect::Tidal);
        assert_eq!(c, "-- d1 $ s \"bd\"\n  -- # gain 1");
        assert_eq!(
            toggle_comment(&c, 0, 30, Dialect::Tidal),
            "d1 $ s \"bd\"\n  # gain 1"
        );
        assert_eq!(
            toggle_comment("s(\"bd\")", 2, 2, Dialect::Strudel),
            "// s(\"bd\")"
        );
    }
}
