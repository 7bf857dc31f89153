//! Language errors: a position, a message, and the source line with a caret.

use std::fmt;

/// A compile error at a 1-based line and column.
#[derive(Debug, Clone, PartialEq)]
pub struct LangError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    /// The source line the error points into (for the caret display).
    pub source_line: String,
}

impl LangError {
    pub fn at(src: &str, offset: usize, message: impl Into<String>) -> LangError {
        // An offset inside a character (a position counted in a string whose text differs
        // from the source's) points at that character's start.
        let mut offset = offset.min(src.len());
        while !src.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &src[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let col = src[line_start..offset].chars().count() + 1;
        let source_line = src[line_start..].lines().next().unwrap_or("").to_string();
        LangError {
            line,
            col,
            message: message.into(),
            source_line,
        }
    }
}

impl fmt::Display for LangError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "line {}, column {}: {}",
            self.line, self.col, self.message
        )?;
        writeln!(f, "  {}", self.source_line)?;
        write!(f, "  {}^", " ".repeat(self.col.saturating_sub(1)))
    }
}

impl std::error::Error for LangError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offset_inside_a_character_points_at_its_start() {
        let src = "s(\"a\u{a0}b\")";
        let e = LangError::at(src, 5, "x");
        assert_eq!((e.line, e.col), (1, 5));
    }
}
