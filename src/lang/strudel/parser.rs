//! Strudel code to its syntax tree: statements (`const`, `$:` blocks, expressions) and
//! JavaScript expressions by precedence climbing. Anything beyond the subset Strudel code uses
//! (loops, `if`, `function`, classes ...) is an error at its position that says so.

use super::lexer::{lex, Tok, Token};
use super::syntax::{Body, JStmt, J, JK};
use crate::lang::error::LangError;

/// Deepest nesting of brackets and calls accepted (the parser recurses on it).
const MAX_DEPTH: usize = 64;

/// Parses a whole Strudel program.
pub fn parse(src: &str) -> Result<Vec<JStmt>, LangError> {
    let toks = lex(src).map_err(|(o, m)| LangError::at(src, o, m))?;
    let mut p = P {
        src,
        toks,
        i: 0,
        depth: 0,
    };
    let mut out = vec![];
    while !p.done() {
        if p.eat(";") {
            continue;
        }
        out.push(p.statement(false)?);
    }
    Ok(out)
}

/// Parses one expression (the conformance cases' `strudel` field).
pub fn parse_expression(src: &str) -> Result<J, LangError> {
    let toks = lex(src).map_err(|(o, m)| LangError::at(src, o, m))?;
    let mut p = P {
        src,
        toks,
        i: 0,
        depth: 0,
    };
    let e = p.expr()?;
    p.eat(";");
    if !p.done() {
        return Err(p.err("more code follows this expression"));
    }
    Ok(e)
}

/// Words that begin JavaScript Phonon does not run.
const OUTSIDE: &[(&str, &str)] = &[
    ("for", "`for` loops"),
    ("while", "`while` loops"),
    ("do", "`do` loops"),
    ("if", "`if` statements"),
    ("else", "`else`"),
    ("switch", "`switch` statements"),
    (
        "function",
        "`function` declarations (write an arrow function: `const f = (x) => ...`)",
    ),
    ("class", "classes"),
    ("new", "`new` objects"),
    ("import", "`import`"),
    ("export", "`export`"),
    ("try", "`try` blocks"),
    ("throw", "`throw`"),
    ("this", "`this`"),
    ("window", "the browser's `window`"),
    ("document", "the browser's `document`"),
    ("yield", "generators"),
];

struct P<'a> {
    src: &'a str,
    toks: Vec<Token>,
    i: usize,
    depth: usize,
}

impl P<'_> {
    fn done(&self) -> bool {
        self.i >= self.toks.len()
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.i + k).map(|t| &t.tok)
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::P(q)) if *q == p)
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Offset of the current token (or the end of the source).
    fn here(&self) -> usize {
        self.toks.get(self.i).map_or(self.src.len(), |t| t.start)
    }

    fn prev_end(&self) -> usize {
        self.i
            .checked_sub(1)
            .and_then(|k| self.toks.get(k))
            .map_or(0, |t| t.end)
    }

    fn newline_before(&self) -> bool {
        self.toks.get(self.i).is_some_and(|t| t.newline_before)
    }

    fn err(&self, msg: impl Into<String>) -> LangError {
        LangError::at(self.src, self.here(), msg)
    }

    fn expect(&mut self, p: &str, what: &str) -> Result<(), LangError> {
        if self.eat(p) {
            Ok(())
        } else {
            let found = self.describe();
            Err(self.err(format!("expected `{p}` {what}, found {found}")))
        }
    }

    fn describe(&self) -> String {
        match self.toks.get(self.i) {
            None => "the end of the code".into(),
            Some(t) => format!("`{}`", &self.src[t.start..t.end]),
        }
    }

    fn ident(&mut self, what: &str) -> Result<String, LangError> {
        match self.peek() {
            Some(Tok::Ident(s)) => {
                let s = s.clone();
                self.i += 1;
                Ok(s)
            }
            _ => {
                let found = self.describe();
                Err(self.err(format!("expected {what}, found {found}")))
            }
        }
    }

    fn outside_check(&self) -> Result<(), LangError> {
        if let Some(Tok::Ident(w)) = self.peek() {
            if let Some((_, what)) = OUTSIDE.iter().find(|(k, _)| k == w) {
                return Err(self.err(format!(
                    "{what}: JavaScript outside what Phonon runs (Strudel's calls and method chains, arrow functions, `const`/`let`, arrays and objects)"
                )));
            }
        }
        Ok(())
    }

    /// One statement; `in_block` allows `return`.
    fn statement(&mut self, in_block: bool) -> Result<JStmt, LangError> {
        self.outside_check()?;
        let start = self.here();
        let stmt = match (self.peek().cloned(), self.peek_at(1).cloned()) {
            (Some(Tok::Ident(w)), _) if w == "const" || w == "let" || w == "var" => {
                self.i += 1;
                let name = self.ident("a name after `const`")?;
                self.expect("=", "after the name (`const name = value`)")?;
                let value = self.expr()?;
                JStmt::Decl { name, value, start }
            }
            (Some(Tok::Ident(w)), _) if w == "return" => {
                if !in_block {
                    return Err(self.err("`return` belongs inside an arrow function's `{ }`"));
                }
                self.i += 1;
                JStmt::Return(self.expr()?)
            }
            (Some(Tok::Ident(label)), Some(Tok::P(":"))) if !in_block => {
                self.i += 2;
                let value = self.expr()?;
                JStmt::Label {
                    label,
                    value,
                    start,
                }
            }
            // `await x` is `x` (read by `unary`).
            _ => JStmt::Expr(self.expr()?),
        };
        if !self.eat(";") && !self.done() && !self.newline_before() && !self.is("}") {
            let found = self.describe();
            return Err(self.err(format!(
                "{found} follows a complete statement on the same line: is a `.` or `,` missing, or a bracket?"
            )));
        }
        Ok(stmt)
    }

    pub fn expr(&mut self) -> Result<J, LangError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(format!(
                "the code nests deeper than {MAX_DEPTH} levels here"
            )));
        }
        let e = self.arrow_or_binary();
        self.depth -= 1;
        e
    }

    fn arrow_or_binary(&mut self) -> Result<J, LangError> {
        let start = self.here();
        if let Some(Tok::Ident(w)) = self.peek() {
            if w == "async" && !matches!(self.peek_at(1), Some(Tok::P("."))) {
                self.i += 1;
            }
        }
        // `x => ...`
        if let (Some(Tok::Ident(x)), Some(Tok::P("=>"))) = (self.peek(), self.peek_at(1)) {
            let params = vec![x.clone()];
            self.i += 2;
            return self.arrow_body(params, start);
        }
        // `(a, b) => ...`
        if self.is("(") {
            if let Some(close) = self.matching(self.i) {
                if matches!(self.toks.get(close + 1).map(|t| &t.tok), Some(Tok::P("=>"))) {
                    self.i += 1;
                    let mut params = vec![];
                    while !self.eat(")") {
                        if self.is("{") || self.is("[") {
                            return Err(self.err("destructuring parameters are JavaScript outside what Phonon runs: name each parameter"));
                        }
                        params.push(self.ident("a parameter name")?);
                        if self.eat("=") {
                            return Err(self.err(
                                "default parameter values are JavaScript outside what Phonon runs",
                            ));
                        }
                        if !self.is(")") {
                            self.expect(",", "between parameters")?;
                        }
                    }
                    self.i += 1; // =>
                    return self.arrow_body(params, start);
                }
            }
        }
        let cond = self.binary(0)?;
        if self.eat("?") {
            let a = self.expr()?;
            self.expect(":", "in `condition ? a : b`")?;
            let b = self.expr()?;
            let end = b.end;
            return Ok(J {
                kind: JK::Cond(Box::new(cond), Box::new(a), Box::new(b)),
                start,
                end,
            });
        }
        if self.is("=") {
            return Err(self.err("assigning to a name again is JavaScript outside what Phonon runs: give the new value its own `const`"));
        }
        Ok(cond)
    }

    /// The index of the token closing the bracket at `open`.
    fn matching(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        for (k, t) in self.toks.iter().enumerate().skip(open) {
            match t.tok {
                Tok::P("(") | Tok::P("[") | Tok::P("{") => depth += 1,
                Tok::P(")") | Tok::P("]") | Tok::P("}") => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn arrow_body(&mut self, params: Vec<String>, start: usize) -> Result<J, LangError> {
        let body = if self.eat("{") {
            let mut stmts = vec![];
            loop {
                if self.eat("}") {
                    break;
                }
                if self.done() {
                    return Err(LangError::at(
                        self.src,
                        start,
                        "this arrow function's `{` is never closed with `}`",
                    ));
                }
                if self.eat(";") {
                    continue;
                }
                stmts.push(self.statement(true)?);
            }
            Body::Block(stmts)
        } else {
            Body::Expr(self.expr()?)
        };
        Ok(J {
            kind: JK::Arrow(params, Box::new(body)),
            start,
            end: self.prev_end(),
        })
    }

    fn binary(&mut self, min: u8) -> Result<J, LangError> {
        let mut left = self.unary()?;
        while let Some(Tok::P(op)) = self.peek() {
            let op: &'static str = op;
            let Some(prec) = precedence(op) else { break };
            if prec < min {
                break;
            }
            self.i += 1;
            // `**` is right-associative; the others left.
            let right = self.binary(if op == "**" { prec } else { prec + 1 })?;
            let (start, end) = (left.start, right.end);
            left = J {
                kind: JK::Bin(op, Box::new(left), Box::new(right)),
                start,
                end,
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<J, LangError> {
        let start = self.here();
        for op in ["-", "+", "!"] {
            if self.eat(op) {
                let e = self.unary()?;
                let end = e.end;
                return Ok(J {
                    kind: JK::Unary(op, Box::new(e)),
                    start,
                    end,
                });
            }
        }
        if let Some(Tok::Ident(w)) = self.peek() {
            if w == "await" {
                self.i += 1;
                return self.unary();
            }
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<J, LangError> {
        let mut e = self.primary()?;
        let mut links = 0;
        loop {
            links += 1;
            if links > MAX_DEPTH * 4 {
                return Err(self.err(format!(
                    "this chain has more than {} links: split it with `const`",
                    MAX_DEPTH * 4
                )));
            }
            let start = e.start;
            if self.is(".") || self.is("?.") {
                self.i += 1;
                let name = self.ident("a method name after `.`")?;
                e = J {
                    kind: JK::Member(Box::new(e), name),
                    start,
                    end: self.prev_end(),
                };
            } else if self.is("(") {
                // As in JavaScript (and Strudel's transpiler, acorn): a `(` or `[` on the next
                // line continues the expression (`stack\n(a, b)` is a call).
                self.i += 1;
                let args = self.list(")", "arguments")?;
                e = J {
                    kind: JK::Call(Box::new(e), args),
                    start,
                    end: self.prev_end(),
                };
            } else if self.is("[") {
                self.i += 1;
                let idx = self.expr()?;
                self.expect("]", "after the index")?;
                e = J {
                    kind: JK::Index(Box::new(e), Box::new(idx)),
                    start,
                    end: self.prev_end(),
                };
            } else {
                break;
            }
        }
        Ok(e)
    }

    /// Comma-separated expressions up to `close` (a trailing comma allowed).
    fn list(&mut self, close: &str, what: &str) -> Result<Vec<J>, LangError> {
        let open = self.prev_end().saturating_sub(1);
        let mut items = vec![];
        loop {
            if self.eat(close) {
                return Ok(items);
            }
            if self.done() {
                return Err(LangError::at(
                    self.src,
                    open,
                    format!("these {what} are never closed with `{close}`"),
                ));
            }
            if self.is("...") {
                return Err(self.err("spreading `...` is JavaScript outside what Phonon runs"));
            }
            items.push(self.expr()?);
            if !self.is(close) {
                let found = self.describe();
                if !self.eat(",") {
                    return Err(self.err(format!(
                        "expected `,` or `{close}` in these {what}, found {found}"
                    )));
                }
            }
        }
    }

    fn primary(&mut self) -> Result<J, LangError> {
        self.outside_check()?;
        let start = self.here();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.err("the code ends where a value was expected"));
        };
        self.i += 1;
        let kind = match tok {
            Tok::Num(x) => JK::Num(x),
            Tok::Str(s, q) => JK::Str(s, q),
            Tok::Ident(w) => JK::Ident(w),
            Tok::P("(") => {
                let e = self.expr()?;
                if self.is(",") {
                    return Err(
                        self.err("the comma operator is JavaScript outside what Phonon runs")
                    );
                }
                self.expect(")", "to close this `(`")?;
                return Ok(J {
                    kind: e.kind,
                    start,
                    end: self.prev_end(),
                });
            }
            Tok::P("[") => JK::Array(self.list("]", "array items")?),
            Tok::P("{") => JK::Object(self.object()?),
            Tok::P(p) => {
                self.i -= 1;
                return Err(self.err(format!("`{p}` cannot start a value here")));
            }
        };
        Ok(J {
            kind,
            start,
            end: self.prev_end(),
        })
    }

    fn object(&mut self) -> Result<Vec<(String, J)>, LangError> {
        let open = self.prev_end().saturating_sub(1);
        let mut fields = vec![];
        loop {
            if self.eat("}") {
                return Ok(fields);
            }
            if self.done() {
                return Err(LangError::at(
                    self.src,
                    open,
                    "this object is never closed with `}`",
                ));
            }
            let key_at = self.here();
            let key = match self.peek().cloned() {
                Some(Tok::Ident(k)) | Some(Tok::Str(k, _)) => k,
                Some(Tok::Num(x)) => format!("{x}"),
                _ => {
                    let found = self.describe();
                    return Err(self.err(format!("expected a key in this object, found {found}")));
                }
            };
            self.i += 1;
            let value = if self.eat(":") {
                self.expr()?
            } else {
                // `{ a }` is `{ a: a }`.
                J {
                    kind: JK::Ident(key.clone()),
                    start: key_at,
                    end: self.prev_end(),
                }
            };
            fields.push((key, value));
            if !self.is("}") {
                self.expect(",", "between an object's fields")?;
            }
        }
    }
}

/// JavaScript's binary operators by precedence (higher binds tighter).
fn precedence(op: &str) -> Option<u8> {
    Some(match op {
        "??" => 1,
        "||" => 2,
        "&&" => 3,
        "==" | "!=" | "===" | "!==" => 4,
        "<" | ">" | "<=" | ">=" => 5,
        "+" | "-" => 6,
        "*" | "/" | "%" => 7,
        "**" => 8,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_chains_continue_across_lines() {
        let p = parse("note(\"c e\")\n  .s('saw')\n$: s(\"bd\")").unwrap();
        assert_eq!(p.len(), 2);
        assert!(matches!(&p[1], JStmt::Label { label, .. } if label == "$"));
    }

    #[test]
    fn arrows_with_block_bodies() {
        let p = parse("const f = (x, y) => { const z = x; return z.fast(y) }").unwrap();
        let JStmt::Decl { value, .. } = &p[0] else {
            panic!()
        };
        let JK::Arrow(params, body) = &value.kind else {
            panic!()
        };
        assert_eq!(params, &["x".to_string(), "y".to_string()]);
        assert!(matches!(**body, Body::Block(ref s) if s.len() == 2));
    }

    #[test]
    fn loops_are_named_as_outside() {
        let e = parse("for (let i = 0; i < 4; i++) {}").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(
            e.message.contains("outside what Phonon runs"),
            "{}",
            e.message
        );
    }

    #[test]
    fn runaway_nesting_is_an_error() {
        let src = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        assert!(parse(&src).unwrap_err().message.contains("deeper"));
    }
}
