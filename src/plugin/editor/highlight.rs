//! Phonon syntax highlighting for the code box: comments, strings (mini-notation), numbers,
//! operators, buses and statement keywords.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId};

const COMMENT: Color32 = Color32::from_rgb(110, 120, 130);
const STRING: Color32 = Color32::from_rgb(152, 195, 121);
const NUMBER: Color32 = Color32::from_rgb(209, 154, 102);
const OPERATOR: Color32 = Color32::from_rgb(198, 120, 221);
const BUS: Color32 = Color32::from_rgb(97, 175, 239);
const KEYWORD: Color32 = Color32::from_rgb(229, 192, 123);
const PLAIN: Color32 = Color32::from_rgb(220, 223, 228);

fn is_keyword(w: &str) -> bool {
    matches!(w, "out" | "tempo" | "cps" | "bpm")
        || (w.len() > 1 && (w.starts_with('o') || w.starts_with('d')) && w[1..].chars().all(|c| c.is_ascii_digit()))
}

/// A layout job colouring `text`.
pub fn highlight(text: &str, font: FontId) -> LayoutJob {
    let mut job = LayoutJob::default();
    let mut push = |s: &str, c: Color32| job.append(s, 0.0, TextFormat::simple(font.clone(), c));
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let color = if text[i..].starts_with("--") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            COMMENT
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                i += 1;
            }
            if i < b.len() && b[i] == b'"' {
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
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'\'') {
                i += 1;
            }
            if is_keyword(&text[start..i]) {
                KEYWORD
            } else {
                PLAIN
            }
        } else if b"$.#+-*/<>|~%:".contains(&c) {
            i += 1;
            OPERATOR
        } else {
            // Any other character, whole (UTF-8 safe).
            i += text[i..].chars().next().map(|ch| ch.len_utf8()).unwrap_or(1);
            PLAIN
        };
        push(&text[start..i], color);
    }
    job
}
