//! Syntax tree of Phonon source, with byte spans.

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Num(f64),
    /// A string literal; `start + 1` is the offset of its first character.
    Str(String),
    Var(String),
    Bus(String),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    App(Box<Expr>, Box<Expr>),
    BinOp(String, Box<Expr>, Box<Expr>),
    /// `(x op)`
    SectionL(String, Box<Expr>),
    /// `(op x)`
    SectionR(String, Box<Expr>),
    /// `(op)`
    OpFn(String),
    Neg(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `tempo: 0.5`, `cps: 0.5`, `bpm: 120`
    Tempo { kind: String, value: Expr },
    /// `~name $ expr` or `~name: expr`
    Bus { name: String, value: Expr },
    /// `~name # chain`: a reusable effect chain applied with `# ~name`
    ModBus { name: String, chain: Expr },
    /// `out $ expr` (index 0) or `o1 $ expr` / `d1` / `out1` (index 1..=16)
    Out {
        index: usize,
        value: Expr,
        start: usize,
    },
}
