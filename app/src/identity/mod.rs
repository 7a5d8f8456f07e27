//! Identity and access: signing in, the own password, this device's registration, and the
//! administrators' users, devices and audit trail.

pub mod audit;
pub mod device;
pub mod devices;
pub mod login;
pub mod password;
pub mod users;
