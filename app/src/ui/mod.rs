//! Pieces every feature uses: the signed-in shell, icons, the language switch, the bureau
//! picker, the not-found page, value formats and downloads.

pub mod bureau_picker;
pub mod download;
pub mod format;
pub mod icon;
pub mod lang_switch;
pub mod not_found;
pub mod shell;
