//! Handlers of the registry feature.

pub mod dossier;
pub mod enterprises;
