//! Syntax highlighting for the code box, in Tidal's syntax (and Phonon's) or Strudel's:
//! comments, strings (mini-notation), numbers, operators, buses, statement keywords and the
//! names of the language (functions, signal nodes, controls, live inputs, Strudel's names).

use crate::lang::strudel::Dialect;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

const COMMENT: Color32 = Color32::from_rgb(110, 120, 130);
const STRING: Color32 = Color32::from_rgb(152, 195, 121);
const NUMBER: Color32 = Color32::from_rgb(209, 154, 102);
const OPERATOR: Color32 = Color32::from_rgb(198, 120, 221);
const BUS: Color32 = Color32::from_rgb(97, 175, 239);
const KEYWORD: Color32 = Color32::from_rgb(229, 192, 123);
const NAME: Color32 = Color32::from_rgb(86, 182, 194);
const PLAIN: Color32 = Color32::from_rgb(220, 223, 228);

/// A name the language defines (`fast`, `lpf`, `gain`, `m1`, ...): built once, on the editor
/// thread.
fn is_name(w: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let live = [
                "held", "gate", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8",
            ];
            crate::lang::language_names()
                .into_iter()
                .chain(live)
                .collect()
        })
        .contains(w)
}

fn is_keyword(w: &str, dialect: Dialect) -> bool {
    if dialect == Dialect::Strudel {
        return matches!(
            w,
            "const"
                | "let"
                | "var"
                | "await"
                | "return"
                | "async"
                | "$"
                | "_$"
                | "setcps"
                | "setcpm"
                | "samples"
                | "register"
                | "all"
                | "hush"
        );
    }
    matches!(w, "out" | "tempo" | "cps" | "bpm")
        || (w.len() > 1
            && (w.starts_with('o') || w.starts_with('d'))
            && w[1..].chars().all(|c| c.is_ascii_digit()))
}

/// The length of the comment starting at `text`'s start, if one does: `--` in Tidal's syntax,
/// `//` and `/* */` in Strudel's.
fn comment_len(text: &str, dialect: Dialect) -> Option<usize> {
    let to_line_end = || text.find('\n').unwrap_or(text.len());
    match dialect {
        Dialect::Tidal if text.starts_with("--") => Some(to_line_end()),
        Dialect::Strudel if text.starts_with("//") => Some(to_line_end()),
        Dialect::Strudel if text.starts_with("/*") => {
            Some(text[2..].find("*/").map_or(text.len(), |e| e + 4))
        }
        _ => None,
    }
}

/// A layout job colouring `text` as `dialect`.
pub fn highlight(text: &str, font: FontId, dialect: Dialect) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut push = |s: &str, c: Color32| job.append(s, 0.0, TextFormat::simple(font.clone(), c));
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let js = dialect == Dialect::Strudel;
        let color = if let Some(n) = comment_len(&text[i..], dialect) {
            i += n;
            COMMENT
        } else if c == b'"' || (js && (c == b'\'' || c == b'`')) {
            // A string ends at its quote or the line end (a backtick string spans lines).
            i += 1;
            while i < b.len() && b[i] != c && (b[i] != b'\n' || c == b'`') {
                i += 1;
            }
            if i < b.len() && b[i] == c {
                i += 1;
            }
            STRING
        } else if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            NUMBER
        } else if c == b'~' && i + 1 < b.len() && b[i + 1].is_ascii_alphabetic() {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            BUS
        } else if c.is_ascii_alphabetic() || c == b'_' || (js && c == b'$') {
            let word_char = |x: u8| {
                x.is_ascii_alphanumeric() || x == b'_' || if js { x == b'$' } else { x == b'\'' }
            };
            while i < b.len() && word_char(b[i]) {
                i += 1;
            }
            if is_keyword(&text[start..i], dialect) {
                KEYWORD
            } else if is_name(&text[start..i])
                || (js && crate::lang::strudel::is_strudel_name(&text[start..i]))
            {
                NAME
            } else {
                PLAIN
            }
        } else if b"$.#+-*/<>|~%:=!?&".contains(&c) {
            i += 1;
            OPERATOR
        } else {
            // Any other character, whole (UTF-8 safe).
            i += text[i..]
                .chars()
                .next()
                .map(|ch| ch.len_utf8())
                .unwrap_or(1);
            PLAIN
        };
        push(&text[start..i], color);
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    /// The colour of every byte of `text` in its layout job.
    fn colours(text: &str) -> Vec<Color32> {
        let job = highlight(text, FontId::monospace(14.0), Dialect::Tidal);
        assert_eq!(job.text, text, "the job holds the text unchanged");
        let mut out = vec![];
        for s in &job.sections {
            assert_eq!(
                s.byte_range.start.0,
                out.len(),
                "sections cover the text without gaps"
            );
            out.resize(s.byte_range.end.0, s.format.color);
        }
        assert_eq!(out.len(), text.len());
        out
    }

    /// The tokens as (byte range, text, colour): runs of one colour (egui merges neighbouring
    /// sections of one format), split at whitespace except in comments and strings.
    fn tokens(text: &str) -> Vec<(Range<usize>, &str, Color32)> {
        let c = colours(text);
        let mut out = vec![];
        let mut i = 0;
        while i < text.len() {
            let keeps_spaces = c[i] == COMMENT || c[i] == STRING;
            if text.as_bytes()[i].is_ascii_whitespace() && !keeps_spaces {
                i += 1;
                continue;
            }
            let start = i;
            while i < text.len()
                && c[i] == c[start]
                && (keeps_spaces || !text.as_bytes()[i].is_ascii_whitespace())
            {
                i += 1;
            }
            out.push((start..i, &text[start..i], c[start]));
        }
        out
    }

    /// The colour of the token spanning exactly `range`.
    fn color_at(text: &str, range: Range<usize>) -> Color32 {
        let t = tokens(text);
        let found = t.iter().find(|(r, ..)| *r == range);
        found
            .unwrap_or_else(|| {
                panic!(
                    "no token at {range:?} ({:?}) in {t:?}",
                    &text[range.clone()]
                )
            })
            .2
    }

    #[test]
    fn each_kind_gets_its_colour_on_its_bytes() {
        let code = "out $ s \"bd*2 [~ sn]\" # gain 0.75 + ~lfo -- line end\no1 $ fast 2 ~drums";
        assert_eq!(
            tokens(code),
            vec![
                (0..3, "out", KEYWORD),
                (4..5, "$", OPERATOR),
                (6..7, "s", NAME),
                (8..21, "\"bd*2 [~ sn]\"", STRING),
                (22..23, "#", OPERATOR),
                (24..28, "gain", NAME),
                (29..33, "0.75", NUMBER),
                (34..35, "+", OPERATOR),
                (36..40, "~lfo", BUS),
                (41..52, "-- line end", COMMENT),
                (53..55, "o1", KEYWORD),
                (56..57, "$", OPERATOR),
                (58..62, "fast", NAME),
                (63..64, "2", NUMBER),
                (65..71, "~drums", BUS),
            ]
        );
        // The kinds are told apart by colour.
        let all = [COMMENT, STRING, NUMBER, OPERATOR, BUS, KEYWORD, NAME, PLAIN];
        for (i, a) in all.iter().enumerate() {
            assert!(
                all[i + 1..].iter().all(|b| b != a),
                "two kinds share the colour {a:?}"
            );
        }
    }

    #[test]
    fn a_comment_ends_at_its_line_end() {
        let code = "d1 $ s \"hh\" -- hats\n# lpf 300";
        assert_eq!(color_at(code, 12..19), COMMENT); // "-- hats", not the newline
        assert_eq!(&code[12..19], "-- hats");
        assert_eq!(color_at(code, 20..21), OPERATOR); // "#" on the next line
        assert_eq!(color_at(code, 22..25), NAME); // "lpf"
        assert_eq!(color_at(code, 26..29), NUMBER); // "300"
                                                    // A comment on the last line runs to the end of the text.
        assert_eq!(color_at("-- only a comment", 0..17), COMMENT);
    }

    #[test]
    fn dashes_inside_a_string_stay_in_the_string() {
        let code = "out $ s \"bd -- sn\" # speed 2";
        assert_eq!(color_at(code, 8..18), STRING); // "\"bd -- sn\""
        assert!(
            tokens(code).iter().all(|t| t.2 != COMMENT),
            "a comment was found in {code:?}"
        );
        assert_eq!(color_at(code, 19..20), OPERATOR);
        assert_eq!(color_at(code, 27..28), NUMBER);
        // An unterminated string stops at the line end; the next line is code again.
        let open = "s \"bd sn\nout";
        assert_eq!(color_at(open, 2..8), STRING);
        assert_eq!(color_at(open, 9..12), KEYWORD);
    }

    #[test]
    fn numbers_operators_buses_and_words() {
        let code = "~a1 <| 12.5 * m1 ~ % -3 tempo: bpm o16 d2 ok_' ~";
        let t: Vec<(&str, Color32)> = tokens(code).into_iter().map(|(_, s, c)| (s, c)).collect();
        assert_eq!(
            t,
            vec![
                ("~a1", BUS),
                ("<|", OPERATOR), // one operator colour for both characters
                ("12.5", NUMBER),
                ("*", OPERATOR),
                ("m1", NAME),    // a macro is a name of the language, not a number
                ("~", OPERATOR), // a lone tilde (no name after it)
                ("%", OPERATOR),
                ("-", OPERATOR),
                ("3", NUMBER),
                ("tempo", KEYWORD),
                (":", OPERATOR),
                ("bpm", KEYWORD),
                ("o16", KEYWORD),
                ("d2", KEYWORD),
                ("ok_'", PLAIN), // not a name the language defines
                ("~", OPERATOR), // a tilde at the end of the text
            ]
        );
        // Non-ASCII text is split on character boundaries (no panic, no byte lost).
        assert_eq!(
            tokens("é→ 1"),
            vec![(0..5, "é→", PLAIN), (6..7, "1", NUMBER)]
        );
    }

    #[test]
    fn strudel_code_is_coloured_as_javascript() {
        let code = "// drums\n$: s(\"bd sd\").lpf('800') /* x */ `a\nb`";
        let job = highlight(code, FontId::monospace(14.0), Dialect::Strudel);
        assert_eq!(job.text, code);
        let colour_of = |needle: &str| {
            let at = code.find(needle).unwrap();
            job.sections
                .iter()
                .find(|s| s.byte_range.start.0 <= at && at < s.byte_range.end.0)
                .unwrap()
                .format
                .color
        };
        assert_eq!(colour_of("// drums"), COMMENT);
        assert_eq!(colour_of("$:"), KEYWORD);
        assert_eq!(colour_of("\"bd sd\""), STRING);
        assert_eq!(colour_of("lpf"), NAME);
        assert_eq!(colour_of("'800'"), STRING);
        assert_eq!(colour_of("/* x */"), COMMENT);
        assert_eq!(colour_of("`a\nb`"), STRING);
        assert_eq!(colour_of("b`"), STRING, "a backtick string spans lines");
    }
}
