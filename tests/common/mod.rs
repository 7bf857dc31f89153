//! Measurements shared by the audio tests.
#![allow(dead_code)]

/// The magnitude of frequency `f` in `x` (a single DFT bin), normalised by length.
pub fn dft_mag(x: &[f32], f: f32, sample_rate: f32) -> f32 {
    let (mut re, mut im) = (0.0f32, 0.0f32);
    for (i, v) in x.iter().enumerate() {
        let p = std::f32::consts::TAU * f * i as f32 / sample_rate;
        re += v * p.cos();
        im += v * p.sin();
    }
    (re * re + im * im).sqrt() / x.len().max(1) as f32
}
