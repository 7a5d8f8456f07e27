//! What every feature stands on: configuration, the database and its schema, errors and the
//! JSON extractor, request limits (body size, time, text lengths), authentication of a request, the access layer, tenancy ([`scope`]), the audit
//! chain, the job queue ([`queue`]), work off the async workers ([`blocking`]), evidence storage,
//! telemetry and the static files of the app. Nothing here knows a
//! feature; features depend on the platform, never the other way.

pub mod access;
pub mod audit;
pub mod auth;
pub mod blocking;
pub mod client;
pub mod clock;
pub mod config;
pub mod db;
pub mod entity;
pub mod error;
pub mod http;
pub mod limits;
pub mod migration;
pub mod openapi;
pub mod pdf;
pub mod queue;
pub mod scope;
pub mod state;
pub mod static_files;
pub mod storage;
pub mod stored;
pub mod telemetry;
