pub mod bureau_picker;
pub mod icon;
pub mod lang_switch;
pub mod map;
pub mod shell;
pub mod sync;
