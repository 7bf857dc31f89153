//! The editor's view of each output, chosen in the code: Strudel's `.pianoroll()`,
//! `.scope()`, `.punchcard()` (and their inline forms `._pianoroll()` ...), or a comment
//! `-- view: pianoroll` (Tidal) / `// view: scope` (Strudel) anywhere in the output's block
//! (its lines and the indented lines continuing it) or on the comment lines right above it. The views shape nothing audible.

/// How the editor draws an output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum View {
    /// The events as blocks, one lane per sound (Strudel's punchcard).
    #[default]
    Punchcard,
    /// The notes as blocks at their pitch (`note`, `n`) over time.
    Pianoroll,
    /// The output's waveform.
    Scope,
    /// The output's magnitude spectrum.
    Spectrum,
}

/// Each view's name in comments and in the editor's selector, and the Strudel calls that pick
/// it (the `_` inline forms are the same view).
const TABLE: [(View, &str, &[&str]); 4] = [
    (View::Punchcard, "punchcard", &["punchcard", "wordfall"]),
    (View::Pianoroll, "pianoroll", &["pianoroll", "pitchwheel"]),
    (View::Scope, "scope", &["scope", "tscope"]),
    (View::Spectrum, "spectrum", &["spectrum", "fscope"]),
];

/// The word before a view's name in a comment: `-- view: scope`.
pub const COMMENT_KEY: &str = "view:";

impl View {
    pub const ALL: [View; 4] = [
        View::Punchcard,
        View::Pianoroll,
        View::Scope,
        View::Spectrum,
    ];

    /// The view's name (`pianoroll`).
    pub fn name(self) -> &'static str {
        TABLE.iter().find(|t| t.0 == self).map_or("", |t| t.1)
    }

    /// The view named `name` in a comment.
    pub fn from_name(name: &str) -> Option<View> {
        TABLE.iter().find(|t| t.1 == name).map(|t| t.0)
    }

    /// The view a Strudel call picks (`pianoroll`, `_scope`, `fscope` ...), if it picks one.
    pub fn from_strudel(call: &str) -> Option<View> {
        let call = call.strip_prefix('_').unwrap_or(call);
        TABLE.iter().find(|t| t.2.contains(&call)).map(|t| t.0)
    }
}

/// The view a comment in `line` names (`-- view: scope`, `// view: pianoroll`).
fn in_comment(line: &str) -> Option<View> {
    let at = [line.find("--"), line.find("//")]
        .into_iter()
        .flatten()
        .min()?;
    let comment = line[at + 2..].trim_start();
    let rest = comment.strip_prefix(COMMENT_KEY)?.trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    View::from_name(&word)
}

/// The view the comments choose for the statement whose block is `block` (the byte offsets
/// of its start and of its value's end in `src`): a comment anywhere on the block's lines or
/// on the indented lines that continue it (`  .scope()`, `  -- view: scope`), else one on the
/// unindented lines of comments directly above it.
pub fn comment_view(src: &str, block: (usize, usize)) -> Option<View> {
    let start = block.0.min(src.len());
    let end = block.1.clamp(start, src.len());
    let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[end..].find('\n').map_or(src.len(), |i| end + i);
    let continued = src[line_end..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with([' ', '\t']) && !l.trim().is_empty());
    if let Some(v) = src[line_start..line_end]
        .lines()
        .chain(continued)
        .find_map(in_comment)
    {
        return Some(v);
    }
    // Unindented: an indented comment continues the block above.
    for line in src[..line_start].lines().rev() {
        if !(line.starts_with("--") || line.starts_with("//")) {
            break;
        }
        if let Some(v) = in_comment(line) {
            return Some(v);
        }
    }
    None
}

/// The view of the output whose statement spans `block` (see [`comment_view`]): what its code
/// picks (`picked`, from the Strudel front-end: by statement offset, `usize::MAX` for every
/// output), else a comment.
pub fn chosen(src: &str, block: (usize, usize), picked: &[(usize, View)]) -> Option<View> {
    let find = |at: usize| picked.iter().rev().find(|p| p.0 == at).map(|p| p.1);
    find(block.0)
        .or_else(|| comment_view(src, block))
        .or_else(|| find(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_strudel_calls() {
        for v in View::ALL {
            assert_eq!(View::from_name(v.name()), Some(v));
        }
        assert_eq!(View::from_strudel("_pianoroll"), Some(View::Pianoroll));
        assert_eq!(View::from_strudel("fscope"), Some(View::Spectrum));
        assert_eq!(View::from_strudel("color"), None);
    }

    #[test]
    fn a_comment_on_the_line_or_above_chooses() {
        let src = "d1 $ s \"bd\" -- view: scope\n-- bass\n-- view: pianoroll\nd2 $ n \"0 3\"\n\nd3 $ s \"hh\"";
        let at = |s: &str| {
            let a = src.find(s).unwrap();
            (a, a + s.len())
        };
        assert_eq!(comment_view(src, at("d1 $ s \"bd\"")), Some(View::Scope));
        assert_eq!(
            comment_view(src, at("d2 $ n \"0 3\"")),
            Some(View::Pianoroll)
        );
        assert_eq!(comment_view(src, at("d3 $ s \"hh\"")), None);
        assert_eq!(
            comment_view("// view: spectrum\n$: s(\"bd\")", (18, 26)),
            Some(View::Spectrum)
        );
        assert_eq!(
            comment_view("-- view: nothing\nd1 $ s \"bd\"", (17, 28)),
            None
        );
    }

    /// Anywhere in the output's block: a later line of its value, or an indented line that
    /// continues it; not the next statement's lines.
    #[test]
    fn a_comment_anywhere_in_the_block_chooses() {
        let src = "d1 $ s \"bd sn\"\n  # lpf 800 -- view: scope\n  # room 0.3\nd2 $ n \"0\"\n  -- view: pianoroll\n\nd3 $ s \"hh\"\n-- view: spectrum\nd4 $ s \"cp\"";
        let block = |first: &str, last: &str| {
            let a = src.find(first).unwrap();
            let b = src.find(last).unwrap() + last.len();
            (a, b)
        };
        assert_eq!(comment_view(src, block("d1", "0.3")), Some(View::Scope));
        assert_eq!(
            comment_view(src, block("d2", "\"0\"")),
            Some(View::Pianoroll)
        );
        // An unindented comment line below d3 is d4's.
        assert_eq!(comment_view(src, block("d3", "\"hh\"")), None);
        assert_eq!(
            comment_view(src, block("d4", "\"cp\"")),
            Some(View::Spectrum)
        );
        // Strudel: a comment at the end of the chain.
        let src = "$: note(\"c e\")\n  .s(\"sawtooth\") // view: pianoroll\n$: s(\"bd\")";
        let a = src.find(".s(").unwrap() + 3;
        assert_eq!(comment_view(src, (0, a)), Some(View::Pianoroll));
        let d = src.rfind("$:").unwrap();
        assert_eq!(comment_view(src, (d, src.len())), None);
    }
}
