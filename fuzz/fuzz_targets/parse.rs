//! The parsers: any text gives statements or an error with a position, never a panic, a hang
//! or a stack overflow (program syntax and mini-notation).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    if let Err(e) = phonon::lang::parser::parse_program(&src) {
        assert!(e.line >= 1 && e.col >= 1, "error without a position: {e}");
    }
    let _ = phonon::lang::parser::parse_expr(&src);
    let _ = phonon::pattern::mini::parse::parse(&src);
});
