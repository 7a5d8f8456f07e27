//! Handlers of the enforcement feature.

pub mod cases;
pub mod rules;
