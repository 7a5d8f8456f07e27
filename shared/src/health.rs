//! Liveness and readiness of an API instance.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// "ok" when the instance and its database answer.
    pub status: String,
    pub database: String,
    pub version: String,
}
