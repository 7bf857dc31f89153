//! MIDI through the engine: held keys as patterns (an arpeggiator) and `s "midi"` note messages
//! at exact samples.

use phonon::engine::{BlockInput, Engine, Handoff, HostTime, LoadedProgram};
use phonon::lang::live::HeldNotes;
use phonon::lang::CompileOptions;
use phonon::samples::{BankIndex, Library};
use std::sync::Arc;

mod common;

const SR: f64 = 48000.0;

fn engine(src: &str, held: &Arc<HeldNotes>) -> Engine {
    let lib = Library::with_kit(SR as f32);
    let opts = CompileOptions {
        held: held.clone(),
        ..CompileOptions::new(4.0)
    };
    let mut e = Engine::new(SR, Arc::new(Handoff::new()));
    e.set_program(
        LoadedProgram::compile_with_samples(src, &lib, &BankIndex::empty(), &opts).unwrap(),
    );
    e
}

fn render(e: &mut Engine, n: usize) -> Vec<f32> {
    let (mut l, mut r) = (vec![0.0f32; n], vec![0.0f32; n]);
    for (cl, cr) in l.chunks_mut(480).zip(r.chunks_mut(480)) {
        e.process(
            BlockInput {
                time: HostTime::None,
                beats_per_cycle: 4.0,
            },
            cl,
            cr,
        );
    }
    l
}

fn dominant(x: &[f32], candidates: &[f32]) -> f32 {
    let mag = |f: f32| common::dft_mag(x, f, SR as f32);
    *candidates
        .iter()
        .max_by(|a, b| mag(**a).total_cmp(&mag(**b)))
        .unwrap()
}

#[test]
fn held_keys_drive_an_arpeggio() {
    // C, E, G held (MIDI 60, 64, 67): `arp "up"` plays them in turn, a third of a cycle each.
    let held = Arc::new(HeldNotes::default());
    for k in [67, 60, 64] {
        held.press(k, true);
    }
    let mut e = engine(
        "tempo: 1\nout $ arp \"up\" $ note held # s \"sine\" # legato 0.9",
        &held,
    );
    let x = render(&mut e, SR as usize);
    let third = SR as usize / 3;
    let notes = [261.63f32, 329.63, 392.0];
    for (k, want) in notes.iter().enumerate() {
        let seg = &x[k * third + 500..(k + 1) * third - 2000];
        assert_eq!(dominant(seg, &notes), *want, "step {k}");
    }
    // Releasing every key silences the arpeggio from the next cycle on.
    held.clear();
    let y = render(&mut e, SR as usize);
    assert!(y[6000..].iter().all(|v| v.abs() < 1e-3));
}

#[test]
fn midi_notes_leave_on_their_samples() {
    // tempo 1 at 48 kHz: "0 7" gives note-ons at samples 0 and 24000, note-offs half a cycle
    // times legato 0.5 later (12000 samples).
    let held = Arc::new(HeldNotes::default());
    let mut e = engine(
        "tempo: 1\nout $ note \"0 7\" # s \"midi\" # legato 0.5 # velocity 0.8 # midichan 2",
        &held,
    );
    let silent = render(&mut e, 48000);
    assert!(
        silent.iter().all(|v| *v == 0.0),
        "midi events make no sound here"
    );
    let mut got = vec![];
    e.midi
        .drain_until(48000, |ev| got.push((ev.time, ev.on, ev.note, ev.channel)));
    assert_eq!(
        got,
        vec![
            (0, true, 60, 2),
            (12000, false, 60, 2),
            (24000, true, 67, 2),
            (36000, false, 67, 2)
        ]
    );
}

#[test]
fn strudel_midi_sends_its_notes_as_strudel_does() {
    // Strudel's `.midi()` (@strudel/midi): `note` is the MIDI number (c4 = 60), `midichan`
    // counts from 1, velocity `gain * velocity` (0.9 by default), a note lasts its event
    // (`clip` is not read); setcps(1): one cycle is 48000 samples.
    let held = Arc::new(HeldNotes::default());
    let mut e = engine(
        "setcps(1)\n$: note(\"c4 ~ g4 ~\").clip(0.5).midichan(2).gain(0.5).midi('IAC Driver')",
        &held,
    );
    let silent = render(&mut e, 48000);
    assert!(silent.iter().all(|v| *v == 0.0), "MIDI makes no sound");
    let mut got = vec![];
    e.midi.drain_until(48000, |ev| {
        got.push((ev.time, ev.on, ev.note, ev.channel, ev.velocity))
    });
    assert_eq!(
        got.iter().map(|g| (g.0, g.1, g.2, g.3)).collect::<Vec<_>>(),
        vec![
            (0, true, 60, 1),
            (12000, false, 60, 1),
            (24000, true, 67, 1),
            (36000, false, 67, 1)
        ]
    );
    assert!((got[0].4 - 0.45).abs() < 1e-6, "{got:?}");
}

#[test]
fn keys_pressed_after_compiling_play() {
    // No key is held while the program compiles (a fresh instance): `note held # s "sine"` is
    // still a pattern of sounds, and the key pressed later plays from the next cycle (tempo 1:
    // sample 48000).
    let held = Arc::new(HeldNotes::default());
    let mut e = engine("tempo: 1\nout $ note held # s \"sine\" # legato 0.5", &held);
    let x = render(&mut e, 4800);
    assert!(x.iter().all(|v| *v == 0.0));
    held.press(64, true);
    let y = render(&mut e, 60_000);
    let first = y.iter().position(|v| *v != 0.0).map(|i| i + 4800);
    assert_eq!(
        first,
        Some(48_001),
        "the sine starts at phase 0 on sample 48000"
    );
    assert_eq!(
        dominant(&y[44_000..54_000], &[261.63, 329.63, 392.0]),
        329.63
    );
}
