//! Tidal's streams across evaluations: what each stream (`d1`, `p "drums"`) played in the
//! programs compiled before, so a transition (`xfadeIn 1 8 $ ...`) can turn the last pattern
//! into the new one, and `histpan` can spread the ones before.
//!
//! Phonon compiles the whole text at each evaluation, so a stream statement whose text did
//! not change keeps playing what it played (its transition is not started again); a changed
//! one pushes its new pattern onto the stream's history and starts its transition at the
//! cycle the new program starts on (see [`NowCell`]).

use super::ast::{StreamId, Transition};
use super::eval::{eval, Env};
use super::graph::Sig;
use crate::lang::LangError;
pub use crate::pattern::now::NowCell;
use crate::pattern::ops::transition::transition;
use crate::pattern::Pattern;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

/// Patterns kept per stream (Tidal keeps them all; `histpan` reads the newest).
pub const HISTORY_LEN: usize = 16;

/// What each stream played so far.
#[derive(Default)]
pub struct StreamHistory {
    streams: HashMap<StreamId, Played>,
}

/// One stream's state after an evaluation.
#[derive(Clone)]
struct Played {
    /// The statement's text.
    text: String,
    /// Its patterns, newest first.
    patterns: Vec<Pattern>,
    /// What it plays (the transition's pattern) and the `now` that pattern reads.
    playing: Pattern,
    cell: Option<Arc<NowCell>>,
}

/// The changes one compile makes, written back only when it succeeds.
pub struct Update {
    history: Arc<Mutex<StreamHistory>>,
    pending: HashMap<StreamId, Played>,
}

impl Update {
    pub fn new(history: &Arc<Mutex<StreamHistory>>) -> Update {
        Update {
            history: history.clone(),
            pending: HashMap::new(),
        }
    }

    /// What `stream` plays when the statement `text` gives it `sig` (with its transition).
    pub fn play(
        &mut self,
        stream: &StreamId,
        text: &str,
        sig: Rc<Sig>,
        how: Option<&Transition>,
        env: &Env,
        src: &str,
    ) -> Result<Rc<Sig>, LangError> {
        let before = {
            let h = self.history.lock().unwrap_or_else(|e| e.into_inner());
            h.streams.get(stream).cloned()
        };
        let Sig::Voices(pattern) = &*sig else {
            if let Some(t) = how {
                return Err(LangError::at(
                    src,
                    t.args.first().map_or(0, |a| a.start),
                    format!(
                        "`{}` turns one pattern of sounds into another; this stream plays a signal",
                        t.kind
                    ),
                ));
            }
            self.pending.remove(stream);
            return Ok(sig);
        };
        if let Some(b) = before.as_ref().filter(|b| b.text == text && how.is_some()) {
            self.pending.insert(stream.clone(), b.clone());
            return Ok(Rc::new(Sig::Voices(b.playing.clone())));
        }
        let mut patterns = vec![pattern.clone()];
        if let Some(b) = &before {
            patterns.extend(b.patterns.iter().take(HISTORY_LEN - 1).cloned());
        }
        let (playing, cell) = match how {
            None => (pattern.clone(), None),
            Some(t) => {
                let mut args = vec![];
                for a in &t.args {
                    let x = eval(env, a)
                        .and_then(|v| v.to_num())
                        .map_err(|e| super::eval::at(src, a, e))?;
                    args.push(x);
                }
                let cell = Arc::new(NowCell::default());
                let p = transition(&t.kind, &args, &cell, &patterns)
                    .map_err(|m| LangError::at(src, t.args.first().map_or(0, |a| a.start), m))?;
                (p, Some(cell))
            }
        };
        self.pending.insert(
            stream.clone(),
            Played {
                text: text.to_string(),
                patterns,
                playing: playing.clone(),
                cell,
            },
        );
        Ok(Rc::new(Sig::Voices(playing)))
    }

    /// The `now` the stream's pattern reads, if it reads one.
    pub fn cell(&self, stream: &StreamId) -> Option<Arc<NowCell>> {
        self.pending.get(stream).and_then(|p| p.cell.clone())
    }

    /// Writes the compile's streams back.
    pub fn commit(self) {
        let mut h = self.history.lock().unwrap_or_else(|e| e.into_inner());
        for (k, v) in self.pending {
            h.streams.insert(k, v);
        }
    }
}

/// `once $ pattern`.
pub fn once(p: &Pattern, cell: &Arc<NowCell>) -> Pattern {
    crate::pattern::ops::transition::once(cell, p)
}

/// Tidal's `trigger` family, made per compile: each use gets a `now` cell the engine sets to
/// the cycle at which the program starts, so the pattern restarts from there each time the
/// code is evaluated. Tidal 1.7's form with a first ID argument (`qtrigger 1 $ ...`) works too.
pub fn install_triggers(
    table: &mut HashMap<&'static str, super::value::Val>,
    cells: &Rc<std::cell::RefCell<Vec<Arc<NowCell>>>>,
) {
    use super::value::{func, Val};
    use crate::pattern::time::{next_sam, sam, t, tadd, tdiv, Time};
    type At = fn(Time) -> Time;
    let ceil: At = |now| if sam(now) == now { now } else { next_sam(now) };
    let kinds: [(&'static str, At); 6] = [
        ("trigger", |now| now),
        ("qtrigger", ceil),
        ("qt", ceil),
        ("ctrigger", ceil),
        ("rtrigger", |now| sam(tadd(now, tdiv(t(1), t(2))))),
        ("ftrigger", sam),
    ];
    for (name, at) in kinds {
        let cells = cells.clone();
        let make = move |x: Val, cells: &Rc<std::cell::RefCell<Vec<Arc<NowCell>>>>| {
            let cell = Arc::new(NowCell::default());
            cells.borrow_mut().push(cell.clone());
            Ok(Val::Pat(crate::pattern::ops::transition::triggered(
                &cell,
                &x.to_pat()?,
                at,
            )))
        };
        table.insert(
            name,
            func(move |x| match x {
                // Tidal 1.7's stream ID first: `qtrigger 1 $ s "bd"`.
                Val::Num(_) | Val::Str(..) => {
                    let cells = cells.clone();
                    Ok(func(move |p| make(p, &cells)))
                }
                other => make(other, &cells),
            }),
        );
    }
    for name in ["mtrigger", "mt"] {
        let cells = cells.clone();
        table.insert(
            name,
            func(move |n| {
                let n = n.to_num()?;
                if !(n.is_finite() && n >= 1.0 && n.fract() == 0.0) {
                    return Err(super::value::EvalError::new(format!(
                        "`{name}` takes a whole number of cycles, not {n}"
                    )));
                }
                let n = n as i64;
                let cells = cells.clone();
                Ok(func(move |x| {
                    let cell = Arc::new(NowCell::default());
                    cells.borrow_mut().push(cell.clone());
                    let at = move |now: Time| {
                        let c = sam(now).to_integer();
                        let k = if sam(now) == now { c } else { c + 1 };
                        t(k + (n - k.rem_euclid(n)) % n)
                    };
                    Ok(Val::Pat(crate::pattern::ops::transition::triggered(
                        &cell,
                        &x.to_pat()?,
                        at,
                    )))
                }))
            }),
        );
    }
}
