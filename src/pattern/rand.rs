//! Strudel's deterministic random generator ('legacy', the default in Strudel 1.2.6), bit-exact.
//! Source: @strudel/core 1.2.6 `signal.mjs` (`xorwise`, `timeToIntSeed`, `timeToRands`);
//! see conformance/README.md for the derivation and its differences from Tidal.

fn xorwise(x: i32) -> i32 {
    let a = x.wrapping_shl(13) ^ x;
    let b = (a >> 17) ^ a;
    b.wrapping_shl(5) ^ b
}

fn time_to_int_seed(t: f64) -> i32 {
    let y = t / 300.0;
    xorwise(((y - y.trunc()) * 536870912.0).trunc() as i32)
}

fn int_seed_to_rand(s: i32) -> f64 {
    (s % 536870912) as f64 / 536870912.0
}

/// The random value at time `t` (cycles, as a double), in `[0, 1)`.
pub fn time_to_rand(t: f64) -> f64 {
    int_seed_to_rand(time_to_int_seed(t)).abs()
}

/// `n` random values at time `t` (no `abs` for n > 1, as Strudel), written into `out`.
pub fn time_to_rands(t: f64, out: &mut [f64]) {
    let mut s = time_to_int_seed(t);
    if out.len() == 1 {
        out[0] = int_seed_to_rand(s).abs();
        return;
    }
    for o in out.iter_mut() {
        *o = int_seed_to_rand(s);
        s = xorwise(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_values() {
        let want = [
            0.0, 0.685216, 0.369760, 0.401393, 0.260481, 0.135636, 0.195826, 0.397631,
        ];
        for (k, w) in want.iter().enumerate() {
            assert!((time_to_rand(k as f64 / 8.0) - w).abs() < 1e-6, "k={k}");
        }
    }
}
