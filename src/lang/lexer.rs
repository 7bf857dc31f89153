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
    Newline,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    /// True when the token starts a line (no indentation before it).
    pub line_start: bool,
}

/// Splits source into tokens; `--` comments are dropped, newlines kept.
pub fn lex(src: &str) -> Result<Vec<Token>, (usize, String)> {
    let b = src.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    let mut at_line_start = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            out.push(Token {
                tok: Tok::Newline,
                start: i,
                end: i + 1,
                line_start: false,
            });
            i += 1;
            at_line_start = true;
            continue;
        }
        if c == b' ' || c == b'\t' || c == b'\r' {
            i += 1;
            at_line_start = false;
            continue;
        }
        if src[i..].starts_with("--") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        let ls = at_line_start;
        at_line_start = false;
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
                    return Err((start, format!("unexpected character `{ch}`")));
                }
            }
        };
        out.push(Token {
            tok,
            start,
            end: i,
            line_start: ls,
        });
    }
    Ok(out)
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
    )
}
