pub mod audit;
pub mod device;
pub mod devices;
pub mod home;
pub mod login;
pub mod not_found;
pub mod password;
pub mod users;
