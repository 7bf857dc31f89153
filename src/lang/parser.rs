//! Phonon source to statements: a Pratt parser with Haskell's fixities for Tidal's operators.

use super::ast::*;
use super::error::LangError;
use super::lexer::{lex, Tok, Token};

/// Parses a whole program.
///
/// Layout, as Tidal's editors send a block: a statement ends where the next one begins (a line
/// starting at column 0 with a statement's first word: an output, a bus, `tempo:`, a Tidal
/// stream statement) or at a blank line, whatever the indentation in between; any other line
/// continues the statement before it (`d1` alone on a line and `$ s "bd"` below it; a list's
/// items and `]` at column 0).
pub fn parse_program(src: &str) -> Result<Vec<Stmt>, LangError> {
    let toks = lex(src).map_err(|(o, m)| LangError::at(src, o, m))?;
    let mut groups: Vec<Vec<Token>> = vec![];
    let mut prev_end: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        if t.tok == Tok::Newline {
            continue;
        }
        let blank_before = prev_end.is_some_and(|e| has_blank_line(&src[e..t.start]));
        let starts = t.line_start
            && starts_statement(&t.tok, toks[i + 1..].iter().find(|n| n.tok != Tok::Newline));
        if groups.is_empty() || blank_before || starts {
            groups.push(vec![]);
        }
        groups.last_mut().expect("a group").push(t.clone());
        prev_end = Some(t.end);
    }
    let mut stmts = vec![];
    for g in groups {
        let mut p = P::new(src, g);
        p.statements(&mut stmts)?;
    }
    Ok(stmts)
}

/// True when `between` (the text between two tokens) holds a line with nothing on it.
fn has_blank_line(between: &str) -> bool {
    let mut lines = between.split('\n');
    lines.next(); // the rest of the earlier token's line
    let mut middle: Vec<&str> = lines.collect();
    middle.pop(); // the later token's line
    middle.iter().any(|l| l.trim().is_empty())
}

/// Tidal's stream statements (`hush`, transitions, ...): a line starting with one begins a
/// statement.
pub const TIDAL_STATEMENTS: &[&str] = &[
    "hush",
    "panic",
    "once",
    "muteAll",
    "unmuteAll",
    "unsoloAll",
    "setcps",
    "setbpm",
    "resetCycles",
    "setCycle",
    "let",
    "do",
    "p",
    "solo",
    "unsolo",
    "mute",
    "unmute",
    "wash",
    "import",
    "bps",
];

/// Tidal's transitions and their arguments (one table, with the code that plays them).
pub use crate::pattern::ops::transition::KINDS as TRANSITIONS;

/// Words that are Haskell syntax, never a value.
const KEYWORDS: &[&str] = &[
    "let", "in", "where", "do", "of", "then", "else", "case", "if",
];

fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// True when a line starting with `tok` (then `next`) begins a statement.
fn starts_statement(tok: &Tok, next: Option<&Token>) -> bool {
    match tok {
        Tok::Bus(_) => true,
        Tok::Ident(name) => {
            output_index(name).is_some()
                || is_output_like(name)
                || (matches!(name.as_str(), "tempo" | "cps" | "bpm")
                    && next.is_some_and(|n| n.tok == Tok::Colon))
                || (name == "cps"
                    && next.is_some_and(|n| matches!(n.tok, Tok::LParen | Tok::Num(_))))
                || TIDAL_STATEMENTS.contains(&name.as_str())
                || TRANSITIONS.iter().any(|(t, _)| t == name)
                || is_transition_index(name)
        }
        _ => false,
    }
}

/// Tidal's old transitions `t1` .. `t16`.
fn is_transition_index(name: &str) -> bool {
    name.strip_prefix('t')
        .and_then(|d| d.parse::<usize>().ok())
        .is_some_and(|n| (1..=16).contains(&n))
}

/// Parses one expression (for `phonon query`).
pub fn parse_expr(src: &str) -> Result<Expr, LangError> {
    let toks: Vec<Token> = lex(src)
        .map_err(|(o, m)| LangError::at(src, o, m))?
        .into_iter()
        .filter(|t| t.tok != Tok::Newline)
        .collect();
    let mut p = P::new(src, toks);
    let e = p.expr(0)?;
    p.end()?;
    Ok(e)
}

fn output_index(name: &str) -> Option<usize> {
    if name == "out" {
        return Some(0);
    }
    let digits = name
        .strip_prefix("out")
        .or_else(|| name.strip_prefix('o'))
        .or_else(|| name.strip_prefix('d'))?;
    let n: usize = digits.parse().ok()?;
    (1..=16).contains(&n).then_some(n)
}

/// `o17`, `d0`, `out20`: the shape of an output name with a number out of range.
fn is_output_like(name: &str) -> bool {
    let digits = name
        .strip_prefix("out")
        .or_else(|| name.strip_prefix('o'))
        .or_else(|| name.strip_prefix('d'));
    digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

impl<'s> P<'s> {
    fn new(src: &'s str, toks: Vec<Token>) -> P<'s> {
        P {
            src,
            toks,
            pos: 0,
            depth: 0,
            limit: None,
        }
    }

    /// The next token whatever the layout (for the block parsers).
    fn raw(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    /// Statements up to the end of the tokens (or of the layout block): one per group at top
    /// level, several in a `do` block or separated by `;`.
    fn statements(&mut self, out: &mut Vec<Stmt>) -> Result<(), LangError> {
        loop {
            self.statement(out)?;
            match self.raw() {
                Some(t) if t.tok == Tok::Semi => {
                    self.pos += 1;
                    if self.peek().is_none() {
                        return Ok(());
                    }
                }
                _ => {
                    return match self.limit {
                        None => self.end(),
                        Some(_) => Ok(()),
                    }
                }
            }
        }
    }

    /// The statement's end: nothing left, a `;`, or the next item of the layout block.
    fn end_stmt(&self) -> Result<(), LangError> {
        match self.peek() {
            Some(Tok::Semi) => Ok(()),
            _ => self.end(),
        }
    }

    /// One statement, pushed onto `out` (a `do` block pushes each of its statements).
    fn statement(&mut self, out: &mut Vec<Stmt>) -> Result<(), LangError> {
        let start = self.offset();
        // The statement's first token begins a layout item: read it whatever the layout.
        let Some(first) = self.raw().map(|t| t.tok.clone()) else {
            return Err(self.err("expected a statement"));
        };
        let second = self.toks.get(self.pos + 1).map(|t| t.tok.clone());
        let stmt = match (first, second) {
            (Tok::Ident(k), Some(Tok::Colon)) if matches!(k.as_str(), "tempo" | "cps" | "bpm") => {
                self.pos += 2;
                let example = if k == "bpm" { "120" } else { "0.5" };
                self.value_after(&format!("`{k}:` needs a number, as in `{k}: {example}`"))?;
                let value = self.expr(0)?;
                Stmt::Tempo { kind: k, value }
            }
            (Tok::Bus(name), Some(Tok::Colon)) => {
                self.pos += 2;
                self.value_after(&format!("`~{name}:` needs a value, as in `~{name}: s \"bd*4\"`"))?;
                let value = self.value()?;
                Stmt::Bus { name, value }
            }
            (Tok::Bus(name), Some(Tok::Op(op))) if op == "$" => {
                self.pos += 2;
                self.value_after(&format!("`~{name} $` needs a value, as in `~{name} $ s \"bd*4\"`"))?;
                let value = self.value()?;
                Stmt::Bus { name, value }
            }
            (Tok::Bus(name), Some(Tok::Op(op))) if op == "#" => {
                self.pos += 2;
                self.value_after(&format!("`~{name} #` needs an effect chain, as in `~{name} # speed 2 # gain 0.8`"))?;
                let chain = self.expr(0)?;
                Stmt::ModBus { name, chain }
            }
            (Tok::Ident(name), next) if output_index(&name).is_some() => {
                self.pos += 1;
                let index = output_index(&name).expect("checked");
                match next {
                    Some(Tok::Op(op)) if op == "$" => self.pos += 1,
                    Some(Tok::Colon) => self.pos += 1,
                    _ if self.starts_atom() => {}
                    _ => {
                        return Err(self.err(format!(
                            "expected `$` after `{name}`, as in `{name} $ s \"bd sn\"`"
                        )))
                    }
                }
                self.value_after(&format!("`{name} $` needs something to play, as in `{name} $ s \"bd sn\"`"))?;
                let value = self.value()?;
                Stmt::Out {
                    stream: StreamId::Out(index),
                    value,
                    start,
                    transition: None,
                }
            }
            (Tok::Ident(name), Some(Tok::Str(_) | Tok::Num(_))) if name == "p" => {
                self.pos += 1;
                let stream = self.stream_id("p")?;
                self.expect_dollar("p 1")?;
                let value = self.value()?;
                Stmt::Out {
                    stream,
                    value,
                    start,
                    transition: None,
                }
            }
            (Tok::Ident(name), _) if name == "let" => {
                self.pos += 1;
                let bindings = self.bindings("let")?;
                out.push(Stmt::Let(bindings));
                // `let ... in d1 $ ...`: the statement after `in` sees the names.
                if let Some(Token { tok: Tok::Ident(w), .. }) = self.raw() {
                    if w == "in" {
                        self.pos += 1;
                        // `in` with its statement on the next line at column 0 (a statement
                        // of its own): the names serve the statements below.
                        if self.raw().is_none() {
                            return Ok(());
                        }
                        return self.statement(out);
                    }
                }
                self.end_stmt()?;
                return Ok(());
            }
            (Tok::Ident(name), _) if name == "do" => {
                self.pos += 1;
                // `do` alone on its line, its statements below at column 0: they are statements
                // of their own.
                let Some(t) = self.raw() else {
                    return Ok(());
                };
                let col = t.col;
                let saved = self.limit.replace(col);
                loop {
                    self.statement(out)?;
                    match self.raw() {
                        Some(t) if t.tok == Tok::Semi => self.pos += 1,
                        Some(t) if t.first && t.col == col => {}
                        _ => break,
                    }
                }
                self.limit = saved;
                return Ok(());
            }
            (Tok::Ident(name), _) if TRANSITIONS.iter().any(|(t, _)| *t == name) => {
                self.pos += 1;
                let stream = self.stream_id(&name)?;
                let nargs = TRANSITIONS.iter().find(|(t, _)| *t == name).expect("listed").1;
                let mut args = vec![];
                for _ in 0..nargs {
                    if !self.starts_atom() {
                        return Err(self.err(format!("`{name}` takes {nargs} number{} after the stream, as in `{name} 1 {}$ s \"bd*4\"`", if nargs > 1 { "s" } else { "" }, "4 ".repeat(nargs))));
                    }
                    args.push(self.atom()?);
                }
                self.expect_dollar(&format!("{name} 1"))?;
                let value = self.value()?;
                Stmt::Out {
                    stream,
                    value,
                    start,
                    transition: Some(Transition { kind: name, args }),
                }
            }
            // Tidal's old `t1 (xfadeIn 8) $ ...`, `t1 anticipate $ ...`.
            (Tok::Ident(name), _) if is_transition_index(&name) => {
                self.pos += 1;
                let index: usize = name[1..].parse().expect("checked");
                let how = self.atom()?;
                let mut args = vec![];
                let mut head = &how;
                while let ExprKind::App(f, a) = &head.kind {
                    args.insert(0, (**a).clone());
                    head = f;
                }
                let kind = match &head.kind {
                    ExprKind::Var(k) if TRANSITIONS.iter().any(|(t, _)| t == k) => k.clone(),
                    _ => {
                        return Err(LangError::at(self.src, how.start, format!("`{name}` takes a transition, as in `{name} (xfadeIn 8) $ s \"bd*4\"`")));
                    }
                };
                self.expect_dollar(&format!("{name} anticipate"))?;
                let value = self.value()?;
                Stmt::Out {
                    stream: StreamId::Out(index),
                    value,
                    start,
                    transition: Some(Transition { kind, args }),
                }
            }
            (Tok::Ident(name), _) if matches!(name.as_str(), "hush" | "panic") => {
                self.pos += 1;
                Stmt::Stream { action: StreamAction::Hush, start }
            }
            (Tok::Ident(name), _) if matches!(name.as_str(), "resetCycles" | "muteAll" | "unmuteAll" | "unsoloAll") => {
                self.pos += 1;
                let action = match name.as_str() {
                    "resetCycles" => StreamAction::ResetCycles,
                    "muteAll" => StreamAction::MuteAll,
                    "unmuteAll" => StreamAction::UnmuteAll,
                    _ => StreamAction::UnsoloAll,
                };
                Stmt::Stream { action, start }
            }
            (Tok::Ident(name), _) if matches!(name.as_str(), "solo" | "unsolo" | "mute" | "unmute") => {
                self.pos += 1;
                let id = self.stream_id(&name)?;
                let action = match name.as_str() {
                    "solo" => StreamAction::Solo(id),
                    "unsolo" => StreamAction::Unsolo(id),
                    "mute" => StreamAction::Mute(id),
                    _ => StreamAction::Unmute(id),
                };
                Stmt::Stream { action, start }
            }
            (Tok::Ident(name), _) if name == "setCycle" => {
                self.pos += 1;
                self.value_after("`setCycle` needs a cycle number, as in `setCycle 8`")?;
                let value = self.expr(0)?;
                Stmt::Stream { action: StreamAction::SetCycle(value), start }
            }
            (Tok::Ident(name), _) if name == "once" => {
                self.pos += 1;
                self.expect_dollar("once")?;
                let value = self.value()?;
                Stmt::Stream { action: StreamAction::Once(value), start }
            }
            (Tok::Ident(name), _) if matches!(name.as_str(), "setcps" | "setbpm") => {
                self.pos += 1;
                if let Some(Tok::Op(op)) = self.peek() {
                    if op == "$" {
                        self.pos += 1;
                    }
                }
                self.value_after(&format!("`{name}` needs a number, as in `{name} {}`", if name == "setbpm" { "120" } else { "0.5" }))?;
                let value = self.expr(0)?;
                Stmt::Stream {
                    action: StreamAction::SetTempo { kind: name, value },
                    start,
                }
            }
            (Tok::Ident(name), _) if name == "import" => {
                while self.peek().is_some_and(|t| *t != Tok::Semi) {
                    self.pos += 1;
                }
                Stmt::Stream { action: StreamAction::Nothing, start }
            }
            // Old Tidal's `cps 0.5` / `bps 0.5` statements.
            (Tok::Ident(name), Some(t)) if matches!(name.as_str(), "cps" | "bps") && !matches!(t, Tok::Colon | Tok::Op(_)) => {
                self.pos += 1;
                let value = self.expr(0)?;
                Stmt::Stream {
                    action: StreamAction::SetTempo { kind: "setcps".into(), value },
                    start,
                }
            }
            // A definition without `let` (GHCi takes `f x = ...` on its own).
            (Tok::Ident(name), _) if !is_keyword(&name) && self.defines() => {
                let bindings = self.bindings("")?;
                Stmt::Let(bindings)
            }
            (Tok::Ident(name), _) if matches!(name.as_str(), "tempo" | "cps" | "bpm") => {
                return Err(self.err_at(self.pos + 1, format!("expected `:` after `{name}`, as in `{name}: 0.5`")));
            }
            (Tok::Ident(name), _) if TIDAL_STATEMENTS.contains(&name.as_str()) => {
                return Err(LangError::at(self.src, start, format!("`{name}` is Tidal's, not supported yet")));
            }
            (Tok::Ident(name), _) if is_output_like(&name) => {
                return Err(LangError::at(
                    self.src,
                    start,
                    format!("there is no output `{name}`: the outputs are `out` and `o1` .. `o16` (also `d1` .., `out1` ..)"),
                ))
            }
            (Tok::Bus(name), _) => {
                return Err(self.err_at(self.pos + 1, format!("expected `$`, `:` or `#` after `~{name}`, as in `~{name} $ s \"bd*4\"`")))
            }
            (Tok::Op(op), _) => {
                return Err(LangError::at(
                    self.src,
                    start,
                    format!("a statement cannot start with `{op}`: a blank line ends the statement above; remove it to continue that statement"),
                ))
            }
            (Tok::RParen | Tok::RBracket | Tok::Comma | Tok::Colon | Tok::Semi, _) => {
                return Err(LangError::at(
                    self.src,
                    start,
                    "a statement cannot start here: a blank line ends the statement above; remove it to continue that statement",
                ))
            }
            _ => {
                return Err(LangError::at(
                    self.src,
                    start,
                    "an expression on its own is not a statement: write `d1 $ ` (or `out $ `) before it to play it, or `~name $ ` to make a bus (or remove the blank line above it to continue that statement)",
                ))
            }
        };
        self.end_stmt()?;
        out.push(stmt);
        Ok(())
    }

    /// True when the tokens from here are `name params.. =` (a definition).
    fn defines(&self) -> bool {
        let mut i = self.pos;
        while let Some(t) = self.toks.get(i) {
            match &t.tok {
                Tok::Ident(n) if !is_keyword(n) => i += 1,
                Tok::Op(op) => return op == "=" && i > self.pos,
                _ => return false,
            }
        }
        false
    }

    /// A statement's value, with its `where` bindings.
    fn value(&mut self) -> Result<Expr, LangError> {
        let e = self.expr(0)?;
        self.with_where(e)
    }

    /// `e where a = ..` as `let a = .. in e`.
    fn with_where(&mut self, e: Expr) -> Result<Expr, LangError> {
        match self.raw() {
            Some(Token {
                tok: Tok::Ident(w), ..
            }) if w == "where" => {
                self.pos += 1;
                let bindings = self.bindings("where")?;
                let (start, end) = (e.start, self.toks[self.pos - 1].end);
                Ok(Expr {
                    kind: ExprKind::Let(bindings, Box::new(e)),
                    start,
                    end,
                })
            }
            _ => Ok(e),
        }
    }

    /// The `$` after a stream statement's head (`p 1 $`, `xfadeIn 1 8 $`).
    fn expect_dollar(&mut self, head: &str) -> Result<(), LangError> {
        match self.peek() {
            Some(Tok::Op(op)) if op == "$" => {
                self.pos += 1;
                Ok(())
            }
            _ if self.starts_atom() => Ok(()),
            _ => Err(self.err(format!(
                "expected `$` after `{head}`, as in `{head} $ s \"bd sn\"`"
            ))),
        }
    }

    /// A stream: a number (`1`) or a name (`"drums"`).
    fn stream_id(&mut self, after: &str) -> Result<StreamId, LangError> {
        let id = match self.peek().cloned() {
            Some(Tok::Num(x)) if x.fract() == 0.0 && (0.0..=16.0).contains(&x) => StreamId::Out(x as usize),
            Some(Tok::Num(x)) => {
                return Err(self.err(format!("there is no stream {x}: the numbered streams are 1 .. 16 (`d1` .. `d16`); name others, as in `p \"drums\"`")))
            }
            Some(Tok::Str(s)) => StreamId::Named(s),
            _ => return Err(self.err(format!("`{after}` takes a stream: a number (`{after} 1`) or a name (`{after} \"drums\"`)"))),
        };
        self.pos += 1;
        Ok(id)
    }

    /// The bindings of a `let` or `where` block (Haskell's layout: each starts at the column
    /// of the first; `;` also separates them). Type signatures (`f :: Pattern a -> ...`) are
    /// read and ignored.
    fn bindings(&mut self, what: &str) -> Result<Vec<Binding>, LangError> {
        // Explicit braces: `let { a = 1; b = 2 } in ...`.
        if matches!(self.peek(), Some(Tok::Op(o)) if o == "{") {
            self.pos += 1;
            let saved = self.limit.take();
            let mut out = vec![];
            loop {
                match self.peek().cloned() {
                    Some(Tok::Op(o)) if o == "}" => {
                        self.pos += 1;
                        break;
                    }
                    Some(Tok::Semi) => self.pos += 1,
                    Some(Tok::Ident(n)) if !is_keyword(&n) => {
                        let start = self.offset();
                        self.pos += 1;
                        let mut params = vec![];
                        while let Some(Tok::Ident(x)) = self.peek().cloned() {
                            params.push(x);
                            self.pos += 1;
                        }
                        match self.peek() {
                            Some(Tok::Op(op)) if op == "=" => self.pos += 1,
                            _ => {
                                return Err(
                                    self.err(format!("expected `=` in the definition of `{n}`"))
                                )
                            }
                        }
                        let body = self.expr(0)?;
                        out.push(Binding {
                            name: n,
                            params,
                            body,
                            start,
                        });
                    }
                    _ => {
                        return Err(self.err(format!(
                            "expected a definition or `}}` in this `{what} {{ ... }}`"
                        )))
                    }
                }
            }
            self.limit = saved;
            return Ok(out);
        }
        let Some(col) = self.raw().map(|t| t.col) else {
            return Err(self.err(format!(
                "`{what}` needs a definition after it, as in `{what} pat = s \"bd sn\"`"
            )));
        };
        let saved = self.limit.replace(col);
        let mut out = vec![];
        loop {
            let start = self.offset();
            let name = match self.raw().map(|t| t.tok.clone()) {
                Some(Tok::Ident(n)) if !is_keyword(&n) => n,
                Some(Tok::LParen) => {
                    return Err(self.err("defining an operator is not supported: define a function with a name, as in `let f x = ...`"))
                }
                Some(t) => return Err(self.err(format!("expected a name to define after `{what}`, but found {}", describe(&t)))),
                None => return Err(self.err(format!("expected a name to define after `{what}`"))),
            };
            self.pos += 1;
            if matches!(self.peek(), Some(Tok::Op(op)) if op == "::") {
                self.skip_type();
            } else {
                let mut params = vec![];
                while let Some(Tok::Ident(x)) = self.peek().cloned() {
                    if is_keyword(&x) {
                        break;
                    }
                    params.push(x);
                    self.pos += 1;
                }
                match self.peek() {
                    Some(Tok::Op(op)) if op == "=" => self.pos += 1,
                    Some(t) => {
                        return Err(self.err(format!(
                            "expected `=` in the definition of `{name}` (as in `{what} {name} = s \"bd sn\"`), but found {}",
                            describe(t)
                        )))
                    }
                    None => return Err(self.err(format!("expected `=` and a value after `{what} {name}`"))),
                }
                self.value_after(&format!("`{name} =` needs a value"))?;
                let body = self.expr(0)?;
                let body = self.with_where(body)?;
                out.push(Binding {
                    name,
                    params,
                    body,
                    start,
                });
            }
            match self.raw() {
                Some(t) if t.tok == Tok::Semi => {
                    self.pos += 1;
                    if !matches!(self.peek(), Some(Tok::Ident(n)) if !is_keyword(n)) {
                        break;
                    }
                }
                Some(t)
                    if t.first
                        && t.col == col
                        && !matches!(&t.tok, Tok::Ident(k) if is_keyword(k)) => {}
                _ => break,
            }
        }
        self.limit = saved;
        Ok(out)
    }

    /// Skips a type annotation after `::` (up to the end of the layout item, a `)`, `]`, `,`,
    /// `;`, `=` or a keyword at depth 0).
    fn skip_type(&mut self) {
        self.pos += 1;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket if depth == 0 => return,
                Tok::RParen | Tok::RBracket => depth -= 1,
                Tok::Comma | Tok::Semi if depth == 0 => return,
                Tok::Op(op) if depth == 0 && op == "=" => return,
                Tok::Ident(k) if depth == 0 && is_keyword(k) => return,
                _ => {}
            }
            self.pos += 1;
        }
    }
}

struct P<'s> {
    src: &'s str,
    toks: Vec<Token>,
    pos: usize,
    /// Nesting of `expr` calls (parentheses, `$` chains): bounded so no program overflows the stack.
    depth: usize,
    /// Haskell's layout: inside a `do`, `let` or `where` block, a token first on its line at
    /// this column or left of it ends the expression (it begins the block's next item).
    limit: Option<usize>,
}

/// Deepest expression nesting accepted (the mini-notation has its own bound).
const MAX_EXPR_DEPTH: usize = 256;

/// Binding power (left, right) of a binary operator; `None` for unknown operators.
fn infix_bp(op: &str) -> Option<(u8, u8)> {
    Some(match op {
        "$" => (2, 1),                                     // infixr 0
        "." => (20, 19),                                   // infixr 9
        "<$>" | "<*>" | "<*" | "*>" => (10, 11),           // infixl 4
        "<>" => (14, 13),                                  // infixr 6
        "++" => (13, 12),                                  // infixr 5
        "<~" | "~>" => (12, 13),                           // infixl 5
        "+" | "-" => (14, 15),                             // infixl 6
        "*" | "/" | "%" => (16, 17),                       // infixl 7
        "#" | "|=|" | "|=" => (4, 5),                      // infixl 1
        "==" | "/=" | "<" | ">" | "<=" | ">=" => (10, 11), // infix 4
        "!!" => (18, 19),                                  // infixl 9
        ".." => (3, 3),                                    // `[a .. b]`
        _ if is_op_family(op) => (4, 5),                   // |+ +| |+| ... infixl 1
        _ => return None,
    })
}

/// `|+`, `+|`, `|+|`, `||+`, `|<`, `|>` ... over `+ - * / % < > ** ++`.
pub fn is_op_family(op: &str) -> bool {
    let core = op.trim_matches('|');
    (op.starts_with('|') || op.ends_with('|'))
        && matches!(core, "+" | "-" | "*" | "/" | "%" | "<" | ">" | "**" | "++")
}

impl<'s> P<'s> {
    fn peek(&self) -> Option<&Tok> {
        let t = self.toks.get(self.pos)?;
        match self.limit {
            Some(col) if t.first && t.col <= col => None,
            _ => Some(&t.tok),
        }
    }

    fn offset(&self) -> usize {
        self.toks
            .get(self.pos)
            .map(|t| t.start)
            .unwrap_or_else(|| self.toks.last().map(|t| t.end).unwrap_or(0))
    }

    fn err_at(&self, pos: usize, msg: impl Into<String>) -> LangError {
        let o = self
            .toks
            .get(pos)
            .map(|t| t.start)
            .unwrap_or_else(|| self.toks.last().map(|t| t.end).unwrap_or(0));
        LangError::at(self.src, o, msg)
    }

    fn err(&self, msg: impl Into<String>) -> LangError {
        LangError::at(self.src, self.offset(), msg)
    }

    /// An error unless a value follows the statement head just parsed.
    fn value_after(&self, msg: &str) -> Result<(), LangError> {
        match self.peek() {
            None => Err(self.err(msg)),
            Some(_) => Ok(()),
        }
    }

    fn end(&self) -> Result<(), LangError> {
        match self.peek() {
            None => Ok(()),
            Some(Tok::RParen) => {
                Err(self.err("unexpected `)`: there is no `(` before it for it to close"))
            }
            Some(Tok::RBracket) => {
                Err(self.err("unexpected `]`: there is no `[` before it for it to close"))
            }
            Some(Tok::Op(op)) if self.pos + 1 == self.toks.len() => Err(self.err(format!(
                "expected an expression after `{op}` but the line ended"
            ))),
            Some(Tok::Comma) => {
                Err(self.err("unexpected `,` outside a list `[a, b]` or a tuple `(a, b)`"))
            }
            Some(t) => Err(self.err(format!("unexpected {} here", describe(t)))),
        }
    }

    fn expr(&mut self, min_bp: u8) -> Result<Expr, LangError> {
        if self.depth >= MAX_EXPR_DEPTH {
            return Err(self.err(format!(
                "expression nested deeper than {MAX_EXPR_DEPTH} levels"
            )));
        }
        self.depth += 1;
        let e = self.expr_nested(min_bp);
        self.depth -= 1;
        e
    }

    fn expr_nested(&mut self, min_bp: u8) -> Result<Expr, LangError> {
        let mut lhs = self.application()?;
        let mut chain = 0;
        while let Some(Tok::Op(op)) = self.peek().cloned() {
            // A type annotation: read and ignored.
            if op == "::" {
                self.skip_type();
                continue;
            }
            if op == "}" {
                break;
            }
            if op == ".."
                && matches!(
                    self.toks.get(self.pos + 1).map(|t| &t.tok),
                    Some(Tok::RBracket)
                )
            {
                return Err(self.err(
                    "an endless list `[a ..]` is not supported: give its end, as in `[0 .. 7]`",
                ));
            }
            let Some((lbp, rbp)) = infix_bp(&op) else {
                return Err(self.err(format!("unknown operator `{op}`")));
            };
            if lbp < min_bp {
                break;
            }
            // `(x op)`: a left section ends right after the operator.
            if matches!(
                self.toks.get(self.pos + 1).map(|t| &t.tok),
                Some(Tok::RParen) | None
            ) && min_bp == 0
            {
                break;
            }
            self.pos += 1;
            // A left-nested chain (`x # a # b # ...`) is as deep as its length for evaluation.
            if self.depth >= MAX_EXPR_DEPTH {
                return Err(self.err(format!(
                    "expression nested deeper than {MAX_EXPR_DEPTH} levels"
                )));
            }
            self.depth += 1;
            chain += 1;
            let rhs = self.expr(rbp)?;
            let (start, end) = (lhs.start, rhs.end);
            lhs = Expr {
                kind: ExprKind::BinOp(op, Box::new(lhs), Box::new(rhs)),
                start,
                end,
            };
        }
        self.depth -= chain;
        Ok(lhs)
    }

    fn application(&mut self) -> Result<Expr, LangError> {
        let mut f = self.atom()?;
        while self.starts_atom() {
            let a = self.atom()?;
            let (start, end) = (f.start, a.end);
            f = Expr {
                kind: ExprKind::App(Box::new(f), Box::new(a)),
                start,
                end,
            };
        }
        Ok(f)
    }

    fn starts_atom(&self) -> bool {
        match self.peek() {
            Some(Tok::Ident(k)) => !is_keyword(k) || k == "let",
            Some(Tok::Op(op)) => op == "\\",
            t => matches!(
                t,
                Some(Tok::Num(_) | Tok::Str(_) | Tok::Bus(_) | Tok::LParen | Tok::LBracket)
            ),
        }
    }

    fn atom(&mut self) -> Result<Expr, LangError> {
        let Some(t) = self.toks.get(self.pos).cloned() else {
            return Err(self.err("expected an expression but the line ended"));
        };
        self.pos += 1;
        let mk = |kind| Expr {
            kind,
            start: t.start,
            end: t.end,
        };
        match t.tok {
            Tok::Num(x) => Ok(mk(ExprKind::Num(x))),
            Tok::Str(s) => Ok(mk(ExprKind::Str(s))),
            Tok::Ident(k) if k == "let" => {
                let bindings = self.bindings("let")?;
                match self.peek() {
                    Some(Tok::Ident(w)) if w == "in" => self.pos += 1,
                    _ => {
                        return Err(self.err(
                            "expected `in` after the definitions of this `let` (as in `let f = fast 2 in f $ s \"bd\"`)",
                        ))
                    }
                }
                let body = self.expr(0)?;
                let end = body.end;
                Ok(Expr {
                    kind: ExprKind::Let(bindings, Box::new(body)),
                    start: t.start,
                    end,
                })
            }
            Tok::Ident(k) if is_keyword(&k) => {
                self.pos -= 1;
                Err(self.err(format!(
                    "`{k}` is Haskell syntax Phonon does not read here{}",
                    match k.as_str() {
                        "if" | "then" | "else" =>
                            ": use `while` or `sometimesBy` to choose between patterns",
                        "case" | "of" => ": use `select` or `squeeze` to choose between patterns",
                        _ => "",
                    }
                )))
            }
            Tok::Ident(s) => Ok(mk(ExprKind::Var(s))),
            Tok::Op(op) if op == "\\" => {
                let mut params = vec![];
                loop {
                    match self.peek().cloned() {
                        Some(Tok::Ident(x)) if !is_keyword(&x) => {
                            params.push(x);
                            self.pos += 1;
                        }
                        Some(Tok::Op(arrow)) if arrow == "->" && !params.is_empty() => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(self.err(
                            "a lambda names its arguments then `->`, as in `\\p -> p # speed 2`",
                        )),
                    }
                }
                let body = self.expr(0)?;
                let end = body.end;
                Ok(Expr {
                    kind: ExprKind::Lambda(params, Box::new(body)),
                    start: t.start,
                    end,
                })
            }
            Tok::Bus(s) => Ok(mk(ExprKind::Bus(s))),
            Tok::LBracket => {
                let saved = self.limit.take();
                let items = self.comma_list(Tok::RBracket, t.start);
                self.limit = saved;
                let items = items?;
                let end = self.toks[self.pos - 1].end;
                Ok(Expr {
                    kind: ExprKind::List(items),
                    start: t.start,
                    end,
                })
            }
            Tok::LParen => {
                let saved = self.limit.take();
                let e = self.paren(t.start);
                self.limit = saved;
                e
            }
            Tok::Op(op) if op == "-" => {
                let e = self.atom()?;
                let end = e.end;
                Ok(Expr {
                    kind: ExprKind::Neg(Box::new(e)),
                    start: t.start,
                    end,
                })
            }
            other => {
                self.pos -= 1;
                Err(self.err(format!(
                    "expected an expression but found {}",
                    describe(&other)
                )))
            }
        }
    }

    /// Where the bracket at `open` is, for "to close the `[` at ..." messages.
    fn place(&self, open: usize) -> String {
        let here = LangError::at(self.src, self.offset(), "");
        let there = LangError::at(self.src, open, "");
        if here.line == there.line {
            format!("column {}", there.col)
        } else {
            format!("line {}, column {}", there.line, there.col)
        }
    }

    fn comma_list(&mut self, close: Tok, open: usize) -> Result<Vec<Expr>, LangError> {
        let mut items = vec![];
        if self.peek() == Some(&close) {
            self.pos += 1;
            return Ok(items);
        }
        loop {
            items.push(self.expr(0)?);
            match self.peek() {
                Some(Tok::Comma) => self.pos += 1,
                Some(t) if *t == close => {
                    self.pos += 1;
                    return Ok(items);
                }
                Some(t) => {
                    return Err(self.err(format!(
                        "expected `,` or {} (closing the `[` at {}) but found {}",
                        describe(&close),
                        self.place(open),
                        describe(t)
                    )))
                }
                None => {
                    return Err(self.err(format!(
                        "expected {} to close the `[` at {} but the line ended",
                        describe(&close),
                        self.place(open)
                    )))
                }
            }
        }
    }

    fn paren(&mut self, start: usize) -> Result<Expr, LangError> {
        // `(op)`, `(op x)`: sections starting with an operator (`-` followed by a number is negation).
        if let Some(Tok::Op(op)) = self.peek().cloned().filter(|t| *t != Tok::Op("\\".into())) {
            let next = self.toks.get(self.pos + 1).map(|t| t.tok.clone());
            if next == Some(Tok::RParen) {
                self.pos += 2;
                return Ok(Expr {
                    kind: ExprKind::OpFn(op),
                    start,
                    end: self.toks[self.pos - 1].end,
                });
            }
            if !(op == "-" && matches!(next, Some(Tok::Num(_)))) {
                if infix_bp(&op).is_none() {
                    return Err(self.err(format!("unknown operator `{op}`")));
                }
                self.pos += 1;
                let e = self.expr(0)?;
                self.close_paren(start)?;
                return Ok(Expr {
                    kind: ExprKind::SectionR(op, Box::new(e)),
                    start,
                    end: self.toks[self.pos - 1].end,
                });
            }
        }
        let items = {
            let first = self.expr(0)?;
            // `(x op)`
            if let Some(Tok::Op(op)) = self.peek().cloned() {
                if self.toks.get(self.pos + 1).map(|t| &t.tok) == Some(&Tok::RParen) {
                    self.pos += 2;
                    return Ok(Expr {
                        kind: ExprKind::SectionL(op, Box::new(first)),
                        start,
                        end: self.toks[self.pos - 1].end,
                    });
                }
            }
            let mut items = vec![first];
            while self.peek() == Some(&Tok::Comma) {
                self.pos += 1;
                items.push(self.expr(0)?);
            }
            self.close_paren(start)?;
            items
        };
        let end = self.toks[self.pos - 1].end;
        if items.len() == 1 {
            let mut e = items.into_iter().next().expect("one item");
            e.start = start;
            e.end = end;
            Ok(e)
        } else {
            Ok(Expr {
                kind: ExprKind::Tuple(items),
                start,
                end,
            })
        }
    }

    fn close_paren(&mut self, open: usize) -> Result<(), LangError> {
        match self.peek() {
            Some(Tok::RParen) => {
                self.pos += 1;
                Ok(())
            }
            Some(t) => Err(self.err(format!(
                "expected `)` (closing the `(` at {}) but found {}",
                self.place(open),
                describe(t)
            ))),
            None => Err(self.err(format!(
                "expected `)` to close the `(` at {} but the line ended",
                self.place(open)
            ))),
        }
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Num(x) => format!("the number `{x}`"),
        Tok::Str(s) => format!("the string \"{s}\""),
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Bus(s) => format!("`~{s}`"),
        Tok::Op(s) => format!("`{s}`"),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::LBracket => "`[`".into(),
        Tok::RBracket => "`]`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Colon => "`:`".into(),
        Tok::Semi => "`;`".into(),
        Tok::Newline => "the end of the line".into(),
    }
}
