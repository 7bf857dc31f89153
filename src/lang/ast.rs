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
    /// `\x y -> body` (`_` ignores an argument).
    Lambda(Vec<String>, Box<Expr>),
    /// `let a = ..; f x = .. in body`, and `body where ...`.
    Let(Vec<Binding>, Box<Expr>),
}

/// `name params = body` in a `let` or `where`.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: String,
    pub params: Vec<String>,
    pub body: Expr,
    pub start: usize,
}

/// Which stream a statement plays on: a numbered output (`d1`, `p 1`, `o1`; 0 is `out`) or a
/// named stream (`p "drums"`, mixed into the main output).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StreamId {
    Out(usize),
    Named(String),
}

/// How a new pattern takes over its stream from the one before (Tidal's transitions).
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    /// Tidal's name: `xfadeIn`, `jumpIn'`, `clutchIn`, `anticipateIn`, ...
    pub kind: String,
    /// Its arguments before the stream's pattern (cycles, a count), evaluated as numbers.
    pub args: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// `tempo: 0.5`, `cps: 0.5`, `bpm: 120`
    Tempo { kind: String, value: Expr },
    /// `~name $ expr` or `~name: expr`
    Bus { name: String, value: Expr },
    /// `~name # chain`: a reusable effect chain applied with `# ~name`
    ModBus { name: String, chain: Expr },
    /// `out $ expr` (index 0) or `o1 $ expr` / `d1` / `out1` (index 1..=16), `p "name" $ expr`,
    /// and the transitions `xfadeIn 1 8 $ expr` (with `transition`).
    Out {
        stream: StreamId,
        value: Expr,
        start: usize,
        transition: Option<Transition>,
    },
    /// Top-level `let` bindings (visible to the statements after them).
    Let(Vec<Binding>),
    /// Tidal's stream actions: `hush`, `once $ ..`, `solo 1`, `setcps 0.5`, `resetCycles` ...
    Stream { action: StreamAction, start: usize },
}

/// What a stream statement does.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamAction {
    /// `hush` / `panic`: silences every stream defined above.
    Hush,
    /// `once $ pattern`: plays the pattern's first cycle once, from when the code is evaluated.
    Once(Expr),
    Solo(StreamId),
    Unsolo(StreamId),
    Mute(StreamId),
    Unmute(StreamId),
    /// `unsoloAll`, `unmuteAll`, `muteAll`.
    UnsoloAll,
    UnmuteAll,
    MuteAll,
    /// `setcps x` (cycles per second) or `setbpm x`.
    SetTempo {
        kind: String,
        value: Expr,
    },
    /// `resetCycles`: cycle 0 starts when the code is evaluated (without a host timeline).
    ResetCycles,
    /// `setCycle n`: cycle `n` starts when the code is evaluated (without a host timeline).
    SetCycle(Expr),
    /// `import ...`, `:set ...`: nothing to do.
    Nothing,
}
