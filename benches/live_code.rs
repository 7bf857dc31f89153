//! The editor's per-frame live-code work (`plugin::editor::live_code`) for programs with 16
//! busy outputs, against the 16.7 ms frame budget of 60 frames per second: at 0.5 cycles per
//! second a frame advances 1/120 cycle; the frame that enters a new cycle queries it (the
//! slowest), the others filter the cached events. Also the compile with locations that each
//! Evaluate costs (once, not per frame).
//!
//! `cargo bench --bench live_code`

use phonon::plugin::editor::live_code::{char_ranges, LiveCode};
use std::path::PathBuf;
use std::time::Instant;

const FRAMES_PER_CYCLE: usize = 120;
const CYCLES: usize = 16;
const BUDGET_MS: f64 = 1000.0 / 60.0;

fn main() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/programs");
    for name in ["saw256.ph", "stress_extreme.ph"] {
        let code = std::fs::read_to_string(dir.join(name)).expect("bench program");
        let mut live = LiveCode::default();
        let t0 = Instant::now();
        live.refresh(&code, 4.0, None);
        let compile_ms = t0.elapsed().as_secs_f64() * 1e3;
        let (mut worst, mut total, mut lit_max) = (0.0f64, 0.0f64, 0usize);
        let mut frame_times = Vec::with_capacity(FRAMES_PER_CYCLE * CYCLES);
        for f in 0..FRAMES_PER_CYCLE * CYCLES {
            let cycle = f as f64 / FRAMES_PER_CYCLE as f64;
            let t = Instant::now();
            live.follow(&code, None);
            let lit = char_ranges(&code, &live.lit(cycle));
            let ms = t.elapsed().as_secs_f64() * 1e3;
            lit_max = lit_max.max(lit.len());
            worst = worst.max(ms);
            total += ms;
            frame_times.push(ms);
        }
        frame_times.sort_by(f64::total_cmp);
        let median = frame_times[frame_times.len() / 2];
        let n = (FRAMES_PER_CYCLE * CYCLES) as f64;
        println!(
            "live code {name}: compile with locations {compile_ms:.2} ms (per Evaluate); per frame \
             mean {:.3} ms, median {median:.3} ms, worst {worst:.2} ms (a new cycle's query) = {:.1}% \
             of the {BUDGET_MS:.1} ms frame; at most {lit_max} words lit",
            total / n,
            100.0 * worst / BUDGET_MS
        );
        assert!(lit_max > 0, "{name}: nothing lit");
    }
}
