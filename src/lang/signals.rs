//! Phonon's signal functions (oscillators, filters, effects) and the names they share with
//! Tidal. The rule: a shared name used as a pattern, or given one argument after `#` on a
//! pattern, means Tidal's (`sine` the 0..1 pattern, `# lpf 1200` the per-voice cutoff control);
//! given its full argument list, or applied to a signal, it means Phonon's node (`sine 110` an
//! oscillator in Hz, `# lpf 800 0.5` a filter on the signal before it).

use super::graph::{BinOp, FilterKind, ShaperKind, Sig, Wave};
use super::value::{func, Dual, EvalError, Val, R};
use crate::pattern::pattern::signal;
use crate::pattern::value::Value;
use std::collections::HashMap;
use std::rc::Rc;

fn sig(x: &Val) -> R<Rc<Sig>> {
    x.to_sig()
}

fn dual(pat: Option<crate::pattern::Pattern>, f: impl Fn(Val) -> R<Val> + 'static) -> Val {
    Val::Dual(Box::new(Dual { pat, func: Some(Rc::new(f)), effect: None }))
}

/// Tidal's continuous 0..1 waveform patterns (Strudel's `sine`, `saw`, ...), used when the
/// builtin table has none of its own.
fn tidal_wave(w: Wave) -> crate::pattern::Pattern {
    use crate::pattern::time::to_f64;
    signal(move |t| {
        let x = to_f64(t);
        let ph = x - x.floor();
        Value::Num(match w {
            Wave::Sine => (std::f64::consts::TAU * x).sin() * 0.5 + 0.5,
            Wave::Saw => ph,
            Wave::Square => (ph * 2.0).floor(),
            Wave::Tri => {
                if ph < 0.5 {
                    ph * 2.0
                } else {
                    2.0 - ph * 2.0
                }
            }
            Wave::Pulse => (ph * 2.0).floor(),
        })
    })
}

/// A filter effect with cutoff and q.
fn filter_effect(kind: FilterKind, cutoff: Rc<Sig>, q: Rc<Sig>) -> Val {
    Val::Effect(Rc::new(move |input| Ok(Rc::new(Sig::Filter { kind, input, cutoff: cutoff.clone(), q: q.clone() }))))
}

/// `lpf cutoff [q]`: as a control (one argument on a pattern) the per-voice cutoff; with `q`, or
/// on a signal, a filter node.
fn filter(kind: FilterKind, control: Option<&'static str>, builtins: &HashMap<&'static str, Val>) -> Val {
    let control_fn = control.and_then(|c| builtins.get(c).cloned());
    func(move |cutoff: Val| {
        let c = sig(&cutoff)?;
        let pat = match &control_fn {
            Some(f) => f.apply(cutoff.clone()).ok().and_then(|v| v.to_pat().ok()),
            None => None,
        };
        let c2 = c.clone();
        let effect = Rc::new(move |input: Rc<Sig>| {
            Ok(Rc::new(Sig::Filter { kind, input, cutoff: c2.clone(), q: Rc::new(Sig::Const(0.707)) }))
        });
        Ok(Val::Dual(Box::new(Dual {
            pat,
            func: Some(Rc::new(move |q: Val| Ok(filter_effect(kind, c.clone(), sig(&q)?)))),
            effect: Some(effect),
        })))
    })
}

/// SuperDirt controls the voices and output effects read, beyond the pattern core's own.
const EXTRA_CONTROLS: &[&str] = &[
    "delay", "cutoff", "resonance", "hcutoff", "hresonance", "bandf", "bandq", "scale", "room", "size", "dry",
    "delaytime", "delayfeedback", "crush", "coarse", "shape", "squiz", "midichan", "channel",
];

/// The interned name of each extra control, as the `'static` slices `control` takes.
fn extra_control_syms() -> &'static [[crate::pattern::Sym; 1]] {
    static SYMS: std::sync::OnceLock<Vec<[crate::pattern::Sym; 1]>> = std::sync::OnceLock::new();
    SYMS.get_or_init(|| EXTRA_CONTROLS.iter().map(|n| [crate::pattern::Sym::intern(n)]).collect())
}

/// Adds Phonon's signal functions to `table`, keeping Tidal's meaning of shared names.
pub fn install(table: &mut HashMap<&'static str, Val>) {
    for (name, syms) in EXTRA_CONTROLS.iter().zip(extra_control_syms()) {
        if !table.contains_key(name) {
            // `scale` takes names; the others take numbers.
            let words = *name == "scale";
            table.insert(
                name,
                func(move |x| Ok(Val::Pat(crate::pattern::controls::control(syms, &if words { x.to_pat()? } else { x.to_num_pat()? })))),
            );
        }
    }
    let builtins = table.clone();
    for (name, w) in [("sine", Wave::Sine), ("saw", Wave::Saw), ("square", Wave::Square), ("tri", Wave::Tri)] {
        let pat = match builtins.get(name) {
            Some(v) => v.to_pat().ok(),
            None => Some(tidal_wave(w)),
        };
        table.insert(name, dual(pat, move |f| Ok(Val::Sig(Rc::new(Sig::Osc(w, sig(&f)?))))));
    }
    install_effects(table);
    table.insert("pulse", func(|f| Ok(Val::Sig(Rc::new(Sig::Osc(Wave::Pulse, sig(&f)?))))));
    table.insert("noise", Val::Sig(Rc::new(Sig::Noise)));
    table.insert("pink", Val::Sig(Rc::new(Sig::Pink)));
    table.insert("lpf", filter(FilterKind::Lowpass, Some("cutoff"), &builtins));
    table.insert("hpf", filter(FilterKind::Highpass, Some("hcutoff"), &builtins));
    table.insert("bpf", filter(FilterKind::Bandpass, Some("bandf"), &builtins));
    table.insert("notch", filter(FilterKind::Notch, None, &builtins));
    table.insert("rlpf", filter(FilterKind::Lowpass, None, &builtins));
    table.insert("rhpf", filter(FilterKind::Highpass, None, &builtins));
    table.insert("moog", filter(FilterKind::Moog, None, &builtins));
    // `delay time feedback mix` (Phonon); `delay x` alone is Tidal's send-amount control.
    let delay_control = builtins.get("delay").cloned();
    table.insert(
        "delay",
        func(move |time: Val| {
            let pat = delay_control.as_ref().and_then(|f| f.apply(time.clone()).ok()).and_then(|v| v.to_pat().ok());
            let t = sig(&time)?;
            Ok(dual(pat, move |fb: Val| {
                let (t, fb) = (t.clone(), sig(&fb)?);
                Ok(func(move |mix: Val| {
                    let (t, fb, mix) = (t.clone(), fb.clone(), sig(&mix)?);
                    Ok(Val::Effect(Rc::new(move |input| {
                        Ok(Rc::new(Sig::Delay { input, time: t.clone(), feedback: fb.clone(), mix: mix.clone() }))
                    })))
                }))
            }))
        }),
    );
    table.insert(
        "reverb",
        func(|room: Val| {
            let room = sig(&room)?;
            Ok(func(move |damp: Val| {
                let (room, damp) = (room.clone(), sig(&damp)?);
                Ok(func(move |mix: Val| {
                    let (room, damp, mix) = (room.clone(), damp.clone(), sig(&mix)?);
                    Ok(Val::Effect(Rc::new(move |input| {
                        Ok(Rc::new(Sig::Reverb { input, room: room.clone(), damp: damp.clone(), mix: mix.clone() }))
                    })))
                }))
            }))
        }),
    );
}

/// An effect with a one-signal control: `# distortion 0.5`, `# bitcrush 4`.
fn shaper(kind: ShaperKind) -> Val {
    func(move |amount: Val| {
        let amount = sig(&amount)?;
        Ok(Val::Effect(Rc::new(move |input| Ok(Rc::new(Sig::Shaper(kind, input, amount.clone()))))))
    })
}

fn num(x: &Val, what: &str) -> R<f32> {
    let v = x.to_num()?;
    if v.is_finite() {
        Ok(v as f32)
    } else {
        Err(EvalError::new(format!("{what} must be a finite number")))
    }
}

/// Adds the effect and envelope nodes.
fn install_effects(table: &mut HashMap<&'static str, Val>) {
    table.insert("distortion", shaper(ShaperKind::Distortion));
    table.insert("bitcrush", shaper(ShaperKind::Bitcrush));
    table.insert(
        "chorus",
        func(|rate: Val| {
            let rate = sig(&rate)?;
            Ok(func(move |depth: Val| {
                let (rate, depth) = (rate.clone(), sig(&depth)?);
                Ok(func(move |mix: Val| {
                    let (rate, depth, mix) = (rate.clone(), depth.clone(), num(&mix, "the chorus mix")?);
                    Ok(Val::Effect(Rc::new(move |input| {
                        Ok(Rc::new(Sig::Chorus { input, rate: rate.clone(), depth: depth.clone(), mix }))
                    })))
                }))
            }))
        }),
    );
    table.insert(
        "compressor",
        func(|threshold: Val| {
            let t = num(&threshold, "the threshold (dB)")?;
            Ok(func(move |ratio: Val| {
                let r = num(&ratio, "the ratio")?.max(1.0);
                Ok(Val::Effect(Rc::new(move |input| {
                    Ok(Rc::new(Sig::Compressor { input, threshold_db: t, ratio: r, attack_ms: 5.0, release_ms: 100.0 }))
                })))
            }))
        }),
    );
    table.insert(
        "limiter",
        func(|ceiling: Val| {
            let c = num(&ceiling, "the ceiling (dB)")?;
            Ok(Val::Effect(Rc::new(move |input| Ok(Rc::new(Sig::Limiter { input, ceiling_db: c })))))
        }),
    );
    // `adsr a d s r gate`: an envelope following a gate (a pattern like "1 0 1 1", or a signal).
    table.insert(
        "adsr",
        super::value::func4(|a: Val, d: Val, s: Val, r: Val| {
            let (a, d, s, r) = (num(&a, "attack")?, num(&d, "decay")?, num(&s, "sustain")?, num(&r, "release")?);
            Ok(func(move |gate: Val| {
                Ok(Val::Sig(Rc::new(Sig::Adsr { gate: sig(&gate)?, attack: a, decay: d, sustain: s, release: r })))
            }))
        }),
    );
    // `ar a r trig` (also `env`): attack then release from each rising edge of `trig`.
    let ar = || {
        super::value::func3(|a: Val, r: Val, trig: Val| {
            let (a, r) = (num(&a, "attack")?, num(&r, "release")?);
            Ok(Val::Sig(Rc::new(Sig::Ar { trig: sig(&trig)?, attack: a, release: r })))
        })
    };
    table.insert("ar", ar());
    table.insert("env", ar());
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
        Val::Dual(d) if d.effect.is_some() => Ok(Val::Sig((d.effect.as_ref().expect("checked"))(a)?)),
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
    let has = {
        let arena = bumpalo::Bump::new();
        // Bounded: a pattern such as `stut 1e9` must not eat the memory at compile time.
        arena.set_allocation_limit(Some(super::value::COMPILE_QUERY_BYTES));
        let overflow = std::cell::Cell::new(0);
        let ctx = crate::pattern::Ctx::new(&arena, &overflow);
        let span = crate::pattern::Span::new(crate::pattern::time::t(0), crate::pattern::time::t(1));
        let haps = super::live::probing(|| p.query(&ctx, span));
        let found = haps.iter().any(|h| h.value.get(key).is_some());
        found
    };
    has.then(|| Rc::new(Sig::Control(p.fmap(move |_, v| v.get(key).unwrap_or(Value::Num(0.0))))))
}
