//! Events ("haps"): a value active over a `part` of its `whole` timespan.

use super::ctx::Ctx;
use super::time::{Span, Time};
use super::value::Value;
use bumpalo::collections::Vec as BVec;
use bumpalo::Bump;
use std::cell::Cell;

/// A byte range of the program's code an event came from (Strudel's `hap.context.locations`):
/// a mini-notation word, absolute in the code text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub start: u32,
    pub end: u32,
}

/// Most locations one event carries (a combination of more keeps the first ones).
pub const MAX_LOCS: usize = 16;

/// The locations of an event, in a query's arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocList {
    len: u8,
    items: [Loc; MAX_LOCS],
}

/// An event's locations: one pointer (an event stays small), none when empty.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Locs<'a>(Option<&'a LocList>);

impl<'a> Locs<'a> {
    /// No location (every event of the engine's programs).
    pub const NONE: Locs<'static> = Locs(None);

    pub fn as_slice(&self) -> &'a [Loc] {
        match self.0 {
            Some(l) => &l.items[..l.len as usize],
            None => &[],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// `locs` (at most [`MAX_LOCS`]) copied into `arena`; none when empty or the arena is full.
    pub fn alloc(arena: &'a Bump, locs: &[Loc]) -> Locs<'a> {
        if locs.is_empty() {
            return Locs::NONE;
        }
        let mut list = LocList {
            len: locs.len().min(MAX_LOCS) as u8,
            items: [Loc { start: 0, end: 0 }; MAX_LOCS],
        };
        list.items[..list.len as usize].copy_from_slice(&locs[..list.len as usize]);
        Locs(arena.try_alloc(list).ok().map(|l| &*l))
    }
}

impl std::fmt::Debug for Locs<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// One event. `whole` is `None` for continuous (signal) values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hap<'a> {
    pub whole: Option<Span>,
    pub part: Span,
    pub value: Value<'a>,
    /// Where in the code the event came from; empty unless the program was compiled with
    /// locations (the editor's copy, `CompileOptions::locations`), so the engine's queries
    /// carry an empty slice and never allocate for it.
    pub locs: Locs<'a>,
}

impl<'a> Hap<'a> {
    pub fn new(whole: Option<Span>, part: Span, value: Value<'a>) -> Hap<'a> {
        Hap {
            whole,
            part,
            value,
            locs: Locs::NONE,
        }
    }

    /// This event's locations replaced by `locs`.
    pub fn with_locs(self, locs: Locs<'a>) -> Hap<'a> {
        Hap { locs, ..self }
    }

    /// A new event made from this one: its locations kept (the value, whole and part given).
    pub fn derive(&self, whole: Option<Span>, part: Span, value: Value<'a>) -> Hap<'a> {
        Hap {
            whole,
            part,
            value,
            locs: self.locs,
        }
    }

    /// True when this fragment contains the event's start.
    pub fn has_onset(&self) -> bool {
        self.whole.is_some_and(|w| w.begin == self.part.begin)
    }

    pub fn whole_or_part(&self) -> Span {
        self.whole.unwrap_or(self.part)
    }

    /// The onset (start of the whole, or of the part for signals).
    pub fn onset(&self) -> Time {
        self.whole_or_part().begin
    }

    /// Both timespans mapped by `f`.
    pub fn with_span(&self, f: impl Fn(Span) -> Span) -> Hap<'a> {
        Hap {
            whole: self.whole.map(&f),
            part: f(self.part),
            ..*self
        }
    }

    pub fn with_value(&self, value: Value<'a>) -> Hap<'a> {
        Hap { value, ..*self }
    }
}

/// The locations of both `a` and `b` (Strudel's `combineContext`), without repeats: one side
/// when the other is empty or already holds it (no allocation), else a copy in `arena` (at most
/// [`MAX_LOCS`]; `a` alone when the arena is full).
pub fn join_locs<'a>(arena: &'a Bump, la: Locs<'a>, lb: Locs<'a>) -> Locs<'a> {
    if lb.is_empty() || la == lb {
        return la;
    }
    if la.is_empty() {
        return lb;
    }
    let (a, b) = (la.as_slice(), lb.as_slice());
    if b.iter().all(|l| a.contains(l)) {
        return la;
    }
    let mut buf = [Loc { start: 0, end: 0 }; MAX_LOCS];
    let mut n = a.len().min(MAX_LOCS);
    buf[..n].copy_from_slice(&a[..n]);
    for l in b {
        if n < MAX_LOCS && !buf[..n].contains(l) {
            buf[n] = *l;
            n += 1;
        }
    }
    match Locs::alloc(arena, &buf[..n]) {
        Locs(None) => la,
        joined => joined,
    }
}

impl<'a> Ctx<'a> {
    /// [`join_locs`] in this query's arena.
    pub fn join_locs(&self, a: Locs<'a>, b: Locs<'a>) -> Locs<'a> {
        join_locs(self.arena, a, b)
    }

    /// `loc` as an event's locations, copied into the arena (none when it is full).
    pub fn locs_of(&self, loc: Loc) -> Locs<'a> {
        Locs::alloc(self.arena, &[loc])
    }

    /// An event made from `x` and `y` (values combined as `value`): the locations of both.
    pub fn combine(
        &self,
        x: &Hap<'a>,
        y: &Hap<'a>,
        whole: Option<Span>,
        part: Span,
        value: Value<'a>,
    ) -> Hap<'a> {
        Hap {
            whole,
            part,
            value,
            locs: self.join_locs(x.locs, y.locs),
        }
    }

    /// An empty event list in the query's arena.
    pub fn haps(&self) -> Haps<'a> {
        Haps {
            v: BVec::new_in(self.arena),
            overflow: self.overflow,
        }
    }
}

/// A list of events in a query arena. `push` never grows past the arena's limit.
pub struct Haps<'a> {
    v: BVec<'a, Hap<'a>>,
    overflow: &'a Cell<u64>,
}

impl<'a> Haps<'a> {
    /// Appends `hap`; counts an overflow and drops it when the arena is full.
    pub fn push(&mut self, hap: Hap<'a>) {
        if self.v.len() == self.v.capacity() && self.v.try_reserve(self.v.len().max(4)).is_err() {
            self.overflow.set(self.overflow.get() + 1);
            return;
        }
        self.v.push(hap);
    }

    /// [`join_locs`] in this list's arena.
    pub fn join_locs(&self, a: Locs<'a>, b: Locs<'a>) -> Locs<'a> {
        join_locs(self.v.bump(), a, b)
    }

    pub fn extend(&mut self, other: Haps<'a>) {
        if self.v.is_empty() {
            *self = other;
            return;
        }
        for h in other.v.into_iter() {
            self.push(h);
        }
    }

    pub fn retain(&mut self, f: impl FnMut(&Hap<'a>) -> bool) {
        self.v.retain(f);
    }

    pub fn as_slice(&self) -> &[Hap<'a>] {
        &self.v
    }

    pub fn as_mut_slice(&mut self) -> &mut [Hap<'a>] {
        &mut self.v
    }

    pub fn len(&self) -> usize {
        self.v.len()
    }

    pub fn is_empty(&self) -> bool {
        self.v.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Hap<'a>> {
        self.v.iter()
    }
}

impl<'a> IntoIterator for Haps<'a> {
    type Item = Hap<'a>;
    type IntoIter = bumpalo::collections::vec::IntoIter<'a, Hap<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.v.into_iter()
    }
}
