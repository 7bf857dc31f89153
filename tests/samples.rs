//! Sample folders: the Dirt-Samples layout, decoding (WAV 8/16/24-bit and float, FLAC, Ogg
//! Vorbis), resampling to the session rate, the library's folder banks, search paths and the
//! unknown-name message.
//!
//! Every test builds its own folder under `std::env::temp_dir()` and removes it afterwards.

use phonon::cli::render::{render, RenderSpec};
use phonon::samples::{
    decode_bytes, decode_file, load_file, resample, scan, search_paths, BankIndex, Library, Sample,
    SampleError,
};
use std::f64::consts::TAU;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A temporary folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("phonon-samples-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[derive(Clone, Copy)]
enum Fmt {
    I8,
    I16,
    I24,
    F32,
}

/// Writes a WAV with `hound`; `f(frame, channel)` in -1..1.
fn write_wav(
    path: &Path,
    rate: u32,
    channels: u16,
    fmt: Fmt,
    frames: usize,
    f: impl Fn(usize, usize) -> f32,
) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let (bits, sample_format) = match fmt {
        Fmt::I8 => (8, hound::SampleFormat::Int),
        Fmt::I16 => (16, hound::SampleFormat::Int),
        Fmt::I24 => (24, hound::SampleFormat::Int),
        Fmt::F32 => (32, hound::SampleFormat::Float),
    };
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: bits,
        sample_format,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..frames {
        for c in 0..channels as usize {
            let x = f(i, c);
            match fmt {
                Fmt::I8 => w.write_sample((x * 127.0).round() as i8).unwrap(),
                Fmt::I16 => w.write_sample((x * 32767.0).round() as i16).unwrap(),
                Fmt::I24 => w.write_sample((x * 8_388_607.0).round() as i32).unwrap(),
                Fmt::F32 => w.write_sample(x).unwrap(),
            }
        }
    }
    w.finalize().unwrap();
}

fn sine(freq: f64, rate: u32, amp: f32) -> impl Fn(usize, usize) -> f32 {
    move |i, _| amp * (TAU * freq * i as f64 / rate as f64).sin() as f32
}

/// Power of `x` at `freq` (Goertzel), normalised by length.
fn power_at(x: &[f32], rate: f32, freq: f64) -> f64 {
    let w = TAU * freq / rate as f64;
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &v in x {
        let s0 = v as f64 + 2.0 * w.cos() * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    (s1 * s1 + s2 * s2 - 2.0 * w.cos() * s1 * s2) / (x.len() as f64 * x.len() as f64)
}

/// Sign changes per second over `x` (a sine of f Hz has 2f).
fn crossings_per_second(x: &[f32], rate: f32) -> f64 {
    let n = x
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    n as f64 * rate as f64 / x.len() as f64
}

fn rms(x: &[f32]) -> f64 {
    (x.iter().map(|v| (*v as f64).powi(2)).sum::<f64>() / x.len() as f64).sqrt()
}

/// The dominant frequency of `x` among `candidates`.
fn dominant(x: &[f32], rate: f32, candidates: &[f64]) -> f64 {
    *candidates
        .iter()
        .max_by(|a, b| power_at(x, rate, **a).total_cmp(&power_at(x, rate, **b)))
        .unwrap()
}

fn names(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

fn base64(text: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("bad base64"),
    } as u32;
    let digits: Vec<u32> = text.bytes().filter(|c| *c != b'=').map(val).collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let mut acc = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            acc |= d << (18 - 6 * i);
        }
        out.extend_from_slice(&acc.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// `sox -D -n -r 8000 -c 2 -b 16 st.wav synth 0.1 sine 1000 sine 2500 gain -6;
/// flac -8 --no-padding -o st.flac st.wav` (flac 1.4.2): 800 frames, left 1 kHz, right 2.5 kHz.
const STEREO_FLAC: &str = concat!(
    "ZkxhQwAAACIQABAAAAOuAAOuAfQC8AAAAyCPwA8kMUx17GczavMc44ghAwAAEgAAAAAAAAAAAAAAAAAAAAADIIQAACggAAAA",
    "cmVmZXJlbmNlIGxpYkZMQUMgMS40LjIgMjAyMjEwMjIAAAAA//h0mAADH6FI+s19Mc1+BHGN9uWvTfdbd/S2AYWAAAf0WRe/",
    "VncJg7tdbdYbhZ7NX6hUapQ6Ihs0bJMpS9CFlULpXaV13W2I2KoLmjNyoqCGjUsJCE5LFozXUsJiGVZ6I11IsJiGVZ6I11LC",
    "YhlWF6I11LCYhlWeiNdSwiYhlWeiNdSwmIZVnpCNdSwmIZVnojXUsJiIZVnojXUsJiGVZ6IxXUsJiGVZ6I11LCYhiVZ6I11L",
    "CYhlWeiNcVLCYhlWeiNdSwmIZVKeiNdSwmIZVnojXUpQmIZVnojXUsJiGVZyojXUsJiGVZ6I11LCFiGVZ6I11LCYhlWeiE11",
    "LCYhlWeiNdSwmIRlWeiNdSwmIZVnojUtSwmIZVnojXUsJiGUlnojXUsJiGVZ6I11IsJiGVZ6I11LCYhlWF6I11LCYhlWeiNd",
    "SwiYhlWeiNdSwmIZVnpCNdSwmIZVnojXUsJiIZVnojXUsJiGVZ6IxXUsJiGVZ6I11LCYhiVZ6I11LCYhlWeiNcVLCYhlWeiN",
    "dSwmIZVKeiNdSwmIZVnojXUpRsQyvvDEu56TmSunOXdU0WjXeINU9xIzWXS7IePnJWgtbjDxsHc2+Tl4u368UB5/yZWTxEEB",
    "uogfmG9dqWdqkBj9wRFgAAANAa30WWeS2bSmURmQSuXSOPRmRSeRRGIQ8xxbIpbL9U7Kn9Fpd9IhZGjkN2E+N3NXIjsxcZSh",
    "vxIpMVGLiLBLxIpMRUYuIsEvEikxUYuIsEK8SKTFRi4iwS8SKTFQmLiLBLxIpMVGLiLBLyEikxUYuIsEvEikxUYpYiwS8SKT",
    "FRi4iwS8SEpMVGLiLBLxIpMVGLiEsEvEikxUYuIsEvEikLFRi4iwS8SKTFRi4iwhLxIpMVGLiLBLxIpMUkYuIsEvEikxUYuI",
    "sEpcSKTFRi4iwS8SKTFRiLiLBLxIpMVGLiLBLxCikxUYuIsEvEikxUYuIiwS8SKTFRi4iwS8SKRMVGLiLBLxIpMVGLiKUEvE",
    "ikxUYuIsEvEikxFRi4iwS8SKTFRi4iwQrxIpMVGLiLBLxIpMVCYuIsEvEikxUYuIsEvISKTFRi4iwS8SKTFRiliLBLxIpMVG",
    "LiLBLxISkxUYuIsEvEikxUYuISwS8SKTFRi4iwS8SKQsVGLiLBLxIpMVGLiLCEvEikxUYuIsEvEikxSQj4jwSqaqRHIzwzwj",
    "kps426DCk0UELshxEcTNAk1rdKfWy7MuDDu89Ne7eiIKQnkIIoALgFAV",
);

/// `sox -D -n -r 8000 -c 1 -b 16 m.wav synth 0.1 sine 1000 gain -6; oggenc -q -1 -o m.ogg m.wav`
/// (vorbis-tools 1.4.2): 800 frames of a 1 kHz sine.
const MONO_OGG: &str = concat!(
    "T2dnUwACAAAAAAAAAAA6nTkUAAAAADiEffMBHgF2b3JiaXMAAAAAAUAfAAAAAAAAQB8AAAAAAACZAU9nZ1MAAAAAAAAAAAAA",
    "Op05FAEAAADBpomgCkT//////////5ADdm9yYmlzNAAAAFhpcGguT3JnIGxpYlZvcmJpcyBJIDIwMjAwNzA0IChSZWR1Y2lu",
    "ZyBFbnZpcm9ubWVudCkAAAAAAQV2b3JiaXMPQkNWAQAAAQAMUhQhJRlTSmMIlVJSKQUdY1BbRx1j1DlGIWQQU4hJGaV7TyqV",
    "WErIEVJYKUUdU0xTSZVSlilFHWMUU0ghU9YxZaFzFEuGSQklbE2udBZL6JljljFGHWPOWkqdY9YxRR1jUlJJoXMYOmYlZBQ6",
    "RsXoYnwwOpWiQii+x95S6S2FiluKvdcaU+sthBhLacEIYXPttdXcSmrFGGOMMcbF4lMogtCQVQAAAQAAQAQBQkNWAQAKAADC",
    "UAxFUYDQkFUAQAYAgAAURXEUx3EcR5IkywJCQ1YBAEAAAAIAACiO4SiSI0mSZFmWZVmWpnmWqLmqL/uuLuuu7eq6DoSGrAQA",
    "gAAAGEahdUwqgxBDykOEFGPQM6MQQwxMxhxjTjSkDDKIM8WQMohbLC6oEAShISsCgCgAAMAYxBhiDDnnpGRSIueYlE5KA52j",
    "1FHKKJUUS4wZpRJbiTGCzlHqKGWUQoylxYxSibHEVAAAQIADAECAhVBoyIoAIAoAgDAGKYWUQowp5hRziDHlHIMMMcYgZM4p",
    "6BiTTkrlnJPOSYkYY84xB5VzTkrnpHLQScmkEwAAEOAAABBgIRQasiIAiBMAMEiSplmaJoqWpomiZ4qq6omiqlqeZ5qeaaqq",
    "Z5qqaqqq65qq6sqW55mmZ5qq6pmmqoqm6rqmqrqup6q2bLqqLpuuatuu7Pq2a7u+7qmqbJuqK+um6sq66sq27rq27Uuep6qi",
    "qrquZ6quq7qubquua9uaasquqbqybbquLbuybOuuLOu6ZqqubLqqLZuuLOuu7Nq2Ksu6L7qubquyrPuqLPu+bOu67tq68Iuu",
    "a+uqLOu+Ksu+Mdu28Mu6LhyTJ6qqp6qu65mq66qua9uq69q6ppqubLquLZuqK9uqLOu2K8u2rpmqLJuuK9um68qyKsu+78qy",
    "bouu6+umLOu6KsvC7uq6Mcy2rfui6+q6Ksu6r8qyrru67vuybgu7pqq6bsqyr5uyrPu2rgvLrNu6Mbqu76uyLfyqLAu/rvvC",
    "Mus+Y3RdX1dtWRhW2fZ93feVY9Z1YVltW/ldW2e8vm4Mu278yq0Ly7LatrHMuq0sr68bwy7sfFv4lZqq2rbpurpuyrKvy7ou",
    "tHXdV0bX9X3Vtn1flWXft4VfaRvDsIyuq/uqLOvCa8vKL+u6sOzCLyyrbSu/q+vKMNu6sNy+sCy/7gvLqtu+7+q60rV1Zbl9",
    "n7Ert/ELAAAYcAAACDChDBQasiIAiBMAQBByDikGoWIKQgihpBBCKhVjUjLmpGTOSSmllBRKSa1iTErmnJTMMSmhlJZKKamE",
    "UloqpcQUSmktpdZiSqnFUEprpaTWSkmtpZRiTK3FGDEmJXNOSuaclJJSayWV1jLnKGUOSuogpJRKKq2k1GLmnKQOOisdhNRK",
    "KjGVlGILqcRWSmqtpBRjKzHV1FqOIaUYS0qxlZRabTHV1lqrNWJMSuaclMw5KiWl1koqrWXOSeogtNQ5KKmk1GIqKcXKOUkd",
    "hJQyyKiUlForqcQSUomttBRjKanF1GKuKcUWQ0ktlpRaLKnE1mKMtbVUUyelxZJSjCWVGFusubbWagylxFZKi7GklFtrMdcW",
    "Y46hpBZLK7GVlFpsteXYWss1tVRjSq3WFmONMeWUa609p9ZiTTHV2lqsudWWW8y1505Ka6WUFktKMbbWYo0x5hxKaa2kFFsp",
    "KcbWWq2txVxDKbGV0losqcTYYqy1xVZjaq3GFlutpbVaa629xlZbLq3V3GKsPbWUa6y15lhTbQUAAAw4AAAEmFAGCg1ZCQBE",
    "AQAAxjDGGIRGKceck9Io5ZxzUirnIISQUuYchBBSypyDUEpLmXMQSkkplJJSaq2FUlJqrbUCAAAKHAAAAmzQlFgcoNCQlQBA",
    "KgCAwXE0TRRV1XV9X7EsUVRV15Vt41csTRRVVXZtW/g1UVRV17Vt2xZ+TRRVVXZl2baFoqq6sm3bsm4Lw6iqrmvbsm3rqK6r",
    "27qt27ovVF1Zlm1bt3Ud17Z13fZ1XfgZs23rtm7rvvAjDEff+CHk4/t0QggAAE9wAAAqsGF1hJOiscBCQ1YCABkAAIAxShmF",
    "GDNIMaYYY0wxxpgAAIABBwCAABPKQKEhKwKAKAAAwDnnnHPOOeecc84555xzzjnnnHOOMcYYY4wxxhhjjDHGGGOMMcYYY4wx",
    "xhhjjDHGGGNMAMBOhAPAToSFUGjISgAgHAAAQAghKSmllFJKEVPOQUkppZRSqhSDjEpKKaWUUqQUdZRSSimllCKloKSSUkop",
    "pZRJSSmllFJKKaWMOkoppZRSSimllFJKKaWUUkoppZRSSimllFJKKaWUUkoppZRSSimllFJKKaWUUkoppZRSSimllFJKKaWU",
    "UkoppZRSSimlVEoppZRSSimllFJKKaUUAGDy4AAAlWDjDCtJZ4WjwYWGrAQAcgMAAIUYgxBCaa2kVFJKJVXOQSgllJRKSimV",
    "lFKqmIMQSiqppZJSSim10kEooZRQSikllFJKKCWEEEoJoZRUQiuphFJKB6GEEkIpoYRUSikllM5BKCGFDkJJpZTUQkgddFRS",
    "KSGVUkopJaWUOgihlJJSSy2VUlpKqXQSUimpldRSaqm1klIJoaRWSkklpdJaSSW1EkpJJaWUUksphVRSSSWEklIqJbWWWkqp",
    "tdZSSKmVlFJKqaXUUkolpZBKSqmUklJqJZWUUmohlZRKSSmk1EoppaRUQkmppVJaSi21lEpJqbRUUkmllJRKSSmlUkpLKaUS",
    "SkqppZRaSSmFklJKKZWSUksltVRKCiWllFJJqbSUUksplZJSAQBABw4AAAFGVFqInWZceQSOKGSYgAIAAEAAQIAJIDBAUDAK",
    "QYAwAgEAAAAAwAAAHwAARwEQEdGcwQFCgsICQ4PDAwAAAAAAAAAAAAAAgE9nZ1MABCADAAAAAAAAOp05FAIAAADhSra9BRsP",
    "Dw4PsuMpv7dEAEALg6KMjAyAE1Cq0SzN0iwBUAEAvuTr6I4CADwNAMC+JQAAvuTr6I4CADwNAMC+JQAAuuPrTzsKAHAjAADk",
    "AACeTa2azSOnAQDY/xwCAAA=",
);

#[test]
fn scan_lists_audio_files_sorted_by_name_and_ignores_the_rest() {
    let tmp = TempDir::new("scan");
    let root = tmp.path();
    let one = |_: usize, _: usize| 0.5;
    for f in [
        "b.wav",
        "a.wav",
        "C.WAV",
        "10.wav",
        "2.wav",
        "x.flac",
        "y.OGG",
        ".hidden.wav",
        "._a.wav",
    ] {
        write_wav(&root.join("bd").join(f), 44100, 1, Fmt::I16, 10, one);
    }
    std::fs::write(root.join("bd/readme.txt"), "not audio").unwrap();
    std::fs::create_dir_all(root.join("bd/nested")).unwrap();
    write_wav(
        &root.join("bd/nested/deep.wav"),
        44100,
        1,
        Fmt::I16,
        10,
        one,
    );
    // No audio: no bank. Hidden folder: no bank. Files at the root: ignored.
    std::fs::create_dir_all(root.join("empty")).unwrap();
    std::fs::write(root.join("empty/notes.txt"), "x").unwrap();
    write_wav(&root.join(".git/x.wav"), 44100, 1, Fmt::I16, 10, one);
    write_wav(&root.join("loose.wav"), 44100, 1, Fmt::I16, 10, one);
    write_wav(&root.join("sn/0.aif.wav"), 44100, 1, Fmt::I16, 10, one);

    let index = scan(root).unwrap();
    assert_eq!(index.names().collect::<Vec<_>>(), ["bd", "sn"]);
    let bd = index.get("bd").unwrap();
    assert_eq!(bd.dir, root.join("bd"));
    // Byte order, as SuperDirt: digits < upper case < lower case; "10" before "2".
    assert_eq!(
        names(&bd.files),
        ["10.wav", "2.wav", "C.WAV", "a.wav", "b.wav", "x.flac", "y.OGG"]
    );
    assert!(index.problems().is_empty());

    let missing = root.join("nope");
    match scan(&missing) {
        Err(SampleError::Io { path, .. }) => assert_eq!(path, missing),
        other => panic!("{other:?}"),
    }
}

#[test]
fn scan_paths_first_root_wins_and_missing_roots_are_skipped() {
    let tmp = TempDir::new("roots");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_wav(&a.join("bd/1.wav"), 44100, 1, Fmt::I16, 10, |_, _| 0.1);
    write_wav(&b.join("bd/1.wav"), 44100, 1, Fmt::I16, 10, |_, _| 0.1);
    write_wav(&b.join("bd/2.wav"), 44100, 1, Fmt::I16, 10, |_, _| 0.1);
    write_wav(&b.join("hh/1.wav"), 44100, 1, Fmt::I16, 10, |_, _| 0.1);
    let roots = vec![tmp.path().join("missing"), a.clone(), b.clone()];
    let index = BankIndex::scan_paths(&roots);
    assert_eq!(index.roots(), &roots[..]);
    assert_eq!(index.names().collect::<Vec<_>>(), ["bd", "hh"]);
    assert_eq!(index.get("bd").unwrap().files, vec![a.join("bd/1.wav")]);
    assert_eq!(index.get("hh").unwrap().dir, b.join("hh"));
}

#[test]
fn wav_bit_depths_and_channels_decode_to_f32() {
    let tmp = TempDir::new("depths");
    let d = tmp.path();
    let f = |i: usize, c: usize| ((i * 37 + c * 11) % 200) as f32 / 100.0 - 1.0;
    // Integers: written as round(x * (2^(b-1) - 1)), read back as n / 2^(b-1).
    let cases: [(&str, u32, u16, Fmt, f32); 4] = [
        ("i8.wav", 22050, 1, Fmt::I8, 1.5 / 127.0),
        ("i16.wav", 44100, 1, Fmt::I16, 1.5 / 32767.0),
        ("i24.wav", 48000, 2, Fmt::I24, 1.5 / 8_388_607.0),
        ("f32.wav", 48000, 2, Fmt::F32, 1e-7),
    ];
    for (name, rate, channels, fmt, tol) in cases {
        let path = d.join(name);
        write_wav(&path, rate, channels, fmt, 1000, f);
        let s = decode_file(&path).unwrap();
        assert_eq!(s.sample_rate, rate as f32, "{name}");
        assert_eq!(s.left.len(), 1000, "{name}");
        assert_eq!(s.right.is_some(), channels == 2, "{name}");
        for i in 0..1000 {
            assert!(
                (s.left[i] - f(i, 0)).abs() <= tol,
                "{name} left[{i}] = {} vs {}",
                s.left[i],
                f(i, 0)
            );
            if let Some(r) = &s.right {
                assert!((r[i] - f(i, 1)).abs() <= tol, "{name} right[{i}]");
            }
        }
    }
    // More than two channels: the first two are kept.
    let path = d.join("quad.wav");
    write_wav(&path, 48000, 4, Fmt::F32, 100, |i, c| {
        c as f32 * 0.25 - 0.5 + i as f32 * 0.0
    });
    let s = decode_file(&path).unwrap();
    assert!(s.left.iter().all(|v| *v == -0.5));
    assert!(s.right.unwrap().iter().all(|v| *v == -0.25));
}

#[test]
fn flac_and_ogg_vorbis_decode() {
    let flac = decode_bytes(base64(STEREO_FLAC), Path::new("st.flac")).unwrap();
    assert_eq!((flac.sample_rate, flac.left.len()), (8000.0, 800));
    let right = flac.right.as_ref().expect("stereo FLAC stays stereo");
    assert_eq!(dominant(&flac.left, 8000.0, &[1000.0, 2500.0]), 1000.0);
    assert_eq!(dominant(right, 8000.0, &[1000.0, 2500.0]), 2500.0);
    // `gain -6`: peak 0.5.
    let peak = flac.left.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!((peak - 0.5).abs() < 0.01, "peak {peak}");

    // Lossy, but gapless: the encoder's padding is trimmed, the length is exact.
    let ogg = decode_bytes(base64(MONO_OGG), Path::new("m.ogg")).unwrap();
    assert_eq!(ogg.sample_rate, 8000.0);
    assert!(ogg.right.is_none());
    assert_eq!(ogg.left.len(), 800);
    assert_eq!(
        dominant(
            &ogg.left[100..700],
            8000.0,
            &[500.0, 1000.0, 1500.0, 2000.0]
        ),
        1000.0
    );
    assert!(
        (rms(&ogg.left[100..700]) - 0.5 / 2f64.sqrt()).abs() < 0.05,
        "rms {}",
        rms(&ogg.left[100..700])
    );

    // Same bytes through a file with an upper-case extension, resampled.
    let tmp = TempDir::new("flac");
    let path = tmp.path().join("ST.FLAC");
    std::fs::write(&path, base64(STEREO_FLAC)).unwrap();
    let s = load_file(&path, 48000.0).unwrap();
    assert_eq!(s.left.len(), 4800);
    assert_eq!(
        dominant(
            s.right.as_ref().unwrap(),
            48000.0,
            &[1000.0, 2500.0, 5500.0]
        ),
        2500.0
    );
}

#[test]
fn a_1khz_sine_stays_1khz_from_44k1_to_48k() {
    let tmp = TempDir::new("sine");
    let path = tmp.path().join("sine.wav");
    write_wav(&path, 44100, 1, Fmt::I16, 22050, sine(1000.0, 44100, 0.5));
    let s = load_file(&path, 48000.0).unwrap();
    assert_eq!(s.sample_rate, 48000.0);
    assert!(s.right.is_none());
    // 0.5 s at 48 kHz.
    assert_eq!(s.left.len(), 24000);
    let mid = &s.left[2400..21600];
    let zc = crossings_per_second(mid, 48000.0);
    assert!((zc - 2000.0).abs() < 5.0, "{zc} crossings/s");
    // Not played at the wrong rate (1088 Hz) and no energy elsewhere.
    let p = power_at(mid, 48000.0, 1000.0);
    assert!(
        p > 1000.0 * power_at(mid, 48000.0, 1088.4),
        "1 kHz vs 1088 Hz"
    );
    assert!(
        (rms(mid) - 0.5 / 2f64.sqrt()).abs() < 0.005,
        "rms {}",
        rms(mid)
    );
    // Stays in phase with the original: compare with the ideal 1 kHz sine at 48 kHz.
    let ideal = sine(1000.0, 48000, 0.5);
    let err = mid
        .iter()
        .enumerate()
        .map(|(i, v)| (v - ideal(i + 2400, 0)).abs())
        .fold(0.0f32, f32::max);
    assert!(err < 0.002, "max error against the ideal sine {err}");
}

#[test]
fn stereo_48k_to_44k1_keeps_channels_length_and_onsets() {
    let tmp = TempDir::new("stereo");
    let path = tmp.path().join("st.wav");
    // Silence for 0.2 s, then 1 kHz left and 3 kHz right; 0.6 s.
    let onset = 9600;
    write_wav(&path, 48000, 2, Fmt::F32, 28800, |i, c| {
        if i < onset {
            0.0
        } else {
            sine([1000.0, 3000.0][c], 48000, 0.5)(i - onset, 0)
        }
    });
    let s = load_file(&path, 44100.0).unwrap();
    assert_eq!(s.left.len(), 26460);
    let right = s.right.as_ref().expect("stereo stays stereo");
    assert_eq!(right.len(), 26460);
    let l = &s.left[9000..26000];
    let r = &right[9000..26000];
    assert_eq!(dominant(l, 44100.0, &[1000.0, 3000.0]), 1000.0);
    assert_eq!(dominant(r, 44100.0, &[1000.0, 3000.0]), 3000.0);
    assert!(
        power_at(l, 44100.0, 1000.0) > 1e4 * power_at(l, 44100.0, 3000.0),
        "channels stay apart"
    );
    // The onset stays at 0.2 s (8820 at 44.1 kHz): the filter delay is removed.
    let first = |x: &[f32]| x.iter().position(|v| v.abs() > 0.05).unwrap();
    for x in [&s.left[..], &right[..]] {
        let at = first(x) as i64;
        assert!((at - 8820).abs() <= 3, "onset at {at}");
        // The sinc's pre-ringing before the onset stays small.
        assert!(x[..8800].iter().all(|v| v.abs() < 0.02));
    }
}

#[test]
fn same_rate_is_bit_exact_and_resample_is_a_no_op() {
    let tmp = TempDir::new("same");
    let path = tmp.path().join("s.wav");
    write_wav(&path, 48000, 2, Fmt::F32, 500, |i, c| {
        (i as f32 * 0.01 + c as f32).sin()
    });
    let decoded = decode_file(&path).unwrap();
    let loaded = load_file(&path, 48000.0).unwrap();
    assert_eq!(decoded, loaded);
    assert_eq!(resample(&decoded, 48000.0), decoded);
    // Going up and back down keeps the length.
    let up = resample(&decoded, 96000.0);
    assert_eq!(up.left.len(), 1000);
    assert_eq!(resample(&up, 48000.0).left.len(), 500);
    let odd = Sample {
        left: vec![0.25; 1001],
        right: None,
        sample_rate: 44100.0,
    };
    // A rate with no small exact ratio (44.1 kHz to 47.999 kHz) still resamples.
    let r = resample(&odd, 47999.0);
    assert_eq!(
        r.left.len(),
        (1001.0f64 * 47999.0 / 44100.0).round() as usize
    );
    assert!((r.left[500] - 0.25).abs() < 0.01, "{}", r.left[500]);
}

#[test]
fn folder_banks_override_the_kit_wrap_and_are_cached() {
    let tmp = TempDir::new("library");
    let root = tmp.path();
    // `tone:i` is a sine at 300 * (i + 1) Hz; three files.
    for i in 0..3 {
        write_wav(
            &root.join(format!("tone/t{i}.wav")),
            44100,
            1,
            Fmt::I16,
            22050,
            sine(300.0 * (i + 1) as f64, 44100, 0.5),
        );
    }
    write_wav(
        &root.join("bd/kick.wav"),
        48000,
        1,
        Fmt::I16,
        4800,
        sine(60.0, 48000, 0.5),
    );
    let index = scan(root).unwrap();
    let mut lib = Library::with_kit(48000.0);
    let kit_sn = lib.banks["sn"].clone();
    assert!(lib.banks["bd"].len() > 1);
    let errors = lib.load_banks(&index, &["tone", "bd", "sn", "tone"]);
    assert!(errors.is_empty(), "{errors:?}");
    // The folder's `bd` replaces the kit's; `sn` (no folder) stays the kit's.
    assert_eq!(lib.banks["bd"].len(), 1);
    assert_eq!(lib.banks["bd"][0].left.len(), 4800);
    assert!(lib.is_folder_bank("bd") && !lib.is_folder_bank("sn"));
    assert!(Arc::ptr_eq(&lib.banks["sn"][0], &kit_sn[0]));
    // Files in name order, each resampled to 48 kHz.
    let tone = lib.banks["tone"].clone();
    for (i, s) in tone.iter().enumerate() {
        assert_eq!(s.sample_rate, 48000.0);
        assert_eq!(s.left.len(), 24000);
        let f = dominant(&s.left[1000..23000], 48000.0, &[300.0, 600.0, 900.0]);
        assert_eq!(f, 300.0 * (i + 1) as f64, "tone:{i}");
    }

    // `name:N` wraps (in the engine): `tone:4` plays file 4 mod 3 = 1 (600 Hz), `tone:5` file 2.
    for (n, want) in [(4, 600.0), (5, 900.0), (3, 300.0)] {
        let spec = RenderSpec {
            sample_rate: 48000,
            cycles: 1.0,
            beats_per_cycle: 4.0,
        };
        let out = render(
            &format!("cps: 0.5\nout $ s \"tone:{n}\""),
            &lib,
            &spec,
            || 512,
            |_, _| {},
        )
        .unwrap();
        let start = out
            .left
            .iter()
            .position(|v| v.abs() > 1e-4)
            .expect("tone plays");
        let body = &out.left[start + 500..start + 20000];
        assert_eq!(
            dominant(body, 48000.0, &[300.0, 600.0, 900.0]),
            want,
            "tone:{n}"
        );
    }

    // Loading again decodes nothing: the same samples come back.
    let mut again = lib.clone();
    assert!(again.load_banks(&index, &["tone"]).is_empty());
    assert!(again.banks["tone"]
        .iter()
        .zip(&tone)
        .all(|(a, b)| Arc::ptr_eq(a, b)));
    // A changed file is decoded again; the unchanged ones are reused.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_wav(
        &root.join("tone/t1.wav"),
        44100,
        1,
        Fmt::I16,
        4410,
        sine(600.0, 44100, 0.5),
    );
    let index = scan(root).unwrap();
    assert!(again.load_banks(&index, &["tone"]).is_empty());
    assert!(Arc::ptr_eq(&again.banks["tone"][0], &tone[0]));
    assert_eq!(again.banks["tone"][1].left.len(), 4800);

    // The folder goes away: `bd` is the kit's again, `tone` is unknown.
    let errors = again.load_banks(&BankIndex::empty(), &["bd", "tone"]);
    assert!(!again.is_folder_bank("bd") && again.banks["bd"].len() > 1);
    assert_eq!(errors.len(), 1);
    assert!(matches!(&errors[0], SampleError::Unknown { name, .. } if name == "tone"));
}

#[test]
fn load_errors_name_the_file_and_the_rest_of_the_bank_loads() {
    let tmp = TempDir::new("errors");
    let root = tmp.path();
    write_wav(&root.join("hh/a.wav"), 44100, 1, Fmt::I16, 441, |_, _| 0.5);
    std::fs::write(root.join("hh/b.wav"), b"RIFF not really a wave file").unwrap();
    write_wav(&root.join("hh/c.wav"), 44100, 1, Fmt::I16, 441, |_, _| 0.25);
    std::fs::write(root.join("hh/d.ogg"), b"").unwrap();
    let index = scan(root).unwrap();
    assert_eq!(index.get("hh").unwrap().files.len(), 4);
    let mut lib = Library::with_kit(44100.0);
    let errors = lib.load_banks(&index, &["hh"]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    for (e, file) in errors.iter().zip(["b.wav", "d.ogg"]) {
        let msg = e.to_string();
        assert!(
            matches!(e, SampleError::Decode { path, .. } if path == &root.join("hh").join(file)),
            "{e:?}"
        );
        assert!(
            msg.starts_with(&format!(
                "cannot decode `{}`: ",
                root.join("hh").join(file).display()
            )),
            "{msg}"
        );
    }
    assert_eq!(lib.banks["hh"].len(), 2);
    assert!(
        (lib.banks["hh"][1].left[10] - 0.25).abs() < 1e-4,
        "hh:1 is c.wav"
    );

    // A bank whose every file fails keeps the kit's sound.
    std::fs::create_dir_all(root.join("cp")).unwrap();
    std::fs::write(root.join("cp/x.wav"), b"junk").unwrap();
    let index = scan(root).unwrap();
    let kit_cp = lib.banks["cp"].clone();
    assert_eq!(lib.load_banks(&index, &["cp"]).len(), 1);
    assert!(Arc::ptr_eq(&lib.banks["cp"][0], &kit_cp[0]));
    assert!(matches!(
        decode_file(&root.join("missing.wav")),
        Err(SampleError::Io { .. })
    ));
}

#[test]
fn unknown_names_say_where_phonon_looked() {
    let tmp = TempDir::new("unknown");
    let root = tmp.path().join("samples");
    write_wav(
        &root.join("breaks125/0.wav"),
        44100,
        1,
        Fmt::I16,
        100,
        |_, _| 0.1,
    );
    let missing = tmp.path().join("missing");
    let index = BankIndex::scan_paths(&[root.clone(), missing.clone()]);
    let mut lib = Library::with_kit(44100.0);
    let errors = lib.load_banks(&index, &["brks125", "bd", "breaks125"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].to_string(),
        format!(
            "unknown sample `brks125`: not in the embedded kit, not found in {}, {} (did you mean `breaks125`?)",
            root.display(),
            missing.display()
        )
    );
    // Kit names are suggested too; with no folder at all the message says so.
    let index = BankIndex::scan_paths(std::slice::from_ref(&missing));
    let errors = lib.load_banks(&index, &["cpp"]);
    assert_eq!(
        errors[0].to_string(),
        format!(
            "unknown sample `cpp`: not in the embedded kit, and no sample folder exists at {} (did you mean `cp`?)",
            missing.display()
        )
    );
}

/// The only test that touches the process environment (it restores `PHONON_SAMPLES`).
#[test]
fn phonon_samples_env_var_is_searched_after_the_configured_folder() {
    let tmp = TempDir::new("env");
    let (a, b, cfg) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("cfg"),
    );
    write_wav(&a.join("arpy/0.wav"), 44100, 1, Fmt::I16, 100, |_, _| 0.1);
    write_wav(&b.join("arpy/0.wav"), 44100, 1, Fmt::I16, 100, |_, _| 0.1);
    write_wav(
        &b.join("superbass/0.wav"),
        44100,
        1,
        Fmt::I16,
        100,
        |_, _| 0.1,
    );
    write_wav(&cfg.join("arpy/1.wav"), 44100, 1, Fmt::I16, 100, |_, _| 0.1);
    let saved = std::env::var_os("PHONON_SAMPLES");
    let list = std::env::join_paths([&a, &b]).unwrap();
    std::env::set_var("PHONON_SAMPLES", &list);
    let paths = search_paths(Some(&cfg));
    let index = BankIndex::discover(Some(&cfg));
    let without = search_paths(None);
    match saved {
        Some(v) => std::env::set_var("PHONON_SAMPLES", v),
        None => std::env::remove_var("PHONON_SAMPLES"),
    }
    assert_eq!(&paths[..3], &[cfg.clone(), a.clone(), b.clone()]);
    assert!(
        paths[3..].iter().all(|p| p.ends_with("Dirt-Samples")),
        "{paths:?}"
    );
    assert_eq!(without[..2], [a.clone(), b.clone()]);
    assert_eq!(
        index.get("arpy").unwrap().files,
        vec![cfg.join("arpy/1.wav")]
    );
    assert_eq!(index.get("superbass").unwrap().dir, b.join("superbass"));
}

#[test]
fn an_impulse_stays_in_place_at_every_ratio() {
    // 44.1 <-> 48 and 48 -> 96 use exact phases, 47.999 kHz the interpolated table.
    for (from, to) in [
        (44100.0f32, 48000.0f32),
        (48000.0, 44100.0),
        (44100.0, 47999.0),
        (48000.0, 96000.0),
        (96000.0, 44100.0),
        (22050.0, 48000.0),
    ] {
        let mut left = vec![0.0f32; 4000];
        left[2000] = 1.0;
        let r = resample(
            &Sample {
                left,
                right: None,
                sample_rate: from,
            },
            to,
        );
        assert_eq!(
            r.left.len(),
            (4000.0 * to as f64 / from as f64).round() as usize
        );
        let expected = 2000.0 * to as f64 / from as f64;
        let peak = (0..r.left.len())
            .max_by(|a, b| r.left[*a].total_cmp(&r.left[*b]))
            .unwrap();
        assert!(
            (peak as f64 - expected).abs() <= 1.0,
            "{from} -> {to}: peak at {peak}, expected {expected}"
        );
        // Energy is kept (for upsampling; downsampling removes what is above the new Nyquist).
        let sum: f32 = r.left.iter().sum();
        assert!(
            (sum as f64 - to as f64 / from as f64).abs() < 0.02,
            "{from} -> {to}: DC gain {sum}"
        );
    }
}

/// A 16-bit big-endian AIFF (FORM/COMM/SSND), written by hand: hound writes only WAV.
fn write_aiff(
    path: &Path,
    rate: u32,
    channels: u16,
    frames: usize,
    f: impl Fn(usize, usize) -> f32,
) {
    let mut ssnd = vec![0u8; 8]; // offset, block size
    for i in 0..frames {
        for c in 0..channels as usize {
            ssnd.extend_from_slice(&((f(i, c) * 32767.0).round() as i16).to_be_bytes());
        }
    }
    let mut comm = Vec::new();
    comm.extend_from_slice(&channels.to_be_bytes());
    comm.extend_from_slice(&(frames as u32).to_be_bytes());
    comm.extend_from_slice(&16u16.to_be_bytes());
    // The rate as an 80-bit IEEE extended float.
    let e = 31 - rate.leading_zeros();
    comm.extend_from_slice(&((16383 + e) as u16).to_be_bytes());
    comm.extend_from_slice(&((rate as u64) << (63 - e)).to_be_bytes());
    let mut body = b"AIFF".to_vec();
    for (id, chunk) in [(b"COMM", &comm), (b"SSND", &ssnd)] {
        body.extend_from_slice(id);
        body.extend_from_slice(&(chunk.len() as u32).to_be_bytes());
        body.extend_from_slice(chunk);
    }
    let mut file = b"FORM".to_vec();
    file.extend_from_slice(&(body.len() as u32).to_be_bytes());
    file.extend_from_slice(&body);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, file).unwrap();
}

#[test]
fn aiff_decodes_and_is_scanned() {
    let tmp = TempDir::new("aiff");
    let path = tmp.path().join("perc/0.aif");
    write_aiff(&path, 44100, 2, 4410, |i, c| {
        sine([1000.0, 2000.0][c], 44100, 0.5)(i, 0)
    });
    write_aiff(&tmp.path().join("perc/1.AIFF"), 22050, 1, 100, |_, _| 0.25);
    let index = scan(tmp.path()).unwrap();
    assert_eq!(
        names(&index.get("perc").unwrap().files),
        ["0.aif", "1.AIFF"]
    );
    let s = decode_file(&path).unwrap();
    assert_eq!((s.sample_rate, s.left.len()), (44100.0, 4410));
    assert_eq!(
        dominant(s.right.as_ref().unwrap(), 44100.0, &[1000.0, 2000.0]),
        2000.0
    );
    let mut lib = Library::with_kit(48000.0);
    assert!(lib.load_banks(&index, &["perc"]).is_empty());
    assert_eq!(lib.banks["perc"][0].left.len(), 4800);
    assert_eq!(
        lib.banks["perc"][1].left.len(),
        (100.0f64 * 48000.0 / 22050.0).round() as usize
    );
    assert!((lib.banks["perc"][1].left[100] - 0.25).abs() < 0.01);
}
