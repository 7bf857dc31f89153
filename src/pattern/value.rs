//! Event values: numbers, interned strings and control maps.
//!
//! Values are `Copy` so the audio thread can move them around freely. Strings are interned once,
//! off the audio thread, into a global append-only table; the audio thread only copies their ids.
//! Control maps live in the query arena.

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// An interned string. Ids below [`Sym::PREDEFINED`] are the well-known control names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

/// Well-known names, interned first so their ids are constants.
const PREDEFINED: &[&str] = &[
    "s",
    "n",
    "note",
    "gain",
    "speed",
    "pan",
    "velocity",
    "legato",
    "sustain",
    "begin",
    "end",
    "cut",
    "attack",
    "release",
    "hold",
    "loop",
    "unit",
    "accelerate",
    "octave",
    "orbit",
    "value",
];

impl Sym {
    pub const S: Sym = Sym(0);
    pub const N: Sym = Sym(1);
    pub const NOTE: Sym = Sym(2);
    pub const GAIN: Sym = Sym(3);
    pub const SPEED: Sym = Sym(4);
    pub const PAN: Sym = Sym(5);
    pub const VELOCITY: Sym = Sym(6);
    pub const LEGATO: Sym = Sym(7);
    pub const SUSTAIN: Sym = Sym(8);
    pub const BEGIN: Sym = Sym(9);
    pub const END: Sym = Sym(10);
    pub const CUT: Sym = Sym(11);
    pub const ATTACK: Sym = Sym(12);
    pub const RELEASE: Sym = Sym(13);
    pub const HOLD: Sym = Sym(14);
    pub const LOOP: Sym = Sym(15);
    pub const UNIT: Sym = Sym(16);
    pub const ACCELERATE: Sym = Sym(17);
    pub const OCTAVE: Sym = Sym(18);
    pub const ORBIT: Sym = Sym(19);
    /// The key a plain value gets when it meets a control map in arithmetic (Strudel's
    /// `_composeOp` wraps it as `{value: x}`).
    pub const VALUE: Sym = Sym(20);
    pub const PREDEFINED: u32 = PREDEFINED.len() as u32;

    /// Interns `name` (takes a lock and may allocate: never on the audio thread).
    pub fn intern(name: &str) -> Sym {
        let table = interner();
        if let Some(&id) = table.read().expect("interner poisoned").ids.get(name) {
            return Sym(id);
        }
        let mut w = table.write().expect("interner poisoned");
        if let Some(&id) = w.ids.get(name) {
            return Sym(id);
        }
        let id = w.names.len() as u32;
        let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
        w.names.push(leaked);
        w.ids.insert(leaked, id);
        numerals().set(id, numeral(leaked));
        Sym(id)
    }

    /// The number this string stands for in arithmetic (Strudel's `parseNumeral`: a numeric
    /// string, or a note name as MIDI with default octave 3, `c` = 48, `c4` = 60). Lock-free,
    /// computed when the name was interned: safe on the audio thread.
    pub fn numeral(self) -> Option<f64> {
        numerals().get(self.0)
    }

    /// The interned text (takes a read lock: never on the audio thread).
    pub fn text(self) -> &'static str {
        interner().read().expect("interner poisoned").names[self.0 as usize]
    }
}

/// Strudel's `parseNumeral` for a string: `Number(s)` when numeric, else a note name
/// (`^[a-gA-G][#bsf]*-?[0-9]*$`) as MIDI with default octave 3, else `None`.
pub fn numeral(s: &str) -> Option<f64> {
    if let Some(x) = parse_js_number(s) {
        return Some(x);
    }
    note_to_midi(s)
}

/// Strudel's `noteToMidi(note, 3)` (`c3` = 48, `c4` = 60; `#`/`s` sharpen, `b`/`f` flatten).
pub fn note_to_midi(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let chroma = match b.first()?.to_ascii_lowercase() {
        b'c' => 0,
        b'd' => 2,
        b'e' => 4,
        b'f' => 5,
        b'g' => 7,
        b'a' => 9,
        b'b' => 11,
        _ => return None,
    };
    let mut i = 1;
    let mut offset = 0i64;
    while i < b.len() {
        match b[i] {
            b'#' | b's' => offset += 1,
            b'b' | b'f' => offset -= 1,
            _ => break,
        }
        i += 1;
    }
    let oct_text = &s[i..];
    let digits = oct_text.strip_prefix('-').unwrap_or(oct_text);
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let oct = if oct_text.is_empty() {
        3.0
    } else if digits.is_empty() {
        f64::NAN // `c-`: JS Number("-") is NaN
    } else {
        oct_text.parse::<f64>().ok()?
    };
    Some((oct + 1.0) * 12.0 + (chroma + offset) as f64)
}

/// A lock-free, append-only table of each symbol's numeral (f64 bits; `u64::MAX` = none),
/// written under the interner's lock and read from any thread: segment `k` holds
/// `64 << k` entries, allocated when the first id in it is interned.
struct Numerals {
    segs: [std::sync::atomic::AtomicPtr<std::sync::atomic::AtomicU64>; 26],
}

const NONE_BITS: u64 = u64::MAX;

impl Numerals {
    fn locate(id: u32) -> (usize, usize) {
        // Segment k covers ids [64 * (2^k - 1), 64 * (2^(k+1) - 1)).
        let x = id as u64 / 64 + 1;
        let k = 63 - x.leading_zeros() as usize;
        let start = 64 * ((1u64 << k) - 1);
        (k, (id as u64 - start) as usize)
    }

    /// Called with the interner's write lock held.
    fn set(&self, id: u32, v: Option<f64>) {
        use std::sync::atomic::{AtomicU64, Ordering};
        let (k, i) = Self::locate(id);
        if k >= self.segs.len() {
            return;
        }
        let mut p = self.segs[k].load(Ordering::Acquire);
        if p.is_null() {
            let seg: Box<[AtomicU64]> = (0..(64usize << k))
                .map(|_| AtomicU64::new(NONE_BITS))
                .collect();
            p = Box::leak(seg).as_mut_ptr();
            self.segs[k].store(p, Ordering::Release);
        }
        let bits = v.map(f64::to_bits).unwrap_or(NONE_BITS);
        // SAFETY: `p` points to a leaked segment of `64 << k` entries and `i < 64 << k`.
        unsafe { (*p.add(i)).store(bits, Ordering::Release) };
    }

    fn get(&self, id: u32) -> Option<f64> {
        use std::sync::atomic::Ordering;
        let (k, i) = Self::locate(id);
        let p = self.segs.get(k)?.load(Ordering::Acquire);
        if p.is_null() {
            return None;
        }
        // SAFETY: as in `set`; segments are never freed.
        let bits = unsafe { (*p.add(i)).load(Ordering::Acquire) };
        (bits != NONE_BITS).then(|| f64::from_bits(bits))
    }
}

fn numerals() -> &'static Numerals {
    static TABLE: OnceLock<Numerals> = OnceLock::new();
    TABLE.get_or_init(|| Numerals {
        segs: std::array::from_fn(|_| std::sync::atomic::AtomicPtr::new(std::ptr::null_mut())),
    })
}

struct Interner {
    names: Vec<&'static str>,
    ids: HashMap<&'static str, u32>,
}

fn interner() -> &'static RwLock<Interner> {
    static TABLE: OnceLock<RwLock<Interner>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut it = Interner {
            names: Vec::new(),
            ids: HashMap::new(),
        };
        for (i, n) in PREDEFINED.iter().enumerate() {
            it.names.push(n);
            it.ids.insert(n, i as u32);
            numerals().set(i as u32, numeral(n));
        }
        RwLock::new(it)
    })
}

/// The value carried by an event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    Num(f64),
    Str(Sym),
    /// Control name to value, sorted by name id, no duplicates.
    Map(&'a [(Sym, Value<'a>)]),
    /// A list (`bd:3` in mini-notation; argument tuples inside operators).
    List(&'a [Value<'a>]),
}

impl<'a> Value<'a> {
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Value::Num(x) => Some(*x),
            _ => None,
        }
    }

    /// The value of control `key` in a control map.
    pub fn get(&self, key: Sym) -> Option<Value<'a>> {
        match self {
            Value::Map(m) => m.iter().find(|(k, _)| *k == key).map(|(_, v)| *v),
            _ => None,
        }
    }

    /// A number from a control map entry, if present and numeric.
    pub fn get_num(&self, key: Sym) -> Option<f64> {
        self.get(key).and_then(|v| v.as_num())
    }

    /// The value as JSON (for `phonon query`; allocates).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Num(x) => json_num(*x),
            Value::Str(s) => serde_json::Value::String(s.text().to_string()),
            Value::List(xs) => serde_json::Value::Array(xs.iter().map(|x| x.to_json()).collect()),
            Value::Map(m) => {
                let mut o = serde_json::Map::new();
                for (k, v) in m.iter() {
                    o.insert(k.text().to_string(), v.to_json());
                }
                serde_json::Value::Object(o)
            }
        }
    }
}

fn json_num(x: f64) -> serde_json::Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        serde_json::Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x)
            .map(serde_json::Value::Number)
            .unwrap_or(serde_json::Value::Null)
    }
}

/// Parses a mini-notation word the way Strudel does (`Number(word)` when numeric, else a string).
pub fn parse_word(word: &str) -> Value<'static> {
    match parse_js_number(word) {
        Some(x) => Value::Num(x),
        None => Value::Str(Sym::intern(word)),
    }
}

/// JS `Number(s)` for the forms mini-notation produces: decimals, exponents, hex.
pub fn parse_js_number(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return i64::from_str_radix(h, 16).ok().map(|v| v as f64);
    }
    let ok = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !ok || s.chars().filter(|c| c.is_ascii_digit()).count() == 0 {
        return None;
    }
    s.parse::<f64>().ok()
}
