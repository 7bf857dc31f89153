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
