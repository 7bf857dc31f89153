//! Mini-notation syntax tree, mirroring Strudel's krill grammar (krill.pegjs), with source spans.

/// Byte offsets into the mini-notation string (without quotes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SrcSpan {
    pub start: usize,
    pub end: usize,
}

/// How a bracketed group combines its sequences.
#[derive(Clone, Debug, PartialEq)]
pub enum Align {
    /// One sequence: steps squeezed into the cycle.
    Seq,
    /// `a, b`: sequences played together.
    Stack,
    /// `a | b`: one sequence chosen at random each cycle (seed from the parse counter).
    Rand { seed: u32 },
    /// `a . b`: feet, each a step (the parse consumed a seed, never used).
    Feet,
    /// `< >`: each sequence slowed to one step per cycle.
    SlowSeq,
    /// `{ }` with an optional `%steps`.
    Polymeter { steps: Option<Box<Element>> },
}

/// A group of sequences (or one sequence of elements when `align` is `Seq`).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub align: Align,
    /// For `Seq`: the elements. For the other alignments: one `Seq` group per part.
    pub elements: Vec<Element>,
    pub parts: Vec<Group>,
    /// A `^` before the sequence (marks the step source).
    pub steps_marker: bool,
}

/// A step: a slice plus its modifiers, applied in textual order.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    pub slice: Slice,
    pub ops: Vec<Op>,
    /// Relative length in its sequence (`@`, `_`, `!`).
    pub weight: f64,
    pub span: SrcSpan,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Slice {
    Atom(String, SrcSpan),
    Group(Box<Group>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Fast(Box<Element>),
    Slow(Box<Element>),
    Replicate(f64),
    Euclid { pulse: Box<Element>, steps: Box<Element>, rotation: Option<Box<Element>> },
    Degrade { amount: Option<f64>, seed: u32 },
    Tail(Box<Element>),
    Range(Box<Element>),
}
