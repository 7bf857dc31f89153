//! Rendering programs with the embedded kit and measuring the result: onsets, sample-for-sample
//! comparisons, and the onsets a pattern's query promises. It uses `phonon`, so tests include it
//! beside `common` with `#[path = "common/render.rs"] mod render;` (`mod.rs` is also compiled
//! into the host tests' crate, which does not link the engine).
#![allow(dead_code)]

use phonon::cli::query::query_events;
use phonon::cli::render::{render, RenderSpec, Rendered};
use phonon::pattern::time::{from_f64, Time};
use phonon::samples::Library;
use serde_json::Value as Json;
use std::path::PathBuf;

pub const SR: u32 = 44100;

/// The text of a shared acceptance program (`examples/NAME`).
pub fn shared_program(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Renders `src` for `cycles` cycles in 512-sample blocks with 4 beats per cycle.
pub fn render_src(src: &str, cycles: f64) -> Rendered {
    render_with(src, cycles, 4.0, 512)
}

/// Renders `src` with the given beats per cycle and block size.
pub fn render_with(src: &str, cycles: f64, beats_per_cycle: f64, block: usize) -> Rendered {
    let lib = Library::with_kit(SR as f32);
    let spec = RenderSpec {
        sample_rate: SR,
        cycles,
        beats_per_cycle,
    };
    render(src, &lib, &spec, || block, |_, _| {}).unwrap_or_else(|e| panic!("{src}\n{e}"))
}

/// The largest difference between two signals (a missing sample counts as 0).
pub fn max_diff(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().max(b.len());
    (0..n)
        .map(|i| (a.get(i).unwrap_or(&0.0) - b.get(i).unwrap_or(&0.0)).abs())
        .fold(0.0, f32::max)
}

/// `a - b`, sample by sample.
pub fn minus(a: &[f32], b: &[f32]) -> Vec<f32> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// `a + b`, sample by sample.
pub fn plus(a: &[f32], b: &[f32]) -> Vec<f32> {
    a.iter().zip(b).map(|(x, y)| x + y).collect()
}

/// Asserts two renders have the same length and are equal within float rounding (1e-5), and
/// that they are not both silent (so the comparison means something).
pub fn assert_same(a: &Rendered, b: &Rendered, what: &str) {
    assert_eq!(a.left.len(), b.left.len(), "{what}: lengths differ");
    let (l, r) = (max_diff(&a.left, &b.left), max_diff(&a.right, &b.right));
    assert!(
        l < 1e-5 && r < 1e-5,
        "{what}: renders differ by {l} (left), {r} (right)"
    );
    assert!(
        energy(&a.left) + energy(&a.right) > 1e-3,
        "{what}: both silent"
    );
}

/// Asserts two renders differ audibly (peak difference above 0.01).
pub fn assert_differ(a: &Rendered, b: &Rendered, what: &str) {
    let d = max_diff(&a.left, &b.left).max(max_diff(&a.right, &b.right));
    assert!(
        d > 0.01,
        "{what}: renders are the same (peak difference {d})"
    );
}

pub fn energy(x: &[f32]) -> f32 {
    x.iter().map(|v| v * v).sum()
}

/// Onsets by energy: starts of 5 ms frames whose energy jumps well above each of the four
/// frames before (20 ms, so a low drum's decaying wobble is not an onset).
pub fn onset_frames(x: &[f32]) -> Vec<usize> {
    let hop = (SR as usize) / 200;
    let e: Vec<f32> = x
        .chunks(hop)
        .map(|c| c.iter().map(|v| v * v).sum::<f32>())
        .collect();
    let mut out = vec![];
    for i in 0..e.len() {
        let prev = e[i.saturating_sub(4)..i]
            .iter()
            .copied()
            .fold(0.0, f32::max);
        // The floor: Tidal's echoes at `gain` 0.36 play at 0.36^4 under SuperDirt's output stage.
        if e[i] > 4.0 * prev + 1e-6 {
            out.push(i * hop);
        }
    }
    out
}

/// Asserts the onsets detected in `x` are exactly `expected` (sample positions): each expected
/// onset has a detected one within 300 samples (7 ms), and each detected one an expected one.
pub fn assert_onsets(x: &[f32], expected: &[usize], what: &str) {
    let got = onset_frames(x);
    let near = |a: usize, bs: &[usize]| bs.iter().any(|&b| a.abs_diff(b) < 300);
    let missing: Vec<_> = expected.iter().filter(|&&t| !near(t, &got)).collect();
    let extra: Vec<_> = got.iter().filter(|&&t| !near(t, expected)).collect();
    assert!(missing.is_empty() && extra.is_empty(), "{what}: onsets missing {missing:?}, unexpected {extra:?} (expected {expected:?}, detected {got:?})");
}

/// One event with an onset, from the pattern query: its start in cycles and its value.
#[derive(Debug, Clone)]
pub struct Event {
    pub cycle: f64,
    pub value: Json,
}

fn frac(v: &Json) -> f64 {
    let s = v.as_str().expect("a time string");
    let (n, d) = s.split_once('/').expect("n/d");
    n.parse::<f64>().unwrap() / d.parse::<f64>().unwrap()
}

fn time(c: f64) -> Time {
    from_f64(c).expect("a representable time")
}

/// The events with onsets of pattern expression `expr` over cycles `[0, cycles)`, by start.
pub fn query(expr: &str, cycles: f64) -> Vec<Event> {
    let evs = query_events(expr, time(0.0), time(cycles)).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let mut out: Vec<Event> = evs
        .iter()
        .filter(|e| e["onset"] == Json::Bool(true))
        .map(|e| Event {
            cycle: frac(&e["whole"][0]),
            value: e["value"].clone(),
        })
        .collect();
    out.sort_by(|a, b| a.cycle.total_cmp(&b.cycle));
    out
}

/// Sample positions of event starts (in cycles) at `cps`, duplicates merged.
pub fn samples_at(cycles: &[f64], cps: f64) -> Vec<usize> {
    let mut out: Vec<usize> = cycles
        .iter()
        .map(|c| (c / cps * SR as f64).round() as usize)
        .collect();
    out.dedup();
    out
}

/// The start times (cycles) of `expr`'s events over `[0, cycles)`, duplicates merged.
pub fn query_starts(expr: &str, cycles: f64) -> Vec<f64> {
    let mut t: Vec<f64> = query(expr, cycles).iter().map(|e| e.cycle).collect();
    t.dedup();
    t
}

/// The expression of statement `name` (`out`, `o1`, `~drums`, ...): the rest of the line
/// after `name $ `.
pub fn statement<'a>(src: &'a str, name: &str) -> &'a str {
    let head = format!("{name} $ ");
    src.lines()
        .find_map(|l| l.strip_prefix(head.as_str()))
        .unwrap_or_else(|| panic!("no `{head}` line in\n{src}"))
}

/// Renders `src` with every numbered output routed to a port of its own (the Multi-Out
/// plugin's layout): index 0 is the main port, `n` is `on`'s port.
pub fn render_ports(src: &str, cycles: f64) -> Vec<(Vec<f32>, Vec<f32>)> {
    use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
    let lib = Library::with_kit(SR as f32);
    let program = LoadedProgram::compile(src, &lib, 4.0).unwrap_or_else(|e| panic!("{src}\n{e}"));
    let total = (cycles / program.program.cps.unwrap_or(0.5) * SR as f64).round() as usize;
    let mut engine = Engine::new(SR as f64, std::sync::Arc::new(Handoff::new()));
    engine.set_program(program);
    let mut ports = vec![(vec![0.0f32; total], vec![0.0f32; total]); 17];
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut done = 0;
    while done < total {
        let n = 512.min(total - done);
        let (main, aux) = ports.split_at_mut(1);
        let (ml, mr) = (
            &mut main[0].0[done..done + n],
            &mut main[0].1[done..done + n],
        );
        engine.process_routed(input, ml, mr, &mut |out, off, l, r| {
            if out == 0 {
                return false;
            }
            let (pl, pr) = &mut aux[out - 1];
            for (i, (a, b)) in l.iter().zip(r).enumerate() {
                pl[done + off + i] += a;
                pr[done + off + i] += b;
            }
            true
        });
        done += n;
    }
    ports
}

/// The MIDI note whose harmonics (1..=6) are strongest in `x`, among `lo..=hi`; a note whose
/// own frequency is under a tenth of its strongest harmonic does not count (so a pure sine does
/// not score as well an octave down).
pub fn pitch(x: &[f32], lo: i32, hi: i32) -> i32 {
    let f = |m: i32| 440.0 * 2f32.powf((m - 69) as f32 / 12.0);
    let score = |m: i32| {
        let h: Vec<f32> = (1..=6)
            .map(|h| crate::common::dft_mag(x, h as f32 * f(m), SR as f32))
            .collect();
        if h[0] < 0.1 * h.iter().fold(0.0f32, |a, b| a.max(*b)) {
            return 0.0;
        }
        h.iter().sum::<f32>()
    };
    (lo..=hi)
        .max_by(|a, b| score(*a).total_cmp(&score(*b)))
        .expect("a range")
}
