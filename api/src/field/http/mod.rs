//! Handlers of the field feature.

pub mod checklists;
pub mod inspections;
pub mod tasks;
