//! Evaluation of the syntax tree to values, and of a program to its outputs.

use super::ast::{Binding, Expr, ExprKind, Stmt, StreamAction, StreamId};
use super::builtins::table;
use super::error::LangError;
use super::graph::GraphSpec;
use super::graph::{FeedbackBus, Sig};
use super::live::HeldNotes;
use super::macros::{Macros, MACROS};
use super::parser::is_op_family;
use super::signals;
use super::streams::{NowCell, StreamHistory};
use super::strudel::Dialect;
use super::value::{func, EvalError, Val, R};
use crate::pattern::controls::{combine, op_family, NumOp, Structure};
use crate::pattern::ops::time::{early, late};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Names visible to an expression: builtins, the buses defined so far, and the names `let`,
/// `where` and lambdas bind. Cheap to clone: a lambda keeps the environment it was made in.
#[derive(Clone)]
pub struct Env {
    builtins: Rc<HashMap<&'static str, Val>>,
    pub buses: Rc<HashMap<String, Val>>,
    /// Names bound by `let`, `where` and lambda arguments (they shadow builtins).
    locals: Rc<HashMap<String, Val>>,
    /// Signal buses the program defines further on: reading one before its definition gives
    /// its signal one chunk late (feedback). Filled in as they are defined.
    pub later: Rc<RefCell<HashMap<String, Rc<FeedbackBus>>>>,
    /// Names of the buses defined further on (by `~name $ ...`).
    pub defined_later: Rc<Vec<String>>,
    /// Every feedback bus read so far.
    feedback: Rc<FeedbackBuses>,
    /// The `now` cells the program's `trigger` family made (the engine sets them).
    pub cells: Rc<RefCell<Vec<Arc<NowCell>>>>,
    /// The names `macro k "name"` gave the macros.
    pub macro_names: Rc<RefCell<super::macros::MacroNames>>,
}

/// The feedback buses a compile read. A bus holds its own signal (a reference cycle), so when
/// the last environment of a compile goes, they are all emptied, whatever the compile's
/// outcome (an error, a bus no output plays): otherwise each compile of such a program leaked
/// its signal tree.
#[derive(Default)]
struct FeedbackBuses(RefCell<Vec<Rc<FeedbackBus>>>);

impl Drop for FeedbackBuses {
    fn drop(&mut self) {
        for bus in self.0.get_mut().drain(..) {
            bus.signal.borrow_mut().take();
        }
    }
}

impl Env {
    pub fn new() -> Env {
        Env::with_macros(&Arc::new(Macros::default()))
    }

    /// An environment whose `m1`..`m8` read `macros`.
    pub fn with_macros(macros: &Arc<Macros>) -> Env {
        Env::with_live(macros, &Arc::new(HeldNotes::default()))
    }

    /// An environment reading the host's live inputs: macros and held MIDI keys.
    pub fn with_live(macros: &Arc<Macros>, held: &Arc<HeldNotes>) -> Env {
        let mut builtins = full_table();
        builtins.insert("held", Val::Pat(held.pattern()));
        builtins.insert("gate", Val::Pat(held.gate()));
        // Tidal's MIDI CC input: `cF default "cc"` (0..1), `cI` (0..127), `cN`, `cR` as `cF`.
        type Scale = fn(f64) -> f64;
        let kinds: [(&'static str, Scale); 4] = [
            ("cF", |x| x),
            ("cR", |x| x),
            ("cN", |x| x),
            ("cI", |x| (x * 127.0).round()),
        ];
        for (name, scale) in kinds {
            let macros = macros.clone();
            builtins.insert(
                name,
                super::value::func2(move |default, cc| {
                    let default = default.to_num()?;
                    let cc = match &cc {
                        Val::Str(s, _) => s.trim().parse::<usize>().ok(),
                        Val::Num(x) => Some(*x as usize),
                        _ => None,
                    }
                    .filter(|c| *c < super::macros::CCS)
                    .ok_or_else(|| EvalError::new(format!("`{name}` reads a MIDI controller by its number, as in `{name} 0.5 \"21\"` (0 to 127)")))?;
                    Ok(Val::Pat(macros.cc_pattern(cc, default, scale)))
                }),
            );
        }
        const NAMES: [&str; MACROS] = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"];
        for (i, name) in NAMES.iter().enumerate() {
            builtins.insert(name, Val::Pat(macros.pattern(i)));
        }
        let macro_names = Rc::default();
        super::macros::install_naming(&mut builtins, macros, &macro_names);
        let cells: Rc<RefCell<Vec<Arc<NowCell>>>> = Rc::default();
        super::streams::install_triggers(&mut builtins, &cells);
        Env {
            cells,
            macro_names,
            builtins: Rc::new(builtins),
            buses: Rc::new(HashMap::new()),
            locals: Rc::new(HashMap::new()),
            later: Rc::new(RefCell::new(HashMap::new())),
            defined_later: Rc::new(vec![]),
            feedback: Rc::new(FeedbackBuses::default()),
        }
    }

    /// This environment with `bindings` added (`let`, `where`): each binding sees the others,
    /// evaluated in the order they use each other; a definition that uses itself (directly or
    /// through others) is an error, so evaluation always ends.
    pub fn bind(&self, bindings: &[Binding]) -> R<Env> {
        let mut env = self.clone();
        let names: Vec<&str> = bindings.iter().map(|b| b.name.as_str()).collect();
        let mut done = vec![false; bindings.len()];
        for _ in 0..bindings.len() {
            // The next binding whose uses among these bindings are all defined.
            let ready = (0..bindings.len()).find(|&i| {
                !done[i]
                    && free_names(&bindings[i])
                        .iter()
                        .all(|n| names.iter().enumerate().all(|(j, m)| m != n || done[j]))
            });
            let Some(i) = ready else {
                let b = bindings
                    .iter()
                    .zip(&done)
                    .find(|(_, d)| !**d)
                    .expect("one is left")
                    .0;
                return Err(EvalError {
                    message: format!("`{}` is defined in terms of itself (directly or through the other definitions): Phonon does not evaluate recursive definitions; write the pattern out, or use `every`, `iter` or `slowcat` to repeat with changes", b.name),
                    offset: Some(b.start),
                });
            };
            let b = &bindings[i];
            let v = if b.params.is_empty() {
                eval(&env, &b.body)?
            } else {
                lambda(&env, &b.params, Rc::new(b.body.clone()))
            };
            Rc::make_mut(&mut env.locals).insert(b.name.clone(), v);
            done[i] = true;
        }
        Ok(env)
    }
}

/// Names a binding's body reads that are not its own parameters (or bound inside it).
fn free_names(b: &Binding) -> Vec<String> {
    let mut out = vec![];
    let mut bound: Vec<String> = b.params.clone();
    collect_names(&b.body, &mut bound, &mut out);
    out
}

fn collect_names(e: &Expr, bound: &mut Vec<String>, out: &mut Vec<String>) {
    match &e.kind {
        ExprKind::Var(n) => {
            if !bound.contains(n) {
                out.push(n.clone());
            }
        }
        ExprKind::Num(_) | ExprKind::Str(_) | ExprKind::Bus(_) | ExprKind::OpFn(_) => {}
        ExprKind::List(xs) | ExprKind::Tuple(xs) => {
            for x in xs {
                collect_names(x, bound, out);
            }
        }
        ExprKind::App(a, b) | ExprKind::BinOp(_, a, b) => {
            collect_names(a, bound, out);
            collect_names(b, bound, out);
        }
        ExprKind::SectionL(_, a) | ExprKind::SectionR(_, a) | ExprKind::Neg(a) => {
            collect_names(a, bound, out)
        }
        ExprKind::Lambda(params, body) => {
            let n = bound.len();
            bound.extend(params.iter().cloned());
            collect_names(body, bound, out);
            bound.truncate(n);
        }
        ExprKind::Let(bs, body) => {
            let n = bound.len();
            bound.extend(bs.iter().map(|b| b.name.clone()));
            for b in bs {
                let m = bound.len();
                bound.extend(b.params.iter().cloned());
                collect_names(&b.body, bound, out);
                bound.truncate(m);
            }
            collect_names(body, bound, out);
            bound.truncate(n);
        }
    }
}

/// Most nested applications of the program's own functions (lambdas, definitions,
/// compositions) at once: deeper is an error, not a stack overflow.
const MAX_CALL_DEPTH: usize = 256;
/// Most function applications made inside the program's own functions (lambdas, definitions,
/// compositions) in one compile: more is an error, so a definition that multiplies its work
/// (`let a = f . f; b = a . a; ...`) ends quickly, and the patterns it builds stay as shallow
/// as those a program written out can make (each application can wrap a pattern once more).
const MAX_CALLS: u64 = 1024;

thread_local! {
    static CALLS: std::cell::Cell<(usize, u64)> = const { std::cell::Cell::new((0, 0)) };
}

/// Starts counting a compile's applications afresh.
pub fn reset_call_budget() {
    CALLS.with(|c| c.set((0, 0)));
}

/// Counts one application made inside a program's own function (see [`MAX_CALLS`]).
pub fn charge() -> R<()> {
    let (depth, count) = CALLS.with(|c| c.get());
    if depth == 0 {
        return Ok(());
    }
    if count >= MAX_CALLS {
        return Err(EvalError::new(format!("this program's definitions apply functions more than {MAX_CALLS} times: is a definition doubling its work (as `let b = a . a`)?")));
    }
    CALLS.with(|c| c.set((depth, count + 1)));
    Ok(())
}

/// Runs `f` as one application of a program's own function, within the depth and count bounds.
pub fn call<T>(f: impl FnOnce() -> R<T>) -> R<T> {
    let (depth, count) = CALLS.with(|c| c.get());
    if depth >= MAX_CALL_DEPTH {
        return Err(EvalError::new(format!("functions applied inside each other more than {MAX_CALL_DEPTH} deep: is a definition repeating itself?")));
    }
    if count >= MAX_CALLS {
        return Err(EvalError::new(format!("this program's definitions apply functions more than {MAX_CALLS} times: is a definition doubling its work (as `let b = a . a`)?")));
    }
    CALLS.with(|c| c.set((depth + 1, count + 1)));
    let r = f();
    CALLS.with(|c| {
        let (d, n) = c.get();
        c.set((d.saturating_sub(1), n));
    });
    r
}

/// A lambda or a definition with parameters: a function that binds its arguments one at a
/// time, then evaluates `body` in the environment it was made in.
fn lambda(env: &Env, params: &[String], body: Rc<Expr>) -> Val {
    let env = env.clone();
    let params: Rc<[String]> = params.into();
    func(move |arg| {
        call(|| {
            let mut inner = env.clone();
            if params[0] != "_" {
                Rc::make_mut(&mut inner.locals).insert(params[0].clone(), arg);
            }
            if params.len() == 1 {
                eval(&inner, &body)
            } else {
                Ok(lambda(&inner, &params[1..], body.clone()))
            }
        })
    })
}

/// Settings a compile needs from its host.
#[derive(Clone)]
pub struct CompileOptions {
    /// Host beats per cycle, to turn `bpm:` into cycles per second.
    pub beats_per_cycle: f64,
    /// The values `m1`..`m8` read.
    pub macros: Arc<Macros>,
    /// The MIDI keys `held` and `gate` read.
    pub held: Arc<HeldNotes>,
    /// What each stream played in the programs compiled before (Tidal's transitions turn the
    /// last into the new one).
    pub history: Arc<std::sync::Mutex<StreamHistory>>,
    /// The language the text is in; `None` detects it ([`super::strudel::detect`]).
    pub dialect: Option<Dialect>,
    /// Events carry the places in the code of the mini-notation words that made them
    /// (`Hap::locs`): the editor's copy, for its live code. Off for the engine's.
    pub locations: bool,
}

impl CompileOptions {
    pub fn new(beats_per_cycle: f64) -> CompileOptions {
        CompileOptions {
            beats_per_cycle,
            macros: Arc::new(Macros::default()),
            held: Arc::new(HeldNotes::default()),
            history: Arc::default(),
            dialect: None,
            locations: false,
        }
    }
}

impl Default for Env {
    fn default() -> Self {
        Env::new()
    }
}

/// A compiled program: what each output plays, and the tempo it asks for.
pub struct Program {
    /// Cycles per second from `tempo:`/`cps:`/`bpm:`, used when there is no host tempo.
    pub cps: Option<f64>,
    /// The signal graph, with the node feeding each output (index 0 is `out`, 1..=16 are
    /// `o1`..`o16`).
    pub graph: GraphSpec,
    /// Times the engine sets to the cycle at which this program starts playing (transitions,
    /// `once`); see [`NowCell`].
    pub now_cells: Vec<Arc<NowCell>>,
    /// `resetCycles` (`Some(0)`) and `setCycle n`: without a host timeline, this program starts
    /// at that cycle.
    pub reset_cycles: Option<crate::pattern::time::Time>,
    /// Things the musician should know that are not errors (a stream defined twice, `hush`,
    /// `setcps` under a host's tempo ...), for the editor's status line.
    pub notes: Vec<String>,
    /// The language the program was read as (the editor's status bar shows it).
    pub dialect: Dialect,
    /// Strudel's `samples(...)` calls: what to look for on disk when the program is loaded.
    pub sample_sources: Vec<crate::samples::packs::SampleSource>,
    /// Which output stage plays the events: Tidal code through SuperDirt's conventions (the
    /// default), Strudel code through superdough's (the Strudel front-end sets it).
    pub sound_stage: SoundStage,
    /// The editor's view of each output the code chooses one for (`lang::views`): output
    /// index (0 is `out`) and view, in output order.
    pub views: Vec<(usize, super::views::View)>,
    /// The names the code gives the macros (`macro 1 "cutoff"`): the editor's knobs and the
    /// host show them.
    pub macro_names: super::macros::MacroNames,
}

/// The output stage a program's events play through. The pattern semantics (event values) are
/// the same for both front-ends; how an event sounds is not: SuperDirt's gain curve, note
/// numbering, synths and effects, or superdough's (`engine::dough`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SoundStage {
    /// SuperDirt's conventions (Tidal code).
    #[default]
    Dirt,
    /// superdough 1.2.6's conventions (Strudel code).
    Dough,
}

impl SoundStage {
    /// The stage a front-end's code plays through.
    pub fn of(dialect: Dialect) -> SoundStage {
        match dialect {
            Dialect::Strudel => SoundStage::Dough,
            Dialect::Tidal => SoundStage::Dirt,
        }
    }

    /// What the status bar calls it.
    pub fn name(self) -> &'static str {
        match self {
            SoundStage::Dirt => "SuperDirt's sounds",
            SoundStage::Dough => "superdough's sounds",
        }
    }
}

/// Compiles program text. `beats_per_cycle` converts `bpm:` to cycles per second.
pub fn compile_program(src: &str, beats_per_cycle: f64) -> Result<Program, LangError> {
    compile_program_with(src, &CompileOptions::new(beats_per_cycle))
}

/// Compiles program text with the host's settings.
pub fn compile_program_with(src: &str, opts: &CompileOptions) -> Result<Program, LangError> {
    let beats_per_cycle = opts.beats_per_cycle;
    let dialect = opts.dialect.unwrap_or_else(|| super::strudel::detect(src));
    let (stmts, front_notes, default_cps, sample_sources, chosen_views) = match dialect {
        Dialect::Tidal => (
            super::parser::parse_program(src)?,
            vec![],
            None,
            vec![],
            vec![],
        ),
        Dialect::Strudel => {
            let lowered = super::strudel::parse_program(src)?;
            // Strudel plays at 0.5 cycles per second unless the code sets its tempo.
            (
                lowered.stmts,
                lowered.notes,
                Some(0.5),
                lowered.samples,
                lowered.views,
            )
        }
    };
    reset_call_budget();
    let _locate = super::value::locate_in(opts.locations.then_some(src));
    let mut env = Env::with_live(&opts.macros, &opts.held);
    let mut program = Program {
        cps: None,
        graph: GraphSpec::default(),
        now_cells: vec![],
        reset_cycles: None,
        notes: front_notes,
        dialect,
        sample_sources,
        sound_stage: SoundStage::of(dialect),
        views: vec![],
        macro_names: Default::default(),
    };
    let mut seen = HashMap::new();
    // The streams in the order they were first defined: what each plays and where (the
    // statement's start and its value's end).
    let mut streams: Vec<(StreamId, Rc<Sig>, (usize, usize))> = vec![];
    let (mut muted, mut soloed): (Vec<StreamId>, Vec<StreamId>) = (vec![], vec![]);
    let mut history = super::streams::Update::new(&opts.history);
    env.defined_later = Rc::new(
        stmts
            .iter()
            .filter_map(|st| {
                if let Stmt::Bus { name, .. } = st {
                    Some(name.clone())
                } else {
                    None
                }
            })
            .collect(),
    );
    for st in stmts {
        match st {
            Stmt::Tempo { kind, value } => {
                let x = eval(&env, &value)
                    .and_then(|v| v.to_num())
                    .map_err(|e| at(src, &value, e))?;
                if !(x.is_finite() && x > 0.0) {
                    let unit = if kind == "bpm" {
                        "beats per minute"
                    } else {
                        "cycles per second"
                    };
                    return Err(LangError::at(
                        src,
                        value.start,
                        format!("`{kind}:` must be a positive number ({unit}), not {x}"),
                    ));
                }
                program.cps = Some(if kind == "bpm" {
                    x / 60.0 / beats_per_cycle
                } else {
                    x
                });
            }
            Stmt::Bus { name, value } => {
                if let ExprKind::Tuple(_) = &value.kind {
                    return Err(LangError::at(
                        src,
                        value.start,
                        format!("the bus `~{name}` holds a pattern or a signal, not a tuple `(a, b)`: to combine several write `stack [a, b]`"),
                    ));
                }
                let v = eval(&env, &value).map_err(|e| at(src, &value, e))?;
                if let Some(pos) = env.defined_later.iter().position(|n| *n == name) {
                    Rc::make_mut(&mut env.defined_later).remove(pos);
                }
                if let Some(bus) = env.later.borrow_mut().remove(&name) {
                    // Read earlier (feedback): only a signal can be read one chunk late; a
                    // pattern of sounds read early would start its voices late.
                    let sig = match &v {
                        Val::Sig(s) => s.clone(),
                        _ => {
                            return Err(LangError::at(
                                src,
                                bus.read_at,
                                format!("`~{name}` is read here before its definition, which only works for a signal bus (feedback, one 256-sample chunk late): move the line `~{name} $ ...` above this one"),
                            ))
                        }
                    };
                    *bus.signal.borrow_mut() = Some(sig);
                }
                Rc::make_mut(&mut env.buses).insert(name, v);
            }
            Stmt::ModBus { name, chain } => {
                let c = eval(&env, &chain).map_err(|e| at(src, &chain, e))?;
                let f = func(move |x| binop("#", x, c.clone()));
                Rc::make_mut(&mut env.buses).insert(name, f);
            }
            Stmt::Let(bindings) => {
                env = env
                    .bind(&bindings)
                    .map_err(|e| LangError::at(src, e.offset.unwrap_or(0), e.message))?;
            }
            Stmt::Out {
                stream,
                value,
                start,
                transition,
            } => {
                if let ExprKind::Tuple(_) = &value.kind {
                    return Err(LangError::at(
                        src,
                        value.start,
                        "an output plays a pattern or a signal, not a tuple `(a, b)`: to play several together write `stack [a, b]`",
                    ));
                }
                let v = eval(&env, &value).map_err(|e| at(src, &value, e))?;
                // Tidal plays a pattern of words as sounds; Strudel plays only control
                // patterns (superdough refuses a plain value), so a pattern is its voices.
                let v = match dialect {
                    Dialect::Tidal => bare_sounds(v),
                    Dialect::Strudel => v,
                };
                if matches!(v, Val::Func(_) | Val::Effect(_)) {
                    return Err(LangError::at(
                        src,
                        value.start,
                        "an output plays a pattern or a signal, but this is a function: is its last argument missing? (as in `fast 2 $ s \"bd sn\"`)",
                    ));
                }
                let sig = match (&v, dialect) {
                    (Val::Pat(_) | Val::Str(..), Dialect::Strudel) => {
                        Rc::new(Sig::Voices(v.to_pat().map_err(|e| at(src, &value, e))?))
                    }
                    _ => v.to_sig().map_err(|e| at(src, &value, e))?,
                };
                let text = &src[start..value.end];
                let sig = history.play(&stream, text, sig, transition.as_ref(), &env, src)?;
                if let Some(cell) = history.cell(&stream) {
                    program.now_cells.push(cell);
                }
                if let Some(i) = streams.iter().position(|(id, ..)| *id == stream) {
                    let line = LangError::at(src, streams[i].2 .0, "").line;
                    program.notes.push(format!("{} is defined again on line {}: the later definition plays (as when Tidal evaluates both)", stream_name(&stream), LangError::at(src, start, "").line));
                    let _ = line;
                    streams[i] = (stream, sig, (start, value.end));
                } else {
                    streams.push((stream, sig, (start, value.end)));
                }
            }
            Stmt::Stream { action, start } => match action {
                StreamAction::Hush => {
                    if !streams.is_empty() {
                        program.notes.push(format!(
                            "`hush` on line {} silences the streams above it",
                            LangError::at(src, start, "").line
                        ));
                    }
                    streams.clear();
                }
                StreamAction::Once(value) => {
                    let v = bare_sounds(eval(&env, &value).map_err(|e| at(src, &value, e))?);
                    let pat = v.to_pat().map_err(|e| at(src, &value, e))?;
                    if !super::value::is_control_pattern(&pat) {
                        return Err(LangError::at(
                            src,
                            value.start,
                            "`once` plays a pattern of sounds, as in `once $ s \"cp\"`",
                        ));
                    }
                    let cell = Arc::new(NowCell::default());
                    let once = super::streams::once(&pat, &cell);
                    program.now_cells.push(cell);
                    streams.push((
                        StreamId::Named(format!("once@{start}")),
                        Rc::new(Sig::Voices(once)),
                        (start, value.end),
                    ));
                }
                StreamAction::Solo(id) => soloed.push(id),
                StreamAction::Unsolo(id) => soloed.retain(|x| *x != id),
                StreamAction::Mute(id) => muted.push(id),
                StreamAction::Unmute(id) => muted.retain(|x| *x != id),
                StreamAction::UnsoloAll => soloed.clear(),
                StreamAction::UnmuteAll => muted.clear(),
                StreamAction::MuteAll => muted.extend(streams.iter().map(|(id, ..)| id.clone())),
                StreamAction::SetTempo { kind, value } => {
                    let x = eval(&env, &value)
                        .and_then(|v| v.to_num())
                        .map_err(|e| at(src, &value, e))?;
                    if !(x.is_finite() && x > 0.0) {
                        return Err(LangError::at(
                            src,
                            value.start,
                            format!("`{kind}` takes a positive number, not {x}"),
                        ));
                    }
                    program.cps = Some(if kind == "setbpm" {
                        x / 60.0 / beats_per_cycle
                    } else {
                        x
                    });
                    program.notes.push(format!("`{kind}` sets the tempo when Phonon plays on its own; in a DAW the host's tempo rules"));
                }
                StreamAction::ResetCycles => {
                    program.reset_cycles = Some(crate::pattern::time::t(0));
                    program.notes.push("`resetCycles` restarts cycle 0 when Phonon plays on its own; in a DAW the host's timeline sets the cycle".into());
                }
                StreamAction::SetCycle(value) => {
                    let x = eval(&env, &value)
                        .and_then(|v| v.to_num())
                        .map_err(|e| at(src, &value, e))?;
                    let cycle = crate::pattern::time::from_f64(x)
                        .filter(|_| x.abs() < 1e12)
                        .ok_or_else(|| {
                            LangError::at(
                                src,
                                value.start,
                                format!("`setCycle` takes a cycle number, not {x}"),
                            )
                        })?;
                    program.reset_cycles = Some(cycle);
                    program.notes.push("`setCycle` sets the cycle when Phonon plays on its own; in a DAW the host's timeline sets the cycle".into());
                }
                StreamAction::Nothing => {}
            },
        }
    }
    for (id, sig, block) in &streams {
        if muted.contains(id) || (!soloed.is_empty() && !soloed.contains(id)) {
            continue;
        }
        let index = match id {
            StreamId::Out(n) => *n,
            StreamId::Named(_) => 0,
        };
        let node = program.graph.add(sig, &mut seen);
        program.graph.outputs.push((index, node));
        let view = super::views::chosen(src, *block, &chosen_views);
        if let (Some(v), false) = (view, program.views.iter().any(|x| x.0 == index)) {
            program.views.push((index, v));
        }
    }
    program.views.sort_unstable_by_key(|x| x.0);
    if !muted.is_empty() || !soloed.is_empty() {
        program.notes.push(format!(
            "{}{}",
            if soloed.is_empty() {
                String::new()
            } else {
                format!(
                    "solo: {} ",
                    soloed
                        .iter()
                        .map(stream_name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            if muted.is_empty() {
                String::new()
            } else {
                format!(
                    "muted: {}",
                    muted.iter().map(stream_name).collect::<Vec<_>>().join(", ")
                )
            }
        ));
    }
    history.commit();
    program.now_cells.extend(env.cells.borrow().iter().cloned());
    program.macro_names = env.macro_names.borrow().clone();
    program
        .notes
        .extend(data_notes(streams.iter().map(|(_, sig, _)| sig)));
    let linked = program.graph.link_feedback(&mut seen);
    // Feedback buses hold their own signal: empty them so the compile-time tree is freed.
    for (_, (sig, _)) in seen.drain() {
        if let Sig::Feedback(bus) = &*sig {
            bus.signal.borrow_mut().take();
        }
    }
    if let Err(bus) = linked {
        return Err(LangError::at(
            src,
            bus.read_at,
            format!("`~{}` is read but never defined as a signal", bus.name),
        ));
    }
    if program.cps.is_none() {
        program.cps = default_cps;
    }
    Ok(program)
}

/// Notes for the controls a program's sound patterns carry that no sound reads: custom
/// controls (`pF "feedback" 0.1`) and the table's data controls (`cps`).
fn data_notes<'s>(sigs: impl Iterator<Item = &'s Rc<Sig>>) -> Vec<String> {
    use crate::pattern::control_table::{find_sym, Plays};
    let mut seen: Vec<String> = vec![];
    let mut notes = vec![];
    for sig in sigs {
        let Sig::Voices(p) = &**sig else { continue };
        let keys: Vec<crate::pattern::Sym> = super::value::probe(p, 4, |haps| {
            let mut keys = vec![];
            for h in haps.iter() {
                if let crate::pattern::Value::Map(m) = h.value {
                    keys.extend(m.iter().map(|(k, _)| *k));
                }
            }
            keys
        });
        for k in keys {
            let name = k.text().to_string();
            // `value` is the key of a plain value beside controls (`n "0" + 1`), not a control.
            if k == crate::pattern::Sym::VALUE || seen.contains(&name) {
                continue;
            }
            match find_sym(k).map(|c| c.plays) {
                Some(Plays::Data(why)) => notes.push(format!("no sound plays `{name}`: {why}")),
                Some(Plays::Dough) => notes.push(format!(
                    "no sound plays `{name}` under SuperDirt's stage: it is superdough's (Strudel's sound stage)"
                )),
                None => notes.push(format!("no sound plays `{name}` (a control of your own, carried with the events as data)")),
                _ => {}
            }
            seen.push(name);
        }
    }
    notes
}

/// A stream's name as the musician wrote it: `d1`, `out`, `p "drums"`.
fn stream_name(id: &StreamId) -> String {
    match id {
        StreamId::Out(0) => "out".into(),
        StreamId::Out(i) => format!("d{i}"),
        StreamId::Named(n) => format!("p \"{n}\""),
    }
}

/// An evaluation error located at `e` (or at the error's own offset).
pub fn at(src: &str, e: &Expr, err: EvalError) -> LangError {
    LangError::at(src, err.offset.unwrap_or(e.start), err.message)
}

/// Evaluates one expression.
pub fn eval(env: &Env, e: &Expr) -> R<Val> {
    let locate = |mut err: EvalError| {
        err.offset.get_or_insert(e.start);
        err
    };
    match &e.kind {
        ExprKind::Num(x) => Ok(Val::Num(*x)),
        ExprKind::Str(s) => Ok(Val::Str(s.clone(), e.start + 1)),
        ExprKind::Var(name) => env
            .locals
            .get(name.as_str())
            .or_else(|| env.builtins.get(name.as_str()))
            .cloned()
            .map(|v| super::live_tags::name(e, v))
            .ok_or_else(|| EvalError {
                message: super::names::unknown_name(
                    name,
                    env.builtins
                        .keys()
                        .copied()
                        .chain(env.locals.keys().map(|k| k.as_str())),
                ),
                offset: Some(e.start),
            }),
        ExprKind::Lambda(params, body) => Ok(lambda(env, params, Rc::new((**body).clone()))),
        ExprKind::Let(bindings, body) => eval(&env.bind(bindings)?, body),
        ExprKind::Bus(name)
            if !env.buses.contains_key(name) && env.defined_later.contains(name) =>
        {
            let mut later = env.later.borrow_mut();
            let bus = later.entry(name.clone()).or_insert_with(|| {
                let bus = Rc::new(FeedbackBus {
                    name: name.clone(),
                    signal: RefCell::new(None),
                    read_at: e.start,
                });
                env.feedback.0.borrow_mut().push(bus.clone());
                bus
            });
            Ok(Val::Sig(Rc::new(Sig::Feedback(bus.clone()))))
        }
        ExprKind::Bus(name) => env.buses.get(name).cloned().ok_or_else(|| {
            let known: Vec<String> = env.buses.keys().map(|k| format!("~{k}")).collect();
            let mut message = unknown("bus", &format!("~{name}"), known.iter().map(|k| k.as_str()));
            if !message.ends_with('?') {
                message.push_str(&format!(
                    " (a bus is defined by a line `~{name} $ ...` before the lines that read it)"
                ));
            }
            EvalError {
                message,
                offset: Some(e.start),
            }
        }),
        // `[a .. b]` is the range itself, not a list holding it.
        ExprKind::List(items)
            if items.len() == 1
                && matches!(&items[0].kind, ExprKind::BinOp(op, ..) if op == "..") =>
        {
            eval(env, &items[0])
        }
        ExprKind::List(items) => Ok(Val::List(
            items.iter().map(|x| eval(env, x)).collect::<R<_>>()?,
        )),
        ExprKind::Tuple(items) => Ok(Val::List(
            items.iter().map(|x| eval(env, x)).collect::<R<_>>()?,
        )),
        ExprKind::Neg(x) => match eval(env, x)? {
            Val::Num(v) => Ok(Val::Num(-v)),
            other => binop("-", Val::Num(0.0), other).map_err(locate),
        },
        ExprKind::App(f, x) => {
            let fv = eval(env, f)?;
            let xv = eval(env, x)?;
            match fv {
                _ if fv.is_func() => fv
                    .apply(xv)
                    .map(|v| super::live_tags::argument(x, v))
                    .map_err(locate),
                other => Err(EvalError {
                    message: format!(
                        "{} is not a function, so it cannot take this argument (is a `$`, `#` or `,` missing before it?)",
                        other.describe()
                    ),
                    offset: Some(x.start),
                }),
            }
        }
        ExprKind::BinOp(op, a, b) => {
            let av = eval(env, a)?;
            let bv = eval(env, b)?;
            // `# f` applies a function only for modifier buses (`# ~fx`) and sections; a bare
            // control or effect name there has lost its argument.
            if (op == "#" || op == STRUDEL_SET)
                && matches!(bv, Val::Func(_))
                && !matches!(
                    b.kind,
                    ExprKind::Bus(_) | ExprKind::SectionR(..) | ExprKind::SectionL(..)
                )
            {
                return Err(EvalError {
                    message: "`#` needs a value or an effect here, but this is a function: is an argument missing (as in `# gain 0.8`)?".into(),
                    offset: Some(b.start),
                });
            }
            binop(op, av, bv).map_err(|mut err| {
                err.offset.get_or_insert(e.start);
                err
            })
        }
        ExprKind::SectionR(op, b) => {
            let bv = eval(env, b)?;
            let op = op.clone();
            Ok(func(move |x| binop(&op, x, bv.clone())))
        }
        ExprKind::SectionL(op, a) => {
            let av = eval(env, a)?;
            let op = op.clone();
            Ok(func(move |x| binop(&op, av.clone(), x)))
        }
        ExprKind::OpFn(op) => {
            let op = op.clone();
            Ok(super::value::func2(move |a, b| binop(&op, a, b)))
        }
    }
}

/// Applies a binary operator to two values.
/// The operator Strudel's control methods are lowered to (no Tidal code can spell it).
pub const STRUDEL_SET: &str = "strudel:#";

pub fn binop(op: &str, a: Val, b: Val) -> R<Val> {
    match op {
        "$" => match (&a, &b) {
            // Two functions: Tidal's `f $ g` when `f` takes a function; otherwise Phonon's
            // pipe chain (`x $ f $ g` = g (f x)), so the composition applies `f` first.
            _ if a.is_func() && b.is_func() => match a.apply(b.clone()) {
                Ok(v) => Ok(v),
                Err(_) => {
                    let (f, g) = (a.to_func()?, b.to_func()?);
                    Ok(func(move |x| call(|| g(f(x)?))))
                }
            },
            _ if a.is_func() => a.apply(b),
            // Phonon's pipe: `pattern $ function`.
            _ if b.is_func() => b.apply(a),
            _ => Err(EvalError::new(format!(
                "`$` applies a function, but both of its sides are values ({} on the left, {} on the right); to play both, use `stack [a, b]`",
                a.describe(),
                b.describe()
            ))),
        },
        "." => {
            for (side, v) in [("left", &a), ("right", &b)] {
                if !v.is_func() {
                    return Err(EvalError::new(format!(
                        "`.` composes two functions, but its {side} side is {}; to apply a function to a pattern use `$` (or `#` for controls)",
                        v.describe()
                    )));
                }
            }
            let (f, g) = (a.to_func()?, b.to_func()?);
            Ok(func(move |x| call(|| f(g(x)?))))
        }
        // Strudel's control methods (`.gain(x)`, lowered to this operator): a plain value beside
        // controls stays the event's `value` (Strudel's `{ value: x }`), not a sound as in Tidal.
        STRUDEL_SET => match (&a, &b) {
            (Val::Pat(_) | Val::Str(..) | Val::Num(_), Val::Pat(_) | Val::Str(..) | Val::Num(_)) => {
                Ok(Val::Pat(combine(&a.to_pat()?, &b.to_pat()?, NumOp::Set, Structure::Left)))
            }
            _ => binop("#", a, b),
        },
        "#" => match (&a, &b) {
            (Val::Sig(_), Val::Sig(_)) => Err(EvalError::new(
                "`#` after a signal takes an effect (`lpf 800 0.5`), `gain` or `pan`, but its right side is a signal: does an effect have too many arguments?",
            )),
            (Val::Sig(s), _) => signals::sig_hash(s.clone(), &b),
            (_, Val::Func(_)) => b.apply(a),
            // An effect after a pattern: the pattern's voices go through it.
            (_, Val::Effect(_)) => signals::sig_hash(a.to_sig()?, &b),
            (_, Val::Dual(d)) if d.pat.is_none() => signals::sig_hash(a.to_sig()?, &b),
            _ => {
                let (a, b) = sounds_beside_controls(a.to_pat()?, b.to_pat()?);
                Ok(Val::Pat(combine(&a, &b, NumOp::Set, Structure::Left)))
            }
        },
        // Haskell's `fmap`: Phonon's functions on values already apply to every event.
        "<$>" => a.apply(b),
        "<>" => match (&a, &b) {
            (Val::Sig(_), _) | (_, Val::Sig(_)) => signals::sig_binop("+", &a, &b),
            _ => Ok(Val::Pat(crate::pattern::pattern::stack(vec![a.to_pat()?, b.to_pat()?]))),
        },
        "++" => match (a, b) {
            (Val::Str(x, o), Val::Str(y, _)) => Ok(Val::Str(x + &y, o)),
            (Val::List(mut x), Val::List(y)) => {
                x.extend(y);
                Ok(Val::List(x))
            }
            (a, b) => Err(EvalError::new(format!("`++` joins two strings or two lists, not {} and {}", a.describe(), b.describe()))),
        },
        "<*>" | "<*" | "*>" => Err(EvalError::new(format!("Tidal's applicative `{op}` is not supported yet: use the operators `|+|`, `|+`, `+|` (and `|<`, `|>`) to combine patterns"))),
        _ if op.contains("++") => {
            let how = match (op.starts_with('|'), op.ends_with('|')) {
                (true, true) => Structure::Both,
                (true, false) => Structure::Left,
                (false, true) => Structure::Right,
                _ => return Err(EvalError::new(format!("unknown operator `{op}`"))),
            };
            Ok(Val::Pat(join_words(&a.to_pat()?, &b.to_pat()?, how)?))
        }
        "==" | "/=" | "<" | ">" | "<=" | ">=" => super::tidal_builtins::compare(op, a, b),
        // Haskell's `[a .. b]`: the numbers from a to b in steps of 1.
        ".." => {
            let (from, to) = (a.to_num()?, b.to_num()?);
            let count = (to - from).floor() + 1.0;
            if !(count.is_finite() && count <= 4096.0) {
                return Err(EvalError::new(format!("`[{from} .. {to}]` would hold more than 4096 numbers")));
            }
            Ok(Val::List((0..count.max(0.0) as usize).map(|i| Val::Num(from + i as f64)).collect()))
        }
        // Haskell's `xs !! i`: the list's element `i` (a pattern of indices picks per event).
        "!!" => index_list(a, b),
        // Old Tidal's `|=|`: set, as `#`.
        "|=|" | "|=" => binop("#", a, b),
        "<~" => Ok(Val::Pat(early(&a.to_time_pat()?, &b.to_pat()?))),
        "~>" => Ok(Val::Pat(late(&a.to_time_pat()?, &b.to_pat()?))),
        "+" | "-" | "*" | "/" if matches!(a, Val::Sig(_)) || matches!(b, Val::Sig(_)) => signals::sig_binop(op, &a, &b),
        "+" | "-" | "*" | "/" | "%" if matches!(a, Val::Func(_) | Val::Effect(_)) || matches!(b, Val::Func(_) | Val::Effect(_)) => {
            let hint = if op == "-" { "; write a negative argument in parentheses, as in `n (-1)`" } else { "; give it its argument first, in parentheses" };
            Err(EvalError::new(format!("`{op}` cannot combine a function with a value{hint}")))
        }
        "+" | "-" | "*" | "/" | "%" => {
            if let (Val::Num(x), Val::Num(y)) = (&a, &b) {
                let o = NumOp::from_symbol(op).expect("arithmetic op");
                return Ok(Val::Num(match o {
                    NumOp::Add => x + y,
                    NumOp::Sub => x - y,
                    NumOp::Mul => x * y,
                    NumOp::Div => x / y,
                    // Haskell's `%` on two numbers makes a ratio (`1%8` is an eighth).
                    _ => x / y,
                }));
            }
            let o = NumOp::from_symbol(op).expect("arithmetic op");
            Ok(Val::Pat(combine(&a.to_pat()?, &b.to_pat()?, o, Structure::Both)))
        }
        _ if is_op_family(op) => {
            let (o, how) = op_family(op).ok_or_else(|| EvalError::new(format!("unknown operator `{op}`")))?;
            let (a, b) = sounds_beside_controls(a.to_pat()?, b.to_pat()?);
            Ok(Val::Pat(combine(&a, &b, o, how)))
        }
        _ => Err(EvalError::new(format!("unknown operator `{op}`"))),
    }
}

/// `xs !! i`: a plain index gives the element; a pattern of indices gives, for each event, the
/// element it names (plain numbers and words; wrapping as Tidal's `!!!`, so no index fails).
fn index_list(a: Val, b: Val) -> R<Val> {
    let xs = a.to_list()?;
    if xs.is_empty() {
        return Err(EvalError::new("`!!` on an empty list"));
    }
    if let Val::Num(i) = b {
        return xs
            .get(i as usize)
            .cloned()
            .filter(|_| i >= 0.0)
            .ok_or_else(|| {
                EvalError::new(format!(
                    "`!!` index {i} is outside the list of {}",
                    xs.len()
                ))
            });
    }
    use crate::pattern::value::{parse_word, Value};
    let values: Vec<Value<'static>> = xs
        .iter()
        .map(|x| match x {
            Val::Num(v) => Ok(Value::Num(*v)),
            Val::Str(s, _) => Ok(parse_word(s)),
            other => Err(EvalError::new(format!(
                "`!!` with a pattern of indices picks numbers or words, not {}",
                other.describe()
            ))),
        })
        .collect::<R<_>>()?;
    let values = Arc::new(values);
    Ok(Val::Pat(b.to_num_pat()?.fmap(
        move |_, v| match v.as_num() {
            Some(i) if i.is_finite() => {
                values[(i.floor() as i64).rem_euclid(values.len() as i64) as usize]
            }
            _ => v,
        },
    )))
}

/// Most distinct joined words `|++` prepares.
const MAX_JOINED_WORDS: usize = 4096;

/// Tidal's `|++`, `++|`, `|++|`: each word joined with the word beside it. The joined words are
/// made when the program compiles (from the words each side plays over its first 64 cycles),
/// so playing them allocates nothing; a pair not seen then keeps the left word and counts as
/// an overflow.
fn join_words(
    a: &crate::pattern::Pattern,
    b: &crate::pattern::Pattern,
    how: Structure,
) -> R<crate::pattern::Pattern> {
    use crate::pattern::value::{Sym, Value};
    let words = |p: &crate::pattern::Pattern| {
        super::value::probe(p, 64, |haps| {
            let mut w: Vec<Sym> = haps
                .iter()
                .filter_map(|h| match h.value {
                    Value::Str(s) => Some(s),
                    _ => None,
                })
                .collect();
            w.sort();
            w.dedup();
            w
        })
    };
    let (left, right) = (words(a), words(b));
    if left.len() * right.len() > MAX_JOINED_WORDS {
        return Err(EvalError::new(format!(
            "`|++` would make more than {MAX_JOINED_WORDS} different words"
        )));
    }
    let mut table = HashMap::new();
    for x in &left {
        for y in &right {
            table.insert((*x, *y), Sym::intern(&format!("{}{}", x.text(), y.text())));
        }
    }
    let table = Arc::new(table);
    let join = move |ctx: &crate::pattern::Ctx<'_>,
                     x: Value<'_>,
                     y: Value<'_>|
          -> Option<Value<'static>> {
        match (x, y) {
            (Value::Str(x), Value::Str(y)) => match table.get(&(x, y)) {
                Some(w) => Some(Value::Str(*w)),
                None => {
                    ctx.count_overflow();
                    Some(Value::Str(x))
                }
            },
            _ => None,
        }
    };
    Ok(match how {
        Structure::Left => a.app_left(b, move |ctx, x, y| join(ctx, x, y)),
        Structure::Right => a.app_right(b, move |ctx, x, y| join(ctx, x, y)),
        _ => a.app_both(b, move |ctx, x, y| join(ctx, x, y)),
    })
}

/// "unknown function `fsat`, did you mean `fast`?"
pub fn unknown<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a str>) -> String {
    let best = known
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, _)| *d <= 2.max(name.len() / 3))
        .min();
    match best {
        Some((_, k)) => format!("unknown {what} `{name}`, did you mean `{k}`?"),
        None => format!("unknown {what} `{name}`"),
    }
}

/// Edit distance with adjacent transpositions (optimal string alignment), so `fsat` is one
/// step from `fast`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, x) in d[0].iter_mut().enumerate() {
        *x = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// The builtin table with what the signal, sampling and arpeggio modules install over it: every
/// function, node and control a program can name, but the live inputs (`held`, `gate`, `m1`..).
fn full_table() -> HashMap<&'static str, Val> {
    let mut builtins = table();
    super::signals::install(&mut builtins);
    super::sampling::install(&mut builtins);
    super::arp::install(&mut builtins);
    super::tidal_samples::install(&mut builtins);
    super::strudel::builtins::install(&mut builtins);
    builtins
}

/// Every name [`full_table`] defines (functions, signal nodes, controls; not the live inputs
/// `held`, `gate`, `m1`..`m8`), sorted: the editor's highlighting and the documentation checks.
pub fn language_names() -> Vec<&'static str> {
    // `strudel:` names are reached only from Strudel code (no Phonon program can type them).
    let mut names: Vec<&'static str> = full_table()
        .keys()
        .copied()
        .filter(|n| !n.starts_with("strudel:"))
        .collect();
    names.sort_unstable();
    names
}

/// Every key of the language's table, `strudel:` names included (the Strudel front-end prefers
/// `strudel:name` where it exists).
pub fn all_table_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = full_table().keys().copied().collect();
    names.sort_unstable();
    names
}

/// A pattern of words played on its own is a sound pattern, as in Tidal 1.9 (`d1 $ "bd*2 sn"` is
/// `d1 $ s "bd*2 sn"`), and so are words played beside control patterns (`stack [s "bd",
/// "~ sn"]`: no layer is lost); numbers stay a control signal (`out $ "0.5 1" * sine 220`).
fn bare_sounds(v: Val) -> Val {
    if !matches!(v, Val::Pat(_) | Val::Str(..)) {
        return v;
    }
    match v.to_pat() {
        Ok(p) if shape(&p).played_as_sounds() => Val::Pat(as_sounds(&p)),
        _ => v,
    }
}

/// Tidal types a string beside a control pattern as one (`"bd sn" # gain 0.8` is
/// `s "bd sn" # gain 0.8`): a pattern of words combined with a control pattern is a sound
/// pattern.
fn sounds_beside_controls(
    a: crate::pattern::Pattern,
    b: crate::pattern::Pattern,
) -> (crate::pattern::Pattern, crate::pattern::Pattern) {
    let (sa, sb) = (shape(&a), shape(&b));
    match (sa.all_words, sb.all_words) {
        (true, false) if sb.maps => (as_sounds(&a), b),
        (false, true) if sa.maps => (a, as_sounds(&b)),
        _ => (a, b),
    }
}

/// What a pattern's events are over its first cycles (one compile-time probe).
struct Shape {
    /// Some are control maps.
    maps: bool,
    /// Some are words (`"bd"`, `"bd:3"`).
    words: bool,
    /// There are events, all plain words or numbers, and at least one a word (`"808 bd"`: in
    /// Tidal a string of sounds is all words, so `808` names a sample folder).
    all_words: bool,
}

impl Shape {
    /// Played on its own: all words, or words beside control maps (a stack's layers).
    fn played_as_sounds(&self) -> bool {
        self.all_words || (self.maps && self.words)
    }
}

fn shape(p: &crate::pattern::Pattern) -> Shape {
    use crate::pattern::Value;
    super::value::probe(p, 4, |haps| {
        let word = |v: &Value| match v {
            Value::Str(_) => true,
            Value::List(xs) => matches!(xs.first(), Some(Value::Str(_))),
            _ => false,
        };
        let plain_words = haps.iter().any(|h| matches!(h.value, Value::Str(_)));
        Shape {
            maps: haps.iter().any(|h| matches!(h.value, Value::Map(_))),
            words: haps.iter().any(|h| word(&h.value)),
            all_words: plain_words
                && haps
                    .iter()
                    .all(|h| matches!(h.value, Value::Str(_) | Value::Num(_))),
        }
    })
}

/// The words as `s` (`bd:3` also sets `n`).
fn as_sounds(p: &crate::pattern::Pattern) -> crate::pattern::Pattern {
    let names = crate::pattern::controls::control_names("s").expect("s is a control");
    crate::pattern::controls::control(names, &super::builtins::numbers_as_words(p))
}
