//! Online monitoring (T3): data loggers registered to monitoring points, the points' limits,
//! readings and the alarms the platform raises from them.

use serde::{Deserialize, Serialize};

use crate::dossier::code_enum;
use crate::{BureauId, Lang};

code_enum!(
    /// What an alarm is about.
    AlarmKind {
        ExceedRtd = "exceed_rtd", "实时数据超标", "Real-time values over the limit";
        ExceedHour = "exceed_hour", "小时均值超标", "Hourly average over the limit";
        Missing = "missing", "数据缺失", "Data missing";
        Quality = "quality", "环境质量超标", "Ambient quality over its class limit";
        Overdue = "overdue", "任务逾期", "Task overdue";
    }
);

code_enum!(
    /// An alarm's life: new → acknowledged → dispatched (a task) → closed with a reason.
    AlarmStatus {
        New = "new", "新报警", "New";
        Acknowledged = "acknowledged", "已确认", "Acknowledged";
        Dispatched = "dispatched", "已派单", "Dispatched";
        Closed = "closed", "已关闭", "Closed";
    }
);

/// Registers a data logger (数采仪) to a monitoring point. The MN is the logger's unique
/// station code; PW the 6-character password it sends in every packet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDataLogger {
    pub mn: String,
    pub password: String,
    /// 系统编码 ST the logger sends: 32 water source, 31 air source, 21/22 ambient stations.
    pub st: String,
    /// Real-time data interval in seconds (RtdInterval), for the data-missing alarm.
    pub interval_secs: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataLoggerView {
    pub bureau_id: BureauId,
    pub id: String,
    pub point_id: String,
    pub enterprise_id: String,
    pub mn: String,
    pub st: String,
    pub interval_secs: u32,
    pub active: bool,
    /// Unix seconds of the last packet, if any.
    pub last_seen_at: Option<i64>,
}

/// A monitoring point's limit for one pollutant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointLimitView {
    /// HJ 212-2017 code, e.g. w01018 (化学需氧量).
    pub pollutant: String,
    /// Its Chinese name, when the code is known.
    pub name: String,
    pub upper: Option<f64>,
    /// For pH: the lower bound of the allowed range.
    pub lower: Option<f64>,
    pub unit: String,
    /// 限值依据: the permit or the standard and its class, e.g. GB 8978-1996 表4 一级.
    pub basis: String,
    /// Consecutive N-flagged real-time values beyond the limit that raise an alarm.
    pub consecutive: u32,
}

/// The point's whole limit set, replaced at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointLimits {
    pub limits: Vec<PointLimitView>,
}

/// Sets an ambient station's limits from its quality class (replacing the point's limits): for
/// a surface-water station (ST 21) class 1–5 of GB 3838-2002 (Ⅰ–Ⅴ类), for an air station
/// (ST 22) class 1–2 of GB 3095-2012 (一级, 二级). Values beyond them raise 环境质量超标 alarms
/// on hourly averages (daily for PM10 and PM2.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QualityClass {
    pub class: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlarmView {
    pub bureau_id: BureauId,
    pub id: String,
    pub enterprise_id: String,
    pub enterprise_name: String,
    /// Empty for an overdue task's alarm, which belongs to no monitoring point.
    pub point_id: String,
    /// The monitoring point's name; for an overdue task's alarm, the task's.
    pub point_name: String,
    /// The point's place; for an overdue task's alarm, the enterprise's.
    pub longitude: f64,
    pub latitude: f64,
    pub pollutant: String,
    pub pollutant_name: String,
    pub kind: AlarmKind,
    pub status: AlarmStatus,
    /// Unix seconds: the first value that raised it and the latest that repeated it.
    pub opened_at: i64,
    pub last_at: i64,
    pub peak: Option<f64>,
    pub threshold: Option<f64>,
    pub unit: String,
    /// How many times it was raised while open.
    pub hits: u32,
    pub detail: String,
    pub task_id: Option<String>,
    pub closed_reason: Option<String>,
    /// The task an overdue alarm is about (`task_id` is the task an alarm was dispatched as).
    #[serde(default)]
    pub overdue_task_id: Option<String>,
}

/// A time window of one pollutant's values around an alarm, for its trend chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trend {
    pub pollutant: String,
    pub unit: String,
    pub threshold: Option<f64>,
    /// `[unix seconds, value, flag]`, oldest first; the value is the real-time value, or the
    /// average for minute and hour data.
    pub points: Vec<(i64, f64, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AlarmDetail {
    pub alarm: AlarmView,
    pub trend: Trend,
}

/// Which alarms a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlarmState {
    /// Not closed: new, acknowledged or dispatched.
    #[default]
    Open,
    Closed,
    All,
}

/// The alarm list's query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct AlarmQuery {
    #[serde(default)]
    pub state: AlarmState,
    #[serde(default)]
    pub kind: Option<AlarmKind>,
    /// Limit to one bureau of the jurisdiction.
    #[serde(default)]
    pub bureau_id: Option<BureauId>,
    /// At most this many, newest first (default 200, at most 1,000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Closing an alarm needs its reason (e.g. 设备校准期间数据, 已立案查处).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CloseAlarm {
    pub reason: String,
}

impl AlarmKind {
    /// The alarm's headline as the desk shows it.
    pub fn headline(self, pollutant_name: &str, lang: Lang) -> String {
        if pollutant_name.is_empty() {
            self.label(lang).to_string()
        } else {
            format!("{pollutant_name}{}", self.label(lang))
        }
    }
}

use crate::limits::{Bounded, Bounds, LINE, NOTE, SHORT};

impl Bounded for NewDataLogger {
    fn bounds(&self, b: &mut Bounds) {
        b.text("mn", "设备唯一标识 MN", &self.mn, SHORT);
        b.text("password", "访问密码 PW", &self.password, SHORT);
        b.text("st", "系统编码 ST", &self.st, SHORT);
    }
}

impl Bounded for PointLimitView {
    fn bounds(&self, b: &mut Bounds) {
        b.text("pollutant", "污染物编码", &self.pollutant, SHORT);
        b.text("name", "污染物名称", &self.name, SHORT);
        b.text("unit", "单位", &self.unit, SHORT);
        b.text("basis", "限值依据", &self.basis, LINE);
    }
}

impl Bounded for PointLimits {
    fn bounds(&self, b: &mut Bounds) {
        b.each("limits", "限值", &self.limits, 50);
    }
}

impl Bounded for CloseAlarm {
    fn bounds(&self, b: &mut Bounds) {
        b.text("reason", "关闭原因", &self.reason, NOTE);
    }
}

crate::unbounded!(AlarmQuery, QualityClass);
