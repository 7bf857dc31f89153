//! Phonon's signal functions (oscillators, filters, effects) and the names they share with
//! Tidal. The rule: a shared name used as a pattern, or given one argument after `#` on a
//! pattern, means Tidal's (`sine` the 0..1 pattern, `# lpf 1200` the per-voice cutoff control);
//! given its full argument list, or applied to a signal, it means Phonon's node (`sine 110` an
//! oscillator in Hz, `# lpf 800 0.5` a filter on the signal before it).

use super::graph::{BinOp, Sig};
use super::value::{func, Dual, EffectFn, EvalError, Val, R};
use crate::dsp::node::{Input, NodeDef, Port};
use crate::dsp::registry;
use crate::pattern::value::Value;
use std::collections::HashMap;
use std::rc::Rc;

fn sig(x: &Val) -> R<Rc<Sig>> {
    x.to_sig()
}

/// One argument of a node, as its input takes it.
#[derive(Clone)]
enum Arg {
    Sig(Rc<Sig>),
    Num(f32),
}

fn arg(input: &'static Input, x: &Val) -> R<Arg> {
    match input.port {
        Port::Number => {
            let v = x.to_num()?;
            if v.is_finite() {
                Ok(Arg::Num(v as f32))
            } else {
                Err(EvalError::new(format!(
                    "{} must be a finite number",
                    input.what
                )))
            }
        }
        _ if !input.words.is_empty() => Ok(Arg::Sig(sig(&Val::Pat(word_indices(input, x)?))?)),
        _ => Ok(Arg::Sig(sig(x)?)),
    }
}

/// A pattern of an input's words (`"a e"`) as their indices (numbers pass through); a word
/// the input does not know, in the first 16 cycles, is an error that lists the known ones.
fn word_indices(input: &'static Input, x: &Val) -> R<crate::pattern::Pattern> {
    let p = x.to_pat()?;
    let unknown = super::value::probe(&p, 16, |haps| {
        haps.iter().find_map(|h| match h.value {
            Value::Str(w) if !input.words.contains(&w.text()) => Some(w.text().to_string()),
            _ => None,
        })
    });
    if let Some(w) = unknown {
        return Err(EvalError::new(format!(
            "`{w}` is not {}: use {}",
            input.what,
            input.words.join(" ")
        )));
    }
    Ok(p.fmap(move |_, v| match v {
        Value::Str(w) => {
            Value::Num(input.words.iter().position(|k| *k == w.text()).unwrap_or(0) as f64)
        }
        other => other,
    }))
}

/// The node's signal, reading `input` (for an effect) and the arguments, with the defaults of
/// the inputs left out.
fn node_sig(def: &'static NodeDef, input: Option<Rc<Sig>>, args: &[Arg]) -> Rc<Sig> {
    let mut inputs: Vec<Rc<Sig>> = input.into_iter().collect();
    let mut numbers = Vec::new();
    for (k, p) in def.params().enumerate() {
        let a = args.get(k).cloned().unwrap_or_else(|| {
            let d = p.default.unwrap_or(0.0);
            if p.port == Port::Number {
                Arg::Num(d)
            } else {
                Arg::Sig(Rc::new(Sig::Const(d as f64)))
            }
        });
        match a {
            Arg::Sig(s) => inputs.push(s),
            Arg::Num(x) => numbers.push(x),
        }
    }
    Rc::new(Sig::Node {
        def,
        inputs,
        numbers,
    })
}

/// `name a b ...` for a registry node, after `args`: curried over the node's inputs. Complete,
/// it is an effect (`sig # lpf 800 0.5`) or a signal (`sine 440`). Short of inputs that all have
/// defaults it is also the effect with those defaults (`saw 110 # lpf 800`); after one argument
/// a name with a SuperDirt control is also that control (`s "bd" # lpf 800`: `cutoff`).
fn node_after(
    def: &'static NodeDef,
    control: Option<Val>,
    args: Vec<Arg>,
    pat: Option<crate::pattern::Pattern>,
) -> Val {
    let params: Vec<&'static Input> = def.params().collect();
    if args.len() == params.len() {
        return if def.is_effect() {
            Val::Effect(Rc::new(move |input| Ok(node_sig(def, Some(input), &args))))
        } else {
            Val::Sig(node_sig(def, None, &args))
        };
    }
    let next = params[args.len()];
    let first = args.is_empty();
    let effect: Option<EffectFn> =
        (def.is_effect() && params[args.len()..].iter().all(|p| p.default.is_some())).then(|| {
            let args = args.clone();
            Rc::new(move |input| Ok(node_sig(def, Some(input), &args))) as EffectFn
        });
    let f = Rc::new(move |x: Val| {
        // A value only a list control reads (`# compressor "-30:4"`): the control.
        let list_control = def
            .control
            .and_then(crate::pattern::controls::control_names)
            .is_some_and(|names| names.len() > 1);
        let a = match (arg(next, &x), &control) {
            (Ok(a), _) => a,
            (Err(_), Some(c)) if first && list_control => return c.apply(x.clone()),
            (Err(e), _) => return Err(e),
        };
        // One argument on a pattern: the control of the same name (`# lpf 800`).
        let pat = match (&control, first) {
            (Some(c), true) => c.apply(x.clone()).ok().and_then(|v| v.to_pat().ok()),
            _ => None,
        };
        let mut args = args.clone();
        args.push(a);
        Ok(node_after(def, control.clone(), args, pat))
    });
    if pat.is_none() && effect.is_none() {
        Val::Func(f)
    } else {
        Val::Dual(Box::new(Dual {
            pat,
            func: Some(f),
            effect,
        }))
    }
}

/// A registry node as the language names it.
fn node_value(def: &'static NodeDef, builtins: &HashMap<&'static str, Val>) -> Val {
    let control = def.control.and_then(|c| builtins.get(c).cloned());
    let v = node_after(def, control, Vec::new(), None);
    match (def.bare_pattern, v) {
        // Bare, the name is Tidal's pattern (`# pan sine`); applied, the node (`sine 440`).
        (true, Val::Func(f)) => {
            let pat = builtins.get(def.name).and_then(|b| b.to_pat().ok());
            Val::Dual(Box::new(Dual {
                pat,
                func: Some(f),
                effect: None,
            }))
        }
        (_, v) => v,
    }
}

/// The interned control of each registry node (its voice control, else its name), in
/// registry order, as the `'static` slices `control` takes.
fn voice_control_syms() -> &'static [[crate::pattern::Sym; 1]] {
    static SYMS: std::sync::OnceLock<Vec<[crate::pattern::Sym; 1]>> = std::sync::OnceLock::new();
    SYMS.get_or_init(|| {
        registry::NODES
            .iter()
            .map(|d| {
                [crate::pattern::Sym::intern(
                    d.voice.map_or(d.name, |v| v.control),
                )]
            })
            .collect()
    })
}

/// Adds Phonon's signal functions to `table`, keeping Tidal's meaning of shared names.
pub fn install(table: &mut HashMap<&'static str, Val>) {
    // The event controls of nodes that are also per-event effects (`# vowel "a"`).
    for (def, syms) in registry::NODES.iter().zip(voice_control_syms()) {
        if let Some(v) = def.voice.filter(|v| !table.contains_key(v.control)) {
            let words = def.params().next().is_some_and(|i| !i.words.is_empty());
            table.insert(
                v.control,
                func(move |x| {
                    Ok(Val::Pat(crate::pattern::controls::control(
                        syms,
                        &if words { x.to_pat()? } else { x.to_num_pat()? },
                    )))
                }),
            );
        }
    }
    let builtins = table.clone();
    for def in registry::NODES {
        table.insert(def.name, node_value(def, &builtins));
    }
}

/// `a op b` where at least one side is a signal: sample-by-sample arithmetic.
pub fn sig_binop(op: &str, a: &Val, b: &Val) -> R<Val> {
    let op = match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        _ => return Err(EvalError::new(format!("`{op}` does not apply to signals"))),
    };
    Ok(Val::Sig(Rc::new(Sig::Bin(op, sig(a)?, sig(b)?))))
}

/// `signal # x`: an effect, a gain or a pan applied to a signal.
pub fn sig_hash(a: Rc<Sig>, b: &Val) -> R<Val> {
    match b {
        Val::Effect(e) => Ok(Val::Sig(e(a)?)),
        Val::Dual(d) if d.effect.is_some() => {
            Ok(Val::Sig((d.effect.as_ref().expect("checked"))(a)?))
        }
        Val::Func(f) => f(Val::Sig(a)),
        other => {
            // A control pattern: `gain` multiplies, `pan` places the signal.
            let p = other.to_pat()?;
            let gain = control_values(&p, crate::pattern::Sym::GAIN);
            let pan = control_values(&p, crate::pattern::Sym::PAN);
            let mut s = a;
            if let Some(g) = gain {
                s = Rc::new(Sig::Bin(BinOp::Mul, s, g));
            }
            if let Some(pn) = pan {
                s = Rc::new(Sig::Pan(s, pn));
            }
            Ok(Val::Sig(s))
        }
    }
}

/// The numeric values of control `key` in a control pattern, as a control signal.
fn control_values(p: &crate::pattern::Pattern, key: crate::pattern::Sym) -> Option<Rc<Sig>> {
    if !super::value::is_control_pattern(p) {
        return None;
    }
    let has = super::value::probe(p, 1, |haps| haps.iter().any(|h| h.value.get(key).is_some()));
    has.then(|| {
        Rc::new(Sig::Control(
            p.fmap(move |_, v| v.get(key).unwrap_or(Value::Num(0.0))),
        ))
    })
}
