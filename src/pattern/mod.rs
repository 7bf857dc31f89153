//! The pattern core: exact rational time, events, the query type, mini-notation, operators,
//! controls and Strudel's random generator. Imports nothing from the other layers.

pub mod control_table;
pub mod controls;
pub mod ctx;
pub mod hap;
pub mod mini;
pub mod now;
pub mod ops;
#[allow(clippy::module_inception)]
pub mod pattern;
pub mod rand;
pub mod theory;
pub mod time;
pub mod transform;
pub mod value;

pub use ctx::Ctx;
pub use hap::{Hap, Haps, Loc, Locs};
pub use pattern::Pattern;
pub use time::{Span, Time};
pub use value::{Sym, Value};
