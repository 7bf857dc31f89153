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
    Euclid {
        pulse: Box<Element>,
        steps: Box<Element>,
        rotation: Option<Box<Element>>,
    },
    Degrade {
        amount: Option<f64>,
        seed: u32,
    },
    Tail(Box<Element>),
    Range(Box<Element>),
}

/// True for a word that plays as a number (or a rest, or a chord of numbers): what a numeric
/// argument such as `fast "<1 2>"` or the `2` of `bd*2` may hold.
pub fn is_number_word(word: &str) -> bool {
    word == "~"
        || word == "-"
        || word.contains('\'')
        || matches!(
            crate::pattern::value::parse_word(word),
            crate::pattern::value::Value::Num(_)
        )
}

impl Group {
    /// The first step word that is not a number (see [`is_number_word`]) and its span, looking
    /// through nested groups but not into operator arguments (the parser checks those).
    pub fn first_non_number(&self) -> Option<(&str, SrcSpan)> {
        self.elements
            .iter()
            .find_map(Element::first_non_number)
            .or_else(|| self.parts.iter().find_map(Group::first_non_number))
    }
}

impl Element {
    /// [`Group::first_non_number`] for one step.
    pub fn first_non_number(&self) -> Option<(&str, SrcSpan)> {
        match &self.slice {
            Slice::Atom(word, span) => (!is_number_word(word)).then_some((word.as_str(), *span)),
            Slice::Group(g) => g.first_non_number(),
        }
    }
}
