//! Enterprises (pollution sources) as the dossier 一厂一档 shows them.

use serde::{Deserialize, Serialize};

use crate::{BureauId, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseStatus {
    Operating,
    Suspended,
    Closed,
}

impl EnterpriseStatus {
    pub const ALL: [EnterpriseStatus; 3] = [
        EnterpriseStatus::Operating,
        EnterpriseStatus::Suspended,
        EnterpriseStatus::Closed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            EnterpriseStatus::Operating => "operating",
            EnterpriseStatus::Suspended => "suspended",
            EnterpriseStatus::Closed => "closed",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EnterpriseStatus::Operating => lang.pick("正常生产", "Operating"),
            EnterpriseStatus::Suspended => lang.pick("停产", "Suspended"),
            EnterpriseStatus::Closed => lang.pick("关闭", "Closed"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagView {
    pub code: String,
    pub name: String,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagCategoryView {
    pub code: String,
    pub name: String,
    pub tags: Vec<TagView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseSummary {
    pub id: String,
    pub bureau_id: BureauId,
    pub name: String,
    /// 统一社会信用代码
    pub credit_code: String,
    pub legal_representative: String,
    pub address: String,
    pub division_code: String,
    /// GB/T 4754 class code and name.
    pub industry_code: String,
    pub industry_name: String,
    pub status: EnterpriseStatus,
    pub tags: Vec<TagView>,
    pub risk_level: crate::risk::RiskLevel,
    pub risk_score: i32,
    pub permit_status: crate::dossier::PermitStatus,
    /// WGS-84.
    pub longitude: f64,
    pub latitude: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterprisePage {
    pub items: Vec<EnterpriseSummary>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnterpriseDetail {
    pub summary: EnterpriseSummary,
    pub bureau_name: String,
    pub town_code: Option<String>,
    pub scale: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// ISO date of registration in the registry.
    pub registered_on: String,
}

/// Folds what people type into what is stored: full-width to half-width, trimmed.
pub fn normalise_query(q: &str) -> String {
    crate::credit_code::to_half_width(q).trim().to_string()
}
