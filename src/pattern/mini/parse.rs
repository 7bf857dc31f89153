//! Mini-notation parser: text to [`Group`], following Strudel's krill grammar, including the
//! order in which `?`, `|` and `.` take their random seeds (conformance/README.md).
//! Phonon extension: `'` may appear inside a word, for chords such as `c4'maj`.

use super::ast::*;

/// A parse error with a byte offset into the mini-notation string.
#[derive(Debug, Clone, PartialEq)]
pub struct MiniError {
    pub offset: usize,
    pub message: String,
}

pub fn parse(src: &str) -> Result<Group, MiniError> {
    let mut p = Parser {
        s: src.as_bytes(),
        src,
        pos: 0,
        seed: 0,
        depth: 0,
    };
    p.ws();
    let g = p.stack_or_choose()?;
    p.ws();
    if p.pos < p.s.len() {
        return Err(p.err(format!("unexpected `{}`", p.peek_char())));
    }
    Ok(g)
}

/// Deepest bracket nesting accepted (keeps the recursive parser off the end of the stack).
const MAX_DEPTH: usize = 200;

struct Parser<'s> {
    s: &'s [u8],
    src: &'s str,
    pos: usize,
    seed: u32,
    depth: usize,
}

impl<'s> Parser<'s> {
    fn err(&self, message: String) -> MiniError {
        MiniError {
            offset: self.pos,
            message,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn peek_char(&self) -> char {
        self.src[self.pos..].chars().next().unwrap_or(' ')
    }

    fn ws(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else if self.src[self.pos..].starts_with('\u{a0}') {
                self.pos += 2;
            } else {
                break;
            }
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), MiniError> {
        if self.eat(c) {
            Ok(())
        } else if self.pos >= self.s.len() {
            Err(self.err(format!("expected `{}` but the pattern ended", c as char)))
        } else {
            Err(self.err(format!(
                "expected `{}` but found `{}`",
                c as char,
                self.peek_char()
            )))
        }
    }

    fn is_step_char(c: char) -> bool {
        c.is_alphabetic()
            || c.is_ascii_digit()
            || matches!(c, '~' | '-' | '#' | '.' | '^' | '_' | '\'' | '%')
    }

    /// `sequence (, sequence)* | sequence (| sequence)* | sequence (. sequence)*`
    fn stack_or_choose(&mut self) -> Result<Group, MiniError> {
        let head = self.sequence()?;
        self.ws();
        let sep = match self.peek() {
            Some(b',') => b',',
            Some(b'|') => b'|',
            Some(b'.') if !self.at_range() => b'.',
            _ => return Ok(head),
        };
        let mut parts = vec![head];
        while self.peek() == Some(sep) && !(sep == b'.' && self.at_range()) {
            self.pos += 1;
            self.ws();
            parts.push(self.sequence()?);
            self.ws();
        }
        let align = match sep {
            b',' => Align::Stack,
            b'|' => {
                let seed = self.seed;
                self.seed += 1;
                Align::Rand { seed }
            }
            _ => {
                self.seed += 1;
                Align::Feet
            }
        };
        Ok(Group {
            align,
            elements: vec![],
            parts,
            steps_marker: false,
        })
    }

    fn at_range(&self) -> bool {
        self.src[self.pos..].starts_with("..")
    }

    /// `sequence (, sequence)*` inside `{ }` and `< >`.
    fn polymeter_stack(&mut self, align: Align) -> Result<Group, MiniError> {
        let mut parts = vec![self.feet_sequence()?];
        self.ws();
        while self.eat(b',') {
            self.ws();
            parts.push(self.feet_sequence()?);
            self.ws();
        }
        Ok(Group {
            align,
            elements: vec![],
            parts,
            steps_marker: false,
        })
    }

    /// A sequence that may be split into feet by lone `.`s (Tidal's `<a b . c>` alternates
    /// `[a b]` and `c`): each foot becomes one step.
    fn feet_sequence(&mut self) -> Result<Group, MiniError> {
        let start = self.pos;
        let first = self.sequence()?;
        self.ws();
        let dot = |p: &Self| p.peek() == Some(b'.') && !p.at_range() && p.lone_dot();
        if !dot(self) {
            return Ok(first);
        }
        let mut feet = vec![(first, start)];
        while dot(self) {
            self.pos += 1;
            self.ws();
            let at = self.pos;
            feet.push((self.sequence()?, at));
            self.ws();
        }
        let end = self.pos;
        Ok(Group {
            align: Align::Seq,
            elements: feet
                .into_iter()
                .map(|(g, at)| Element {
                    slice: Slice::Group(Box::new(g)),
                    ops: vec![],
                    weight: 1.0,
                    span: SrcSpan { start: at, end },
                })
                .collect(),
            parts: vec![],
            steps_marker: false,
        })
    }

    /// `^? slice_with_ops+`
    fn sequence(&mut self) -> Result<Group, MiniError> {
        self.ws();
        let steps_marker = self.eat(b'^');
        let mut elements = vec![];
        loop {
            self.ws();
            match self.peek() {
                None | Some(b']' | b'}' | b'>' | b',' | b'|' | b')') => break,
                Some(b'.') if !self.at_range() && self.lone_dot() => break,
                _ => {}
            }
            // `_` and `@` after a step lengthen it; a bare `!` repeats it.
            if let Some(last) = elements.last_mut() {
                if self.weight_or_repeat(last)? {
                    continue;
                }
            }
            elements.push(self.slice_with_ops()?);
        }
        if elements.is_empty() {
            return Err(if self.pos >= self.s.len() {
                self.err("expected a step but the pattern ended".into())
            } else {
                self.err(format!("expected a step but found `{}`", self.peek_char()))
            });
        }
        Ok(Group {
            align: Align::Seq,
            elements,
            parts: vec![],
            steps_marker,
        })
    }

    /// A `.` with whitespace after it (a foot separator, not part of a word).
    fn lone_dot(&self) -> bool {
        matches!(
            self.s.get(self.pos + 1),
            None | Some(b' ' | b'\t' | b'\n' | b'\r')
        )
    }

    /// Handles a free-standing `_` (elongate) or `!` (repeat) that follows a step.
    fn weight_or_repeat(&mut self, last: &mut Element) -> Result<bool, MiniError> {
        let save = self.pos;
        if self.peek() == Some(b'_')
            && matches!(
                self.s.get(self.pos + 1),
                None | Some(b' ' | b']' | b'>' | b'}' | b',' | b'|' | b'\t' | b'\n')
            )
        {
            self.pos += 1;
            last.weight += 1.0;
            return Ok(true);
        }
        if self.peek() == Some(b'!') {
            self.pos += 1;
            let n = self.number_opt();
            apply_replicate(last, n);
            return Ok(true);
        }
        self.pos = save;
        Ok(false)
    }

    fn slice_with_ops(&mut self) -> Result<Element, MiniError> {
        self.ws();
        let start = self.pos;
        let slice = self.slice()?;
        let mut el = Element {
            slice,
            ops: vec![],
            weight: 1.0,
            span: SrcSpan {
                start,
                end: self.pos,
            },
        };
        loop {
            // As krill, a step swallows the whitespace after it, so modifiers may follow a
            // space (`bd *2`, `0 .. 3`, `a ? b`).
            let before_ws = self.pos;
            self.ws();
            match self.peek() {
                Some(b'_') => {
                    self.pos += 1;
                    let a = self.number_opt().unwrap_or(2.0);
                    el.weight += a - 1.0;
                }
                Some(b'@') => {
                    self.pos += 1;
                    let a = self.number_opt().unwrap_or(2.0);
                    el.weight += a - 1.0;
                }
                Some(b'!') => {
                    self.pos += 1;
                    let n = self.number_opt();
                    apply_replicate(&mut el, n);
                }
                Some(b'(') => {
                    self.pos += 1;
                    self.ws();
                    let pulse = Box::new(self.euclid_arg("the number of pulses after `(`")?);
                    self.ws();
                    self.expect(b',')?;
                    self.ws();
                    let steps = Box::new(self.euclid_arg("the number of steps after `,`")?);
                    self.ws();
                    let mut rotation = None;
                    if self.eat(b',') {
                        self.ws();
                        if self.peek() != Some(b')') {
                            rotation = Some(Box::new(self.euclid_arg("the rotation after `,`")?));
                        }
                    }
                    self.ws();
                    self.expect(b')')?;
                    el.ops.push(Op::Euclid {
                        pulse,
                        steps,
                        rotation,
                    });
                }
                Some(b'/') => {
                    self.pos += 1;
                    let a = self.op_number('/')?;
                    el.ops.push(Op::Slow(Box::new(a)));
                }
                Some(b'*') => {
                    self.pos += 1;
                    let a = self.op_number('*')?;
                    el.ops.push(Op::Fast(Box::new(a)));
                }
                Some(b'?') => {
                    self.pos += 1;
                    let amount = self.number_opt();
                    el.ops.push(Op::Degrade {
                        amount,
                        seed: self.seed,
                    });
                    self.seed += 1;
                }
                Some(b':') => {
                    self.pos += 1;
                    let a = self.bare_slice()?;
                    el.ops.push(Op::Tail(Box::new(a)));
                }
                Some(b'.') if self.at_range() => {
                    self.pos += 2;
                    let a = self.bare_slice()?;
                    el.ops.push(Op::Range(Box::new(a)));
                }
                _ => {
                    self.pos = before_ws;
                    break;
                }
            }
        }
        el.span.end = self.pos;
        self.ws();
        Ok(el)
    }

    /// The number after `*` or `/` (`bd*2`, `bd/<2 3>`): it must follow the operator directly
    /// and hold only numbers (`"bd/ sn"` and `"bd*"` are errors, not silently odd patterns).
    fn op_number(&mut self, op: char) -> Result<Element, MiniError> {
        match self.peek() {
            None => {
                return Err(self.err(format!(
                    "expected a number after `{op}` but the pattern ended"
                )))
            }
            Some(b' ' | b'\t' | b'\n' | b'\r') => {
                return Err(self.err(format!(
                    "expected a number right after `{op}` but found a space"
                )))
            }
            _ => {}
        }
        let start = self.pos;
        let a = self
            .bare_slice()
            .map_err(|e| self.expected_at(e, start, &format!("a number after `{op}`")))?;
        Self::numbers_only(&a, &format!("after `{op}`"))?;
        Ok(a)
    }

    /// One argument of `(pulses, steps, rotation)`, numbers only.
    fn euclid_arg(&mut self, what: &str) -> Result<Element, MiniError> {
        let start = self.pos;
        let a = self
            .slice_with_ops()
            .map_err(|e| self.expected_at(e, start, what))?;
        Self::numbers_only(&a, "in `(pulses, steps, rotation)`")?;
        Ok(a)
    }

    /// An error at `start` (nothing parsed yet) rephrased as "expected `what`".
    fn expected_at(&self, e: MiniError, start: usize, what: &str) -> MiniError {
        if e.offset != start {
            return e;
        }
        let found = match self.src[start..].chars().next() {
            None => "the pattern ended".to_string(),
            Some(c) => format!("found `{c}`"),
        };
        MiniError {
            offset: start,
            message: format!("expected {what} but {found}"),
        }
    }

    /// Errors at the first word of `el` that is not a number.
    fn numbers_only(el: &Element, place: &str) -> Result<(), MiniError> {
        match el.first_non_number() {
            Some((word, span)) => Err(MiniError {
                offset: span.start,
                message: format!("expected a number {place} but found `{word}`"),
            }),
            None => Ok(()),
        }
    }

    /// A slice as an operator argument (`*2`, `/<2 3>`), without its own modifiers.
    fn bare_slice(&mut self) -> Result<Element, MiniError> {
        let start = self.pos;
        let slice = self.slice()?;
        Ok(Element {
            slice,
            ops: vec![],
            weight: 1.0,
            span: SrcSpan {
                start,
                end: self.pos,
            },
        })
    }

    fn slice(&mut self) -> Result<Slice, MiniError> {
        self.ws();
        match self.peek() {
            Some(b'[') => {
                let g = self.bracketed(b']', |p| p.stack_or_choose())?;
                Ok(Slice::Group(Box::new(g)))
            }
            Some(b'<') => {
                let g = self.bracketed(b'>', |p| p.polymeter_stack(Align::SlowSeq))?;
                Ok(Slice::Group(Box::new(g)))
            }
            Some(b'{') => {
                let mut g = self.bracketed(b'}', |p| {
                    p.polymeter_stack(Align::Polymeter { steps: None })
                })?;
                if self.eat(b'%') {
                    let steps = self.bare_slice()?;
                    g.align = Align::Polymeter {
                        steps: Some(Box::new(steps)),
                    };
                }
                Ok(Slice::Group(Box::new(g)))
            }
            _ => self.atom(),
        }
    }

    /// A group from its opening bracket (at `pos`) to `close`, its inside parsed by `inner`,
    /// one level deeper.
    fn bracketed<T>(
        &mut self,
        close: u8,
        inner: impl FnOnce(&mut Self) -> Result<T, MiniError>,
    ) -> Result<T, MiniError> {
        self.pos += 1;
        self.enter()?;
        self.ws();
        let g = inner(self)?;
        self.ws();
        self.expect(close)?;
        self.depth -= 1;
        Ok(g)
    }

    fn enter(&mut self) -> Result<(), MiniError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(format!("brackets nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn atom(&mut self) -> Result<Slice, MiniError> {
        let start = self.pos;
        while self.pos < self.s.len() {
            let c = self.peek_char();
            if !Self::is_step_char(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        let word = &self.src[start..self.pos];
        if word.is_empty() {
            return Err(if self.pos >= self.s.len() {
                self.err("expected a step but the pattern ended".into())
            } else {
                self.err(format!("unexpected `{}`", self.peek_char()))
            });
        }
        if word == "." || word == "_" {
            self.pos = start;
            return Err(self.err(format!("unexpected `{word}`")));
        }
        Ok(Slice::Atom(
            word.to_string(),
            SrcSpan {
                start,
                end: self.pos,
            },
        ))
    }

    /// An optional number (as krill's `number`).
    fn number_opt(&mut self) -> Option<f64> {
        let start = self.pos;
        let mut end = start;
        let b = self.s;
        if end < b.len() && b[end] == b'-' {
            end += 1;
        }
        let digits = |mut e: usize| {
            while e < b.len() && b[e].is_ascii_digit() {
                e += 1;
            }
            e
        };
        let d0 = end;
        end = digits(end);
        if end == d0 {
            return None;
        }
        if end + 1 < b.len() && b[end] == b'.' && b[end + 1].is_ascii_digit() {
            end = digits(end + 1);
        }
        if end < b.len() && (b[end] == b'e' || b[end] == b'E') {
            let mut e2 = end + 1;
            if e2 < b.len() && (b[e2] == b'-' || b[e2] == b'+') {
                e2 += 1;
            }
            let e3 = digits(e2);
            if e3 > e2 {
                end = e3;
            }
        }
        let mut v = self.src[start..end].parse::<f64>().ok()?;
        // Tidal's ratio `1%8` (an eighth).
        if end + 1 < b.len() && b[end] == b'%' && b[end + 1].is_ascii_digit() {
            let d_end = digits(end + 1);
            let d: f64 = self.src[end + 1..d_end].parse().ok()?;
            if d != 0.0 {
                v /= d;
                end = d_end;
            }
        }
        self.pos = end;
        Some(v)
    }
}

/// `!n` (or a bare `!`): the element repeated, as krill's `op_replicate`.
fn apply_replicate(el: &mut Element, n: Option<f64>) {
    let prev = el.ops.iter().rev().find_map(|o| {
        if let Op::Replicate(r) = o {
            Some(*r)
        } else {
            None
        }
    });
    let reps = prev.unwrap_or(1.0) + n.unwrap_or(2.0) - 1.0;
    el.ops.retain(|o| !matches!(o, Op::Replicate(_)));
    el.ops.push(Op::Replicate(reps));
    el.weight = reps;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atoms(g: &Group) -> Vec<String> {
        g.elements
            .iter()
            .map(|e| match &e.slice {
                Slice::Atom(w, _) => w.clone(),
                Slice::Group(_) => "[]".into(),
            })
            .collect()
    }

    #[test]
    fn sequence_and_groups() {
        let g = parse("bd*2 [~ sn] <hh cp>").unwrap();
        assert_eq!(atoms(&g), vec!["bd", "[]", "[]"]);
        assert!(matches!(g.elements[0].ops[0], Op::Fast(_)));
    }

    #[test]
    fn seeds_follow_krill_order() {
        let g = parse("a | b? | c").unwrap();
        assert_eq!(g.align, Align::Rand { seed: 1 });
        let g = parse("[a|b|c] d?").unwrap();
        assert!(matches!(g.elements[1].ops[0], Op::Degrade { seed: 1, .. }));
    }

    #[test]
    fn errors_have_offsets() {
        let e = parse("bd [sn").unwrap_err();
        assert_eq!(e.offset, 6);
        assert!(parse("bd(3,8").is_err());
    }
}
