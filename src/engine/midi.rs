//! MIDI out: events of `s "midi"` (SuperDirt's convention: `note`, `midichan`, `velocity` or
//! `gain`, length from `legato`/`sustain`) become note on/off messages at exact samples.
//! Fixed capacities; overflow is counted, never allocated around.

/// One note message at an absolute sample time of the engine's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MidiEvent {
    /// Sample index since the engine started.
    pub time: u64,
    pub on: bool,
    pub channel: u8,
    pub note: u8,
    /// 0..1
    pub velocity: f32,
}

/// Capacity of the due and pending queues.
pub const MIDI_CAPACITY: usize = 1024;

/// Note messages due in the current block and note-offs still to come.
pub struct MidiOut {
    due: Vec<MidiEvent>,
    pending_offs: Vec<MidiEvent>,
    /// Messages dropped because a queue was full.
    pub overflow: u64,
}

impl Default for MidiOut {
    fn default() -> Self {
        MidiOut {
            due: Vec::with_capacity(MIDI_CAPACITY),
            pending_offs: Vec::with_capacity(MIDI_CAPACITY),
            overflow: 0,
        }
    }
}

impl MidiOut {
    /// Queues a note from `time` lasting `length` samples.
    pub fn note(&mut self, time: u64, length: u64, channel: u8, note: u8, velocity: f32) {
        if self.due.len() >= MIDI_CAPACITY || self.pending_offs.len() >= MIDI_CAPACITY {
            self.overflow += 1;
            return;
        }
        self.due.push(MidiEvent {
            time,
            on: true,
            channel,
            note,
            velocity,
        });
        self.pending_offs.push(MidiEvent {
            time: time + length.max(1),
            on: false,
            channel,
            note,
            velocity: 0.0,
        });
    }

    /// Calls `send` with every message before `end` (absolute sample), in time order (a
    /// note-off before a note-on at the same sample), and removes them.
    pub fn drain_until(&mut self, end: u64, mut send: impl FnMut(MidiEvent)) {
        let mut i = 0;
        while i < self.pending_offs.len() {
            if self.pending_offs[i].time < end && self.due.len() < MIDI_CAPACITY {
                let e = self.pending_offs.swap_remove(i);
                self.due.push(e);
            } else {
                i += 1;
            }
        }
        self.due.sort_unstable_by_key(|e| (e.time, e.on, e.note));
        let mut kept = 0;
        for k in 0..self.due.len() {
            let e = self.due[k];
            if e.time < end {
                send(e);
            } else {
                self.due[kept] = e;
                kept += 1;
            }
        }
        self.due.truncate(kept);
    }

    /// Note-offs for everything pending (stop, reset), all at `time`.
    pub fn all_off(&mut self, time: u64, mut send: impl FnMut(MidiEvent)) {
        self.due.clear();
        for e in self.pending_offs.drain(..) {
            send(MidiEvent { time, ..e });
        }
    }
}
