//! Handlers of the identity feature, and the extractor of device-signed requests.

pub mod auth;
pub mod devices;
pub mod signed;
pub mod users;
