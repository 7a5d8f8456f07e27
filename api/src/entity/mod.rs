//! sea-orm entities: the database shape. Converted to `shared` wire types in `convert.rs`,
//! never exposed directly.

pub mod app_user;
pub mod bureau;
pub mod division;
pub mod enterprise;
