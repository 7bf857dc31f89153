//! SuperDirt's `superpiano` ([`MdaPiano`], sc3-plugins' `MdaPiano_next`) for [`LANES`] voices at
//! once, one voice a lane: `MdaPiano::tick`'s arithmetic and `MdaPiano::sample`'s f64 level
//! (`DirtPan`'s ramp, as `engine/dirt_synth.rs`'s `pan_ramp`), operation for operation in the
//! scalar code's order: 16.16 fixed-point playback with wrapping 32-bit integer interpolation,
//! 32-bit float envelope, muffle filter and comb, no fused multiply-add (Rust never fuses). The
//! AVX2 kernel reads each lane's pair of wave values with one 32-bit gather at byte `2 pos` of the
//! little-endian data (low half `data[pos]`, high half `data[pos + 1]`, each sign-extended by
//! shifts); the portable kernel reads them lane by lane. Both give the scalar path's samples bit
//! for bit (`tests/voice_lanes.rs`). Two exact rewrites: `v / 32768.0` is `v * 2^-15` and `v /
//! 64.0` is `v * 2^-6` (a power-of-two scale is one correctly rounded operation either way).
//!
//! The comb ("stereo simulator") is read from a copy: tick `t` of a stretch writes
//! `comb[(cpos + t) & cmax]` and reads `comb[(cpos + t + 1) & cmax]`, last written `cmax` (127 or
//! 255) ticks earlier, so in a stretch of at most 64 samples every read precedes the stretch. The
//! caller copies each lane's reads out of its ring before ([`MdaPiano::comb_read`], one column a
//! lane, which the AVX2 kernel gathers a row at a time) and its writes back after
//! ([`MdaPiano::comb_write`]).
//!
//! `DirtPan`'s level ramp restarts at each of a lane's control blocks (`engine/dirt_synth.rs`'s
//! `block_start`: from the last block's level to this one's): the caller gives each lane's levels
//! at its block starts within the chunk ([`PianoLanes::next_to`]), and the kernel moves a lane on
//! to its next when its place in the block reaches 64 (a branch taken once a block a lane).
//!
//! A lane's playback position stays in `start ..= end` when its step per sample is at most its
//! loop ([`MdaPiano::lane_safe`]): the gather then stays inside the data.

use super::lanes::{Isa, L32, L64, LANES};
use super::mda_piano::{MdaPiano, DATA};

/// One i32 per lane.
pub type I = [i32; LANES];

/// The longest stretch [`render`] takes (a control block; the comb is at least 128 long).
pub const MAX_STRETCH: usize = 64;

/// The state of [`LANES`] pianos (each field as [`MdaPiano`]'s of the same name), and `DirtPan`'s
/// level ramp over this control block: from, to, and the sample's place in the block (0..63).
#[derive(Clone, Copy, Debug, Default)]
pub struct PianoLanes {
    pub delta: I,
    pub frac: I,
    pub pos: I,
    pub end: I,
    pub loop_len: I,
    pub env: L32,
    pub dec: L32,
    pub f0: L32,
    pub f1: L32,
    pub ff: L32,
    pub outl: L32,
    pub outr: L32,
    pub cdep: L32,
    pub from: L64,
    pub to: L64,
    pub k: L64,
    /// Per lane: `DirtPan`'s level at each control block start to come within the chunk (the
    /// next block's `to`), in order, and how many of them were taken.
    pub next_to: [[f64; NEXT]; LANES],
    pub next: [usize; LANES],
}

/// Control block starts within a chunk after its first sample, at most.
pub const NEXT: usize = super::CHUNK / 64;

impl PianoLanes {
    /// Lane `j` at a control block's start: the ramp from its last level to its next.
    #[inline(never)]
    fn next_block(&mut self, j: usize) {
        self.from[j] = self.to[j];
        self.to[j] = self.next_to[j][self.next[j]];
        self.next[j] += 1;
        self.k[j] = 0.0;
    }
}

impl MdaPiano {
    /// True when this note can render in a lane: its position stays inside the data (a step of
    /// at most its loop, the key group's loop inside the data, no wrap of `frac + delta`) and its
    /// comb is longer than a stretch.
    pub fn lane_safe(&self) -> bool {
        let words = (DATA.len() / 2) as i32;
        (0..=0x7FFF_0000).contains(&self.delta)
            && (self.delta >> 16) < self.loop_len
            && 0 <= self.pos
            && self.pos <= self.end
            && self.loop_len <= self.end
            && self.end <= words - 2
            && self.cmax >= MAX_STRETCH
    }

    /// Copies this note into lane `j` (the ramp's fields are the caller's).
    pub fn lane_load(&self, st: &mut PianoLanes, j: usize) {
        st.delta[j] = self.delta;
        st.frac[j] = self.frac;
        st.pos[j] = self.pos;
        st.end[j] = self.end;
        st.loop_len[j] = self.loop_len;
        st.env[j] = self.env;
        st.dec[j] = self.dec;
        st.f0[j] = self.f0;
        st.f1[j] = self.f1;
        st.ff[j] = self.ff;
        st.outl[j] = self.outl;
        st.outr[j] = self.outr;
        st.cdep[j] = self.cdep;
    }

    /// Takes lane `j`'s state back.
    pub fn lane_store(&mut self, st: &PianoLanes, j: usize) {
        self.frac = st.frac[j];
        self.pos = st.pos[j];
        self.env = st.env[j];
        self.f0 = st.f0[j];
        self.f1 = st.f1[j];
    }

    /// `x[t]`: the comb value tick `t` of the next `x.len()` reads (at most [`MAX_STRETCH`]).
    pub fn comb_read(&self, x: &mut [f32]) {
        let ring = &self.comb[..self.cmax + 1];
        let start = (self.cpos + 1) & self.cmax;
        let a = x.len().min(ring.len() - start);
        let (x0, x1) = x.split_at_mut(a);
        x0.copy_from_slice(&ring[start..start + a]);
        x1.copy_from_slice(&ring[..x1.len()]);
    }

    /// Writes `x[t]`, the comb value tick `t` wrote (at most [`MAX_STRETCH`]), and advances the
    /// comb past them.
    pub fn comb_write(&mut self, x: &[f32]) {
        let ring = &mut self.comb[..self.cmax + 1];
        let start = self.cpos;
        let a = x.len().min(ring.len() - start);
        ring[start..start + a].copy_from_slice(&x[..a]);
        ring[..x.len() - a].copy_from_slice(&x[a..]);
        self.cpos = (self.cpos + x.len()) & self.cmax;
    }
}

/// Lane `j`'s comb reads of a stretch: `[j][t]` for tick `t`.
pub type CombIn = [[f32; MAX_STRETCH]; LANES];

/// Renders `l.len()` samples (at most [`MAX_STRETCH`]) of every lane into `l` and `r` (one row
/// a sample), reading the comb from `comb_in` and writing it to `comb_out` (one row a sample);
/// every used lane must be [`MdaPiano::lane_safe`].
pub fn render(
    isa: Isa,
    st: &mut PianoLanes,
    comb_in: &CombIn,
    comb_out: &mut [L32],
    l: &mut [L32],
    r: &mut [L32],
) {
    let n = l.len();
    assert!(n <= MAX_STRETCH && r.len() == n && comb_out.len() == n);
    #[cfg(target_arch = "x86_64")]
    if isa.avx2() {
        // The gathers stay inside `DATA`: every used lane is `lane_safe` (its position stays in
        // `0 ..= end`, `end <= len - 2`); an unused lane is all zeros (position 0, step 0).
        check_positions(st);
        // SAFETY: `isa.avx2()` checked that this CPU has AVX2; the slices are `n` long (above);
        // the positions were checked.
        return unsafe { render_avx2(st, comb_in, comb_out, l, r) };
    }
    let _ = isa;
    kernel(st, comb_in, comb_out, l, r)
}

/// Panics unless every lane's position stays inside the data (see [`MdaPiano::lane_safe`]).
#[cfg(target_arch = "x86_64")]
fn check_positions(st: &PianoLanes) {
    let words = (DATA.len() / 2) as i32;
    for j in 0..LANES {
        let ok = (0..=0x7FFF_0000).contains(&st.delta[j])
            && (st.delta[j] >> 16) < st.loop_len[j].max(1)
            && 0 <= st.pos[j]
            && st.pos[j] <= st.end[j]
            && st.loop_len[j] <= st.end[j]
            && st.end[j] <= words - 2;
        assert!(ok, "piano lane {j} would read outside its data");
    }
}

#[inline(always)]
fn kernel(s: &mut PianoLanes, cin: &CombIn, cout: &mut [L32], l: &mut [L32], r: &mut [L32]) {
    let (words, _) = DATA.as_chunks::<2>();
    for (t, ((co, lo), ro)) in cout.iter_mut().zip(l).zip(r).enumerate() {
        for j in 0..LANES {
            let frac = s.frac[j].wrapping_add(s.delta[j]);
            let mut pos = s.pos[j].wrapping_add(frac >> 16);
            s.frac[j] = frac & 0xFFFF;
            if pos > s.end[j] {
                pos = pos.wrapping_sub(s.loop_len[j]);
            }
            s.pos[j] = pos;
            let a = i16::from_le_bytes(words[pos as usize]) as i32;
            let b = i16::from_le_bytes(words[pos as usize + 1]) as i32;
            let i = a.wrapping_add(s.frac[j].wrapping_mul(b.wrapping_sub(a)) >> 16);
            let x = s.env[j] * i as f32 * (1.0 / 32768.0);
            s.env[j] *= s.dec[j];
            s.f0[j] += s.ff[j] * (x + s.f1[j] - s.f0[j]);
            s.f1[j] = x;
            let a = s.outl[j] * s.f0[j];
            let b = s.outr[j] * s.f0[j];
            co[j] = a + b;
            let x = s.cdep[j] * cin[j][t];
            let e = s.from[j] + (s.to[j] - s.from[j]) * s.k[j] * (1.0 / 64.0);
            s.k[j] += 1.0;
            lo[j] = ((a + x) as f64 * e) as f32;
            ro[j] = ((b - x) as f64 * e) as f32;
            if s.k[j] == 64.0 {
                s.next_block(j);
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn render_avx2(
    s: &mut PianoLanes,
    cin: &CombIn,
    cout: &mut [L32],
    l: &mut [L32],
    r: &mut [L32],
) {
    use std::arch::x86_64::*;
    // SAFETY (every load and store below): each pointer is to an `[i32; 8]`, `[f32; 8]` or
    // `[f64; 8]` (4 f64 from its start or its middle), unaligned loads and stores.
    let li = |x: &I| _mm256_loadu_si256(x.as_ptr() as *const __m256i);
    let lf = |x: &L32| _mm256_loadu_ps(x.as_ptr());
    let (mut frac, mut pos) = (li(&s.frac), li(&s.pos));
    let (delta, end, loop_len) = (li(&s.delta), li(&s.end), li(&s.loop_len));
    let (mut env, mut f0, mut f1) = (lf(&s.env), lf(&s.f0), lf(&s.f1));
    let (dec, ff, outl, outr, cdep) =
        (lf(&s.dec), lf(&s.ff), lf(&s.outl), lf(&s.outr), lf(&s.cdep));
    let half = |x: &L64, h: usize| _mm256_loadu_pd(x.as_ptr().add(4 * h));
    let mut from = [half(&s.from, 0), half(&s.from, 1)];
    let mut to = [half(&s.to, 0), half(&s.to, 1)];
    let mut d = [_mm256_sub_pd(to[0], from[0]), _mm256_sub_pd(to[1], from[1])];
    let mut k = [half(&s.k, 0), half(&s.k, 1)];
    let block = _mm256_set1_pd(64.0);
    // Lane j's comb column: `cin[j]`, `MAX_STRETCH` floats after lane j - 1's.
    const S: i32 = MAX_STRETCH as i32;
    let columns = _mm256_setr_epi32(0, S, 2 * S, 3 * S, 4 * S, 5 * S, 6 * S, 7 * S);
    let cbase = cin.as_ptr() as *const f32;
    let low16 = _mm256_set1_epi32(0xFFFF);
    let scale = _mm256_set1_ps(1.0 / 32768.0);
    let (ramp, one) = (_mm256_set1_pd(1.0 / 64.0), _mm256_set1_pd(1.0));
    let base = DATA.as_ptr() as *const i32;
    // `(v as f64 * e) as f32` for the 8 lanes of `v`.
    let level = |v: __m256, e: [__m256d; 2]| {
        let lo = _mm256_cvtpd_ps(_mm256_mul_pd(
            _mm256_cvtps_pd(_mm256_castps256_ps128(v)),
            e[0],
        ));
        let hi = _mm256_cvtpd_ps(_mm256_mul_pd(
            _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(v)),
            e[1],
        ));
        _mm256_set_m128(hi, lo)
    };
    for t in 0..l.len() {
        frac = _mm256_add_epi32(frac, delta);
        pos = _mm256_add_epi32(pos, _mm256_srai_epi32::<16>(frac));
        frac = _mm256_and_si256(frac, low16);
        let over = _mm256_cmpgt_epi32(pos, end);
        pos = _mm256_sub_epi32(pos, _mm256_and_si256(over, loop_len));
        // SAFETY: every lane's `pos` is in `0 ..= len - 2` (`render` checked the lanes), so the
        // 4 bytes at `2 pos` are inside `DATA`.
        let w = _mm256_i32gather_epi32::<2>(base, pos);
        let a = _mm256_srai_epi32::<16>(_mm256_slli_epi32::<16>(w));
        let b = _mm256_srai_epi32::<16>(w);
        let i = _mm256_add_epi32(
            a,
            _mm256_srai_epi32::<16>(_mm256_mullo_epi32(frac, _mm256_sub_epi32(b, a))),
        );
        let x = _mm256_mul_ps(_mm256_mul_ps(env, _mm256_cvtepi32_ps(i)), scale);
        env = _mm256_mul_ps(env, dec);
        let u = _mm256_sub_ps(_mm256_add_ps(x, f1), f0);
        f0 = _mm256_add_ps(f0, _mm256_mul_ps(ff, u));
        f1 = x;
        let a = _mm256_mul_ps(outl, f0);
        let b = _mm256_mul_ps(outr, f0);
        _mm256_storeu_ps(cout[t].as_mut_ptr(), _mm256_add_ps(a, b));
        // SAFETY: `t < n <= MAX_STRETCH`: lane j reads `cin[j][t]`, inside `cin`.
        let x = _mm256_mul_ps(cdep, _mm256_i32gather_ps::<4>(cbase.add(t), columns));
        let e = [
            _mm256_add_pd(from[0], _mm256_mul_pd(_mm256_mul_pd(d[0], k[0]), ramp)),
            _mm256_add_pd(from[1], _mm256_mul_pd(_mm256_mul_pd(d[1], k[1]), ramp)),
        ];
        k = [_mm256_add_pd(k[0], one), _mm256_add_pd(k[1], one)];
        _mm256_storeu_ps(l[t].as_mut_ptr(), level(_mm256_add_ps(a, x), e));
        _mm256_storeu_ps(r[t].as_mut_ptr(), level(_mm256_sub_ps(b, x), e));
        let at_block = _mm256_movemask_pd(_mm256_cmp_pd::<_CMP_EQ_OQ>(k[0], block))
            | (_mm256_movemask_pd(_mm256_cmp_pd::<_CMP_EQ_OQ>(k[1], block)) << 4);
        if at_block != 0 {
            // A lane at its control block's start (rare: once a block a lane).
            for (h, v) in k.iter().enumerate() {
                _mm256_storeu_pd(s.k.as_mut_ptr().add(4 * h), *v);
            }
            for j in (0..LANES).filter(|j| at_block & (1 << j) != 0) {
                s.next_block(j);
            }
            from = [half(&s.from, 0), half(&s.from, 1)];
            to = [half(&s.to, 0), half(&s.to, 1)];
            d = [_mm256_sub_pd(to[0], from[0]), _mm256_sub_pd(to[1], from[1])];
            k = [half(&s.k, 0), half(&s.k, 1)];
        }
    }
    _mm256_storeu_si256(s.frac.as_mut_ptr() as *mut __m256i, frac);
    _mm256_storeu_si256(s.pos.as_mut_ptr() as *mut __m256i, pos);
    _mm256_storeu_ps(s.env.as_mut_ptr(), env);
    _mm256_storeu_ps(s.f0.as_mut_ptr(), f0);
    _mm256_storeu_ps(s.f1.as_mut_ptr(), f1);
    _mm256_storeu_pd(s.k.as_mut_ptr(), k[0]);
    _mm256_storeu_pd(s.k.as_mut_ptr().add(4), k[1]);
}
