//! Tokens of Strudel code: the JavaScript a Strudel program is written in, with byte offsets.

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Num(f64),
    /// A string and its quote: `"` and `` ` `` are mini-notation, `'` a plain string (Strudel's
    /// transpiler).
    Str(String, char),
    Ident(String),
    /// Punctuation and operators: `( ) [ ] { } , ; : . => = + - * / % ** ...`
    P(&'static str),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
    /// True when a line break comes before this token (JavaScript's automatic semicolons).
    pub newline_before: bool,
}

/// Operators, longest first so that `===` is read before `==` and `=`.
const PUNCT: &[&str] = &[
    "...", "===", "!==", "**", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "(", ")", "[",
    "]", "{", "}", ",", ";", ":", ".", "=", "+", "-", "*", "/", "%", "<", ">", "!", "?", "&", "|",
    "^", "~", "@", "#",
];

/// Splits Strudel code into tokens; `//` and `/* */` comments are dropped.
pub fn lex(src: &str) -> Result<Vec<Token>, (usize, String)> {
    let b = src.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    let mut newline = true;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            newline = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n);
            continue;
        }
        if src[i..].starts_with("/*") {
            let end = src[i + 2..]
                .find("*/")
                .ok_or((i, "this `/*` comment is never closed with `*/`".to_string()))?;
            newline |= src[i..i + 2 + end].contains('\n');
            i += end + 4;
            continue;
        }
        let start = i;
        let tok = if c == b'"' || c == b'\'' || c == b'`' {
            let (text, end) = string(src, i)?;
            i = end;
            Tok::Str(text, c as char)
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let (x, end) = number(src, i)?;
            i = end;
            Tok::Num(x)
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let end = src[i..]
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_' || ch == '$'))
                .map_or(b.len(), |n| i + n);
            let word = &src[i..end];
            i = end;
            Tok::Ident(word.to_string())
        } else if let Some(p) = PUNCT.iter().find(|p| src[i..].starts_with(**p)) {
            i += p.len();
            Tok::P(p)
        } else {
            let ch = src[i..].chars().next().unwrap_or(' ');
            return Err((i, unexpected_char(ch)));
        };
        out.push(Token {
            tok,
            start,
            end: i,
            newline_before: std::mem::take(&mut newline),
        });
    }
    Ok(out)
}

fn unexpected_char(ch: char) -> String {
    match ch {
        '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' => format!(
            "`{ch}` (U+{:04X}) is a typographic quote: write a straight `\"` or `'`",
            ch as u32
        ),
        c if c.is_whitespace() || c.is_control() || ('\u{200B}'..='\u{200F}').contains(&c) => {
            format!(
                "an invisible character (U+{:04X}) is here: delete it",
                c as u32
            )
        }
        c => format!("`{c}` is not part of the JavaScript Strudel code uses"),
    }
}

/// A JavaScript number literal: decimal, with fraction and exponent, or `0x..`.
fn number(src: &str, i: usize) -> Result<(f64, usize), (usize, String)> {
    let b = src.as_bytes();
    if src[i..].starts_with("0x") || src[i..].starts_with("0X") {
        let end = src[i + 2..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .map_or(b.len(), |n| i + 2 + n);
        let x = i64::from_str_radix(&src[i + 2..end], 16)
            .map_err(|_| (i, "this hexadecimal number is not complete".to_string()))?;
        return Ok((x as f64, end));
    }
    let mut j = i;
    while j < b.len() && (b[j].is_ascii_digit() || b[j] == b'_') {
        j += 1;
    }
    if j < b.len() && b[j] == b'.' && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
    } else if j < b.len() && b[j] == b'.' && !b.get(j + 1).is_some_and(|c| c.is_ascii_alphabetic())
    {
        j += 1; // `1.` is a number
    }
    if j < b.len() && (b[j] == b'e' || b[j] == b'E') {
        let mut k = j + 1;
        if k < b.len() && (b[k] == b'+' || b[k] == b'-') {
            k += 1;
        }
        if k < b.len() && b[k].is_ascii_digit() {
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            j = k;
        }
    }
    let text: String = src[i..j].chars().filter(|c| *c != '_').collect();
    let x = text
        .parse::<f64>()
        .map_err(|_| (i, format!("`{text}` is not a number")))?;
    Ok((x, j))
}

/// A string literal from its opening quote; returns its text (escapes resolved) and the offset
/// after the closing quote. A backtick string may span lines; `${...}` in it is refused.
fn string(src: &str, i: usize) -> Result<(String, usize), (usize, String)> {
    let q = src.as_bytes()[i] as char;
    let mut text = String::new();
    let mut chars = src[i + 1..].char_indices();
    while let Some((k, ch)) = chars.next() {
        match ch {
            c if c == q => return Ok((text, i + 1 + k + 1)),
            '\n' if q != '`' => {
                return Err((
                    i,
                    format!("this string is not closed with `{q}` before the end of the line"),
                ))
            }
            '$' if q == '`' && src[i + 1 + k..].starts_with("${") => {
                return Err((
                    i + 1 + k,
                    "`${...}` inside a backtick string is JavaScript's interpolation, which is outside what Phonon runs: write the mini-notation out".to_string(),
                ))
            }
            '\\' => match chars.next() {
                Some((_, 'n')) => text.push('\n'),
                Some((_, 't')) => text.push('\t'),
                Some((_, c)) => text.push(c),
                None => break,
            },
            c => text.push(c),
        }
    }
    Err((i, format!("this string is never closed with `{q}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn strings_keep_their_quote_and_comments_go() {
        assert_eq!(
            toks("s(\"bd sd\") // drums\n/* x */ 'a' `b\nc`"),
            vec![
                Tok::Ident("s".into()),
                Tok::P("("),
                Tok::Str("bd sd".into(), '"'),
                Tok::P(")"),
                Tok::Str("a".into(), '\''),
                Tok::Str("b\nc".into(), '`'),
            ]
        );
    }

    #[test]
    fn numbers_and_operators() {
        assert_eq!(
            toks("x => .5 + 1e3 === 0x10"),
            vec![
                Tok::Ident("x".into()),
                Tok::P("=>"),
                Tok::Num(0.5),
                Tok::P("+"),
                Tok::Num(1000.0),
                Tok::P("==="),
                Tok::Num(16.0),
            ]
        );
    }

    #[test]
    fn interpolation_and_typographic_quotes_are_named() {
        assert!(lex("`a ${b}`").unwrap_err().1.contains("interpolation"));
        assert!(lex("s(\u{201C}bd\u{201D})")
            .unwrap_err()
            .1
            .contains("typographic"));
    }
}
