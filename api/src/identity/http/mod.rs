//! Handlers of the identity feature.

pub mod auth;
pub mod devices;
pub mod users;
