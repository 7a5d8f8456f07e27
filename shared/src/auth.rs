//! Sign-in and the signed-in user.

use serde::{Deserialize, Serialize};

use crate::bureau::BureauSummary;
use crate::{Role, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The bureau the user belongs to (picked on the shared login page).
    pub bureau_id: crate::BureauId,
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub access_token: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    pub user: CurrentUser,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentUser {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub bureau: BureauSummary,
    /// 执法证编号, for inspectors.
    pub certificate_no: Option<String>,
}
