//! Robustness, no unbounded memory: compiling a program again and again (what every evaluation in
//! the editor does) must free everything the compile built, whatever the program: the heap's
//! live bytes, counted by this binary's allocator, return to where they were.
//!
//! Found by `cargo fuzz run compile` (LeakSanitizer): a feedback bus (`~bass` read inside its
//! own definition) that no output plays, or a compile error after it, kept its signal tree
//! alive through the bus's reference to itself.

use phonon::engine::LoadedProgram;
use phonon::samples::Library;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// The system allocator, counting live bytes.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static A: Counting = Counting;

#[test]
fn compiling_again_and_again_frees_everything() {
    let lib = Library::with_kit(44_100.0);
    for src in [
        // The fuzzer's input: a bus reading itself, played by no output.
        "tempo: 0.5\n~lfo $ sine 0.25\n~bass $ saw $ ~bass * 0.3",
        // Played, and linked.
        "~a $ ~a * 0.5 + sine 440\nout $ ~a * 0.1",
        // A compile error after the loop was built.
        "~a $ ~a * 0.5 + sine 440\nout $ ~a * nonsense",
        // Two buses reading each other, one never defined as a signal.
        "~x $ ~y\n~y $ ~x\nout $ ~x",
        "~a $ ~b + saw 55\n~b $ ~a # lpf 800 0.5 # delay 0.2 0.5 0.5\nout $ ~a",
        "out $ s \"bd*2 [~ sn]\" # gain 0.8",
    ] {
        // The first compiles fill caches (interned names, lazily built tables).
        for _ in 0..3 {
            drop(LoadedProgram::compile(src, &lib, 4.0));
        }
        let before = LIVE.load(Ordering::Relaxed);
        for _ in 0..50 {
            drop(LoadedProgram::compile(src, &lib, 4.0));
        }
        let grew = LIVE.load(Ordering::Relaxed) - before;
        assert!(
            grew < 4096,
            "{src:?}: 50 compiles left {grew} bytes allocated"
        );
    }
}
