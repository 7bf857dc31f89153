//! Tokens of Phonon source, with byte offsets.

#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    /// `~name`
    Bus(String),
    /// An operator: `$ . # + - * / < > <~ ~> |+ +| |+| ...`
    Op(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Colon,
    /// `;`: separates Haskell bindings and statements on one line.
    Semi,
    Newline,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    /// True when the token starts a line (no indentation before it).
    pub line_start: bool,
    /// True when the token is the first on its line (after any indentation).
    pub first: bool,
    /// Its column, in characters from the start of its line (0-based): Haskell's layout.
    pub col: usize,
}

/// Splits source into tokens; `--` comments are dropped, newlines kept.
pub fn lex(src: &str) -> Result<Vec<Token>, (usize, String)> {
    let b = src.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    let mut at_line_start = true;
    let mut first_on_line = true;
    let mut line_begin = 0;
    // The column at byte `col_at` of the current line, advanced as tokens come (a long line
    // costs its length once, not once per token).
    let (mut col_at, mut col) = (0usize, 0usize);
    let mut column_of = |line_begin: usize, at: usize| {
        if col_at < line_begin || col_at > at {
            (col_at, col) = (line_begin, 0);
        }
        col = column_from(col, &src[col_at..at]);
        col_at = at;
        col
    };
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            out.push(Token {
                tok: Tok::Newline,
                start: i,
                end: i + 1,
                line_start: false,
                first: false,
                col: column_of(line_begin, i),
            });
            i += 1;
            at_line_start = true;
            first_on_line = true;
            line_begin = i;
            continue;
        }
        if c == b' ' || c == b'\t' || c == b'\r' {
            i += 1;
            at_line_start = false;
            continue;
        }
        // Spaces pasted from web pages (no-break, thin, ...) are spaces.
        if let Some(ch) = src[i..]
            .chars()
            .next()
            .filter(|ch| !ch.is_ascii() && ch.is_whitespace())
        {
            i += ch.len_utf8();
            at_line_start = false;
            continue;
        }
        // GHCi's commands (`:{`, `:}`, `:set -XOverloadedStrings`) at the start of a line.
        if at_line_start && c == b':' && src[i..].len() > 1 && !src[i..].starts_with("::") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if src[i..].starts_with("--") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        // Haskell's block comment `{- ... -}` (nested).
        if src[i..].starts_with("{-") {
            let start = i;
            let mut depth = 0;
            // Bytes, not `str` slices: the comment may hold any character.
            while i < b.len() {
                if b[i..].starts_with(b"{-") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"-}") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if b[i] == b'\n' {
                        line_begin = i + 1;
                    }
                    i += 1;
                }
            }
            if depth > 0 {
                return Err((start, "this comment `{-` has no closing `-}`".into()));
            }
            at_line_start = false;
            continue;
        }
        let start = i;
        let ls = at_line_start;
        let first = first_on_line;
        at_line_start = false;
        first_on_line = false;
        let tok = if c == b'"' {
            i += 1;
            let s0 = i;
            while i < b.len() && b[i] != b'"' {
                i += 1;
            }
            if i >= b.len() {
                return Err((start, "this string has no closing `\"`".into()));
            }
            let s = src[s0..i].to_string();
            i += 1;
            Tok::Str(s)
        } else if c.is_ascii_digit() || (c == b'.' && i + 1 < b.len() && b[i + 1].is_ascii_digit())
        {
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                if b[i] == b'.' && !(i + 1 < b.len() && b[i + 1].is_ascii_digit()) {
                    break;
                }
                i += 1;
            }
            if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
                let mut j = i + 1;
                if j < b.len() && (b[j] == b'-' || b[j] == b'+') {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    i = j;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let text = &src[start..i];
            Tok::Num(
                text.parse()
                    .map_err(|_| (start, format!("`{text}` is not a number")))?,
            )
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'\'') {
                i += 1;
            }
            Tok::Ident(src[start..i].to_string())
        } else if c == b'~'
            && i + 1 < b.len()
            && (b[i + 1].is_ascii_alphabetic() || b[i + 1] == b'_')
        {
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            Tok::Bus(src[start + 1..i].to_string())
        } else {
            match c {
                b'(' => {
                    i += 1;
                    Tok::LParen
                }
                b')' => {
                    i += 1;
                    Tok::RParen
                }
                b'[' => {
                    i += 1;
                    Tok::LBracket
                }
                b']' => {
                    i += 1;
                    Tok::RBracket
                }
                b',' => {
                    i += 1;
                    Tok::Comma
                }
                b';' => {
                    i += 1;
                    Tok::Semi
                }
                b'{' | b'}' => {
                    i += 1;
                    Tok::Op(src[start..i].to_string())
                }
                b':' if !(i + 1 < b.len() && is_op_char(b[i + 1])) => {
                    i += 1;
                    Tok::Colon
                }
                _ if is_op_char(c) => {
                    while i < b.len() && is_op_char(b[i]) {
                        i += 1;
                    }
                    Tok::Op(src[start..i].to_string())
                }
                _ => {
                    let ch = src[i..].chars().next().unwrap_or('?');
                    return Err((start, unexpected_char(ch)));
                }
            }
        };
        out.push(Token {
            tok,
            start,
            end: i,
            line_start: ls,
            first,
            col: column_of(line_begin, start),
        });
    }
    Ok(out)
}

/// The column after `text` when it starts at column `from`, with Haskell's tab stops every 8
/// columns.
fn column_from(from: usize, text: &str) -> usize {
    text.chars().fold(
        from,
        |c, ch| if ch == '\t' { (c / 8 + 1) * 8 } else { c + 1 },
    )
}

/// The message for a character Phonon cannot read, naming invisible ones by code point.
fn unexpected_char(ch: char) -> String {
    let code = format!("U+{:04X}", ch as u32);
    let name = match ch {
        '\u{200B}' => Some("zero-width space"),
        '\u{200C}' => Some("zero-width non-joiner"),
        '\u{200D}' => Some("zero-width joiner"),
        '\u{2060}' => Some("word joiner"),
        '\u{FEFF}' => Some("byte order mark"),
        '\u{00AD}' => Some("soft hyphen"),
        _ => None,
    };
    match ch {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => format!(
            "unexpected typographic quote `{ch}` ({code}): strings take the plain `\"` (a text editor or web page may have changed it)"
        ),
        '\u{2018}' | '\u{2019}' => format!(
            "unexpected typographic apostrophe `{ch}` ({code}): write a plain `'` or `\"`"
        ),
        '\u{2212}' | '\u{2013}' | '\u{2014}' => {
            format!("unexpected dash `{ch}` ({code}): write the plain minus `-`")
        }
        _ if name.is_some() || ch.is_control() || ch.is_whitespace() => format!(
            "unexpected invisible character {code}{}: delete it (it often comes with code copied from a web page)",
            name.map(|n| format!(" ({n})")).unwrap_or_default()
        ),
        _ => format!("unexpected character `{ch}` ({code})"),
    }
}

fn is_op_char(c: u8) -> bool {
    matches!(
        c,
        b'$' | b'.'
            | b'#'
            | b'+'
            | b'-'
            | b'*'
            | b'/'
            | b'<'
            | b'>'
            | b'~'
            | b'|'
            | b'%'
            | b'='
            | b'&'
            | b'^'
            | b':'
            | b'!'
            | b'?'
            | b'\\'
    )
}
