//! The risk index (风险指数) of an enterprise: a documented, configurable formula.
//!
//! score = Σ weight × count for each counted event kind within its window
//!       + permit points (expired / expiring / missing where a permit is required)
//!       + key-source points (重点排污单位)
//!
//! level = red when score ≥ `red_at`, yellow when score ≥ `yellow_at`, else green.
//! Every point added carries a reason, so the dossier can say why an enterprise is red.
//! The formula is stored by the deployment (`PUT /api/risk/formula`, province administrators);
//! changing it, or any input of an enterprise, recomputes the stored score.

use serde::{Deserialize, Serialize};

use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Green,
    Yellow,
    Red,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 3] = [RiskLevel::Red, RiskLevel::Yellow, RiskLevel::Green];
    pub fn code(self) -> &'static str {
        match self {
            RiskLevel::Green => "green",
            RiskLevel::Yellow => "yellow",
            RiskLevel::Red => "red",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RiskLevel::Green => lang.pick("低风险", "Low risk"),
            RiskLevel::Yellow => lang.pick("中风险", "Medium risk"),
            RiskLevel::Red => lang.pick("高风险", "High risk"),
        }
    }
}

/// What adds to the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RiskFactor {
    /// 环境违法行为 (cases opened), within `violation_years`.
    Violation,
    /// 行政处罚, within `violation_years`.
    Penalty,
    /// 超标报警 from online monitoring, within `alarm_months`.
    Alarm,
    /// 信访投诉, within `complaint_months`.
    Complaint,
    PermitExpired,
    PermitExpiring,
    /// A key source (重点排污单位) without any discharge permit.
    PermitMissing,
    KeySource,
}

impl RiskFactor {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            RiskFactor::Violation => lang.pick("环境违法行为", "Violations"),
            RiskFactor::Penalty => lang.pick("行政处罚", "Penalties"),
            RiskFactor::Alarm => lang.pick("超标报警", "Exceedance alarms"),
            RiskFactor::Complaint => lang.pick("信访投诉", "Complaints"),
            RiskFactor::PermitExpired => lang.pick("排污许可证已过期", "Permit expired"),
            RiskFactor::PermitExpiring => lang.pick("排污许可证即将到期", "Permit expiring"),
            RiskFactor::PermitMissing => {
                lang.pick("重点排污单位未持证", "Key source without permit")
            }
            RiskFactor::KeySource => lang.pick("重点排污单位", "Key pollution source"),
        }
    }
}

/// The formula's parameters. Defaults are the documented ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskFormula {
    pub violation_points: i32,
    pub penalty_points: i32,
    pub violation_years: u32,
    pub alarm_points: i32,
    pub alarm_months: u32,
    pub complaint_points: i32,
    pub complaint_months: u32,
    /// Counted events of one kind stop adding points after this many.
    pub max_count: u32,
    pub permit_expired_points: i32,
    pub permit_expiring_points: i32,
    /// Days before expiry from which a permit counts as expiring.
    pub permit_expiring_days: u32,
    pub permit_missing_points: i32,
    pub key_source_points: i32,
    pub yellow_at: i32,
    pub red_at: i32,
}

impl Default for RiskFormula {
    fn default() -> Self {
        RiskFormula {
            violation_points: 15,
            penalty_points: 20,
            violation_years: 3,
            alarm_points: 5,
            alarm_months: 12,
            complaint_points: 8,
            complaint_months: 12,
            max_count: 5,
            permit_expired_points: 25,
            permit_expiring_points: 8,
            permit_expiring_days: 90,
            permit_missing_points: 30,
            key_source_points: 10,
            yellow_at: 20,
            red_at: 50,
        }
    }
}

/// One enterprise's inputs, counted by the server within the formula's windows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RiskInputs {
    pub violations: u32,
    pub penalties: u32,
    pub alarms: u32,
    pub complaints: u32,
    pub permit: crate::dossier::PermitStatus,
    pub key_source: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskReason {
    pub factor: RiskFactor,
    /// How many events were counted (1 for a state such as an expired permit).
    pub count: u32,
    pub points: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RiskAssessment {
    pub score: i32,
    pub level: RiskLevel,
    pub reasons: Vec<RiskReason>,
}

impl RiskFormula {
    /// Refuses a formula that cannot rank anything: thresholds out of order or negative weights.
    pub fn validate(&self) -> Result<(), &'static str> {
        let weights = [
            self.violation_points,
            self.penalty_points,
            self.alarm_points,
            self.complaint_points,
            self.permit_expired_points,
            self.permit_expiring_points,
            self.permit_missing_points,
            self.key_source_points,
        ];
        if weights.iter().any(|w| !(0..=1000).contains(w)) {
            return Err("各项分值须在 0 到 1000 之间");
        }
        if self.yellow_at <= 0 || self.red_at <= self.yellow_at {
            return Err("须满足 0 < 黄色阈值 < 红色阈值");
        }
        if self.violation_years == 0
            || self.violation_years > 10
            || self.alarm_months == 0
            || self.alarm_months > 120
            || self.complaint_months == 0
            || self.complaint_months > 120
            || self.max_count == 0
        {
            return Err("统计期限须为正数（违法不超过 10 年，报警、投诉不超过 120 个月）");
        }
        Ok(())
    }

    pub fn assess(&self, i: &RiskInputs) -> RiskAssessment {
        use crate::dossier::PermitStatus;
        let mut reasons = Vec::new();
        let mut counted = |factor, count: u32, each: i32| {
            if count > 0 && each > 0 {
                let points = each * count.min(self.max_count) as i32;
                reasons.push(RiskReason {
                    factor,
                    count,
                    points,
                });
            }
        };
        counted(RiskFactor::Violation, i.violations, self.violation_points);
        counted(RiskFactor::Penalty, i.penalties, self.penalty_points);
        counted(RiskFactor::Alarm, i.alarms, self.alarm_points);
        counted(RiskFactor::Complaint, i.complaints, self.complaint_points);
        match i.permit {
            PermitStatus::Expired => {
                counted(RiskFactor::PermitExpired, 1, self.permit_expired_points)
            }
            PermitStatus::Expiring => {
                counted(RiskFactor::PermitExpiring, 1, self.permit_expiring_points)
            }
            PermitStatus::None if i.key_source => {
                counted(RiskFactor::PermitMissing, 1, self.permit_missing_points)
            }
            _ => {}
        }
        if i.key_source {
            counted(RiskFactor::KeySource, 1, self.key_source_points);
        }
        let score = reasons.iter().map(|r| r.points).sum();
        let level = if score >= self.red_at {
            RiskLevel::Red
        } else if score >= self.yellow_at {
            RiskLevel::Yellow
        } else {
            RiskLevel::Green
        };
        RiskAssessment {
            score,
            level,
            reasons,
        }
    }
}

crate::unbounded!(RiskFormula);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::PermitStatus;

    fn inputs() -> RiskInputs {
        RiskInputs {
            permit: PermitStatus::Valid,
            ..Default::default()
        }
    }

    #[test]
    fn clean_enterprise_is_green_with_no_reasons() {
        let a = RiskFormula::default().assess(&inputs());
        assert_eq!((a.score, a.level), (0, RiskLevel::Green));
        assert!(a.reasons.is_empty());
    }

    #[test]
    fn levels_follow_thresholds_exactly() {
        let f = RiskFormula::default();
        // Key source (10) + one complaint (8) = 18: green; one more complaint: 26, yellow.
        let mut i = RiskInputs {
            key_source: true,
            complaints: 1,
            ..inputs()
        };
        assert_eq!(f.assess(&i).level, RiskLevel::Green);
        i.complaints = 2;
        assert_eq!(f.assess(&i).score, 26);
        assert_eq!(f.assess(&i).level, RiskLevel::Yellow);
        // A penalty (20) and a violation (15) on top: 61, red.
        i.penalties = 1;
        i.violations = 1;
        let a = f.assess(&i);
        assert_eq!((a.score, a.level), (61, RiskLevel::Red));
        assert_eq!(a.reasons.len(), 4);
        // Exactly at the threshold counts.
        let exact = RiskFormula {
            red_at: 61,
            ..f.clone()
        };
        assert_eq!(exact.assess(&i).level, RiskLevel::Red);
    }

    #[test]
    fn permit_states_and_missing_permit_of_a_key_source() {
        let f = RiskFormula::default();
        let expired = f.assess(&RiskInputs {
            permit: PermitStatus::Expired,
            ..inputs()
        });
        assert_eq!(expired.reasons[0].factor, RiskFactor::PermitExpired);
        assert_eq!(expired.level, RiskLevel::Yellow);
        let missing = f.assess(&RiskInputs {
            permit: PermitStatus::None,
            key_source: true,
            ..inputs()
        });
        assert_eq!(missing.score, 40);
        // No permit is only a risk for a source that needs one.
        let small = f.assess(&RiskInputs {
            permit: PermitStatus::None,
            ..inputs()
        });
        assert_eq!(small.score, 0);
    }

    #[test]
    fn counts_are_capped() {
        let f = RiskFormula::default();
        let a = f.assess(&RiskInputs {
            alarms: 40,
            ..inputs()
        });
        assert_eq!(a.score, 25);
        assert_eq!(a.reasons[0].count, 40);
    }

    #[test]
    fn validation_rejects_inverted_thresholds() {
        let f = RiskFormula {
            yellow_at: 60,
            red_at: 50,
            ..Default::default()
        };
        assert!(f.validate().is_err());
        assert!(RiskFormula::default().validate().is_ok());
    }
}

/// The answer to a formula change: the formula stored, and the background job recomputing every
/// enterprise with it (`GET /api/jobs/{bureau_id}/{job_id}` follows its progress).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormulaChange {
    pub formula: RiskFormula,
    pub job: crate::job::JobView,
}
