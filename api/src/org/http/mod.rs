//! Handlers of the organisation feature.

pub mod bureaus;
pub mod overview;
