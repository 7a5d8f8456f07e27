//! One integration-test binary (one link, shared harness): the real router over a real,
//! freshly migrated database per test.

mod api;
mod audit;
mod common;
mod devices;
mod dossier;
mod enterprises;
mod identity;
mod inspections;
mod isolation;
mod org;
mod seed;
mod static_files;
mod tasks;
