//! User administration and the audit trail, as the admin pages see them.

use serde::{Deserialize, Serialize};

use crate::bureau::BureauSummary;
use crate::{BureauId, Role, UserId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserSummary {
    pub id: UserId,
    pub bureau: BureauSummary,
    pub squad: Option<BureauSummary>,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub certificate_no: Option<String>,
    /// ISO date (YYYY-MM-DD).
    pub certificate_valid_until: Option<String>,
    pub phone: Option<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUser {
    pub bureau_id: BureauId,
    pub squad_id: Option<BureauId>,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub certificate_no: Option<String>,
    pub certificate_valid_until: Option<String>,
    pub phone: Option<String>,
}

/// A one-time password handed to the user by the admin; it must be changed at first sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemporaryPassword {
    pub user: UserSummary,
    pub temporary_password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserStatus {
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub bureau_id: BureauId,
    pub seq: i64,
    pub at: String,
    pub actor: Option<String>,
    pub device_id: Option<String>,
    pub action: String,
    pub target: String,
    pub summary: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerification {
    pub ok: bool,
    pub chains: u64,
    pub entries: u64,
    pub problems: Vec<AuditProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditProblem {
    pub bureau_id: BureauId,
    pub seq: i64,
    pub reason: String,
}
