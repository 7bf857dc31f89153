//! How Strudel's names map onto Phonon's: one table for each kind of name the lowering treats
//! differently from a plain call (`pat.f(a, b)` is `f a b pat`).

/// Calls that shape nothing audible: the editor's views (`pianoroll` ...) and labels. As a
/// method they return the pattern unchanged; as a statement they do nothing.
pub const VISUAL: &[&str] = &[
    "pianoroll",
    "_pianoroll",
    "punchcard",
    "_punchcard",
    "scope",
    "_scope",
    "tscope",
    "_tscope",
    "fscope",
    "_fscope",
    "spectrum",
    "_spectrum",
    "spiral",
    "_spiral",
    "pitchwheel",
    "_pitchwheel",
    "wordfall",
    "_wordfall",
    "color",
    "colour",
    "markcss",
    "draw",
    "onPaint",
    "play",
    "log",
    "logValues",
    "theme",
    "fontSize",
    "fontFamily",
];

/// Strudel's arithmetic methods and the operator family each is (`add` is `+`: `.add(x)` is
/// `|+ x`, `.add.out(x)` is `+| x`).
pub const OPERATORS: &[(&str, &str)] = &[
    ("add", "+"),
    ("sub", "-"),
    ("mul", "*"),
    ("div", "/"),
    ("mod", "%"),
    ("pow", "**"),
    ("set", ">"),
    ("keep", "<"),
];

/// Where each operator takes its structure from: `.add.in` (the default) as Tidal's `|+`,
/// `.out` as `+|`, `.mix` as `|+|`, `.squeeze` as `||+`, `.squeezeout` as `+||`.
pub fn operator(symbol: &str, how: &str) -> Option<String> {
    Some(match how {
        "in" => format!("|{symbol}"),
        "out" => format!("{symbol}|"),
        "mix" => format!("|{symbol}|"),
        "squeeze" => format!("||{symbol}"),
        "squeezeout" => format!("{symbol}||"),
        _ => return None,
    })
}

/// Functions whose arguments are a list of patterns: `stack(a, b)` is `stack [a, b]`, and as a
/// method the pattern comes first (`a.stack(b)` is `stack [a, b]`).
pub const LISTS: &[(&str, &str)] = &[
    ("stack", "stack"),
    ("polyrhythm", "stack"),
    ("pr", "stack"),
    ("cat", "cat"),
    ("slowcat", "cat"),
    ("slowCat", "cat"),
    ("seq", "fastcat"),
    ("sequence", "fastcat"),
    ("fastcat", "fastcat"),
    ("fastCat", "fastcat"),
    ("randcat", "randcat"),
    ("chooseCycles", "randcat"),
    ("choose", "choose"),
    ("polymeter", "polymeter"),
    ("s_polymeter", "polymeter"),
    ("pm", "polymeter"),
    ("chooseIn", "chooseIn"),
    ("chooseOut", "chooseOut"),
    ("arrange", "arrange"),
];

/// Functions taking `[weight, pattern]` (or `[value, weight]`) pairs, which Phonon writes as
/// a list of tuples.
pub const PAIRS: &[(&str, &str)] = &[
    ("wchoose", "wchoose"),
    ("wchooseCycles", "wrandcat"),
    ("wrandcat", "wrandcat"),
];

/// Strudel's stepwise concatenation: parts are `[steps, pattern]` pairs or patterns (their own
/// steps); lowered to `stepcat` over a list.
pub const STEPCATS: &[&str] = &["stepcat", "s_cat", "timecat", "timeCat"];

/// Functions of functions, collected in a list applied to the pattern (`layer(f, g)`).
pub const FUNCTION_LISTS: &[&str] = &["layer"];

/// Strudel's methods of one argument (registered with two parameters, the pattern last): given
/// more, Strudel sequences them into one argument (`.jux(id, rev)` is `.jux` of the sequence
/// `id rev`, `.fast(1, 2)` is `.fast("1 2")`; `register` in Strudel 1.2.6's `pattern.mjs`).
pub const SEQUENCED: &[&str] = &[
    "almostAlways",
    "almostNever",
    "always",
    "arp",
    "chop",
    "degradeBy",
    "density",
    "early",
    "fast",
    "fastGap",
    "fastgap",
    "hurry",
    "inhabit",
    "iter",
    "iterBack",
    "iterback",
    "jux",
    "late",
    "linger",
    "loopAt",
    "loopat",
    "never",
    "often",
    "pace",
    "ply",
    "pressBy",
    "rarely",
    "repeatCycles",
    "scramble",
    "seg",
    "segment",
    "shuffle",
    "slow",
    "someCycles",
    "sometimes",
    "striate",
    "swing",
    "undegradeBy",
];

/// Two numbers Phonon takes as one tuple (`zoom(0.25, 0.75)` is `zoom (0.25, 0.75)`).
pub const TUPLE_ARGS: &[&str] = &["zoom", "compress", "zoomArc", "compressSpan"];

/// Names Strudel spells differently from Phonon, for the same function.
pub const RENAMES: &[(&str, &str)] = &[
    ("mini", "id"),
    ("m", "id"),
    ("pure", "id"),
    ("reify", "id"),
    ("steady", "id"),
    ("h", "id"),
];

/// The Strudel name under which a Phonon builtin with Strudel's semantics is kept, where
/// Tidal has the same name with other semantics (`scale`): the lowering prefers it.
pub fn strudel_key(name: &str) -> String {
    format!("strudel:{name}")
}

/// Strudel's control names that Phonon spells otherwise (or keeps for a signal node, as `lpf`):
/// as a method or a function they set the Phonon control.
pub const CONTROL_RENAMES: &[(&str, &str)] = &[
    ("lpf", "cutoff"),
    ("lp", "cutoff"),
    ("hpf", "hcutoff"),
    ("hp", "hcutoff"),
    ("bpf", "bandf"),
    ("bp", "bandf"),
    ("clip", "legato"),
    ("vel", "velocity"),
    ("dec", "decay"),
    ("det", "detune"),
    ("o", "orbit"),
    ("roomsize", "size"),
    ("rsize", "size"),
    ("v", "vib"),
];

/// A per-event effect Phonon keeps as a signal node with a voice form (`vowel`): as a method it
/// is `#` (`pat.vowel("a")` is `pat # vowel "a"`).
pub fn is_voice_effect(name: &str) -> bool {
    crate::dsp::registry::NODES
        .iter()
        .any(|d| d.name == name && d.voice.is_some())
}

/// The Phonon control a Strudel control name sets, if it is one.
pub fn control(name: &str) -> Option<&str> {
    let to = CONTROL_RENAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(name, |(_, to)| *to);
    crate::pattern::controls::control_names(to).map(|_| to)
}

/// A name Strudel code uses that the lowering knows (for the editor's highlighting): the
/// tables above.
pub fn is_strudel_name(w: &str) -> bool {
    VISUAL.contains(&w)
        || OPERATORS.iter().any(|(n, _)| *n == w)
        || LISTS.iter().any(|(n, _)| *n == w)
        || PAIRS.iter().any(|(n, _)| *n == w)
        || RENAMES.iter().any(|(n, _)| *n == w)
        || CONTROL_RENAMES.iter().any(|(n, _)| *n == w)
        || matches!(w, "cpm" | "p" | "sine" | "saw" | "rand")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_renamed_control_is_one_of_phonons() {
        for (from, to) in CONTROL_RENAMES {
            assert_eq!(control(from), Some(*to), "{from}");
        }
    }
}
