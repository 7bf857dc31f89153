//! Decoding sample files and resampling them to the session rate.
//!
//! Everything here is synchronous and free of global state: the caller runs it off the audio
//! thread (the plugin's background task, the CLI's main thread).
//!
//! * [`decode_file`] / [`decode_bytes`]: WAV (8/16/24/32-bit integer, 32/64-bit float), AIFF,
//!   FLAC and Ogg Vorbis through `symphonia`, to `f32` at the file's own rate. One channel stays
//!   mono; two or more keep the first two (left, right).
//! * [`resample`]: band-limited sinc interpolation through `rubato`, time-aligned and with the
//!   length set to `round(frames * to / from)`, so onsets and durations stay put.
//! * [`load_file`]: both, with errors that name the file.

use super::{Sample, SampleError};
use rubato::{
    calculate_cutoff, Resampler, SincFixedIn, SincInterpolationParameters, SincInterpolationType,
    WindowFunction,
};
use std::io::Cursor;
use std::path::Path;
use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

/// Decodes `path` and resamples it to `sample_rate` (skipped when the rates match).
pub fn load_file(path: &Path, sample_rate: f32) -> Result<Sample, SampleError> {
    if !(sample_rate.is_finite() && sample_rate > 0.0) {
        return Err(SampleError::Decode {
            path: path.to_path_buf(),
            reason: format!("invalid session sample rate {sample_rate}"),
        });
    }
    let decoded = decode_file(path)?;
    Ok(resample(&decoded, sample_rate))
}

/// Decodes a whole file to `f32` at its own sample rate (mono, or the first two channels).
pub fn decode_file(path: &Path) -> Result<Sample, SampleError> {
    let file = std::fs::File::open(path).map_err(|e| SampleError::Io {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    decode_source(Box::new(file), path)
}

/// Decodes an in-memory file; `path` only names it in errors and gives the format hint
/// (its extension); the contents are probed either way.
pub fn decode_bytes(bytes: Vec<u8>, path: &Path) -> Result<Sample, SampleError> {
    decode_source(Box::new(Cursor::new(bytes)), path)
}

fn decode_source(source: Box<dyn MediaSource>, path: &Path) -> Result<Sample, SampleError> {
    let fail = |reason: String| SampleError::Decode {
        path: path.to_path_buf(),
        reason,
    };
    let stream = MediaSourceStream::new(source, Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(&ext.to_ascii_lowercase());
    }
    let probed = symphonia::default::get_probe()
        // Gapless: Ogg Vorbis drops the encoder's priming and end padding, so a loop keeps its
        // exact length.
        .format(
            &hint,
            stream,
            &FormatOptions {
                enable_gapless: true,
                ..Default::default()
            },
            &MetadataOptions::default(),
        )
        .map_err(|e| fail(format!("not a WAV, AIFF, FLAC or Ogg Vorbis file ({e})")))?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| fail("no audio track".into()))?;
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(|e| fail(format!("unsupported codec ({e})")))?;

    let mut rate = track.codec_params.sample_rate.unwrap_or(0);
    let declared_frames = track.codec_params.n_frames;
    let mut left: Vec<f32> = Vec::new();
    let mut right: Vec<f32> = Vec::new();
    let mut stereo: Option<bool> = None;
    let mut buffer: Option<SampleBuffer<f32>> = None;
    let mut bad_packets = 0usize;
    let mut first_error: Option<String> = None;
    loop {
        let packet = match format.next_packet() {
            Ok(p) => p,
            // The normal end of a stream, and also a file cut short: keep what decoded.
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(SymError::ResetRequired) => break,
            Err(e) => {
                if left.is_empty() {
                    return Err(fail(e.to_string()));
                }
                break;
            }
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(d) => d,
            // A corrupt packet: skip it, as players do; fail only if nothing decodes.
            Err(SymError::DecodeError(e)) => {
                bad_packets += 1;
                first_error.get_or_insert_with(|| format!("malformed stream: {e}"));
                continue;
            }
            Err(SymError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(fail(e.to_string())),
        };
        let spec = *decoded.spec();
        let channels = spec.channels.count();
        if channels == 0 {
            return Err(fail("a stream with no channels".into()));
        }
        rate = spec.rate;
        let is_stereo = channels >= 2;
        if *stereo.get_or_insert(is_stereo) != is_stereo {
            return Err(fail("the channel count changes inside the file".into()));
        }
        let frames = decoded.frames();
        if frames == 0 {
            continue;
        }
        let buf = match &mut buffer {
            Some(b) if b.capacity() >= decoded.capacity() * channels => b,
            _ => buffer.insert(SampleBuffer::<f32>::new(decoded.capacity() as u64, spec)),
        };
        buf.copy_interleaved_ref(decoded);
        let samples = &buf.samples()[..frames * channels];
        left.reserve(frames);
        if is_stereo {
            right.reserve(frames);
        }
        for frame in samples.chunks_exact(channels) {
            left.push(frame[0]);
            if is_stereo {
                right.push(frame[1]);
            }
        }
    }
    if left.is_empty() {
        return Err(fail(match first_error {
            Some(e) => format!("no packet decoded ({bad_packets} malformed; first: {e})"),
            None => "no audio frames".into(),
        }));
    }
    // Ogg's gapless trimming misses the end padding of a stream that fits in one page; the
    // container's frame count (the last granule position) still has it right.
    if let Some(n) = declared_frames
        .and_then(|n| usize::try_from(n).ok())
        .filter(|n| *n > 0)
    {
        left.truncate(n);
        right.truncate(n);
    }
    if rate == 0 {
        return Err(fail("no sample rate".into()));
    }
    // Decoders can emit NaN/inf from garbage float data; a voice must never play them.
    for x in left.iter_mut().chain(right.iter_mut()) {
        if !x.is_finite() {
            *x = 0.0;
        }
    }
    Ok(Sample {
        left,
        right: if stereo == Some(true) {
            Some(right)
        } else {
            None
        },
        sample_rate: rate as f32,
    })
}

/// Sinc filter length in input samples (rubato's recommended starting point).
const SINC_LEN: usize = 256;
/// Largest filter table (per phase) for the exact rational path; 1024 phases x 256 taps x 4
/// bytes = 1 MiB.
const MAX_EXACT_PHASES: usize = 1024;
/// Input frames per rubato call.
const CHUNK: usize = 1024;

/// `sample` at `to_rate`: a clone when the rates already match (or `to_rate` is not a finite
/// positive number, or the sample is empty).
///
/// Method: windowed-sinc interpolation (256 taps, Blackman-Harris window, cutoff just below the
/// lower Nyquist frequency, so downsampling is anti-aliased). When both rates are integers whose
/// ratio reduces to at most 1024 output phases (44.1 <-> 48 <-> 88.2 <-> 96 kHz and the other
/// usual rates) the filter is tabulated at exactly the phases needed, so every output sample is
/// one exact filter evaluation; other ratios interpolate a 256-phase table cubically. Output
/// frame `k` is input time `k * from_rate / to_rate` (no added delay, so onsets stay put) and
/// the output has `round(frames * to_rate / from_rate)` frames.
///
/// Cost: one 256-tap dot product per output frame and channel (four with the cubic path).
pub fn resample(sample: &Sample, to_rate: f32) -> Sample {
    let from = sample.sample_rate;
    let valid = |r: f32| r.is_finite() && r > 0.0;
    if !valid(to_rate) || !valid(from) || from == to_rate || sample.left.is_empty() {
        return Sample {
            sample_rate: if valid(to_rate) { to_rate } else { from },
            ..sample.clone()
        };
    }
    let ratio = to_rate as f64 / from as f64;
    let mut inputs: Vec<&[f32]> = vec![&sample.left];
    if let Some(r) = &sample.right {
        inputs.push(r);
    }
    match resample_channels(&inputs, ratio, exact_phases(from, to_rate)) {
        Ok(mut out) => {
            let right = if out.len() > 1 { out.pop() } else { None };
            let left = out.pop().unwrap_or_default();
            Sample {
                left,
                right,
                sample_rate: to_rate,
            }
        }
        // Unreachable with the validated ratio (rubato only rejects bad ratios or buffer sizes);
        // fall back to linear interpolation rather than fail a load.
        Err(_) => linear(sample, to_rate),
    }
}

/// For integer rates, the number of distinct output phases (`to / gcd(from, to)`) when small.
fn exact_phases(from: f32, to: f32) -> Option<usize> {
    if from.fract() != 0.0 || to.fract() != 0.0 {
        return None;
    }
    let (a, b) = (from as u64, to as u64);
    let mut g = (a, b);
    while g.1 != 0 {
        g = (g.1, g.0 % g.1);
    }
    let phases = (b / g.0) as usize;
    (phases <= MAX_EXACT_PHASES).then_some(phases)
}

fn resample_channels(
    inputs: &[&[f32]],
    ratio: f64,
    exact_phases: Option<usize>,
) -> Result<Vec<Vec<f32>>, Box<dyn std::error::Error>> {
    let window = WindowFunction::BlackmanHarris2;
    let (interpolation, oversampling_factor) = match exact_phases {
        Some(p) => (SincInterpolationType::Nearest, p),
        None => (SincInterpolationType::Cubic, 256),
    };
    let params = SincInterpolationParameters {
        sinc_len: SINC_LEN,
        f_cutoff: calculate_cutoff(SINC_LEN, window),
        interpolation,
        oversampling_factor,
        window,
    };
    let channels = inputs.len();
    let frames = inputs[0].len();
    let mut resampler = SincFixedIn::<f32>::new(ratio, 1.0, params, CHUNK, channels)?;
    let (lead_in, skip) = alignment(1.0 / ratio, oversampling_factor);
    let wanted = (frames as f64 * ratio).round() as usize;
    let mut out: Vec<Vec<f32>> = vec![Vec::with_capacity(skip + wanted + 2 * CHUNK); channels];
    let mut scratch = resampler.output_buffer_allocate(true);
    let padded: Vec<Vec<f32>> = inputs
        .iter()
        .map(|c| {
            let mut v = Vec::with_capacity(lead_in + c.len());
            v.resize(lead_in, 0.0);
            v.extend_from_slice(c);
            v
        })
        .collect();
    let total = lead_in + frames;
    let mut pos = 0;
    while pos < total {
        let need = resampler.input_frames_next();
        let end = (pos + need).min(total);
        let chunk: Vec<&[f32]> = padded.iter().map(|c| &c[pos..end]).collect();
        let (_, written) = if end - pos == need {
            resampler.process_into_buffer(&chunk, &mut scratch, None)?
        } else {
            resampler.process_partial_into_buffer(Some(&chunk), &mut scratch, None)?
        };
        for (o, s) in out.iter_mut().zip(&scratch) {
            o.extend_from_slice(&s[..written]);
        }
        pos = end;
    }
    // Flush the filter's tail with silence until the output is complete.
    while out[0].len() < skip + wanted {
        let (_, written) =
            resampler.process_partial_into_buffer(None::<&[&[f32]]>, &mut scratch, None)?;
        if written == 0 {
            break;
        }
        for (o, s) in out.iter_mut().zip(&scratch) {
            o.extend_from_slice(&s[..written]);
        }
    }
    for o in &mut out {
        o.drain(..skip.min(o.len()));
        o.resize(wanted, 0.0);
    }
    Ok(out)
}

/// Time alignment for rubato 0.16's `SincFixedIn`: `(zeros to put before the input, output
/// frames to drop)` so that output frame `k` is input time `k * step` exactly (on the
/// exact-phase path) or within a small fraction of a sample (interpolated path).
///
/// From rubato's source (`asynchro_sinc.rs`, `sinc.rs`): the read position starts at
/// `-sinc_len / 2` and advances by `step` before each output, and table phase `s` of
/// `factor` centres the filter at `sinc_len / 2 - 1 + (s + 1) / factor`, so output `k` is input
/// time `k * step + (step - 1 + 1 / factor)`. With `lead_in` zeros before the input and the
/// first `skip` outputs dropped, output `j` is input time
/// `j * step + (skip + 1) * step - 1 + 1 / factor - lead_in`; pick the pair that makes the last
/// terms cancel. `an_impulse_stays_in_place_at_every_ratio` in tests/samples.rs checks it.
fn alignment(step: f64, factor: usize) -> (usize, usize) {
    let mut best = (0usize, 0usize, f64::INFINITY);
    for skip in 0..=(2 * factor + 2) {
        let x = (skip as f64 + 1.0) * step - 1.0 + 1.0 / factor as f64;
        let lead_in = x.round();
        let err = (x - lead_in).abs();
        if lead_in >= 0.0 && err < best.2 {
            best = (lead_in as usize, skip, err);
            if err < 1e-9 {
                break;
            }
        }
    }
    (best.0, best.1)
}

/// Linear interpolation; only a fallback that should never run.
fn linear(sample: &Sample, to_rate: f32) -> Sample {
    let ratio = sample.sample_rate as f64 / to_rate as f64;
    let n = (sample.left.len() as f64 / ratio).round() as usize;
    let conv = |x: &[f32]| -> Vec<f32> {
        (0..n)
            .map(|i| {
                let p = i as f64 * ratio;
                let j = p.floor() as usize;
                let f = (p - j as f64) as f32;
                let a = x.get(j).copied().unwrap_or(0.0);
                let b = x.get(j + 1).copied().unwrap_or(0.0);
                a + (b - a) * f
            })
            .collect()
    };
    Sample {
        left: conv(&sample.left),
        right: sample.right.as_deref().map(conv),
        sample_rate: to_rate,
    }
}
