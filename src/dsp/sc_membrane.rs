//! `MembraneHexagon.ar(excitation, tension, loss)`: sc3-plugins' waveguide mesh drum by Alex
//! McLean (github.com/supercollider/sc3-plugins, `source/MembraneUGens/Membrane.cpp` and
//! `Membrane_shape.c`, after Brook Eaton's roto-drum), in `f32` as the unit generator computes it:
//!
//! * the shape (`getShape(1, 1)`: size `4 + 8 = 12`): points of a triangular lattice (steps
//!   `(+-1, +-1)`, `(+-2, 0)`) inside the hexagon `|x| < 6, |y| < 3, |x| < 3 or |x| < 6 - |y|`,
//!   found depth-first from `(0, 0)` (a stack; neighbours in the order `(1,1) (2,0) (1,-1)
//!   (-1,-1) (-2,0) (-1,1)`), numbered as found; a point with a neighbour outside is an edge;
//!   each link is kept once, from the point whose neighbour it is in the first three directions;
//! * the mesh: two unit delays per link (`from.out`/`to.in` and `from.in`/`to.out`, in link
//!   order), then per point a self loop and, at an edge, a rim delay that inverts and averages
//!   with its last value (`RIMFILTER`: `b = (c - a) / 2`, `c = -a`);
//! * per sample, per junction `i`: `total = 2 (sum of in.b + (yj - ins) self.b) / yj`, plus
//!   `input / middle` for `i < middle = points / 2`, times `loss`; each `out[j].a = total -
//!   in[j].b`, `self.a = total - self.b`; the output is junction 0's total; then every delay
//!   moves `a` to `b`. `yj = 2 DELTA^2 / (tension^2 GAMMA^2)` (`DELTA` 6, `GAMMA` 8; tension 0
//!   means 0.0001), `loss` at most 0.99999, both read once per control block;
//! * the constructor runs one sample (`Membrane_next_a(unit, 1)`) at the first inputs.

const DELTA: f32 = 6.0;
const GAMMA: f32 = 8.0;
/// Room for the hexagon's mesh (19 points, 42 links: 121 delays).
const MAX_POINTS: usize = 32;
const MAX_LINES: usize = 64;
const MAX_DELAYS: usize = 2 * MAX_LINES + 2 * MAX_POINTS;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Delay {
    a: f32,
    b: f32,
    c: f32,
    invert: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Junction {
    ins: usize,
    outs: usize,
    inp: [u16; 6],
    out: [u16; 6],
    self_loop: u16,
}

/// `inHexagon(size, x, y)`.
fn in_hexagon(size: i32, x: i32, y: i32) -> bool {
    let (x, y) = (x.abs(), y.abs());
    x < size / 2 && y < size / 4 && (x < size / 4 || x < size / 2 - y)
}

#[derive(Clone, Debug, PartialEq)]
pub struct MembraneHexagon {
    delays: [Delay; MAX_DELAYS],
    junctions: [Junction; MAX_POINTS],
    points: usize,
    n_delays: usize,
    yj: f32,
    loss: f32,
}

impl MembraneHexagon {
    /// `Membrane_init(unit, 1)` (the hexagon), then one sample of `input` (the constructor's).
    pub fn new(input: f32, tension: f32, loss: f32) -> MembraneHexagon {
        const STEPS: [(i32, i32); 6] = [(1, 1), (2, 0), (1, -1), (-1, -1), (-2, 0), (-1, 1)];
        let size = 4 + 8;
        let mut pts = [(0i32, 0i32, false); MAX_POINTS];
        let mut n = 1;
        let mut stack = [0usize; MAX_POINTS];
        let mut top = 0;
        let mut lines = [(0usize, 0usize); MAX_LINES];
        let mut n_lines = 0;
        let mut look = Some(0usize);
        while let Some(p) = look {
            for (i, (dx, dy)) in STEPS.iter().enumerate() {
                let (x, y) = (pts[p].0 + dx, pts[p].1 + dy);
                if !in_hexagon(size, x, y) {
                    pts[p].2 = true;
                    continue;
                }
                let q = match (0..n).find(|&j| pts[j].0 == x && pts[j].1 == y) {
                    Some(j) => j,
                    None if n < MAX_POINTS => {
                        pts[n] = (x, y, false);
                        stack[top] = n;
                        top += 1;
                        n += 1;
                        n - 1
                    }
                    None => continue,
                };
                if i < 3 && n_lines < MAX_LINES {
                    lines[n_lines] = (p, q);
                    n_lines += 1;
                }
            }
            look = if top == 0 {
                None
            } else {
                top -= 1;
                Some(stack[top])
            };
        }
        let mut m = MembraneHexagon {
            delays: [Delay::default(); MAX_DELAYS],
            junctions: [Junction::default(); MAX_POINTS],
            points: n,
            n_delays: 0,
            yj: 0.0,
            loss: 0.0,
        };
        let mut d = 0u16;
        for &(a, b) in &lines[..n_lines] {
            // Leftward: a's out, b's in; rightward: a's in, b's out.
            let ja = &mut m.junctions[a];
            ja.out[ja.outs] = d;
            ja.outs += 1;
            ja.inp[ja.ins] = d + 1;
            ja.ins += 1;
            let jb = &mut m.junctions[b];
            jb.inp[jb.ins] = d;
            jb.ins += 1;
            jb.out[jb.outs] = d + 1;
            jb.outs += 1;
            d += 2;
        }
        for (j, p) in m.junctions.iter_mut().zip(&pts[..n]) {
            j.self_loop = d;
            d += 1;
            if p.2 && j.ins < 6 {
                m.delays[d as usize].invert = true;
                j.out[j.outs] = d;
                j.outs += 1;
                j.inp[j.ins] = d;
                j.ins += 1;
                d += 1;
            }
        }
        m.n_delays = d as usize;
        m.block(tension, loss);
        m.tick(input);
        m
    }

    /// The start of a control block: this block's tension and loss.
    pub fn block(&mut self, tension: f32, loss: f32) {
        let t = if tension == 0.0 { 0.0001 } else { tension };
        self.yj = 2.0 * DELTA * DELTA / (t * t * GAMMA * GAMMA);
        self.loss = if loss >= 1.0 { 0.99999 } else { loss };
    }

    /// One sample (`cycle`).
    #[inline]
    pub fn tick(&mut self, input: f32) -> f32 {
        let yj_r = 1.0 / self.yj;
        let middle = self.points / 2;
        let mut result = 0.0;
        for i in 0..self.points {
            let j = self.junctions[i];
            let yc = self.yj - j.ins as f32;
            let mut total = 0.0f32;
            for &k in &j.inp[..j.ins] {
                total += self.delays[k as usize].b;
            }
            total = 2.0 * (total + yc * self.delays[j.self_loop as usize].b) * yj_r;
            if i < middle {
                total += input / middle as f32;
            }
            total *= self.loss;
            for (&o, &k) in j.out[..j.outs].iter().zip(&j.inp[..j.ins]) {
                self.delays[o as usize].a = total - self.delays[k as usize].b;
            }
            let s = &mut self.delays[j.self_loop as usize];
            s.a = total - s.b;
            if i == 0 {
                result = total;
            }
        }
        for d in &mut self.delays[..self.n_delays] {
            if d.invert {
                d.b = (-d.a + d.c) * 0.5;
                d.c = -d.a;
            } else {
                d.b = d.a;
            }
            d.b = super::flush_denormal(d.b);
        }
        if !result.is_finite() {
            for d in &mut self.delays {
                (d.a, d.b, d.c) = (0.0, 0.0, 0.0);
            }
            return 0.0;
        }
        result
    }

    /// Points in the mesh and how many are edges (for tests).
    pub fn shape(&self) -> (usize, usize) {
        let edges = self.delays[..self.n_delays]
            .iter()
            .filter(|d| d.invert)
            .count();
        (self.points, edges)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hexagon_has_19_points_12_on_the_rim() {
        let m = MembraneHexagon::new(0.0, 0.03, 0.9999);
        assert_eq!(m.shape(), (19, 12));
        // 42 links (each twice), a self loop per point, a rim delay per edge point.
        assert_eq!(m.n_delays, 2 * 42 + 19 + 12);
    }

    /// Struck once, the mesh rings at a pitch that rises with the tension, and decays.
    #[test]
    fn a_strike_rings_higher_with_more_tension() {
        let ring = |tension: f32| {
            let mut m = MembraneHexagon::new(1.0, tension, 0.9999);
            let x: Vec<f32> = (0..9600).map(|_| m.tick(0.0)).collect();
            let crossings = x.windows(2).filter(|w| w[0] < 0.0 && w[1] >= 0.0).count();
            let early: f32 = x[..2400].iter().map(|v| v * v).sum();
            let late: f32 = x[7200..].iter().map(|v| v * v).sum();
            (crossings, early, late)
        };
        let (lo, e, l) = ring(0.02);
        let (hi, _, _) = ring(0.04);
        assert!(hi as f32 > 1.6 * lo as f32, "{lo} {hi}");
        assert!(l < e, "{e} {l}");
    }
}
