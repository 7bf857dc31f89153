//! Many instances in one process, as a DAW project runs one Phonon per track.
//!
//! * **Creation**: one instance as the plugin makes it when the host creates and activates it
//!   and restores its state: the plugin object (`PhononPlugin::default`), its library
//!   (`Library::with_kit_lazy`, in `activate`: the embedded kit's sounds and the drum machines
//!   wait for a program that names them), the engine, and the saved program compiled
//!   (`examples/01_house.ph`: the kit sounds it names synthesized at the host's rate, once per
//!   process; no drum machine). Then the first compile of a program that names a drum machine
//!   (`examples/18_techno.ph`), which synthesizes them. Time per instance and the heap each one
//!   keeps (a counting allocator: bytes live after, minus before, over the count; the send
//!   effects' delay lines are memory maps outside it, `dsp/zeroed.rs`, in the resident figure).
//! * **16 instances playing** `01_house.ph`, rendered from 2 threads (8 each) at 64-sample
//!   blocks, the threads meeting at a barrier every block as a host's audio graph does: the
//!   wall time of one block of all 16, against the 64-sample budget.
//! * **An instance with nothing to play** (after Hush: the empty program the editor's Hush
//!   submits): time per 64-sample block.
//!
//! `cargo bench --bench instances` (prints a report; timing only, nothing asserted).

use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::lang::CompileOptions;
use phonon::plugin::PhononPlugin;
use phonon::samples::Library;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

/// Counts the bytes live on the heap (the system allocator underneath).
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call goes to `System` with the same arguments; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on unchanged.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        // SAFETY: `p` was allocated by `System` with layout `l` (every allocation goes there).
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        // SAFETY: as `alloc`.
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        // SAFETY: as `dealloc` for `p` and `l`; `new` is the caller's valid new size.
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static A: Counting = Counting;

const SR: f32 = 44100.0;
const BLOCK: usize = 64;
const INSTANCES: usize = 16;
const THREADS: usize = 2;
/// Blocks rendered for the timings (about 30 s of audio at 64 samples).
const BLOCKS: usize = 20_000;

/// One instance: what the plugin holds once the host has activated it and restored its state.
struct Instance {
    _plugin: PhononPlugin<false>,
    _library: Arc<Library>,
    engine: Engine,
}

fn create(src: &str) -> Instance {
    let plugin = PhononPlugin::<false>::default();
    let library = Arc::new(Library::with_kit_lazy(SR));
    let mut engine = Engine::new(SR as f64, Arc::new(Handoff::new()));
    let program = LoadedProgram::compile_with(src, &library, &CompileOptions::new(4.0))
        .expect("the program compiles");
    engine.set_program(program);
    Instance {
        _plugin: plugin,
        _library: library,
        engine,
    }
}

fn input() -> BlockInput {
    BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    }
}

/// Resident memory of the process in bytes (`/proc/self/statm`; 0 where there is none).
fn resident() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(0.0, |pages| pages * 4096.0)
}

fn percentile(xs: &mut [Duration], p: f64) -> Duration {
    xs.sort();
    xs[((xs.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let house = std::fs::read_to_string(root.join("examples/01_house.ph")).expect("01_house.ph");
    let budget = Duration::from_secs_f64(BLOCK as f64 / SR as f64);

    // The kit and drum machines at a rate not seen yet (what the first instance pays).
    let t = Instant::now();
    let cold = Library::with_kit(48000.0);
    println!(
        "kit and drum machines synthesized at a new rate (48 kHz): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    drop(cold);

    // Creation: the first instance pays for one-time tables (interned names, note tables);
    // time it apart, then the other 15.
    let before = LIVE.load(Ordering::Relaxed);
    let rss_before = resident();
    let t = Instant::now();
    let first = create(&house);
    let first_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut times = vec![];
    let mut instances = vec![first];
    for _ in 1..INSTANCES {
        let t = Instant::now();
        instances.push(create(&house));
        times.push(t.elapsed());
    }
    let techno = std::fs::read_to_string(root.join("examples/18_techno.ph")).expect("18_techno.ph");
    let t = Instant::now();
    let program =
        LoadedProgram::compile_with(&techno, &instances[0]._library, &CompileOptions::new(4.0))
            .expect("18_techno.ph compiles");
    let machines_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(program);
    let live = LIVE.load(Ordering::Relaxed) - before;
    let rss = resident() - rss_before;
    let med = percentile(&mut times, 0.5).as_secs_f64() * 1e3;
    let max = times.iter().max().unwrap().as_secs_f64() * 1e3;
    println!(
        "instance creation (plugin, library, engine, 01_house.ph compiled with its kit sounds at {SR} Hz):"
    );
    println!(
        "  first {first_ms:.1} ms; the next {}: median {med:.1} ms, max {max:.1} ms [30 ms]",
        INSTANCES - 1
    );
    println!(
        "  then the first program naming a drum machine (18_techno.ph), compiled with them synthesized: {machines_ms:.1} ms"
    );
    println!(
        "  heap per instance: {:.1} MiB ({} instances, {:.1} MiB in all)",
        live as f64 / INSTANCES as f64 / 1048576.0,
        INSTANCES,
        live as f64 / 1048576.0
    );
    println!(
        "  resident per instance: {:.1} MiB (what the pages touched so far hold; the heap above is reserved)",
        rss / INSTANCES as f64 / 1048576.0
    );

    // Where an instance's heap goes.
    let part = |what: &str, f: &dyn Fn() -> Box<dyn std::any::Any>| {
        let b = LIVE.load(Ordering::Relaxed);
        let t = Instant::now();
        let kept = f();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "  {what}: {:.1} MiB, {ms:.1} ms",
            (LIVE.load(Ordering::Relaxed) - b) as f64 / 1048576.0
        );
        drop(kept);
    };
    part("plugin object", &|| {
        Box::new(PhononPlugin::<false>::default())
    });
    part("whole kit and drum machines (Library::with_kit)", &|| {
        Box::new(Library::with_kit(SR))
    });
    part("engine", &|| {
        Box::new(Engine::new(SR as f64, Arc::new(Handoff::new())))
    });
    let lib = Library::with_kit(SR);
    part("01_house.ph compiled", &|| {
        Box::new(LoadedProgram::compile_with(&house, &lib, &CompileOptions::new(4.0)).unwrap())
    });

    // 16 playing, from 2 threads meeting every block.
    let per = INSTANCES / THREADS;
    let barrier = Arc::new(Barrier::new(THREADS));
    let mut groups: Vec<Vec<Instance>> = (0..THREADS).map(|_| vec![]).collect();
    for (i, inst) in instances.into_iter().enumerate() {
        groups[i / per].push(inst);
    }
    let handles: Vec<_> = groups
        .into_iter()
        .enumerate()
        .map(|(k, mut group)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let (mut l, mut r) = ([0.0f32; BLOCK], [0.0f32; BLOCK]);
                let mut walls = Vec::with_capacity(BLOCKS);
                let mut peak = 0.0f32;
                for _ in 0..BLOCKS {
                    barrier.wait();
                    let t = Instant::now();
                    for inst in group.iter_mut() {
                        inst.engine.process(input(), &mut l, &mut r);
                        peak = l.iter().fold(peak, |p, x| p.max(x.abs()));
                    }
                    barrier.wait();
                    if k == 0 {
                        walls.push(t.elapsed());
                    }
                }
                (walls, peak, group)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut walls = results[0].0.clone();
    let audible = results.iter().all(|(_, p, _)| *p > 1e-3);
    let rss_playing = resident() - rss_before;
    let mean = walls.iter().sum::<Duration>().as_secs_f64() / walls.len() as f64 * 1e6;
    let med = percentile(&mut walls, 0.5).as_secs_f64() * 1e6;
    let p99 = percentile(&mut walls, 0.99).as_secs_f64() * 1e6;
    println!(
        "{INSTANCES} instances playing 01_house.ph, {THREADS} threads, {BLOCK}-sample blocks ({} blocks, audible: {audible}):",
        BLOCKS
    );
    println!(
        "  all {INSTANCES} per block: median {med:.1} us, mean {mean:.1} us, p99 {p99:.1} us; budget {:.0} us ({:.1}% used at the median)",
        budget.as_secs_f64() * 1e6,
        med / (budget.as_secs_f64() * 1e6) * 100.0
    );
    println!(
        "  resident per instance after playing: {:.1} MiB",
        rss_playing / INSTANCES as f64 / 1048576.0
    );
    drop(results);

    // An instance after Hush.
    let mut idle = create(&house);
    let silent = LoadedProgram::compile_with("", &idle._library, &CompileOptions::new(4.0))
        .expect("the empty program compiles");
    idle.engine.set_program(silent);
    let (mut l, mut r) = ([0.0f32; BLOCK], [0.0f32; BLOCK]);
    for _ in 0..1000 {
        idle.engine.process(input(), &mut l, &mut r);
    }
    let mut each = Vec::with_capacity(BLOCKS);
    for _ in 0..BLOCKS {
        let t = Instant::now();
        idle.engine.process(input(), &mut l, &mut r);
        each.push(t.elapsed());
    }
    let mean = each.iter().sum::<Duration>().as_secs_f64() / each.len() as f64 * 1e6;
    let med = percentile(&mut each, 0.5).as_secs_f64() * 1e6;
    println!("an instance after Hush, {BLOCK}-sample blocks: median {med:.2} us, mean {mean:.2} us per block [5 us]");
}
