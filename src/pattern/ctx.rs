//! The query context: the arena a query's results live in, its overflow count, its work
//! budget, and the operator arguments bound while it runs.

use super::value::Value;
use bumpalo::Bump;
use std::cell::Cell;
use std::mem::MaybeUninit;

/// Deepest nesting of bound operator arguments during one query (see [`Ctx::with_param`]).
pub const MAX_PARAMS: usize = 32;

/// Deepest nesting of queries (a pattern made of patterns made of patterns ...): 4096, above
/// what the compiler lets one definition build (about 1024 applications of a function, two
/// or three queries each, `tests/robust_programs.rs`), and what a 2 MiB thread's stack holds
/// (`tests/strudel_runaway.rs`). Deeper (thousands of `const`s each wrapping the one before)
/// queries silence there, with an overflow counted, instead of overflowing the stack.
pub const MAX_QUERY_NESTING: u32 = 4096;

/// Loop iterations (cycle pieces, sequence and grid steps, echo layers; see [`Ctx::spend`])
/// one [`Ctx::realtime`] query may spend: one lookahead window or block chunk on the audio
/// thread. The busiest benchmark (`stress_extreme.ph`) spends 1 200 per window of 1024
/// samples; hostile programs (`segment 1e9`, `chop 1e300`, loops nested in loops) stop here,
/// with an overflow counted, after ~20 ms at most (release; `chop 1e300`, whose iterations each
/// build maps) instead of running for seconds.
pub const REALTIME_QUERY_WORK: u32 = 1 << 13;

/// The budget of a [`Ctx::new`] query (compile-time checks over 16 cycles, the CLI's `query`):
/// `stress_extreme.ph` spends 28 744 over its 16 cycles. Each compile-time check of a hostile
/// program (`stut 1e9 ...`) costs up to ~30 ms (release) before it stops here.
pub const OFFLINE_QUERY_WORK: u32 = 1 << 15;

/// Scratch space for one query: an arena with a hard size limit, and an overflow count.
///
/// Everything a query returns lives in the arena; once it is full, further events are dropped
/// and counted instead of allocating.
///
/// It also holds the values of patterned operator arguments bound while a query runs: an
/// operator such as `chunk "<2 4>" (fast 2)` is compiled once with a parameter standing for its
/// argument, and the argument's value for each event of `"<2 4>"` is bound here while the
/// compiled body is queried (see `ops::bind_args`).
pub struct Ctx<'a> {
    pub arena: &'a Bump,
    /// Events dropped because the arena was full (owner: the querying thread).
    pub overflow: &'a Cell<u64>,
    /// Bound parameters; entries at and above `depth` are unset and never read.
    params: [Cell<MaybeUninit<(u32, Value<'a>)>>; MAX_PARAMS],
    depth: Cell<usize>,
    /// Queries running inside one another now (see [`MAX_QUERY_NESTING`]).
    nesting: Cell<u32>,
    /// Loop iterations left (starts at [`OFFLINE_QUERY_WORK`] or [`REALTIME_QUERY_WORK`], never
    /// refilled: one `Ctx` per block chunk, lookahead window or compile-time check).
    work_left: Cell<u32>,
}

impl<'a> Ctx<'a> {
    /// A query context for work off the audio thread (budget [`OFFLINE_QUERY_WORK`]).
    pub fn new(arena: &'a Bump, overflow: &'a Cell<u64>) -> Ctx<'a> {
        Self::with_work(arena, overflow, OFFLINE_QUERY_WORK)
    }

    /// A query context for the audio thread (budget [`REALTIME_QUERY_WORK`]).
    pub fn realtime(arena: &'a Bump, overflow: &'a Cell<u64>) -> Ctx<'a> {
        Self::with_work(arena, overflow, REALTIME_QUERY_WORK)
    }

    /// A query context that may spend `work` loop iterations.
    pub fn with_work(arena: &'a Bump, overflow: &'a Cell<u64>, work: u32) -> Ctx<'a> {
        Ctx {
            arena,
            overflow,
            // SAFETY: an array of `Cell<MaybeUninit<_>>` needs no initialisation.
            params: unsafe { MaybeUninit::uninit().assume_init() },
            depth: Cell::new(0),
            nesting: Cell::new(0),
            work_left: Cell::new(work),
        }
    }

    /// Spends one loop iteration of the budget; `false` (and one overflow counted) when it is
    /// used up: the caller stops its loop.
    #[inline]
    pub fn spend(&self) -> bool {
        let w = self.work_left.get();
        if w == 0 {
            self.count_overflow();
            return false;
        }
        self.work_left.set(w - 1);
        true
    }

    /// Runs `f` as one more query inside the running ones; past [`MAX_QUERY_NESTING`] the
    /// overflow is counted and `None` returned (a pattern built from thousands of patterns,
    /// as `const`s each wrapping the one before, would otherwise overflow the querying
    /// thread's stack, which on the audio thread is the host's).
    #[inline]
    pub fn nested<R>(&self, f: impl FnOnce() -> R) -> Option<R> {
        let n = self.nesting.get();
        if n >= MAX_QUERY_NESTING {
            self.count_overflow();
            return None;
        }
        self.nesting.set(n + 1);
        let r = f();
        self.nesting.set(n);
        Some(r)
    }

    /// Counts one dropped event or operation.
    pub fn count_overflow(&self) {
        self.overflow.set(self.overflow.get() + 1);
    }

    /// Runs `f` with parameter `id` bound to `value` (innermost binding wins). Past
    /// [`MAX_PARAMS`] nested bindings the overflow is counted and `f` is not run.
    pub fn with_param<R>(&self, id: u32, value: Value<'a>, f: impl FnOnce() -> R) -> Option<R> {
        let d = self.depth.get();
        if d >= MAX_PARAMS {
            self.count_overflow();
            return None;
        }
        self.params[d].set(MaybeUninit::new((id, value)));
        self.depth.set(d + 1);
        let r = f();
        self.depth.set(d);
        Some(r)
    }

    /// The innermost value bound to parameter `id`.
    pub fn param(&self, id: u32) -> Option<Value<'a>> {
        let d = self.depth.get();
        self.params[..d]
            .iter()
            .rev()
            // SAFETY: entries below `depth` were written by `with_param`.
            .map(|c| unsafe { c.get().assume_init() })
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v)
    }

    /// Copies `items` into the arena; `None` (and an overflow count) when it is full.
    pub fn alloc_slice<T: Copy>(&self, items: &[T]) -> Option<&'a [T]> {
        match self.arena.try_alloc_slice_copy(items) {
            Ok(s) => Some(s),
            Err(_) => {
                self.count_overflow();
                None
            }
        }
    }
}
