//! Business rules and transactions. Services take the database and the caller; they know
//! nothing of HTTP.

pub mod auth;
pub mod checklists;
pub mod devices;
pub mod dossier;
pub mod enterprises;
pub mod evidence;
pub mod inspections;
pub mod org;
pub mod pdf;
pub mod risk;
pub mod search;
pub mod tasks;
pub mod throttle;
pub mod timeline;
pub mod transfer;
pub mod users;
