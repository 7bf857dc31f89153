//! Robustness, host abuse at the engine level: odd sample rates, block sizes changing on every call
//! (0-length included), reset mid-note, hostile transport values, and programs swapped on every
//! block from another thread. Every block call runs under `assert_no_alloc`.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::samples::Library;
use rand::{Rng, SeedableRng};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const BUSY: &str = "tempo: 0.9\nout $ stack [s \"bd*2 [~ sn] <hh cp> [oh hh:2]\" # speed \"1 1.5 0.75\" # pan \"0 1 0.3\", \
                    n \"0 3 7\" # s \"superpiano\" # gain 0.3, s \"hh*8?\" # gain rand # cutoff 3000]";

fn assert_finite(x: &[f32], what: &str) {
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        panic!("{what}: non-finite sample {} at {i}", x[i]);
    }
}

/// Renders `total` samples with block sizes from `next` (0 allowed), each call under
/// `assert_no_alloc`.
fn render(
    engine: &mut Engine,
    time: HostTime,
    total: usize,
    mut next: impl FnMut() -> usize,
) -> (Vec<f32>, Vec<f32>) {
    let (mut l, mut r) = (vec![0.0f32; total], vec![0.0f32; total]);
    let input = BlockInput {
        time,
        beats_per_cycle: 4.0,
    };
    let mut done = 0;
    while done < total {
        let n = next().min(total - done);
        let (bl, br) = (&mut l[done..done + n], &mut r[done..done + n]);
        assert_no_alloc(|| engine.process(input, bl, br));
        done += n;
    }
    (l, r)
}

#[test]
fn sample_rates_and_block_sizes_changing_on_every_call() {
    let mut rng = rand::rngs::StdRng::seed_from_u64(77);
    for sr in [22_050u32, 32_000, 44_100, 88_200, 96_000, 192_000] {
        let lib = Library::with_kit(sr as f32);
        let make = || {
            let mut e = Engine::new(sr as f64, Arc::new(Handoff::new()));
            e.set_program(LoadedProgram::compile(BUSY, &lib, 4.0).unwrap());
            e
        };
        let total = sr as usize; // one second
        let reference = render(&mut make(), HostTime::None, total, || 512);
        assert_finite(&reference.0, "reference");
        assert!(reference.0.iter().any(|x| *x != 0.0), "silent at {sr} Hz");
        // 1..8192 and 0, a new size on every call: the same samples.
        let sizes = [0usize, 1, 2, 3, 7, 64, 511, 8192, 4096, 1, 0, 0, 8191];
        let mut i = 0;
        let got = render(&mut make(), HostTime::None, total, || {
            i += 1;
            if i % 3 == 0 {
                rng.gen_range(0..=8192)
            } else {
                sizes[i % sizes.len()]
            }
        });
        // Exact for sample and synth voices; per-voice filters (`cutoff`) end their tails at a
        // block-dependent point today (differences ~1e-17), hence the tolerance.
        let diff = got
            .0
            .iter()
            .zip(&reference.0)
            .chain(got.1.iter().zip(&reference.1))
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(
            diff <= 1e-6,
            "block sizes changed the samples at {sr} Hz by up to {diff}"
        );
    }
}

#[test]
fn hostile_transport_values() {
    let lib = Library::with_kit(48_000.0);
    let mut engine = Engine::new(48_000.0, Arc::new(Handoff::new()));
    engine.set_program(LoadedProgram::compile(BUSY, &lib, 4.0).unwrap());
    let odd = [
        0.0,
        -0.0,
        -1.0,
        1e-300,
        1e300,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::MIN_POSITIVE,
        133.337,
    ];
    let (mut l, mut r) = (vec![0.0f32; 256], vec![0.0f32; 256]);
    let mut block = |engine: &mut Engine, time, bpc| {
        l.fill(0.0);
        r.fill(0.0);
        let input = BlockInput {
            time,
            beats_per_cycle: bpc,
        };
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        assert_finite(&l, &format!("{time:?} bpc {bpc}"));
        assert_finite(&r, &format!("{time:?} bpc {bpc}"));
    };
    for &a in &odd {
        for &b in &odd {
            block(&mut engine, HostTime::playing(a, b), 4.0);
            block(&mut engine, HostTime::playing(120.0, b), 4.0);
        }
        for bpc in [4.0, 0.0, -4.0, f64::NAN, f64::INFINITY, 1e9, 1e-9, 1e-300] {
            block(&mut engine, HostTime::playing(120.0, a), bpc);
            block(&mut engine, HostTime::FreeAtBpm { bpm: a }, bpc);
            block(&mut engine, HostTime::Stopped, bpc);
            block(&mut engine, HostTime::None, bpc);
        }
    }
    // Positions that jump around on every block (seeks, loops, a host that goes backwards).
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    for _ in 0..200 {
        let pos_beats = rng.gen_range(-1e6..1e6);
        block(
            &mut engine,
            HostTime::playing(rng.gen_range(1.0..999.0), pos_beats),
            4.0,
        );
    }
    // And it still plays normally afterwards.
    let (l, _) = render(&mut engine, HostTime::playing(120.0, 0.0), 48_000, || 512);
    assert!(
        l.iter().any(|x| *x != 0.0),
        "silent after hostile transport values"
    );
}

#[test]
fn reset_mid_note_and_reactivation() {
    let lib = Library::with_kit(48_000.0);
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(48_000.0, handoff.clone());
    engine.set_program(
        LoadedProgram::compile(
            "tempo: 0.5\nout $ n \"0 7\" # s \"superpiano\" # sustain 4",
            &lib,
            4.0,
        )
        .unwrap(),
    );
    let (l, _) = render(&mut engine, HostTime::None, 10_000, || 512);
    assert!(l.iter().any(|x| *x != 0.0));
    assert!(
        engine.stats.active_voices.load(Ordering::Relaxed) > 0,
        "no voice sounding mid-note"
    );
    // CLAP's reset() runs on the audio thread: it must not allocate or free either.
    assert_no_alloc(|| engine.reset());
    // The voice is gone: the next block is exact silence until the next onset is due.
    let (mut bl, mut br) = (vec![0.0f32; 64], vec![0.0f32; 64]);
    let input = BlockInput {
        time: HostTime::Stopped,
        beats_per_cycle: 4.0,
    };
    assert_no_alloc(|| engine.process(input, &mut bl, &mut br));
    assert!(
        bl.iter().chain(&br).all(|x| *x == 0.0),
        "sound after reset with the transport stopped"
    );
    // Reset again and again while playing, on every block.
    let mut n = 0;
    let (l, _) = render(&mut engine, HostTime::playing(100.0, 3.0), 20_000, || {
        n += 1;
        n % 700
    });
    assert_finite(&l, "after reset");
    for _ in 0..100 {
        assert_no_alloc(|| engine.reset());
        assert_no_alloc(|| engine.process(input, &mut bl, &mut br));
    }
    // Reactivation at another sample rate: a new engine on the same hand-off.
    for sr in [96_000.0, 22_050.0, 48_000.0] {
        let lib = Library::with_kit(sr as f32);
        let mut engine = Engine::new(sr, handoff.clone());
        handoff.submit(LoadedProgram::compile(BUSY, &lib, 4.0).unwrap());
        let (l, _) = render(&mut engine, HostTime::None, sr as usize / 2, || 333);
        assert_finite(&l, "after reactivation");
        assert!(
            l.iter().any(|x| *x != 0.0),
            "silent after reactivation at {sr}"
        );
        handoff.collect_garbage();
    }
}

/// A program whose source starts with `-- <id>`.
fn numbered(id: usize) -> String {
    let pats = ["bd*4", "sn*8", "hh*16 cp", "[bd sn]*2", "arpy:2*3"];
    format!(
        "-- {id}\ntempo: 2\nout $ s \"{}\" # speed {}",
        pats[id % pats.len()],
        1.0 + (id % 7) as f64 / 8.0
    )
}

/// The id of a `numbered` program, read without allocating.
fn id_of(src: &str) -> usize {
    src[3..src.find('\n').unwrap()].parse().unwrap()
}

#[test]
fn swapping_programs_on_every_block_for_ten_thousand_blocks() {
    const BLOCKS: usize = 10_000;
    let lib = Arc::new(Library::with_kit(48_000.0));
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(48_000.0, handoff.clone());
    engine.set_program(LoadedProgram::compile(&numbered(0), &lib, 4.0).unwrap());
    let done = Arc::new(AtomicBool::new(false));
    let compiler = {
        let (lib, handoff, done) = (lib.clone(), handoff.clone(), done.clone());
        std::thread::spawn(move || {
            let mut id = 1;
            while !done.load(Ordering::Acquire) {
                // Compile ahead as fast as possible: the incoming queue overflows and the
                // newest code wins; retired programs are freed here, never on the audio thread.
                handoff.submit(LoadedProgram::compile(&numbered(id), &lib, 4.0).unwrap());
                id += 1;
            }
            handoff.collect_garbage();
            id
        })
    };
    let (mut l, mut r) = (vec![0.0f32; 64], vec![0.0f32; 64]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    let mut last = 0;
    let mut swaps = 0;
    let mut heard = false;
    for _ in 0..BLOCKS {
        l.fill(0.0);
        r.fill(0.0);
        let id = assert_no_alloc(|| {
            engine.process(input, &mut l, &mut r);
            id_of(&engine.program().unwrap().source)
        });
        // No torn state: the program playing is whole, and never older than the one before.
        assert!(id >= last, "program {id} after {last}");
        let p = engine.program().unwrap();
        assert_eq!(p.source, numbered(id), "torn program");
        swaps += usize::from(id != last);
        last = id;
        assert_finite(&l, "while swapping");
        heard |= l.iter().any(|x| *x != 0.0);
    }
    done.store(true, Ordering::Release);
    let submitted = compiler.join().unwrap();
    assert!(heard);
    assert!(
        swaps > 10,
        "only {swaps} swaps in {BLOCKS} blocks ({submitted} programs submitted)"
    );
    eprintln!("{submitted} programs submitted, {swaps} swaps in {BLOCKS} blocks");
    // Whatever was still queued is swapped in on the next blocks.
    for _ in 0..4 {
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
    }
    handoff.collect_garbage();
    assert!(id_of(&engine.program().unwrap().source) >= last);
}

#[test]
fn a_full_retired_queue_makes_the_swap_wait_a_block() {
    let lib = Library::with_kit(48_000.0);
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(48_000.0, handoff.clone());
    engine.set_program(LoadedProgram::compile(&numbered(0), &lib, 4.0).unwrap());
    handoff.submit(LoadedProgram::compile(&numbered(1), &lib, 4.0).unwrap());
    // The compiling thread has not collected for a while: the retired queue is full.
    // (The queue holds 8; `retire` would forget, never free, a program past that.)
    for filler in 100..108 {
        handoff.retire(LoadedProgram::compile(&numbered(filler), &lib, 4.0).unwrap());
    }
    let (mut l, mut r) = (vec![0.0f32; 64], vec![0.0f32; 64]);
    let input = BlockInput {
        time: HostTime::None,
        beats_per_cycle: 4.0,
    };
    for _ in 0..3 {
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        assert_eq!(
            id_of(&engine.program().unwrap().source),
            0,
            "swapped with a full retired queue"
        );
    }
    handoff.collect_garbage();
    assert_no_alloc(|| engine.process(input, &mut l, &mut r));
    assert_eq!(
        id_of(&engine.program().unwrap().source),
        1,
        "the waiting program never came in"
    );
    handoff.collect_garbage();
}

/// Renders `total` samples at 90 BPM from host beat `beats`, in blocks of `block`, the beat
/// position advanced per block as a host does; each call under `assert_no_alloc`.
fn play(engine: &mut Engine, beats: f64, total: usize, block: usize) -> Vec<f32> {
    let (mut l, mut r) = (vec![0.0f32; total], vec![0.0f32; total]);
    let mut done = 0;
    while done < total {
        let n = block.min(total - done);
        let pos_beats = beats + done as f64 * 1.5 / engine.sample_rate;
        let input = BlockInput {
            time: HostTime::playing(90.0, pos_beats),
            beats_per_cycle: 4.0,
        };
        assert_no_alloc(|| engine.process(input, &mut l[done..done + n], &mut r[done..done + n]));
        done += n;
    }
    assert_finite(&l, "play");
    l
}

/// Onsets: the first non-zero sample after 256 exact zeros (the start counts as silence).
fn onsets(x: &[f32]) -> Vec<usize> {
    let (mut zeros, mut found) = (256, vec![]);
    for (i, v) in x.iter().enumerate() {
        if *v == 0.0 {
            zeros += 1;
        } else {
            if zeros >= 256 {
                found.push(i);
            }
            zeros = 0;
        }
    }
    found
}

/// CLAP's `reset` can come while a swapped-out program is still fading (10 ms): it must free
/// nothing there (the fading program leaves through the retired queue on the next block), the
/// fade and the ringing voices stop at once, and the new program plays on its beats.
#[test]
fn reset_during_a_program_fade_frees_nothing_and_plays_on() {
    let lib = Library::with_kit(48_000.0);
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(48_000.0, handoff.clone());
    // A signal (fades on a swap) and a long synth voice (an orphan after the swap).
    let old = "out $ sine 440 * 0.3\no1 $ n \"0\" # s \"superpiano\" # sustain 8";
    engine.set_program(LoadedProgram::compile(old, &lib, 4.0).unwrap());
    let before = play(&mut engine, 0.0, 16_000, 500); // to beat 0.5
    assert!(
        before[15_000..].iter().any(|x| x.abs() > 0.1),
        "the old program is silent"
    );
    let hats = "out $ s \"hh*4\"";
    handoff.submit(LoadedProgram::compile(hats, &lib, 4.0).unwrap());
    // 128 samples into the 480-sample fade.
    let fading = play(&mut engine, 0.5, 128, 128);
    assert_eq!(engine.program().unwrap().source, hats);
    assert!(fading.iter().any(|x| *x != 0.0), "nothing fading");
    assert_no_alloc(|| engine.reset());
    // From beat 0.5 + 128 samples: exact silence (no fade, no orphan) until the hats on beats
    // 1, 2, 3 = 16000 - 128 and every 32000 after.
    let after = play(&mut engine, 0.5 + 128.0 * 1.5 / 48_000.0, 100_000, 333);
    let o = onsets(&after);
    eprintln!("onsets after reset {o:?}");
    assert_eq!(o, vec![15_872, 47_872, 79_872]);
    assert!(
        after[..15_872].iter().all(|x| *x == 0.0),
        "the fade or a voice went on after reset"
    );
    // The same samples as a fresh engine playing the new program from that beat.
    let mut fresh = Engine::new(48_000.0, Arc::new(Handoff::new()));
    fresh.set_program(LoadedProgram::compile(hats, &lib, 4.0).unwrap());
    let reference = play(&mut fresh, 0.5 + 128.0 * 1.5 / 48_000.0, 100_000, 512);
    assert!(after == reference, "reset left something behind");
    // The old program was retired (not kept, not freed here): the compiling side frees it.
    handoff.collect_garbage();
    // Reset within a fade again, this time with the retired queue full: the fading program
    // (the hats, one ringing) stays, silent, until there is room; nothing is freed meanwhile.
    let beat = |b: f64| b + 100_000.0 * 1.5 / 48_000.0; // where `after` ended: beat 3.629
    handoff.submit(LoadedProgram::compile("", &lib, 4.0).unwrap());
    play(&mut engine, beat(0.0), 64, 64);
    assert_eq!(engine.program().unwrap().source, "");
    for filler in 100..108 {
        handoff.retire(LoadedProgram::compile(&numbered(filler), &lib, 4.0).unwrap());
    }
    assert_no_alloc(|| engine.reset());
    let x = play(&mut engine, beat(0.002), 4_000, 256);
    assert!(
        x.iter().all(|v| *v == 0.0),
        "the ended fade or a voice came back"
    );
    handoff.collect_garbage();
    play(&mut engine, beat(0.13), 512, 256);
    handoff.collect_garbage();
}
