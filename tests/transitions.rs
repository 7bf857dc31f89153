//! Tidal's transitions on the host's cycles: a program plays on a host timeline (120 BPM, 4
//! beats a cycle: 96000 samples a cycle at 48 kHz), then new code with a transition arrives
//! through the hand-off at a block boundary; the old pattern turns into the new one on the
//! sample the host's cycle implies, at two block sizes. Notes are read from the MIDI output
//! (exact sample times): the old pattern plays note 0, the new one note 12.

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use phonon::engine::{BlockInput, Engine, Handoff, HostPosition, HostTime, LoadedProgram};
use phonon::lang::CompileOptions;
use phonon::samples::Library;
use std::sync::Arc;

#[global_allocator]
static A: AllocDisabler = AllocDisabler;

const SR: f64 = 48000.0;
const CYCLE: u64 = 96000;
const OLD: &str = "d1 $ note \"0*8\" # s \"midi\" # legato 0.1";

/// Plays `OLD`, then `new` from the first block at or after `at` samples, for 6 cycles; the
/// sample at which `new` arrived and every note-on (sample, note).
fn play(new: &str, at: u64, block: usize) -> (u64, Vec<(u64, u8)>) {
    let lib = Library::with_kit(SR as f32);
    let handoff = Arc::new(Handoff::new());
    let mut engine = Engine::new(SR, handoff.clone());
    let opts = CompileOptions::new(4.0);
    engine.set_program(LoadedProgram::compile_with(OLD, &lib, &opts).unwrap());
    let second = LoadedProgram::compile_with(new, &lib, &opts).unwrap();
    let mut second = Some(second);
    let (mut l, mut r) = (vec![0.0f32; block], vec![0.0f32; block]);
    let (mut done, mut arrived, mut notes) = (0u64, 0u64, vec![]);
    while done < 6 * CYCLE {
        if done >= at {
            if let Some(p) = second.take() {
                handoff.submit(p);
                arrived = done;
            }
        }
        let input = BlockInput {
            time: HostTime::Playing(HostPosition {
                pos_samples: Some(done as f64),
                ..HostPosition::beats(120.0, done as f64 / 24000.0)
            }),
            beats_per_cycle: 4.0,
        };
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        done += block as u64;
        engine.midi.drain_until(done, |e| {
            if e.on {
                notes.push((e.time, e.note));
            }
        });
    }
    (arrived, notes)
}

/// The sample at which the last old note and the first new note play.
fn switch(notes: &[(u64, u8)], arrived: u64) -> (u64, u64) {
    let last_old = notes
        .iter()
        .filter(|n| n.1 == 60)
        .map(|n| n.0)
        .max()
        .unwrap_or(0);
    let first_new = notes
        .iter()
        .filter(|n| n.1 == 72 && n.0 >= arrived)
        .map(|n| n.0)
        .min()
        .unwrap_or(u64::MAX);
    (last_old, first_new)
}

#[test]
fn jump_in_prime_switches_on_the_cycle_boundary() {
    // Arrives in cycle 1 (at 1.3 cycles): `jumpIn' 1 1` switches at cycle 3.
    for block in [64, 512] {
        let (arrived, notes) = play(
            "jumpIn' 1 1 $ note \"12*8\" # s \"midi\" # legato 0.1",
            124_800,
            block,
        );
        let (last_old, first_new) = switch(&notes, arrived);
        assert_eq!(first_new, 3 * CYCLE, "block {block}: {notes:?}");
        assert_eq!(last_old, 3 * CYCLE - CYCLE / 8, "block {block}");
    }
}

#[test]
fn jump_in_switches_whole_cycles_after_the_code_arrives() {
    // `jumpIn 1 2`: 2 cycles after the cycle position the new program starts at (its first
    // block): the first new note is the first eighth at or after that.
    for block in [64, 512] {
        let (arrived, notes) = play(
            "jumpIn 1 2 $ note \"12*8\" # s \"midi\" # legato 0.1",
            124_800,
            block,
        );
        let at = arrived + 2 * CYCLE;
        let eighth = CYCLE / 8;
        let (last_old, first_new) = switch(&notes, arrived);
        assert_eq!(first_new, at.div_ceil(eighth) * eighth, "block {block}");
        assert_eq!(last_old, first_new - eighth, "block {block}");
    }
}

#[test]
fn jump_mod_switches_on_a_multiple_of_n_cycles() {
    for block in [64, 512] {
        let (arrived, notes) = play(
            "jumpMod 1 4 $ note \"12*8\" # s \"midi\" # legato 0.1",
            124_800,
            block,
        );
        let (_, first_new) = switch(&notes, arrived);
        assert_eq!(first_new, 4 * CYCLE, "block {block}");
    }
}

#[test]
fn clutch_mixes_both_then_plays_the_new_one() {
    // `clutchIn 1 2`: over the 2 cycles from the arrival the old notes thin out and the new
    // ones thicken; afterwards only new notes; nothing plays twice on one eighth.
    for block in [64, 512] {
        let (arrived, notes) = play(
            "clutchIn 1 2 $ note \"12*8\" # s \"midi\" # legato 0.1",
            124_800,
            block,
        );
        let end = arrived + 2 * CYCLE;
        let during: Vec<_> = notes
            .iter()
            .filter(|n| n.0 >= arrived && n.0 < end)
            .collect();
        assert!(
            during.iter().any(|n| n.1 == 60) && during.iter().any(|n| n.1 == 72),
            "block {block}: {during:?}"
        );
        assert!(
            notes
                .iter()
                .filter(|n| n.0 >= end + CYCLE / 8)
                .all(|n| n.1 == 72),
            "block {block}"
        );
        assert!(
            notes.iter().filter(|n| n.0 < arrived).all(|n| n.1 == 60),
            "block {block}"
        );
    }
}

#[test]
fn transitions_sound_the_same_at_every_block_size() {
    for new in [
        "xfadeIn 1 2 $ note \"12*8\" # s \"midi\" # legato 0.1",
        "anticipateIn 1 2 $ note \"12*8\" # s \"midi\" # legato 0.1",
        "interpolateIn 1 2 $ note \"12*8\" # s \"midi\" # legato 0.1",
        "histpan 1 2 $ note \"12*8\" # s \"midi\" # legato 0.1",
        "wait 1 1 $ note \"12*8\" # s \"midi\" # legato 0.1",
    ] {
        // Arrive on the same sample at both sizes (a multiple of 512).
        let (a1, n1) = play(new, 512 * 250, 64);
        let (a2, n2) = play(new, 512 * 250, 512);
        assert_eq!(a1, a2);
        assert_eq!(n1, n2, "{new}");
        assert!(
            n1.iter().any(|n| n.1 == 72),
            "{new}: the new pattern never played"
        );
    }
}

/// `qtrigger` restarts the pattern's cycle 0 on the next whole cycle after the code arrives
/// (Tidal 1.9's `qtrigger`, `ceiling now`); `trigger` at the arrival itself; `once` plays the
/// pattern's first cycle once, from the arrival.
#[test]
fn triggers_and_once_start_where_the_code_arrives() {
    for block in [64, 512] {
        let (arrived, notes) = play(
            "d1 $ qtrigger $ note \"<[12*8] [13*8]>\" # s \"midi\" # legato 0.1",
            124_800,
            block,
        );
        let key_at = |s: u64| notes.iter().find(|n| n.0 == s).map(|n| n.1);
        assert_eq!(
            key_at(2 * CYCLE),
            Some(72),
            "block {block}: cycle 0 at cycle 2"
        );
        assert_eq!(key_at(3 * CYCLE), Some(73), "block {block}");
        assert_eq!(
            key_at(arrived.div_ceil(CYCLE / 8) * (CYCLE / 8)),
            Some(73),
            "block {block}: cycle -1 before"
        );
        let (arrived, notes) = play(
            "d1 $ trigger $ note \"12 13\" # s \"midi\" # legato 0.1",
            124_800,
            block,
        );
        assert_eq!(
            notes.iter().find(|n| n.0 >= arrived).map(|n| (n.0, n.1)),
            Some((arrived, 72)),
            "block {block}: trigger"
        );
        let (arrived, notes) = play(
            &format!("{OLD}\nonce $ note \"12*4\" # s \"midi\" # legato 0.1"),
            124_800,
            block,
        );
        let once: Vec<u64> = notes.iter().filter(|n| n.1 == 72).map(|n| n.0).collect();
        assert_eq!(
            once,
            (0..4).map(|i| arrived + i * CYCLE / 4).collect::<Vec<_>>(),
            "block {block}: once"
        );
    }
}

/// Tidal's MIDI CC input: `cF default "cc"` reads controller `cc` (0..1), the default until
/// it first moves; the change plays from the next event, with no allocation.
#[test]
fn cf_reads_a_midi_controller() {
    use phonon::lang::macros::Macros;
    let lib = Library::with_kit(SR as f32);
    let mut opts = CompileOptions::new(4.0);
    let macros = Arc::new(Macros::default());
    opts.macros = macros.clone();
    let mut engine = Engine::new(SR, Arc::new(Handoff::new()));
    let src = "d1 $ note (segment 4 $ cF 0.25 \"7\" * 12 + cI 0 \"8\") # s \"midi\" # legato 0.1";
    engine.set_program(LoadedProgram::compile_with(src, &lib, &opts).unwrap());
    let (mut l, mut r) = (vec![0.0f32; 512], vec![0.0f32; 512]);
    let mut keys = vec![];
    let mut done = 0u64;
    while done < 2 * CYCLE {
        // A change applies from the lookahead window after it (as the macros `m1`..`m8`).
        if (CYCLE - 4096..CYCLE - 4096 + 512).contains(&done) {
            macros.set_cc(7, 0.5);
            macros.set_cc(8, 2.0 / 127.0);
        }
        let input = BlockInput {
            time: HostTime::Playing(HostPosition {
                pos_samples: Some(done as f64),
                ..HostPosition::beats(120.0, done as f64 / 24000.0)
            }),
            beats_per_cycle: 4.0,
        };
        assert_no_alloc(|| engine.process(input, &mut l, &mut r));
        done += 512;
        engine.midi.drain_until(done, |e| {
            if e.on {
                keys.push(e.note);
            }
        });
    }
    assert_eq!(keys, vec![63, 63, 63, 63, 68, 68, 68, 68]);
}
