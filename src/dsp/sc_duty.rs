//! `Duty.kr(dur, 0, Dseq(values, inf))` with a fixed `dur`, from SuperCollider 3.13's
//! `server/plugins/DemandUGens.cpp` (github.com/supercollider/supercollider: `Duty_Ctor`,
//! `Duty_next_dk`): the constructor takes the sequence's first value and counts `dur * rate`
//! (control blocks a second, in `f32`) down by one a block; a block that starts with the count
//! at or under 0 adds `dur * rate` to it and takes the next value (the sequence repeating).

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DutySeq {
    values: &'static [f32],
    next: usize,
    count: f32,
    step: f32,
    out: f32,
}

impl DutySeq {
    /// `values` (not empty) each held `dur` s, at `rate` control blocks a second.
    pub fn new(values: &'static [f32], dur: f32, rate: f64) -> DutySeq {
        let step = dur * rate as f32;
        DutySeq {
            values,
            next: 1 % values.len(),
            count: step,
            step,
            out: values[0],
        }
    }

    /// The constructor's output (the first value).
    pub fn first(&self) -> f32 {
        self.values[0]
    }

    /// This control block's value.
    pub fn tick(&mut self) -> f32 {
        if self.count <= 0.0 {
            self.count += self.step;
            self.out = self.values[self.next];
            self.next = (self.next + 1) % self.values.len();
        }
        self.count -= 1.0;
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_each_value_dur_seconds() {
        static V: [f32; 4] = [0.25, 0.25, 0.25, 2.0];
        let mut d = DutySeq::new(&V, 1.0, 4.0);
        let y: Vec<f32> = (0..17).map(|_| d.tick()).collect();
        assert_eq!(&y[..4], [0.25; 4]);
        assert_eq!(&y[12..16], [2.0; 4]);
        assert_eq!(y[16], 0.25);
    }
}
