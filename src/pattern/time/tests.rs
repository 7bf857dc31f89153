//! Exact time arithmetic, Strudel's number parsing, spans.
use super::*;

#[test]
fn runs_of_mediants_give_the_stepwise_fraction() {
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut cases = vec![
        1e-9,
        1e-7,
        1.5e-7,
        0.1,
        0.3,
        1.0 / 3.0,
        0.999_999_9,
        0.999_999_999,
        123.456,
        9.0e14 + 0.5,
        2.0f64.sqrt(),
        std::f64::consts::PI,
    ];
    // The stepwise reference takes up to 10^7 steps for tiny numbers: fewer cases in debug.
    for _ in 0..if cfg!(debug_assertions) { 40 } else { 3000 } {
        let r = next();
        // Uniform in (0, 1), tiny magnitudes, and scaled by powers of ten.
        cases.push((r >> 11) as f64 / (1u64 << 53) as f64);
        cases.push(((r >> 11) as f64 / (1u64 << 53) as f64) * 10f64.powi(-((r % 12) as i32)));
        cases.push(((r >> 11) as f64 / (1u64 << 53) as f64) * 10f64.powi((r % 9) as i32));
    }
    for x in cases {
        for x in [x, -x] {
            assert_eq!(from_f64(x), farey(x, false), "{x:e}");
        }
    }
}

#[test]
fn farey_matches_fraction_js_examples() {
    assert_eq!(from_f64(0.3), Some(frac(3, 10)));
    assert_eq!(from_f64(1.0 / 3.0), Some(frac(1, 3)));
    assert_eq!(from_f64(1.0 / 6.0), Some(frac(1, 6)));
    assert_eq!(from_f64(1.5), Some(frac(3, 2)));
    assert_eq!(from_f64(-0.25), Some(frac(-1, 4)));
    assert_eq!(from_f64(2.5), Some(frac(5, 2)));
    assert_eq!(from_f64(133.337), Some(frac(133337, 1000)));
    for k in 1..5000i64 {
        assert_eq!(
            from_f64(0.0003 * k as f64),
            Some(frac(3 * k, 10000)),
            "k={k}"
        );
    }
}

#[test]
fn fast_arithmetic_matches_ratio() {
    let xs: Vec<Time> = [
        (0, 1),
        (1, 1),
        (-3, 1),
        (1, 3),
        (-2, 3),
        (5, 8),
        (7, 12),
        (256, 44100),
        (-441, 256),
        (9, 1),
        (1, 7),
    ]
    .iter()
    .map(|&(n, d)| frac(n, d))
    .collect();
    for &a in &xs {
        assert_eq!(sam(a), a.floor());
        assert_eq!(cycle_pos(a), a - a.floor());
        for &b in &xs {
            assert_eq!(tadd(a, b), a + b, "{a} + {b}");
            assert_eq!(tsub(a, b), a - b, "{a} - {b}");
            assert_eq!(tmul(a, b), a * b, "{a} * {b}");
            if b != t(0) {
                assert_eq!(tdiv(a, b), a / b, "{a} / {b}");
            }
            assert_eq!(tcmp(a, b), a.cmp(&b), "{a} cmp {b}");
            assert_eq!(tmin(a, b), a.min(b));
            assert_eq!(tmax(a, b), a.max(b));
        }
    }
}

#[test]
fn overflowing_arithmetic_rounds_instead_of_panicking() {
    let big = frac(i64::MAX - 1, 3);
    let tiny = frac(1, i64::MAX - 2);
    // Clamped past 2^62 cycles, with the right sign.
    assert_eq!(tmul(big, t(7)), t(MAX_CYCLES));
    assert_eq!(tmul(big, t(-7)), t(-MAX_CYCLES));
    assert_eq!(tadd(t(i64::MAX - 1), t(i64::MAX - 1)), t(MAX_CYCLES));
    assert_eq!(tneg(Time::new_raw(i64::MIN, 1)), t(MAX_CYCLES));
    assert_eq!(tdiv(t(5), t(0)), t(0));
    assert_eq!(time_mod(t(5), t(0)), t(5));
    // Not representable exactly: the nearest representable fraction.
    let x = tadd(tiny, frac(1, i64::MAX - 4));
    let exact = 1.0 / (i64::MAX - 2) as f64 + 1.0 / (i64::MAX - 4) as f64;
    assert!((to_f64(x) - exact).abs() < 1.0 / (1u64 << 60) as f64, "{x}");
    let y = tmul(
        frac(1_000_000_007, 999_999_937),
        frac(999_999_929, 1_000_000_009),
    );
    let exact = 1_000_000_007.0 / 999_999_937.0 * 999_999_929.0 / 1_000_000_009.0;
    assert!((to_f64(y) / exact - 1.0).abs() < 1e-12, "{y}");
    // Every result stays a reduced fraction with a positive denominator.
    for r in [
        x,
        y,
        tsub(tiny, big),
        tdiv(big, tiny),
        tdiv(tiny, frac(i64::MIN + 1, 7)),
    ] {
        assert!(*r.denom() > 0);
        assert_eq!(Time::new(*r.numer(), *r.denom()), r);
    }
}

#[test]
fn cycles_split_at_boundaries() {
    let mut v = vec![];
    let (arena, overflow) = (bumpalo::Bump::new(), std::cell::Cell::new(0));
    let ctx = Ctx::new(&arena, &overflow);
    Span::new(frac(1, 2), frac(5, 2)).for_each_cycle(&ctx, |s| v.push(s));
    assert_eq!(
        v,
        vec![
            Span::new(frac(1, 2), t(1)),
            Span::new(t(1), t(2)),
            Span::new(t(2), frac(5, 2))
        ]
    );
}

#[test]
fn point_at_end_does_not_intersect() {
    let a = Span::new(t(0), t(1));
    assert_eq!(a.intersection(&Span::new(t(1), t(1))), None);
    assert_eq!(
        a.intersection(&Span::new(t(0), t(0))),
        Some(Span::new(t(0), t(0)))
    );
}
