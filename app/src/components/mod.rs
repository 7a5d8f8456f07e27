pub mod bureau_picker;
pub mod lang_switch;
pub mod shell;
