//! Events ("haps"): a value active over a `part` of its `whole` timespan.

use super::ctx::Ctx;
use super::time::{Span, Time};
use super::value::Value;
use bumpalo::collections::Vec as BVec;
use std::cell::Cell;

/// One event. `whole` is `None` for continuous (signal) values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hap<'a> {
    pub whole: Option<Span>,
    pub part: Span,
    pub value: Value<'a>,
}

impl<'a> Hap<'a> {
    pub fn new(whole: Option<Span>, part: Span, value: Value<'a>) -> Hap<'a> {
        Hap { whole, part, value }
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
            value: self.value,
        }
    }

    pub fn with_value(&self, value: Value<'a>) -> Hap<'a> {
        Hap { value, ..*self }
    }
}

impl<'a> Ctx<'a> {
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
