//! Event values: numbers, interned strings and control maps.
//!
//! Values are `Copy` so the audio thread can move them around freely. Strings are interned once,
//! off the audio thread, into a global append-only table; the audio thread only copies their ids.
//! Control maps live in the query arena.

use super::control_table as table;
use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

/// An interned string. Ids below [`Sym::PREDEFINED`] are the well-known control names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

impl Sym {
    // The controls' ids: their index in the one control table (a name not in it does not
    // compile). The interner starts with the table's names, then `value`.
    pub const S: Sym = Sym(table::index("s"));
    pub const N: Sym = Sym(table::index("n"));
    pub const NOTE: Sym = Sym(table::index("note"));
    pub const GAIN: Sym = Sym(table::index("gain"));
    pub const SPEED: Sym = Sym(table::index("speed"));
    pub const PAN: Sym = Sym(table::index("pan"));
    pub const VELOCITY: Sym = Sym(table::index("velocity"));
    pub const LEGATO: Sym = Sym(table::index("legato"));
    pub const SUSTAIN: Sym = Sym(table::index("sustain"));
    pub const BEGIN: Sym = Sym(table::index("begin"));
    pub const END: Sym = Sym(table::index("end"));
    pub const CUT: Sym = Sym(table::index("cut"));
    pub const ATTACK: Sym = Sym(table::index("attack"));
    pub const RELEASE: Sym = Sym(table::index("release"));
    pub const HOLD: Sym = Sym(table::index("hold"));
    pub const LOOP: Sym = Sym(table::index("loop"));
    pub const UNIT: Sym = Sym(table::index("unit"));
    pub const ACCELERATE: Sym = Sym(table::index("accelerate"));
    pub const OCTAVE: Sym = Sym(table::index("octave"));
    pub const ORBIT: Sym = Sym(table::index("orbit"));
    pub const CUTOFF: Sym = Sym(table::index("cutoff"));
    pub const RESONANCE: Sym = Sym(table::index("resonance"));
    pub const HCUTOFF: Sym = Sym(table::index("hcutoff"));
    pub const HRESONANCE: Sym = Sym(table::index("hresonance"));
    pub const BANDF: Sym = Sym(table::index("bandf"));
    pub const BANDQ: Sym = Sym(table::index("bandq"));
    pub const CRUSH: Sym = Sym(table::index("crush"));
    pub const COARSE: Sym = Sym(table::index("coarse"));
    pub const SHAPE: Sym = Sym(table::index("shape"));
    pub const SCALE: Sym = Sym(table::index("scale"));
    pub const DELAY: Sym = Sym(table::index("delay"));
    pub const DELAYTIME: Sym = Sym(table::index("delaytime"));
    pub const LOCK: Sym = Sym(table::index("lock"));
    pub const AMP: Sym = Sym(table::index("amp"));
    pub const OVERGAIN: Sym = Sym(table::index("overgain"));
    pub const NUDGE: Sym = Sym(table::index("nudge"));
    pub const DELAYFEEDBACK: Sym = Sym(table::index("delayfeedback"));
    pub const ROOM: Sym = Sym(table::index("room"));
    pub const SIZE: Sym = Sym(table::index("size"));
    pub const DRY: Sym = Sym(table::index("dry"));
    pub const MIDICHAN: Sym = Sym(table::index("midichan"));
    pub const FREQ: Sym = Sym(table::index("freq"));
    pub const SQUIZ: Sym = Sym(table::index("squiz"));
    pub const WAVELOSS: Sym = Sym(table::index("waveloss"));
    pub const FSHIFT: Sym = Sym(table::index("fshift"));
    pub const FSHIFTNOTE: Sym = Sym(table::index("fshiftnote"));
    pub const FSHIFTPHASE: Sym = Sym(table::index("fshiftphase"));
    pub const TRIODE: Sym = Sym(table::index("triode"));
    pub const KRUSH: Sym = Sym(table::index("krush"));
    pub const KCUTOFF: Sym = Sym(table::index("kcutoff"));
    pub const OCTER: Sym = Sym(table::index("octer"));
    pub const OCTERSUB: Sym = Sym(table::index("octersub"));
    pub const OCTERSUBSUB: Sym = Sym(table::index("octersubsub"));
    pub const RING: Sym = Sym(table::index("ring"));
    pub const RINGF: Sym = Sym(table::index("ringf"));
    pub const RINGDF: Sym = Sym(table::index("ringdf"));
    pub const COMB: Sym = Sym(table::index("comb"));
    pub const DJF: Sym = Sym(table::index("djf"));
    pub const LESLIE: Sym = Sym(table::index("leslie"));
    pub const LRATE: Sym = Sym(table::index("lrate"));
    pub const LSIZE: Sym = Sym(table::index("lsize"));
    pub const VOICE: Sym = Sym(table::index("voice"));
    pub const DECAY: Sym = Sym(table::index("decay"));
    pub const LFO: Sym = Sym(table::index("lfo"));
    pub const RATE: Sym = Sym(table::index("rate"));
    pub const PITCH1: Sym = Sym(table::index("pitch1"));
    pub const SEMITONE: Sym = Sym(table::index("semitone"));
    pub const DETUNE: Sym = Sym(table::index("detune"));
    pub const BANK: Sym = Sym(table::index("bank"));
    /// The key a plain value gets when it meets a control map in arithmetic (Strudel's
    /// `_composeOp` wraps it as `{value: x}`).
    pub const VALUE: Sym = Sym(table::CONTROLS.len() as u32);
    /// Ids below this are the predefined names.
    pub const PREDEFINED: u32 = Self::VALUE.0 + 1;

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
        let predefined = table::CONTROLS.iter().map(|c| c.name).chain(["value"]);
        for (i, n) in predefined.enumerate() {
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
    match parse_js_number(word).or_else(|| parse_ratio(word)) {
        Some(x) => Value::Num(x),
        None => Value::Str(Sym::intern(word)),
    }
}

/// Tidal's ratio in mini-notation: `1%8` is an eighth.
fn parse_ratio(word: &str) -> Option<f64> {
    let (n, d) = word.split_once('%')?;
    let (n, d) = (parse_js_number(n)?, parse_js_number(d)?);
    (d != 0.0).then(|| n / d)
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
