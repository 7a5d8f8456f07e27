//! The organisation: the signed-in home (工作台) with the jurisdiction's overview.

pub mod home;
