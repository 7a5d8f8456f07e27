//! The field force (T4): inspectors on duty share their position from the app, the dispatcher
//! sees them on a live map, finds the nearest certified ones to an alarm or a point and
//! dispatches them in one action (a task with the alarm as its source).

use serde::{Deserialize, Serialize};

use crate::dossier::code_enum;
use crate::task::TaskView;
use crate::{BureauId, Lang};

/// Why the app asks for the position, shown on the on-duty switch.
pub const DUTY_PURPOSE: &str =
    "在岗期间每分钟或移动时上报位置，仅用于就近调度执法力量；下岗后不再上报。";

/// The rings the nearest-inspector search widens through, in metres.
pub const RINGS_M: [u32; 3] = [3_000, 5_000, 10_000];

/// How long a position counts as live for dispatch (an inspector silent longer is listed as
/// stale and not dispatched automatically).
pub const LIVE_SECS: i64 = 10 * 60;

/// Positions a phone may send in one request (its offline queue is flushed in batches).
pub const MAX_FIXES: usize = 500;

/// Retention of positions a bureau may configure, in days.
pub const RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=365;
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// The inspector's own duty switch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetDuty {
    pub on_duty: bool,
    /// What the shift is for (e.g. 日常巡查, 夜间值班); required when going on duty.
    #[serde(default)]
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DutyView {
    pub on_duty: bool,
    pub purpose: String,
    /// Unix seconds the shift began, when on duty.
    pub since: Option<i64>,
    /// Unix seconds of the last stored position.
    pub last_seen_at: Option<i64>,
    /// How long the bureau keeps positions.
    pub retention_days: u32,
}

/// One position fix from the phone's geolocation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PositionFix {
    /// Unix seconds when the phone took it (a queued fix keeps its own time).
    pub at: i64,
    pub longitude: f64,
    pub latitude: f64,
    /// Metres, as the browser reports it.
    #[serde(default)]
    pub accuracy_m: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PositionBatch {
    pub fixes: Vec<PositionFix>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PositionsStored {
    /// Fixes stored (a repeat of the same second is stored once).
    pub stored: u32,
    /// Fixes taken while off duty or outside the shift, not stored.
    pub refused: u32,
}

code_enum!(
    /// A marker's status on the dispatcher's map.
    ForceStatus {
        Available = "available", "空闲", "Available";
        OnTask = "on_task", "执行任务中", "On a task";
        Stale = "stale", "位置未更新", "Position stale";
    }
);

/// An on-duty inspector as the dispatcher's map shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForceMember {
    pub bureau_id: BureauId,
    pub user_id: String,
    pub display_name: String,
    pub squad_id: Option<BureauId>,
    pub squad_name: String,
    pub purpose: String,
    pub status: ForceStatus,
    pub longitude: f64,
    pub latitude: f64,
    pub last_seen_at: i64,
    /// Tasks assigned or in progress.
    pub open_tasks: u32,
    /// Holds a valid 执法证.
    pub certified: bool,
}

/// Who is near a place: on-duty certified inspectors of the place's bureau, nearest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NearbyInspector {
    pub bureau_id: BureauId,
    pub user_id: String,
    pub display_name: String,
    pub squad_name: String,
    pub certificate_no: String,
    pub distance_m: u32,
    /// Seconds since the last position.
    pub last_seen_secs: i64,
    pub status: ForceStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SquadLeaderContact {
    pub user_id: String,
    pub display_name: String,
    pub squad_name: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nearby {
    pub longitude: f64,
    pub latitude: f64,
    /// The smallest ring (3, 5 or 10 km) that holds anyone; the largest when none does.
    pub ring_m: u32,
    pub inspectors: Vec<NearbyInspector>,
    /// Named when fewer than two inspectors are within the ring, so the dispatcher can call.
    pub squad_leaders: Vec<SquadLeaderContact>,
}

/// Nearest inspectors to any point of the caller's jurisdiction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct NearbyQuery {
    /// The bureau whose inspectors are wanted (the place's bureau).
    pub bureau_id: BureauId,
    pub longitude: f64,
    pub latitude: f64,
}

/// Dispatching an alarm: the chosen inspectors, or the nearest two when none are chosen.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DispatchAlarm {
    #[serde(default)]
    pub inspector_ids: Vec<String>,
    /// ISO date; today when empty.
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dispatched {
    pub alarm: crate::monitoring::AlarmView,
    pub task: TaskView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PositionRetention {
    pub days: u32,
}

impl ForceStatus {
    /// The marker's CSS modifier.
    pub fn css(self) -> &'static str {
        match self {
            ForceStatus::Available => "available",
            ForceStatus::OnTask => "on-task",
            ForceStatus::Stale => "stale",
        }
    }
}

/// Great-circle distance in metres (haversine on the WGS-84 mean radius).
pub fn distance_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    const R: f64 = 6_371_008.8;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * a.sqrt().asin()
}

/// "3 分钟前" style age of a last-seen time, for the desk.
pub fn age(secs: i64, lang: Lang) -> String {
    let s = secs.max(0);
    match (s, lang) {
        (0..=59, Lang::Zh) => format!("{s} 秒前"),
        (0..=59, Lang::En) => format!("{s} s ago"),
        (60..=3599, Lang::Zh) => format!("{} 分钟前", s / 60),
        (60..=3599, Lang::En) => format!("{} min ago", s / 60),
        (_, Lang::Zh) => format!("{} 小时前", s / 3600),
        (_, Lang::En) => format!("{} h ago", s / 3600),
    }
}

use crate::limits::{Bounded, Bounds, NOTE, SHORT};

impl Bounded for SetDuty {
    fn bounds(&self, b: &mut Bounds) {
        b.text("purpose", "在岗事由", &self.purpose, SHORT);
    }
}

impl Bounded for PositionBatch {
    fn bounds(&self, b: &mut Bounds) {
        b.each("fixes", "位置", &self.fixes, MAX_FIXES);
    }
}

impl Bounded for PositionFix {
    fn bounds(&self, _b: &mut Bounds) {}
}

impl Bounded for DispatchAlarm {
    fn bounds(&self, b: &mut Bounds) {
        b.texts("inspector_ids", "执法人员", &self.inspector_ids, 20, SHORT)
            .text("due_on", "完成期限", &self.due_on, SHORT)
            .text("note", "备注", &self.note, NOTE);
    }
}

impl Bounded for NearbyQuery {
    fn bounds(&self, _b: &mut Bounds) {}
}

impl Bounded for PositionRetention {
    fn bounds(&self, _b: &mut Bounds) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_matches_a_known_pair() {
        // One degree of latitude is about 111.2 km.
        let d = distance_m(117.0, 33.0, 117.0, 34.0);
        assert!((d - 111_195.0).abs() < 100.0, "{d}");
        assert!(distance_m(117.0, 33.0, 117.0, 33.0) < 0.001);
    }

    #[test]
    fn ages_read_as_people_say_them() {
        assert_eq!(age(5, Lang::Zh), "5 秒前");
        assert_eq!(age(125, Lang::Zh), "2 分钟前");
        assert_eq!(age(7300, Lang::En), "2 h ago");
    }
}
