//! Field work: inspection tasks, the on-site inspection (checklist, evidence, records,
//! review), checklist templates, and the sync panel of the device's outbox.

pub mod inspect;
pub mod sync_panel;
pub mod tasks;
pub mod templates;
