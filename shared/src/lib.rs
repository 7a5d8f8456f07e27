//! The contract between the Huanjian app and API: every type that crosses the wire.
//!
//! Only serde-level dependencies live here so that the same types compile for the browser
//! (wasm32) and the server. Parsers for codes with legal meaning (统一社会信用代码, 行政区划代码)
//! live here too, so that a form and a handler reject bad input with the same Chinese message.

pub mod auth;
pub mod bureau;
pub mod checklist;
pub mod credit_code;
pub mod device;
pub mod division;
pub mod dossier;
pub mod enforcement;
pub mod enterprise;
pub mod error;
pub mod field_force;
pub mod format;
pub mod health;
pub mod i18n;
pub mod ids;
pub mod inspection;
pub mod job;
pub mod limits;
pub mod monitoring;
pub mod org;
pub mod policy;
pub mod query;
pub mod risk;
pub mod role;
pub mod task;
pub mod user;

pub use credit_code::CreditCode;
pub use division::DivisionCode;
pub use error::{ApiError, ErrorBody};
pub use i18n::Lang;
pub use role::{Level, Role};

/// Declares a newtype id that serialises as its inner number.
macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A bureau (局) or squad (中队): the tenant unit of the organisation tree.
    BureauId
);
/// A user account (a UUID, written as text on the wire).
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct UserId(pub String);
