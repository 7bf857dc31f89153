//! The syntax tree of the JavaScript subset Strudel code is written in, with byte spans.
//! [`super::lower`] turns it into Phonon's own tree ([`crate::lang::ast`]).

#[derive(Debug, Clone, PartialEq)]
pub struct J {
    pub kind: JK,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JK {
    Num(f64),
    /// A string and its quote character.
    Str(String, char),
    Ident(String),
    Array(Vec<J>),
    /// `{ key: value, ... }` (keys in order).
    Object(Vec<(String, J)>),
    /// `callee(args)`
    Call(Box<J>, Vec<J>),
    /// `object.name`
    Member(Box<J>, String),
    /// `object[index]`
    Index(Box<J>, Box<J>),
    /// `(a, b) => body`
    Arrow(Vec<String>, Box<Body>),
    /// `a op b` for `+ - * / % ** < > <= >= == === != !== && || ??`
    Bin(&'static str, Box<J>, Box<J>),
    /// `-a`, `+a`, `!a`
    Unary(&'static str, Box<J>),
    /// `cond ? a : b`
    Cond(Box<J>, Box<J>, Box<J>),
}

/// An arrow function's body: an expression, or a block of statements ending in `return`.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Expr(J),
    Block(Vec<JStmt>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum JStmt {
    /// `const name = value` (also `let`, `var`).
    Decl {
        name: String,
        value: J,
        start: usize,
    },
    /// `$: value`, `_$: value`, `name: value`.
    Label {
        label: String,
        value: J,
        start: usize,
    },
    /// An expression on its own (`await` dropped).
    Expr(J),
    /// `return value` (in an arrow function's block).
    Return(J),
}
