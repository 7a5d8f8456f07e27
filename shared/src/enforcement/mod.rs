//! Cases and penalties (C1–C4): the contract and the engines both the phone (offline) and the
//! server run: the civil date, the working-day calendar and the statutory clocks, the
//! discretion benchmark and its calculator, the case procedure as a state machine.

pub mod calendar;
pub mod case;
pub mod clocks;
pub mod day;
pub mod discretion;

pub use day::Day;
