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

use crate::limits::{Bounded, Bounds, SHORT};

impl Bounded for NewUser {
    fn bounds(&self, b: &mut Bounds) {
        b.text("username", "用户名", &self.username, SHORT)
            .text("display_name", "姓名", &self.display_name, SHORT)
            .count("roles", "角色", self.roles.len(), 16)
            .opt(
                "certificate_no",
                "执法证编号",
                self.certificate_no.as_deref(),
                SHORT,
            )
            .opt(
                "certificate_valid_until",
                "执法证有效期",
                self.certificate_valid_until.as_deref(),
                SHORT,
            )
            .opt("phone", "联系电话", self.phone.as_deref(), SHORT);
    }
}

crate::unbounded!(UserStatus);
