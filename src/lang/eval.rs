//! Evaluation of the syntax tree to values, and of a program to its outputs.

use super::ast::{Expr, ExprKind, Stmt};
use super::builtins::table;
use super::error::LangError;
use super::graph::GraphSpec;
use super::graph::{FeedbackBus, Sig};
use super::live::HeldNotes;
use super::macros::{Macros, MACROS};
use super::parser::is_op_family;
use super::signals;
use super::value::{func, EvalError, Val, R};
use crate::pattern::controls::{combine, op_family, NumOp, Structure};
use crate::pattern::ops::time::{early, late};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Names visible to an expression: builtins and the buses defined so far.
pub struct Env {
    builtins: HashMap<&'static str, Val>,
    pub buses: HashMap<String, Val>,
    /// Signal buses the program defines further on: reading one before its definition gives
    /// its signal one chunk late (feedback). Filled in as they are defined.
    pub later: RefCell<HashMap<String, Rc<FeedbackBus>>>,
    /// Names of the buses defined further on (by `~name $ ...`).
    pub defined_later: Vec<String>,
    /// Every feedback bus read so far. A bus holds its own signal (a reference cycle), so
    /// dropping the environment empties them all, whatever the compile's outcome (an error, a
    /// bus no output plays): otherwise each compile of such a program leaked its signal tree.
    feedback: RefCell<Vec<Rc<FeedbackBus>>>,
}

impl Drop for Env {
    fn drop(&mut self) {
        for bus in self.feedback.get_mut().drain(..) {
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
        const NAMES: [&str; MACROS] = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"];
        for (i, name) in NAMES.iter().enumerate() {
            builtins.insert(name, Val::Pat(macros.pattern(i)));
        }
        Env {
            builtins,
            buses: HashMap::new(),
            later: RefCell::new(HashMap::new()),
            defined_later: vec![],
            feedback: RefCell::new(vec![]),
        }
    }
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
}

impl CompileOptions {
    pub fn new(beats_per_cycle: f64) -> CompileOptions {
        CompileOptions {
            beats_per_cycle,
            macros: Arc::new(Macros::default()),
            held: Arc::new(HeldNotes::default()),
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
}

/// Compiles program text. `beats_per_cycle` converts `bpm:` to cycles per second.
pub fn compile_program(src: &str, beats_per_cycle: f64) -> Result<Program, LangError> {
    compile_program_with(src, &CompileOptions::new(beats_per_cycle))
}

/// Compiles program text with the host's settings.
pub fn compile_program_with(src: &str, opts: &CompileOptions) -> Result<Program, LangError> {
    let beats_per_cycle = opts.beats_per_cycle;
    let stmts = super::parser::parse_program(src)?;
    let mut env = Env::with_live(&opts.macros, &opts.held);
    let mut program = Program {
        cps: None,
        graph: GraphSpec::default(),
    };
    let mut seen = HashMap::new();
    // Where each output was first defined, for "defined twice" errors.
    let mut defined: HashMap<usize, usize> = HashMap::new();
    env.defined_later = stmts
        .iter()
        .filter_map(|st| {
            if let Stmt::Bus { name, .. } = st {
                Some(name.clone())
            } else {
                None
            }
        })
        .collect();
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
                    env.defined_later.remove(pos);
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
                env.buses.insert(name, v);
            }
            Stmt::ModBus { name, chain } => {
                let c = eval(&env, &chain).map_err(|e| at(src, &chain, e))?;
                let f = func(move |x| binop("#", x, c.clone()));
                env.buses.insert(name, f);
            }
            Stmt::Out {
                index,
                value,
                start,
            } => {
                if let ExprKind::Tuple(_) = &value.kind {
                    return Err(LangError::at(
                        src,
                        value.start,
                        "an output plays a pattern or a signal, not a tuple `(a, b)`: to play several together write `stack [a, b]`",
                    ));
                }
                let v = bare_sounds(eval(&env, &value).map_err(|e| at(src, &value, e))?);
                if matches!(v, Val::Func(_) | Val::Effect(_)) {
                    return Err(LangError::at(
                        src,
                        value.start,
                        "an output plays a pattern or a signal, but this is a function: is its last argument missing? (as in `fast 2 $ s \"bd sn\"`)",
                    ));
                }
                let sig = v.to_sig().map_err(|e| at(src, &value, e))?;
                if let Some(first) = defined.get(&index) {
                    let line = LangError::at(src, *first, "").line;
                    let head = |o: usize| {
                        src[o..]
                            .split(|c: char| !c.is_ascii_alphanumeric())
                            .next()
                            .unwrap_or("")
                            .to_string()
                    };
                    let also = if index == 0 || head(*first) == head(start) {
                        String::new()
                    } else {
                        format!(" (`o{index}`, `d{index}` and `out{index}` are the same output)")
                    };
                    return Err(LangError::at(
                        src,
                        start,
                        format!("output {} is defined twice: it is already defined on line {line}{also}", out_name(index)),
                    ));
                }
                defined.insert(index, start);
                let node = program.graph.add(&sig, &mut seen);
                program.graph.outputs.push((index, node));
            }
        }
    }
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
    Ok(program)
}

fn out_name(i: usize) -> String {
    if i == 0 {
        "out".into()
    } else {
        format!("o{i}")
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
            .builtins
            .get(name.as_str())
            .cloned()
            .ok_or_else(|| EvalError {
                message: unknown("function", name, env.builtins.keys().copied()),
                offset: Some(e.start),
            }),
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
                env.feedback.borrow_mut().push(bus.clone());
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
                _ if fv.is_func() => fv.apply(xv).map_err(locate),
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
            if op == "#"
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
pub fn binop(op: &str, a: Val, b: Val) -> R<Val> {
    match op {
        "$" => match (&a, &b) {
            // Two functions: Tidal's `f $ g` when `f` takes a function; otherwise Phonon's
            // pipe chain (`x $ f $ g` = g (f x)), so the composition applies `f` first.
            _ if a.is_func() && b.is_func() => match a.apply(b.clone()) {
                Ok(v) => Ok(v),
                Err(_) => {
                    let (f, g) = (a.to_func()?, b.to_func()?);
                    Ok(func(move |x| g(f(x)?)))
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
            Ok(func(move |x| f(g(x)?)))
        }
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
        "==" | "/=" | "<" | ">" | "<=" | ">=" => super::tidal_builtins::compare(op, a, b),
        "<~" => Ok(Val::Pat(early(&a.to_pat()?, &b.to_pat()?))),
        "~>" => Ok(Val::Pat(late(&a.to_pat()?, &b.to_pat()?))),
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
                    _ => ((x % y) + y) % y,
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

/// "unknown function `fsat`, did you mean `fast`?"
fn unknown<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a str>) -> String {
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
    builtins
}

/// Every name [`full_table`] defines (functions, signal nodes, controls; not the live inputs
/// `held`, `gate`, `m1`..`m8`), sorted: the editor's highlighting and the documentation checks.
pub fn language_names() -> Vec<&'static str> {
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
    /// There are events and all are plain words.
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
        Shape {
            maps: haps.iter().any(|h| matches!(h.value, Value::Map(_))),
            words: haps.iter().any(|h| word(&h.value)),
            all_words: !haps.is_empty() && haps.iter().all(|h| matches!(h.value, Value::Str(_))),
        }
    })
}

/// The words as `s` (`bd:3` also sets `n`).
fn as_sounds(p: &crate::pattern::Pattern) -> crate::pattern::Pattern {
    let names = crate::pattern::controls::control_names("s").expect("s is a control");
    crate::pattern::controls::control(names, p)
}
