//! Field work: inspection tasks, the on-site inspection (checklist, evidence, records,
//! review), checklist templates, the sync panel of the device's outbox, and the inspector's
//! duty (position sharing on duty, incoming dispatch).

pub mod duty;
pub mod inspect;
pub mod sync_panel;
pub mod tasks;
pub mod templates;
