//! An in-place radix-2 complex FFT (iterative Cooley-Tukey, decimation in time with a
//! bit-reversed input order; e.g. Cormen et al., "Introduction to Algorithms", 3rd ed., 30.3),
//! for the spectral effects. The twiddle table is made off the audio thread ([`twiddles`]).

/// `exp(-2 pi i k / n)` for `k` in `0..n / 2`, as `(re, im)`.
pub fn twiddles(n: usize) -> Vec<(f32, f32)> {
    (0..n / 2)
        .map(|k| {
            let w = -std::f64::consts::TAU * k as f64 / n as f64;
            (w.cos() as f32, w.sin() as f32)
        })
        .collect()
}

/// Transforms `re`/`im` (length `n`, a power of two; `tw` from [`twiddles`]`(n)`) in place:
/// forward (`X_k = sum x_j e^{-2 pi i jk/n}`), or inverse without the `1/n` scale.
pub fn fft(re: &mut [f32], im: &mut [f32], tw: &[(f32, f32)], inverse: bool) {
    let n = re.len().min(im.len());
    if n < 2 || !n.is_power_of_two() || tw.len() < n / 2 {
        return;
    }
    let bits = n.trailing_zeros();
    for i in 0..n {
        let j = i.reverse_bits() >> (usize::BITS - bits);
        if j > i {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut len = 2;
    while len <= n {
        let step = n / len;
        for start in (0..n).step_by(len) {
            for k in 0..len / 2 {
                let (wr, wi) = tw[k * step];
                let wi = if inverse { -wi } else { wi };
                let (a, b) = (start + k, start + k + len / 2);
                let tr = re[b] * wr - im[b] * wi;
                let ti = re[b] * wi + im[b] * wr;
                re[b] = re[a] - tr;
                im[b] = im[a] - ti;
                re[a] += tr;
                im[a] += ti;
            }
        }
        len *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_dft_and_inverts() {
        let n = 64;
        let x: Vec<f32> = (0..n).map(|i| ((i * 7 % 13) as f32 - 6.0) / 6.0).collect();
        let (mut re, mut im) = (x.clone(), vec![0.0; n]);
        let tw = twiddles(n);
        fft(&mut re, &mut im, &tw, false);
        for k in 0..n {
            let (mut r, mut i) = (0.0f64, 0.0f64);
            for (j, v) in x.iter().enumerate() {
                let w = -std::f64::consts::TAU * (j * k) as f64 / n as f64;
                r += *v as f64 * w.cos();
                i += *v as f64 * w.sin();
            }
            assert!((re[k] as f64 - r).abs() < 1e-4 && (im[k] as f64 - i).abs() < 1e-4);
        }
        fft(&mut re, &mut im, &tw, true);
        for (a, b) in re.iter().zip(&x) {
            assert!((a / n as f32 - b).abs() < 1e-5);
        }
    }
}
