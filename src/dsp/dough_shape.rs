//! superdough 1.2.6's per-event waveshapers and degraders:
//!
//! * [`distort`]: `DistortProcessor` (`worklets.mjs`): `postgain * algorithm(x, expm1(distort))`,
//!   `postgain` (`distortvol`) clamped to 0.001..1, the algorithm one of `helpers.mjs`'s
//!   `distortionAlgorithms` (`distorttype`, a name or an index that wraps; `scurve` by default).
//! * [`shape`]: `ShapeProcessor`: `k = 2s / (1 - s)` (`s` below 1),
//!   `(1 + k) x / (1 + k |x|) * shapevol` (clamped to 0.001..1).
//! * [`crush`]: `CrushProcessor`: `round(x * 2^(crush-1)) / 2^(crush-1)`, `crush` at least 1.
//! * `coarse` (`CoarseProcessor`) holds sample `n` of each 128-sample render quantum where
//!   `n % coarse == 0`: the engine's voice runs it on its age grid.

/// `distortionAlgorithms`, in superdough's order (the index `distorttype` counts in).
pub const ALGORITHMS: [&str; 9] = [
    "scurve",
    "soft",
    "hard",
    "cubic",
    "diode",
    "asym",
    "fold",
    "sinefold",
    "chebyshev",
];

/// `getDistortionAlgorithm`: a name (unknown: `scurve`) or an index (wrapping).
pub fn algorithm_index(name: Option<&str>, index: Option<f64>) -> usize {
    match (name, index) {
        (Some(n), _) => ALGORITHMS.iter().position(|a| *a == n).unwrap_or(0),
        (None, Some(i)) if i.is_finite() && i >= 0.0 => (i as usize) % ALGORITHMS.len(),
        _ => 0,
    }
}

fn squash(x: f64) -> f64 {
    x / (1.0 + x)
}

fn soft(x: f64, k: f64) -> f64 {
    (x * (1.0 + k)).tanh()
}

fn fold(x: f64, k: f64) -> f64 {
    let y = (1.0 + 0.5 * k) * x;
    let window = (y + 1.0).rem_euclid(4.0);
    1.0 - (window - 2.0).abs()
}

fn diode(x: f64, k: f64, asym: bool) -> f64 {
    let g = 1.0 + 2.0 * k;
    let t = squash(k.ln_1p());
    let bias = 0.07 * t;
    let pos = soft(x + bias, 2.0 * k);
    let neg = soft(if asym { bias } else { -x + bias }, 2.0 * k);
    let y = pos - neg;
    let sech = 1.0 / (g * bias).cosh();
    let denom = ((if asym { 1.0 } else { 2.0 }) * g * sech * sech).max(1e-8);
    soft(y / denom, k)
}

fn chebyshev(x: f64, k: f64) -> f64 {
    let kl = 10.0 * k.ln_1p();
    let (mut tnm1, mut tnm2) = (1.0, x);
    let mut y = 0.0;
    for i in 1..64 {
        if i < 2 {
            // superdough: `y += i == 0 ? tnm1 : tnm2` with i = 1.
            y += tnm2;
            continue;
        }
        let tn = 2.0 * x * tnm1 - tnm2;
        tnm2 = tnm1;
        tnm1 = tn;
        if i % 2 == 0 {
            y += ((1.3 * kl) / i as f64).min(2.0) * tn;
        }
    }
    soft(y, kl / 20.0)
}

/// One of `distortionAlgorithms` at shape `k`.
#[inline]
pub fn algorithm(index: usize, x: f64, k: f64) -> f64 {
    match index {
        0 => ((1.0 + k) * x) / (1.0 + k * x.abs()),
        1 => soft(x, k),
        2 => ((1.0 + k) * x).clamp(-1.0, 1.0),
        3 => {
            let t = squash(k.ln_1p());
            let cubic = (x - (t / 3.0) * x * x * x) / (1.0 - t / 3.0);
            soft(cubic, k)
        }
        4 => diode(x, k, false),
        5 => diode(x, k, true),
        6 => fold(x, k),
        7 => (std::f64::consts::FRAC_PI_2 * fold(x, k)).sin(),
        _ => chebyshev(x, k),
    }
}

/// `DistortProcessor` on one sample.
#[inline]
pub fn distort(x: f32, amount: f64, postgain: f64, index: usize) -> f32 {
    let k = amount.exp_m1();
    (postgain.clamp(0.001, 1.0) * algorithm(index, x as f64, k)) as f32
}

/// `ShapeProcessor`'s `k` for `shape`.
pub fn shape_k(shape: f64) -> f64 {
    let s = if shape < 1.0 { shape } else { 1.0 - 4e-10 };
    2.0 * s / (1.0 - s)
}

/// `ShapeProcessor` on one sample (`k` from [`shape_k`]).
#[inline]
pub fn shape(x: f32, k: f64, shapevol: f64) -> f32 {
    let x = x as f64;
    ((1.0 + k) * x / (1.0 + k * x.abs()) * shapevol.clamp(0.001, 1.0)) as f32
}

/// `CrushProcessor` on one sample.
#[inline]
pub fn crush(x: f32, bits: f64) -> f32 {
    let s = 2f64.powf(bits.max(1.0) - 1.0);
    // `Math.round`: halves round up.
    ((x as f64 * s + 0.5).floor() / s) as f32
}

/// `LFOProcessor`'s `waveshapes` (`worklets.mjs`), by `getModulationShapeInput`'s index:
/// 0 `tri` (with `skew`), 1 `sine`, 2 `ramp`, 3 `saw`, 4 `square` (high below `skew`); 0..1.
#[inline]
pub fn lfo_shape(shape: usize, phase: f64, skew: f64) -> f64 {
    match shape {
        1 => (std::f64::consts::TAU * phase).sin() * 0.5 + 0.5,
        2 => phase,
        3 => 1.0 - phase,
        4 => {
            if phase >= skew {
                0.0
            } else {
                1.0
            }
        }
        _ => {
            let x = 1.0 - skew;
            if phase >= skew {
                1.0 / x - phase / x
            } else {
                phase / skew
            }
        }
    }
}

/// `getModulationShapeInput`: a number wraps at 5, a name (`tri` `triangle` `sine` `ramp`
/// `saw` `square`; others 0).
pub fn lfo_shape_index(name: Option<&str>, number: Option<f64>) -> usize {
    match (name, number) {
        (Some(n), _) => match n {
            "sine" => 1,
            "ramp" => 2,
            "saw" => 3,
            "square" => 4,
            _ => 0,
        },
        (None, Some(x)) if x.is_finite() => (x.rem_euclid(5.0)) as usize,
        _ => 0,
    }
}
