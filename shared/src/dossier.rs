//! The rest of the dossier 一厂一档: discharge permits, construction projects, monitoring points,
//! the timeline, import reports and map points.

use serde::{Deserialize, Serialize};

use crate::enterprise::{EnterpriseDetail, EnterpriseSummary};
use crate::risk::RiskAssessment;
use crate::{BureauId, Lang};

macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($v:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$v => $code),+ }
            }
            pub fn from_code(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.code() == s)
            }
            /// Accepts the code or the Chinese label, as an import file may use either.
            pub fn parse(s: &str) -> Option<Self> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|x| x.code() == s || x.label(Lang::Zh) == s)
            }
            pub fn label(self, lang: Lang) -> &'static str {
                match self { $($name::$v => lang.pick($zh, $en)),+ }
            }
        }
    };
}
pub(crate) use code_enum;

code_enum!(
    /// 排污许可管理类别.
    PermitCategory {
        Key = "key", "重点管理", "Key management";
        Simplified = "simplified", "简化管理", "Simplified management";
        Registration = "registration", "登记管理", "Registration";
    }
);

code_enum!(
    /// The state of an enterprise's discharge permits, as the search filter and risk use it.
    PermitStatus {
        Valid = "valid", "有效", "Valid";
        Expiring = "expiring", "即将到期", "Expiring";
        Expired = "expired", "已过期", "Expired";
        None = "none", "无证", "No permit";
    }
);

// Declared through `code_enum!`, which has no place for `#[default]`.
#[allow(clippy::derivable_impls)]
impl Default for PermitStatus {
    fn default() -> Self {
        PermitStatus::None
    }
}

code_enum!(
    /// 环评文件类型.
    EiaCategory {
        Report = "report", "环境影响报告书", "EIA report";
        Table = "table", "环境影响报告表", "EIA form";
        Registration = "registration", "环境影响登记表", "EIA registration";
    }
);

code_enum!(
    ProjectStage {
        Approved = "approved", "已批复在建", "Approved, under construction";
        Accepted = "accepted", "已竣工验收", "Completion accepted";
    }
);

code_enum!(
    MonitoringKind {
        Water = "water", "废水", "Wastewater";
        Gas = "gas", "废气", "Waste gas";
        Noise = "noise", "噪声", "Noise";
    }
);

code_enum!(
    /// What can happen to an enterprise. Later capabilities (inspections, cases, complaints,
    /// alarms) append events of their kind through the one timeline service.
    TimelineKind {
        Registered = "registered", "建档", "Registered";
        Updated = "updated", "信息变更", "Updated";
        Imported = "imported", "批量导入", "Imported";
        PermitIssued = "permit_issued", "核发排污许可证", "Permit issued";
        ProjectApproved = "project_approved", "环评批复", "EIA approved";
        ProjectAccepted = "project_accepted", "竣工验收", "Completion accepted";
        MonitoringPoint = "monitoring_point", "设置监测点位", "Monitoring point";
        Inspection = "inspection", "现场检查", "Inspection";
        Violation = "violation", "环境违法行为", "Violation";
        Penalty = "penalty", "行政处罚", "Penalty";
        Case = "case", "案件办理", "Case step";
        Complaint = "complaint", "信访投诉", "Complaint";
        Alarm = "alarm", "超标报警", "Exceedance alarm";
        RiskChanged = "risk_changed", "风险等级变化", "Risk level changed";
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermitView {
    pub id: String,
    /// 排污许可证编号, e.g. 91341302MA2XXXXX1P001V.
    pub number: String,
    pub category: PermitCategory,
    pub issued_by: String,
    /// ISO dates.
    pub valid_from: String,
    pub valid_until: String,
    pub status: PermitStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectView {
    pub id: String,
    pub bureau_id: BureauId,
    pub name: String,
    pub builder: String,
    pub credit_code: String,
    pub address: String,
    pub division_code: String,
    pub industry_code: String,
    pub eia_category: EiaCategory,
    /// 环评批复文号, e.g. 宿环建函〔2025〕12号.
    pub eia_approval_no: String,
    pub eia_approved_on: String,
    pub stage: ProjectStage,
    pub accepted_on: Option<String>,
    /// The pollution source it became on acceptance.
    pub enterprise_id: Option<String>,
}

/// 建设项目环评批复 as recorded by the approving bureau.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProject {
    pub name: String,
    /// 建设单位.
    pub builder: String,
    pub credit_code: String,
    pub legal_representative: String,
    pub address: String,
    pub division_code: String,
    pub longitude: f64,
    pub latitude: f64,
    pub industry_code: String,
    pub eia_category: EiaCategory,
    pub eia_approval_no: String,
    /// ISO date.
    pub eia_approved_on: String,
}

/// 竣工环境保护验收.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptProject {
    /// ISO date.
    pub accepted_on: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedProject {
    pub project: ProjectView,
    /// Whether acceptance created a new pollution source (false: linked to an existing one).
    pub created_enterprise: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonitoringPointView {
    pub id: String,
    /// 点位编号, e.g. DW001.
    pub code: String,
    pub name: String,
    pub kind: MonitoringKind,
    /// Monitored pollutants, e.g. 化学需氧量、氨氮.
    pub pollutants: String,
    /// Connected to online monitoring (在线监测).
    pub online: bool,
    pub longitude: f64,
    pub latitude: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    pub id: String,
    pub kind: TimelineKind,
    /// RFC 3339.
    pub occurred_at: String,
    pub title: String,
    pub detail: String,
}

/// The whole dossier of one enterprise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dossier {
    pub enterprise: EnterpriseDetail,
    pub risk: RiskAssessment,
    pub permits: Vec<PermitView>,
    pub projects: Vec<ProjectView>,
    pub monitoring_points: Vec<MonitoringPointView>,
    /// Newest first, at most 100.
    pub timeline: Vec<TimelineEvent>,
    /// The URL its QR code encodes.
    pub url: String,
}

/// Compact points for the map: `[lon, lat]` with the risk level code and the name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapPoint {
    pub bureau_id: BureauId,
    pub id: String,
    pub name: String,
    pub longitude: f64,
    pub latitude: f64,
    pub risk: crate::risk::RiskLevel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapPoints {
    pub points: Vec<MapPoint>,
    /// True when more enterprises matched than the map shows; narrow the filter.
    pub truncated: bool,
}

/// One problem of an import file, named as a person would find it in the spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportIssue {
    /// Spreadsheet row number (the header is row 1); 0 for the file as a whole.
    pub row: u32,
    /// Column header as in the file, empty for the file as a whole.
    pub column: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub dry_run: bool,
    /// Whether the rows were written (never partly: all or none).
    pub committed: bool,
    pub rows: u32,
    pub created: u32,
    pub updated: u32,
    pub issues: Vec<ImportIssue>,
    /// The first rows as they will be (or were) imported.
    pub preview: Vec<EnterpriseSummary>,
    /// The background job that recomputes the risk of what a committed import wrote (the rows
    /// are written at once; their risk follows within moments).
    #[serde(default)]
    pub job: Option<crate::job::JobView>,
}

use crate::limits::{Bounded, Bounds, LINE, SHORT};

impl Bounded for NewProject {
    fn bounds(&self, b: &mut Bounds) {
        b.text("name", "项目名称", &self.name, LINE)
            .text("builder", "建设单位", &self.builder, LINE)
            .text("credit_code", "统一社会信用代码", &self.credit_code, SHORT)
            .text(
                "legal_representative",
                "法定代表人",
                &self.legal_representative,
                SHORT,
            )
            .text("address", "地址", &self.address, LINE)
            .text("division_code", "行政区划代码", &self.division_code, SHORT)
            .text("industry_code", "行业代码", &self.industry_code, SHORT)
            .text(
                "eia_approval_no",
                "环评批复文号",
                &self.eia_approval_no,
                SHORT,
            )
            .text("eia_approved_on", "批复日期", &self.eia_approved_on, SHORT);
    }
}

impl Bounded for AcceptProject {
    fn bounds(&self, b: &mut Bounds) {
        b.text("accepted_on", "验收日期", &self.accepted_on, SHORT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_parse_back() {
        for c in PermitCategory::ALL {
            assert_eq!(PermitCategory::parse(c.code()), Some(*c));
            assert_eq!(PermitCategory::parse(c.label(Lang::Zh)), Some(*c));
        }
        assert_eq!(PermitStatus::default(), PermitStatus::None);
        assert_eq!(TimelineKind::from_code("alarm"), Some(TimelineKind::Alarm));
        assert_eq!(
            EiaCategory::parse(" 环境影响报告表 "),
            Some(EiaCategory::Table)
        );
    }
}

/// How the app draws maps: the tile source is configuration; without one (or offline) the
/// map draws the served administrative boundaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapConfig {
    pub tiles: Option<String>,
    pub attribution: String,
}
