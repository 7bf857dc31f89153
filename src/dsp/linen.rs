//! The per-event envelope of a sample voice: SuperDirt's `dirt_envelope` and the end fade of
//! `dirt_gate` (musikinformatik/SuperDirt, `synths/core-synths.scd`).
//!
//! * `dirt_envelope` multiplies the event by `EnvGen.ar(Env.linen(attack, hold, release, 1, -3))`
//!   when `attack` or `release` is given (defaults `attack 0`, `hold 0`, `release inf`).
//! * `dirt_gate` ends every event with a sine-shaped fade of
//!   `fadeTime = min(0.001 s, sustain * 0.19098)` (`DirtEvent.sc`, `calcTimeSpan`).
//!
//! SuperCollider's numeric envelope curve (`Env` shape `curve`, `EnvGen` source): a segment from
//! `y1` to `y2` at position `x` in 0..1 is `y1 + (y2 - y1) * (1 - e^(c x)) / (1 - e^c)`; the
//! `\sin` shape is `y1 + (y2 - y1) * (0.5 - 0.5 cos(pi x))`.
//!
//! Both are evaluated from the sample index alone (no running state), so a voice's envelope is
//! the same however its blocks are cut.

/// The curve `Env.linen` gets from SuperDirt's `dirt_envelope`.
pub const LINEN_CURVE: f32 = -3.0;

/// `Env.linen(attack, hold, release, 1, curve)` over sample indices.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Linen {
    /// Rise time from 0 to 1, in samples (0: starts at 1).
    attack: f32,
    /// Time held at 1 after the attack, in samples.
    hold: f32,
    /// Fall time from 1 to 0, in samples (`f32::INFINITY`: never falls).
    release: f32,
    /// `1 / (1 - e^curve)`, the curve's normalisation.
    norm: f32,
    curve: f32,
}

impl Linen {
    /// Times in seconds; negative or non-finite attack/hold count as 0, a non-finite or negative
    /// release as "never" (SuperDirt's `release = inf`).
    pub fn new(attack_s: f32, hold_s: f32, release_s: f32, curve: f32, sample_rate: f32) -> Linen {
        let secs = |s: f32| {
            if s.is_finite() {
                s.max(0.0) * sample_rate
            } else {
                0.0
            }
        };
        let release = if release_s.is_finite() && release_s >= 0.0 {
            release_s * sample_rate
        } else {
            f32::INFINITY
        };
        Linen {
            attack: secs(attack_s),
            hold: secs(hold_s),
            release,
            norm: 1.0 / (1.0 - curve.exp()),
            curve,
        }
    }

    /// Samples until the level is 0 for good (`None`: it never falls).
    pub fn length(&self) -> Option<f64> {
        self.release
            .is_finite()
            .then_some(self.attack as f64 + self.hold as f64 + self.release as f64)
    }

    /// SuperCollider's curve segment from 0 to 1 at position `x` (0..1).
    #[inline]
    fn rise(&self, x: f32) -> f32 {
        if self.curve.abs() < 1e-3 {
            x
        } else {
            (1.0 - (self.curve * x).exp()) * self.norm
        }
    }

    /// The level at sample `k` of the event.
    #[inline]
    pub fn level(&self, k: u64) -> f32 {
        let t = k as f32;
        if t < self.attack {
            return self.rise(t / self.attack);
        }
        let t = t - self.attack - self.hold;
        if t <= 0.0 {
            1.0
        } else if t >= self.release {
            0.0
        } else {
            // Falling from 1 to 0: 1 + (0 - 1) * rise(x).
            1.0 - self.rise(t / self.release)
        }
    }
}

/// Samples of the gate's end fade for an event of `len_samples` (SuperDirt's
/// `min(fadeTime, sustain * 0.19098)` with its default `fadeTime` of 1 ms).
pub fn gate_fade_len(len_samples: f64, sample_rate: f32) -> f64 {
    (0.001 * sample_rate as f64)
        .min(len_samples * 0.19098)
        .max(1.0)
}

/// The gate's level at sample `k` of an event that ends at sample `end` with a fade of `fade`
/// samples (the `\sin` shape from 1 to 0).
#[inline]
pub fn gate_level(k: u64, end: u64, fade: f64) -> f32 {
    let left = end as f64 - k as f64;
    if left >= fade {
        1.0
    } else if left <= 0.0 {
        0.0
    } else {
        // Position in the fade x = 1 - left / fade; 1 - (0.5 - 0.5 cos(pi x)).
        let x = 1.0 - left / fade;
        (0.5 + 0.5 * (std::f64::consts::PI * x).cos()) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::*;
    use super::*;

    /// The envelope as a sample voice applies it (`engine::voice`, `VoiceFx`): a clock of samples
    /// rendered so far, advanced per block, times `Linen::level` and the gate's end fade.
    struct Enveloped {
        env: Linen,
        gate: Option<(u64, f64)>,
        age: u64,
    }

    impl Enveloped {
        fn run(&mut self, input: &[f32], out: &mut [f32]) {
            for (i, (y, x)) in out.iter_mut().zip(input).enumerate() {
                let k = self.age + i as u64;
                let g = self
                    .gate
                    .map_or(1.0, |(end, fade)| gate_level(k, end, fade));
                *y = x * self.env.level(k) * g;
            }
            self.age += out.len() as u64;
        }
        fn reset(&mut self) {
            self.age = 0;
        }
    }

    #[test]
    fn blocks_equal_samples_and_reset_restarts() {
        let n = 24_000;
        let x = test_signal(n);
        // (attack, hold, release, curve, gate end): the curved and the linear (curve 0) shape,
        // no attack, a release that never comes, and a gate that cuts the envelope short.
        let cases: [(f32, f32, f32, f32, Option<u64>); 5] = [
            (0.05, 0.1, 0.2, LINEN_CURVE, None),
            (0.05, 0.1, 0.2, 0.0, None),
            (0.0, 0.0, 0.3, LINEN_CURVE, Some(12_000)),
            (0.2, 0.0, f32::INFINITY, LINEN_CURVE, Some(20_000)),
            (0.01, 0.02, 0.05, 4.0, Some(3_000)),
        ];
        for (a, h, r, c, end) in cases {
            let env = Linen::new(a, h, r, c, SR);
            let gate = end.map(|e| (e, gate_fade_len(e as f64, SR)));
            check_blocks(
                n,
                || Enveloped { env, gate, age: 0 },
                |e, rg, l, _| e.run(&x[rg], l),
                Enveloped::reset,
            );
            // And the render is the envelope's shape: silent before the attack, the input once
            // it has risen and before it falls, silent after the end.
            let mut e = Enveloped { env, gate, age: 0 };
            let mut y = vec![0.0; n];
            e.run(&x, &mut y);
            assert_eq!(y[0], if a > 0.0 { 0.0 } else { x[0] }, "{a} {h} {r}");
            if h > 0.0 {
                let top = (a * SR).ceil() as usize;
                assert_eq!(y[top], x[top], "{a} {h} {r}: level 1 once risen");
            }
            if let Some(len) = env.length().map(|l| l as usize).filter(|&l| l < n) {
                assert!(
                    y[len..].iter().all(|&v| v == 0.0),
                    "{a} {h} {r}: silent after the release"
                );
            }
            if let Some(end) = end {
                assert!(
                    y[end as usize..].iter().all(|&v| v == 0.0),
                    "silent after the gate"
                );
            }
        }
    }

    #[test]
    fn linen_rises_holds_and_falls() {
        // 100 samples attack, 50 hold, 200 release at rate 1000.
        let e = Linen::new(0.1, 0.05, 0.2, LINEN_CURVE, 1000.0);
        assert_eq!(e.level(0), 0.0);
        // Curve -3 rises fast: above the straight line halfway.
        assert!(e.level(50) > 0.7 && e.level(50) < 0.9, "{}", e.level(50));
        assert!((e.level(100) - 1.0).abs() < 1e-6 && e.level(149) == 1.0);
        // And falls fast: below the straight line halfway through the release.
        assert!(
            e.level(250) < 0.25 && e.level(250) > 0.05,
            "{}",
            e.level(250)
        );
        assert_eq!(e.level(350), 0.0);
        assert_eq!(e.length(), Some(350.0));
        // Release unset: stays at 1.
        let a = Linen::new(0.1, 0.0, f32::INFINITY, LINEN_CURVE, 1000.0);
        assert_eq!(a.level(1_000_000), 1.0);
        assert_eq!(a.length(), None);
        // Levels never leave 0..1 and rise monotonically.
        let mut last = 0.0;
        for k in 0..100 {
            let l = e.level(k);
            assert!((0.0..=1.0).contains(&l) && l >= last);
            last = l;
        }
    }

    #[test]
    fn gate_fades_to_zero_at_the_end() {
        let fade = gate_fade_len(1000.0, 44100.0);
        assert!((fade - 44.1).abs() < 1e-9);
        assert_eq!(gate_level(0, 1000, fade), 1.0);
        assert_eq!(gate_level(1000, 1000, fade), 0.0);
        let mid = gate_level(1000 - 22, 1000, fade);
        assert!((mid - 0.5).abs() < 0.05, "{mid}");
        // Short events fade over 19% of their length.
        assert!((gate_fade_len(100.0, 44100.0) - 19.098).abs() < 1e-9);
    }
}
