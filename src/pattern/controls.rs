//! Controls (`s`, `n`, `gain`, ...): patterns of control maps, and the operators that combine
//! them (`#`, `|+`, `+|`, `|+|`, ... as Strudel's `set`/`add`/... with `in`/`out`/`mix`).

use super::control_table::CONTROLS;
use super::ctx::Ctx;
use super::pattern::Pattern;
use super::transform::squeeze_with;
use super::value::{Sym, Value};

/// Most entries one control map can hold; a larger union is truncated and counted.
pub const MAX_CONTROLS: usize = 32;

/// A control pattern from a value pattern (Strudel's `createParam`): `names[0]` gets the value;
/// for a multi-control (`s` = `s`, `n`, `gain`; `note` = `note`, `n`) a list value (`bd:3:0.8`)
/// spreads over `names` in order; a map with an unnamed `value` gets it renamed to the control.
pub fn control(names: &'static [Sym], pat: &Pattern) -> Pattern {
    pat.fmap(move |ctx, v| match v {
        Value::Map(m) => match m.iter().position(|(k, _)| *k == Sym::VALUE) {
            Some(i) => {
                let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
                let mut n = 0;
                for (j, e) in m.iter().enumerate().take(MAX_CONTROLS) {
                    if j != i {
                        buf[n] = *e;
                        n += 1;
                    }
                }
                match m[i].1 {
                    Value::List(xs) if names.len() > 1 => {
                        for (k, x) in xs.iter().take(names.len()).enumerate() {
                            if n < MAX_CONTROLS {
                                buf[n] = (names[k], *x);
                                n += 1;
                            }
                        }
                    }
                    x => {
                        buf[n] = (names[0], x);
                        n += 1;
                    }
                }
                dedup_map(ctx, &mut buf[..n])
            }
            None => v,
        },
        Value::List(xs) if names.len() > 1 => {
            let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
            let n = xs.len().min(names.len());
            for i in 0..n {
                buf[i] = (names[i], xs[i]);
            }
            map_from(ctx, &mut buf[..n])
        }
        _ => map_from(ctx, &mut [(names[0], v)]),
    })
}

/// A stable in-place sort by name (small slices; `slice::sort` may allocate).
fn insertion_sort(entries: &mut [(Sym, Value)]) {
    for i in 1..entries.len() {
        let mut j = i;
        while j > 0 && entries[j - 1].0 > entries[j].0 {
            entries.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// A map from entries where a later entry replaces an earlier one with the same name.
fn dedup_map<'a>(ctx: &Ctx<'a>, entries: &mut [(Sym, Value<'a>)]) -> Value<'a> {
    // A stable sort keeps insertion order among equal keys; keep the last of each run.
    insertion_sort(entries);
    let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
    let mut n = 0;
    for e in entries.iter() {
        if n > 0 && buf[n - 1].0 == e.0 {
            buf[n - 1] = *e;
        } else {
            buf[n] = *e;
            n += 1;
        }
    }
    match ctx.alloc_slice(&buf[..n]) {
        Some(s) => Value::Map(s),
        None => Value::Map(&[]),
    }
}

/// A control map in the arena from unsorted entries (later duplicates win).
pub fn map_from<'a>(ctx: &Ctx<'a>, entries: &mut [(Sym, Value<'a>)]) -> Value<'a> {
    insertion_sort(entries);
    match ctx.alloc_slice(entries) {
        Some(s) => Value::Map(s),
        None => Value::Map(&[]),
    }
}

/// `v` with control `key` set to `x` (a non-map value is returned unchanged).
pub fn set_control<'a>(ctx: &Ctx<'a>, v: Value<'a>, key: Sym, x: Value<'a>) -> Value<'a> {
    match v {
        Value::Map(m) => {
            let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
            let mut n = 0;
            for e in m.iter().filter(|e| e.0 != key).take(MAX_CONTROLS - 1) {
                buf[n] = *e;
                n += 1;
            }
            buf[n] = (key, x);
            map_from(ctx, &mut buf[..n + 1])
        }
        other => other,
    }
}

/// The names each control of the table sets, by table index: its own (ids are indices).
const OWN: [[Sym; 1]; CONTROLS.len()] = {
    let mut own = [[Sym(0)]; CONTROLS.len()];
    let mut i = 0;
    while i < CONTROLS.len() {
        own[i] = [Sym(i as u32)];
        i += 1;
    }
    own
};

/// The names a control (by its name or an alias) sets; from a list value, `s` sets
/// `[s, n, gain]`, `note` `[note, n]`, `cutoff` `[cutoff, resonance, lpenv]`, `delay` `[delay,
/// delaytime, delayfeedback]`, `room` `[room, size]` ... (Strudel 1.2.6's list controls, the
/// `registerControl([...])` calls of its `controls.mjs`).
pub fn control_names(name: &str) -> Option<&'static [Sym]> {
    const fn s(name: &str) -> Sym {
        Sym(super::control_table::index(name))
    }
    const CUTOFF: [Sym; 3] = [Sym::CUTOFF, Sym::RESONANCE, s("lpenv")];
    const HCUTOFF: [Sym; 3] = [Sym::HCUTOFF, Sym::HRESONANCE, s("hpenv")];
    const BANDF: [Sym; 3] = [Sym::BANDF, Sym::BANDQ, s("bpenv")];
    const VIB: [Sym; 2] = [s("vib"), s("vibmod")];
    const VIBMOD: [Sym; 2] = [s("vibmod"), s("vib")];
    const SHAPE: [Sym; 2] = [s("shape"), s("shapevol")];
    const DISTORT: [Sym; 3] = [s("distort"), s("distortvol"), s("distorttype")];
    const TREMOLO: [Sym; 4] = [
        s("tremolo"),
        s("tremolodepth"),
        s("tremoloskew"),
        s("tremolophase"),
    ];
    const PW: [Sym; 3] = [s("pw"), s("pwrate"), s("pwsweep")];
    const MODE: [Sym; 2] = [s("mode"), s("anchor")];
    const COMPRESSOR: [Sym; 5] = [
        s("compressor"),
        s("compressorRatio"),
        s("compressorKnee"),
        s("compressorAttack"),
        s("compressorRelease"),
    ];
    let def = super::control_table::find(name)?;
    Some(match def.name {
        "s" => &[Sym::S, Sym::N, Sym::GAIN],
        "note" => &[Sym::NOTE, Sym::N],
        "cutoff" => &CUTOFF,
        "hcutoff" => &HCUTOFF,
        "bandf" => &BANDF,
        "vib" => &VIB,
        "vibmod" => &VIBMOD,
        "shape" => &SHAPE,
        "distort" => &DISTORT,
        "tremolo" => &TREMOLO,
        "pw" => &PW,
        "mode" => &MODE,
        "compressor" => &COMPRESSOR,
        "delay" => &[Sym::DELAY, Sym::DELAYTIME, Sym::DELAYFEEDBACK],
        "room" => &[Sym::ROOM, Sym::SIZE],
        canonical => &OWN[super::control_table::index(canonical) as usize],
    })
}

/// How two values combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumOp {
    /// Take the right value (`#`, `|>`).
    Set,
    /// Keep the left value (`|<`).
    Keep,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl NumOp {
    /// The operator for a Tidal symbol (`+` in `|+`, `>` in `|>`, ...).
    pub fn from_symbol(s: &str) -> Option<NumOp> {
        Some(match s {
            "+" => NumOp::Add,
            "-" => NumOp::Sub,
            "*" => NumOp::Mul,
            "/" => NumOp::Div,
            "%" => NumOp::Mod,
            "**" => NumOp::Pow,
            ">" => NumOp::Set,
            "<" => NumOp::Keep,
            _ => return None,
        })
    }

    fn nums(self, a: f64, b: f64) -> f64 {
        match self {
            NumOp::Set => b,
            NumOp::Keep => a,
            NumOp::Add => a + b,
            NumOp::Sub => a - b,
            NumOp::Mul => a * b,
            NumOp::Div => a / b,
            // JS `_mod`: ((a % b) + b) % b
            NumOp::Mod => ((a % b) + b) % b,
            NumOp::Pow => a.powf(b),
        }
    }

    /// The operator on two plain values: `set`/`keep` pick one, arithmetic parses both as
    /// numerals first (Strudel's `numeralArgs`: note names become MIDI numbers).
    fn scalar<'a>(self, a: Value<'a>, b: Value<'a>) -> Option<Value<'a>> {
        match self {
            NumOp::Set => Some(b),
            NumOp::Keep => Some(a),
            _ => match (numeral(a), numeral(b)) {
                (Some(x), Some(y)) => Some(Value::Num(self.nums(x, y))),
                // Arithmetic with a word (`s "bd" |+ s "2"`) keeps the word, as Tidal 1.7:
                // the event is not lost.
                _ if matches!(a, Value::Str(_)) => Some(a),
                _ => None,
            },
        }
    }

    /// Combines two values as Strudel's `_composeOp`: plain values directly; control maps key
    /// by key (`unionWithObj`: keys in one side only are kept, common keys combined); a plain
    /// value on the right of a map leaves the map unchanged ("can't do arithmetic on control
    /// pattern"), one on the left becomes `{value: x}`. `None` when the values cannot combine.
    pub fn apply<'a>(self, ctx: &Ctx<'a>, a: Value<'a>, b: Value<'a>) -> Option<Value<'a>> {
        match (a, b) {
            (Value::Map(x), Value::Map(y)) => self.union(ctx, x, y),
            (Value::Map(_), _) => Some(a),
            (_, Value::Map(y)) => self.union(ctx, &[(Sym::VALUE, a)], y),
            _ => self.scalar(a, b),
        }
    }

    fn union<'a>(
        self,
        ctx: &Ctx<'a>,
        a: &[(Sym, Value<'a>)],
        b: &[(Sym, Value<'a>)],
    ) -> Option<Value<'a>> {
        let mut buf = [(Sym(0), Value::Num(0.0)); MAX_CONTROLS];
        let (mut i, mut j, mut n) = (0, 0, 0);
        while (i < a.len() || j < b.len()) && n < MAX_CONTROLS {
            if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
                buf[n] = a[i];
                i += 1;
            } else if i >= a.len() || b[j].0 < a[i].0 {
                buf[n] = b[j];
                j += 1;
            } else {
                buf[n] = (a[i].0, self.scalar(a[i].1, b[j].1)?);
                i += 1;
                j += 1;
            }
            n += 1;
        }
        if i < a.len() || j < b.len() {
            ctx.count_overflow();
        }
        ctx.alloc_slice(&buf[..n]).map(Value::Map)
    }
}

/// Strudel's `parseNumeral` of a value: numbers as they are, numeric strings and note names
/// (lock-free, precomputed when interned).
pub fn numeral(v: Value) -> Option<f64> {
    match v {
        Value::Num(x) => Some(x),
        Value::Str(s) => s.numeral(),
        _ => None,
    }
}

/// Where the structure of `a op b` comes from (Strudel's `in`, `out`, `mix`, `squeeze`,
/// `squeezeOut`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    /// `|+`, `#`: from the left.
    Left,
    /// `+|`: from the right.
    Right,
    /// `|+|`, `+`: from both.
    Both,
    /// `||+`: the whole right pattern squeezed into each left event.
    Squeeze,
    /// `+||`: the whole left pattern squeezed into each right event.
    SqueezeOut,
}

/// The operator and structure of a Tidal operator symbol (`|+`, `+|`, `|+|`, `||+`, `+||`,
/// `|<`, `|>`, `#` ...), or `None` for other symbols.
pub fn op_family(op: &str) -> Option<(NumOp, Structure)> {
    if op == "#" {
        return Some((NumOp::Set, Structure::Left));
    }
    let core = op.trim_matches('|');
    let o = NumOp::from_symbol(core)?;
    let lead = op.len() - op.trim_start_matches('|').len();
    let trail = op.len() - op.trim_end_matches('|').len();
    let how = match (lead, trail) {
        (1, 1) => Structure::Both,
        (1, 0) => Structure::Left,
        (0, 1) => Structure::Right,
        (2, 0) => Structure::Squeeze,
        (0, 2) => Structure::SqueezeOut,
        _ => return None,
    };
    Some((o, how))
}

/// `a op b` with the given structure.
pub fn combine(a: &Pattern, b: &Pattern, op: NumOp, how: Structure) -> Pattern {
    match how {
        Structure::Left => a.app_left(b, move |ctx, x, y| op.apply(ctx, x, y)),
        Structure::Right => a.app_right(b, move |ctx, x, y| op.apply(ctx, x, y)),
        Structure::Both => a.app_both(b, move |ctx, x, y| op.apply(ctx, x, y)),
        Structure::Squeeze => {
            let (a, b) = (a.clone(), b.clone());
            Pattern::new(move |ctx, span| {
                let mut out = ctx.haps();
                for x in a.query(ctx, span).iter() {
                    squeeze_with(
                        x,
                        &mut out,
                        |s| b.query(ctx, s),
                        |y| op.apply(ctx, x.value, y),
                    );
                }
                out
            })
        }
        Structure::SqueezeOut => {
            let (a, b) = (a.clone(), b.clone());
            Pattern::new(move |ctx, span| {
                let mut out = ctx.haps();
                for y in b.query(ctx, span).iter() {
                    squeeze_with(
                        y,
                        &mut out,
                        |s| a.query(ctx, s),
                        |x| op.apply(ctx, x, y.value),
                    );
                }
                out
            })
        }
    }
}
