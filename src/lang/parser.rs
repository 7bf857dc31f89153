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
    groups.into_iter().map(|g| parse_stmt(src, g)).collect()
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
    "once",
    "setcps",
    "setbpm",
    "resetCycles",
    "let",
    "do",
    "p",
    "solo",
    "unsolo",
    "mute",
    "unmute",
    "xfade",
    "xfadeIn",
    "jump",
    "jumpIn",
    "jumpIn'",
    "jumpMod",
    "clutch",
    "clutchIn",
    "interpolate",
    "interpolateIn",
    "anticipate",
    "anticipateIn",
    "wash",
    "histpan",
    "import",
];

/// True when a line starting with `tok` (then `next`) begins a statement.
fn starts_statement(tok: &Tok, next: Option<&Token>) -> bool {
    match tok {
        Tok::Bus(_) => true,
        Tok::Ident(name) => {
            output_index(name).is_some()
                || is_output_like(name)
                || (matches!(name.as_str(), "tempo" | "cps" | "bpm")
                    && next.is_some_and(|n| n.tok == Tok::Colon))
                || TIDAL_STATEMENTS.contains(&name.as_str())
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
    let mut p = P {
        src,
        toks,
        pos: 0,
        depth: 0,
    };
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

fn parse_stmt(src: &str, toks: Vec<Token>) -> Result<Stmt, LangError> {
    let start = toks[0].start;
    let mut p = P {
        src,
        toks,
        pos: 0,
        depth: 0,
    };
    let first = p.toks[0].tok.clone();
    let second = p.toks.get(1).map(|t| t.tok.clone());
    match (first, second) {
        (Tok::Ident(k), Some(Tok::Colon)) if matches!(k.as_str(), "tempo" | "cps" | "bpm") => {
            p.pos = 2;
            let example = if k == "bpm" { "120" } else { "0.5" };
            p.value_after(&format!("`{k}:` needs a number, as in `{k}: {example}`"))?;
            let value = p.expr(0)?;
            p.end()?;
            Ok(Stmt::Tempo { kind: k, value })
        }
        (Tok::Bus(name), Some(Tok::Colon)) => {
            p.pos = 2;
            p.value_after(&format!("`~{name}:` needs a value, as in `~{name}: s \"bd*4\"`"))?;
            let value = p.expr(0)?;
            p.end()?;
            Ok(Stmt::Bus { name, value })
        }
        (Tok::Bus(name), Some(Tok::Op(op))) if op == "$" => {
            p.pos = 2;
            p.value_after(&format!("`~{name} $` needs a value, as in `~{name} $ s \"bd*4\"`"))?;
            let value = p.expr(0)?;
            p.end()?;
            Ok(Stmt::Bus { name, value })
        }
        (Tok::Bus(name), Some(Tok::Op(op))) if op == "#" => {
            p.pos = 2;
            p.value_after(&format!("`~{name} #` needs an effect chain, as in `~{name} # speed 2 # gain 0.8`"))?;
            let chain = p.expr(0)?;
            p.end()?;
            Ok(Stmt::ModBus { name, chain })
        }
        (Tok::Ident(name), Some(Tok::Op(op))) if op == "$" && output_index(&name).is_some() => {
            p.pos = 2;
            p.value_after(&format!("`{name} $` needs something to play, as in `{name} $ s \"bd sn\"`"))?;
            let value = p.expr(0)?;
            p.end()?;
            Ok(Stmt::Out { index: output_index(&name).expect("checked"), value, start })
        }
        (Tok::Ident(name), Some(Tok::Colon)) if output_index(&name).is_some() => {
            p.pos = 2;
            p.value_after(&format!("`{name}:` needs something to play, as in `{name}: s \"bd sn\"`"))?;
            let value = p.expr(0)?;
            p.end()?;
            Ok(Stmt::Out { index: output_index(&name).expect("checked"), value, start })
        }
        (Tok::Ident(name), _) if matches!(name.as_str(), "tempo" | "cps" | "bpm") => {
            Err(p.err_at(1, format!("expected `:` after `{name}`, as in `{name}: 0.5`")))
        }
        (Tok::Ident(name), _) if output_index(&name).is_some() => {
            Err(p.err_at(1, format!("expected `$` after `{name}`, as in `{name} $ s \"bd sn\"`")))
        }
        (Tok::Ident(name), _) if TIDAL_STATEMENTS.contains(&name.as_str()) || is_transition_index(&name) => {
            let hint = match name.as_str() {
                "setcps" | "setbpm" => ": write the tempo as `cps: 0.5` or `bpm: 120` (under a host's transport the host's tempo rules)",
                _ => "",
            };
            Err(LangError::at(src, start, format!("`{name}` is Tidal's, not supported yet{hint}")))
        }
        (Tok::Ident(name), _) if is_output_like(&name) => Err(LangError::at(
            src,
            start,
            format!("there is no output `{name}`: the outputs are `out` and `o1` .. `o16` (also `d1` .., `out1` ..)"),
        )),
        (Tok::Bus(name), _) => {
            Err(p.err_at(1, format!("expected `$`, `:` or `#` after `~{name}`, as in `~{name} $ s \"bd*4\"`")))
        }
        (Tok::Op(op), _) => Err(LangError::at(
            src,
            start,
            format!("a statement cannot start with `{op}`: a blank line ends the statement above; remove it to continue that statement"),
        )),
        (Tok::RParen | Tok::RBracket | Tok::Comma | Tok::Colon, _) => Err(LangError::at(
            src,
            start,
            "a statement cannot start here: a blank line ends the statement above; remove it to continue that statement",
        )),
        _ => Err(LangError::at(
            src,
            start,
            "an expression on its own is not a statement: write `d1 $ ` (or `out $ `) before it to play it, or `~name $ ` to make a bus (or remove the blank line above it to continue that statement)",
        )),
    }
}

struct P<'s> {
    src: &'s str,
    toks: Vec<Token>,
    pos: usize,
    /// Nesting of `expr` calls (parentheses, `$` chains): bounded so no program overflows the stack.
    depth: usize,
}

/// Deepest expression nesting accepted (the mini-notation has its own bound).
const MAX_EXPR_DEPTH: usize = 256;

/// Binding power (left, right) of a binary operator; `None` for unknown operators.
fn infix_bp(op: &str) -> Option<(u8, u8)> {
    Some(match op {
        "$" => (2, 1),                                     // infixr 0
        "." => (20, 19),                                   // infixr 9
        "<~" | "~>" => (12, 13),                           // infixl 5
        "+" | "-" => (14, 15),                             // infixl 6
        "*" | "/" | "%" => (16, 17),                       // infixl 7
        "#" => (4, 5),                                     // infixl 1
        "==" | "/=" | "<" | ">" | "<=" | ">=" => (10, 11), // infix 4
        _ if is_op_family(op) => (4, 5),                   // |+ +| |+| ... infixl 1
        _ => return None,
    })
}

/// `|+`, `+|`, `|+|`, `||+`, `|<`, `|>` ... over `+ - * / % < > **`.
pub fn is_op_family(op: &str) -> bool {
    let core = op.trim_matches('|');
    (op.starts_with('|') || op.ends_with('|'))
        && matches!(core, "+" | "-" | "*" | "/" | "%" | "<" | ">" | "**")
}

impl<'s> P<'s> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
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
        matches!(
            self.peek(),
            Some(
                Tok::Num(_)
                    | Tok::Str(_)
                    | Tok::Ident(_)
                    | Tok::Bus(_)
                    | Tok::LParen
                    | Tok::LBracket
            )
        )
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
            Tok::Ident(s) => Ok(mk(ExprKind::Var(s))),
            Tok::Bus(s) => Ok(mk(ExprKind::Bus(s))),
            Tok::LBracket => {
                let items = self.comma_list(Tok::RBracket, t.start)?;
                let end = self.toks[self.pos - 1].end;
                Ok(Expr {
                    kind: ExprKind::List(items),
                    start: t.start,
                    end,
                })
            }
            Tok::LParen => self.paren(t.start),
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
        if let Some(Tok::Op(op)) = self.peek().cloned() {
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
        Tok::Newline => "the end of the line".into(),
    }
}
