//! Inspection tasks (T1 basics): a squad leader assigns an enterprise to at least two certified
//! inspectors with a due date; the task moves assigned → in progress → submitted → reviewed
//! (or back to in progress when the reviewer returns it), and keeps its history.

use serde::{Deserialize, Serialize};

use crate::dossier::code_enum;
use crate::{BureauId, Lang};

code_enum!(
    /// Where a task came from; `source_ref` links back to it.
    TaskSource {
        Plan = "plan", "计划检查", "Planned";
        Alarm = "alarm", "报警派单", "Alarm dispatch";
        Complaint = "complaint", "信访投诉", "Complaint";
        Superior = "superior", "上级交办", "From a superior";
        Draw = "draw", "双随机抽查", "Random draw";
        Review = "review", "复查", "Re-inspection";
    }
);

// `code_enum!` takes no attributes on variants, so `#[default]` cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for TaskSource {
    fn default() -> Self {
        TaskSource::Plan
    }
}

impl TaskSource {
    /// Order of urgency in a squad leader's list among tasks due the same day: an alarm first.
    pub fn urgency(self) -> u8 {
        match self {
            TaskSource::Alarm => 0,
            TaskSource::Complaint => 1,
            TaskSource::Superior => 2,
            TaskSource::Review => 3,
            TaskSource::Draw => 4,
            TaskSource::Plan => 5,
        }
    }
}

/// The law requires two officers with enforcement certificates on site.
pub const MIN_INSPECTORS: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Assigned,
    InProgress,
    Submitted,
    Reviewed,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] = [
        TaskStatus::Assigned,
        TaskStatus::InProgress,
        TaskStatus::Submitted,
        TaskStatus::Reviewed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            TaskStatus::Assigned => "assigned",
            TaskStatus::InProgress => "in_progress",
            TaskStatus::Submitted => "submitted",
            TaskStatus::Reviewed => "reviewed",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TaskStatus::Assigned => lang.pick("待执行", "Assigned"),
            TaskStatus::InProgress => lang.pick("执行中", "In progress"),
            TaskStatus::Submitted => lang.pick("待审核", "Submitted"),
            TaskStatus::Reviewed => lang.pick("已审核", "Reviewed"),
        }
    }
}

/// Who moves a task where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TaskAction {
    /// An assigned inspector starts work (on site).
    Start,
    /// An assigned inspector hands the inspection in.
    Submit,
    /// The squad leader accepts the submitted inspection.
    Accept,
    /// The squad leader sends it back for more work.
    Return,
}

impl TaskAction {
    /// The move this action makes, if it is allowed from `from`.
    pub fn apply(self, from: TaskStatus) -> Option<TaskStatus> {
        use TaskStatus::*;
        match (self, from) {
            (TaskAction::Start, Assigned) => Some(InProgress),
            (TaskAction::Submit, InProgress) => Some(Submitted),
            (TaskAction::Accept, Submitted) => Some(Reviewed),
            (TaskAction::Return, Submitted) => Some(InProgress),
            _ => None,
        }
    }
    /// Actions for the task's own inspectors; the others are the reviewer's.
    pub fn by_inspector(self) -> bool {
        matches!(self, TaskAction::Start | TaskAction::Submit)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TaskAction::Start => lang.pick("开始检查", "Start"),
            TaskAction::Submit => lang.pick("提交", "Submit"),
            TaskAction::Accept => lang.pick("审核通过", "Accept"),
            TaskAction::Return => lang.pick("退回", "Send back"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskInspector {
    pub user_id: String,
    pub display_name: String,
    /// 执法证号.
    pub certificate_no: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskHistoryEntry {
    /// RFC 3339.
    pub at: String,
    pub actor_name: String,
    pub from: Option<TaskStatus>,
    pub to: TaskStatus,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskView {
    pub id: String,
    pub bureau_id: BureauId,
    pub enterprise_id: String,
    pub enterprise_name: String,
    pub enterprise_address: String,
    pub longitude: f64,
    pub latitude: f64,
    pub risk: crate::risk::RiskLevel,
    pub squad_id: Option<BureauId>,
    pub note: String,
    /// ISO date.
    pub due_on: String,
    pub status: TaskStatus,
    pub inspectors: Vec<TaskInspector>,
    pub created_by: String,
    #[serde(default)]
    pub source: TaskSource,
    /// What the task links back to, as `kind:bureau:id` (e.g. `alarm:341302:…`); empty for a plan.
    #[serde(default)]
    pub source_ref: String,
    /// Oldest first.
    pub history: Vec<TaskHistoryEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTask {
    pub enterprise_bureau_id: BureauId,
    pub enterprise_id: String,
    /// ISO date.
    pub due_on: String,
    /// At least two certified inspectors of the caller's squad.
    pub inspector_ids: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskTransition {
    pub action: TaskAction,
    #[serde(default)]
    pub note: String,
}

use crate::limits::{Bounded, Bounds, NOTE, SHORT};

impl Bounded for NewTask {
    fn bounds(&self, b: &mut Bounds) {
        b.text("enterprise_id", "企业编号", &self.enterprise_id, SHORT)
            .text("due_on", "完成期限", &self.due_on, SHORT)
            .texts("inspector_ids", "执法人员", &self.inspector_ids, 20, SHORT)
            .text("note", "备注", &self.note, NOTE);
    }
}

impl Bounded for TaskTransition {
    fn bounds(&self, b: &mut Bounds) {
        b.text("note", "说明", &self.note, NOTE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_only_moves_forward_or_back_for_rework() {
        use TaskStatus::*;
        assert_eq!(TaskAction::Start.apply(Assigned), Some(InProgress));
        assert_eq!(TaskAction::Submit.apply(InProgress), Some(Submitted));
        assert_eq!(TaskAction::Return.apply(Submitted), Some(InProgress));
        assert_eq!(TaskAction::Accept.apply(Submitted), Some(Reviewed));
        assert_eq!(TaskAction::Submit.apply(Assigned), None);
        assert_eq!(TaskAction::Accept.apply(InProgress), None);
        assert_eq!(TaskAction::Start.apply(Reviewed), None);
    }
}
