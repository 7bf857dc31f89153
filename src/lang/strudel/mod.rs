//! The Strudel front-end: the JavaScript subset Strudel code is written in (calls and method
//! chains, arrow functions, `const`/`let`, arrays and objects, `$:` blocks, `setcps`/`setcpm`,
//! `samples`, `register`, `all`), lowered to the same syntax tree the Tidal front-end builds,
//! so both share one evaluator, one function table and one engine.
//!
//! Why a hand-written parser for the subset rather than a JavaScript parser crate: the subset
//! is small (one file of precedence climbing), it builds in a second on two cores where a full
//! ECMAScript parser (swc, oxc, boa) adds minutes and megabytes, and its errors can speak to a
//! musician: "`for` loops: JavaScript outside what Phonon runs" at the loop's column, rather
//! than a general parser's view of valid JavaScript that Phonon would then refuse anyway.

pub mod builtins;
mod lexer;
mod lower;
pub mod names;
mod parser;
mod syntax;

pub use lower::Lowered;
pub use names::is_strudel_name;

use super::ast::Expr;
use super::error::LangError;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Which language a program is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Dialect {
    /// Tidal's Haskell syntax and Phonon's own (`d1 $ s "bd"`, `out $ ...`).
    #[default]
    Tidal,
    /// Strudel's JavaScript (`s("bd").fast(2)`, `$: note("c e")`).
    Strudel,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Tidal => "Tidal",
            Dialect::Strudel => "Strudel",
        }
    }
}

/// Guesses the dialect of program text from the marks each language leaves: Strudel's calls on
/// strings (`s("`), method chains (`).`), `$:` blocks, arrows and `//` comments; Tidal's `d1 $`,
/// `# `, ` $ `, `--` comments and `out $`.
pub fn detect(src: &str) -> Dialect {
    let (mut js, mut hs) = (0i32, 0i32);
    for line in src.lines() {
        let t = line.trim_start();
        if t.starts_with("//") {
            js += 2;
            continue;
        }
        if t.starts_with("--") {
            hs += 2;
            continue;
        }
        if t.starts_with("$:") || t.starts_with("_$:") {
            js += 5;
        }
        for mark in [
            "(\"", "('", "(`", ").", "=>", "setcpm(", "setcps(", "const ", "await ",
        ] {
            js += line.matches(mark).count() as i32 * 2;
        }
        // A call written `name(` (Tidal applies with a space: `fast 2`, `(# speed 2)`).
        js += line
            .as_bytes()
            .windows(2)
            .filter(|w| w[1] == b'(' && (w[0].is_ascii_alphanumeric() || w[0] == b'_'))
            .count() as i32;
        let head = t.split_whitespace().next().unwrap_or("");
        if (head.starts_with('d') || head.starts_with('o') || head == "out")
            && t[head.len()..].trim_start().starts_with('$')
        {
            hs += 5;
        }
        for mark in [" $ ", "# ", " <~ ", " ~> ", "tempo:", "bpm:", "cps:"] {
            hs += line.matches(mark).count() as i32 * 2;
        }
    }
    if js > hs {
        Dialect::Strudel
    } else {
        Dialect::Tidal
    }
}

/// Every builtin name (to prefer `strudel:name` entries), computed once.
fn builtin_names() -> &'static HashSet<&'static str> {
    static NAMES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| super::eval::all_table_names().into_iter().collect())
}

/// Parses and lowers a Strudel program.
pub fn parse_program(src: &str) -> Result<Lowered, LangError> {
    let stmts = parser::parse(src)?;
    lower::Lower::new(src, builtin_names()).program(stmts)
}

/// Parses and lowers one Strudel expression (`s("bd sd").fast(2)`).
pub fn parse_expr(src: &str) -> Result<Expr, LangError> {
    let j = parser::parse_expression(src)?;
    lower::Lower::new(src, builtin_names()).expr(&j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language() {
        assert_eq!(
            detect("$: s(\"bd*4\").bank('RolandTR909')"),
            Dialect::Strudel
        );
        assert_eq!(detect("note(\"c e g\").s(\"sawtooth\")"), Dialect::Strudel);
        assert_eq!(detect("d1 $ s \"bd*2\" # gain 0.8"), Dialect::Tidal);
        assert_eq!(detect("out $ sine 440 * 0.2"), Dialect::Tidal);
        assert_eq!(
            detect("-- a comment\nd1 $ n \"0 2\" # s \"superpiano\""),
            Dialect::Tidal
        );
        assert_eq!(
            detect("// drums\nsetcpm(120/4)\nstack(s(\"bd\"), s(\"hh*4\"))"),
            Dialect::Strudel
        );
        assert_eq!(
            detect("stack(\n  \"c3@3 [eb3, g3]\",\n  \"c2 g2\"\n)"),
            Dialect::Strudel
        );
        assert_eq!(
            detect("d1 $ every 2 (fast 2) $ sometimesBy 0.3 (# speed 2) $ s \"bd*2\""),
            Dialect::Tidal
        );
    }

    #[test]
    fn runaway_code_fails_in_bounded_time() {
        let t = std::time::Instant::now();
        // A chain as long as the parser allows (128 calls) lowers and evaluates on a test
        // thread's 2 MB stack.
        let chain = format!("s(\"bd\"){}", ".fast(1)".repeat(120));
        assert!(crate::lang::compile_program(&chain, 4.0).is_ok());
        let longer = format!("s(\"bd\"){}", ".fast(1)".repeat(5000));
        assert!(parse_program(&longer).is_err());
        // A function that calls itself is refused, not run forever.
        let rec = "register('f', (pat) => pat.f())\ns(\"bd\").f()";
        let e = crate::lang::compile_program(rec, 4.0)
            .err()
            .expect("an error");
        assert!(e.message.contains("itself"), "{}", e.message);
        // A huge array is read in linear time.
        let big = format!("n(\"0\").pick([{}])", "0,".repeat(100_000));
        let _ = crate::lang::compile_program(&big, 4.0);
        assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    }

    /// Inputs the `strudel` fuzz target found, each now an error with its position.
    #[test]
    fn fuzz_found_inputs_are_errors() {
        // A mini-notation error inside a string holding a two-byte character and a NUL.
        let nbsp = "+ (\"<0eb f\u{a0}\u{0}inYYY.0!7room\")";
        let mut opts = crate::lang::CompileOptions::new(4.0);
        opts.dialect = Some(Dialect::Strudel);
        let e = crate::lang::compile_program_with(nbsp, &opts)
            .err()
            .expect("an error");
        assert!(e.line == 1 && e.col >= 1, "{e:?}");
    }
}
