//! Tidal's transitions in the CLAP host, at blocks of 64 and 512: a program plays on the
//! host's transport (90 BPM, a cycle is 128000 samples), new code with a transition arrives
//! through the state (as the editor's evaluation does) between two renders, and the old
//! pattern turns into the new one on the sample the host's cycle implies. Notes are the
//! plugin's MIDI output (exact samples): the old pattern plays key 60, the new one key 72.

use phonon_host_tests::phonon::*;
use phonon_host_tests::{OutNote, Transport};

const CYCLE: usize = 4 * BEAT;
const EIGHTH: usize = CYCLE / 8;
const OLD: &str = "d1 $ note \"0*8\" # s \"midi\" # legato 0.1";
/// Where the new code arrives: 1.3 cycles in (a multiple of 64 and 512).
const ARRIVE: usize = 166_400;

/// Plays `OLD`, then `new` from `ARRIVE`, until 7 cycles: the note-ons (sample, key, velocity).
fn play(new: &str, block: usize) -> Vec<(usize, u8, f64)> {
    let mut host = phonon(OLD, 512);
    host.transport = Some(Transport::playing(BPM, 0.0));
    let first = host.render_all(ARRIVE, block, |_, _| {});
    set_code(
        &mut host,
        &format!("{new} $ note \"12*8\" # s \"midi\" # legato 0.1"),
    );
    let second = host.render_all(7 * CYCLE - ARRIVE, block, |_, _| {});
    let notes = |events: &[OutNote], at: usize| {
        events
            .iter()
            .filter(|e| e.on)
            .map(|e| (e.sample as usize + at, e.key, e.velocity))
            .collect::<Vec<_>>()
    };
    let mut all = notes(&first.events, 0);
    all.extend(notes(&second.events, ARRIVE));
    all.sort_by_key(|n| (n.0, n.1));
    all
}

fn old(notes: &[(usize, u8, f64)]) -> Vec<usize> {
    notes.iter().filter(|n| n.1 == 60).map(|n| n.0).collect()
}

fn new(notes: &[(usize, u8, f64)]) -> Vec<usize> {
    notes.iter().filter(|n| n.1 == 72).map(|n| n.0).collect()
}

/// The first eighth at or after `sample`.
fn eighth_from(sample: usize) -> usize {
    sample.div_ceil(EIGHTH) * EIGHTH
}

/// A sharp switch at `at`: every eighth before it old, from it new.
fn assert_switch(notes: &[(usize, u8, f64)], at: usize, what: &str) {
    let (o, n) = (old(notes), new(notes));
    assert_eq!(n.first(), Some(&at), "{what}: first new note");
    assert_eq!(o.last(), Some(&(at - EIGHTH)), "{what}: last old note");
    assert_eq!(o.len() + n.len(), 7 * 8, "{what}: one note per eighth");
}

#[test]
fn jumps_switch_on_the_hosts_cycle() {
    for block in [64, 512] {
        let what = |k: &str| format!("{k} at block {block}");
        assert_switch(&play("jump 1", block), eighth_from(ARRIVE), &what("jump"));
        assert_switch(
            &play("jumpIn 1 2", block),
            eighth_from(ARRIVE + 2 * CYCLE),
            &what("jumpIn 1 2"),
        );
        assert_switch(&play("jumpIn' 1 2", block), 4 * CYCLE, &what("jumpIn' 1 2"));
        assert_switch(&play("jumpMod 1 4", block), 4 * CYCLE, &what("jumpMod 1 4"));
        assert_switch(
            &play("t1 (jumpIn' 1)", block),
            3 * CYCLE,
            &what("t1 (jumpIn' 1)"),
        );
        // `wait 1 2`: silence until the cycle 2 on (from cycle 1.3: cycle 3), then new.
        let n = play("wait 1 2", block);
        assert_eq!(new(&n).first(), Some(&(3 * CYCLE)), "{}", what("wait"));
        assert!(old(&n).iter().all(|&s| s < ARRIVE), "{}", what("wait"));
    }
}

#[test]
fn xfade_crosses_gains_over_its_cycles() {
    for block in [64, 512] {
        let n = play("xfadeIn 1 2", block);
        let end = ARRIVE + 2 * CYCLE;
        let vel = |key: u8, range: std::ops::Range<usize>| -> Vec<f64> {
            n.iter()
                .filter(|x| x.1 == key && range.contains(&x.0))
                .map(|x| x.2)
                .collect()
        };
        let (o, w) = (vel(60, ARRIVE..end), vel(72, ARRIVE..end));
        assert!(
            o.windows(2).all(|p| p[1] <= p[0]) && w.windows(2).all(|p| p[1] >= p[0]),
            "block {block}: {o:?} {w:?}"
        );
        assert!(
            o[0] > 0.9 && w[0] < 0.4 && *o.last().unwrap() < 0.4 && *w.last().unwrap() > 0.9,
            "block {block}: {o:?} {w:?}"
        );
        assert!(
            vel(60, end..7 * CYCLE).iter().all(|v| *v < 0.01),
            "block {block}"
        );
        assert!(vel(72, 0..ARRIVE).is_empty(), "block {block}");
    }
}

#[test]
fn clutch_anticipate_interpolate_histpan_take_over() {
    for block in [64, 512] {
        // clutch: both during its 2 cycles, only new after.
        let n = play("clutchIn 1 2", block);
        let end = ARRIVE + 2 * CYCLE;
        assert!(
            old(&n).iter().any(|&s| s >= ARRIVE) && new(&n).iter().any(|&s| s < end),
            "clutch, block {block}"
        );
        assert!(
            old(&n).iter().all(|&s| s < end) && new(&n).iter().all(|&s| s >= ARRIVE),
            "clutch, block {block}"
        );
        // anticipate: the old pattern echoes (more notes than eighths) until the drop.
        let n = play("anticipateIn 1 2", block);
        let during = old(&n)
            .iter()
            .filter(|&&s| (ARRIVE..end).contains(&s))
            .count();
        assert!(
            during > 2 * 8,
            "anticipate, block {block}: {during} old notes in 2 cycles"
        );
        assert_eq!(
            new(&n).first(),
            Some(&eighth_from(end)),
            "anticipate, block {block}"
        );
        // interpolate: the new structure, its notes moving from key 60 to 72.
        let n = play("interpolateIn 1 2", block);
        let keys: Vec<u8> = n.iter().filter(|x| x.0 >= ARRIVE).map(|x| x.1).collect();
        assert!(
            keys.windows(2).all(|k| k[1] >= k[0]),
            "interpolate, block {block}: {keys:?}"
        );
        assert!(
            keys[0] < 64
                && keys.iter().any(|k| (64..72).contains(k))
                && *keys.last().unwrap() == 72,
            "interpolate, block {block}: {keys:?}"
        );
        // histpan: the last 2 patterns play together.
        let n = play("histpan 1 2", block);
        assert!(
            old(&n).iter().any(|&s| s > 3 * CYCLE) && new(&n).iter().any(|&s| s > 3 * CYCLE),
            "histpan, block {block}"
        );
    }
}
