//! One integration-test binary (one link, shared harness): the real router over a real,
//! freshly migrated database per test.

mod api;
mod audit;
mod cases;
mod common;
mod crash;
mod devices;
mod dispatch;
mod dossier;
mod enterprises;
mod fail_closed;
mod hardening;
mod identity;
mod inspections;
mod isolation;
mod jobs;
mod layout;
mod monitoring;
mod org;
mod overdue;
mod quality;
mod seed;
mod sessions;
mod static_files;
mod tasks;
