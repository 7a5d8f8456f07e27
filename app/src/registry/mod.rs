//! The registry of pollution sources (一厂一档): the searchable list, the dossier, construction
//! projects, spreadsheet import, and the maps.

pub mod dossier;
pub mod enterprises;
pub mod import;
pub mod map;
pub mod pin_map;
pub mod projects;
