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
    "s", "n", "note", "gain", "speed", "pan", "velocity", "legato", "sustain", "begin", "end",
    "cut", "attack", "release", "hold", "loop", "unit", "accelerate", "octave", "orbit",
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
        Sym(id)
    }

    /// The interned text (takes a read lock: never on the audio thread).
    pub fn text(self) -> &'static str {
        interner().read().expect("interner poisoned").names[self.0 as usize]
    }
}

struct Interner {
    names: Vec<&'static str>,
    ids: HashMap<&'static str, u32>,
}

fn interner() -> &'static RwLock<Interner> {
    static TABLE: OnceLock<RwLock<Interner>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut it = Interner { names: Vec::new(), ids: HashMap::new() };
        for (i, n) in PREDEFINED.iter().enumerate() {
            it.names.push(n);
            it.ids.insert(n, i as u32);
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
        serde_json::Number::from_f64(x).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
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
    let ok = s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !ok || s.chars().filter(|c| c.is_ascii_digit()).count() == 0 {
        return None;
    }
    s.parse::<f64>().ok()
}
