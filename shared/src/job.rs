//! Background jobs: heavy work (recomputing every enterprise's risk after the formula changed or
//! after a large import) that leaves the request and runs in small committed steps on whichever
//! API instance picks it up. Administrators follow their progress.

use serde::{Deserialize, Serialize};

use crate::{BureauId, Lang, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Every enterprise's risk, after the province changed the formula.
    RiskRecompute,
    /// The risk of the enterprises an import wrote or gave permits to.
    Import,
}

impl JobKind {
    pub const ALL: [JobKind; 2] = [JobKind::RiskRecompute, JobKind::Import];
    pub fn code(self) -> &'static str {
        match self {
            JobKind::RiskRecompute => "risk_recompute",
            JobKind::Import => "import",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            JobKind::RiskRecompute => lang.pick("重新计算风险指数", "Risk recompute"),
            JobKind::Import => lang.pick("导入后计算风险指数", "Risk after import"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Waiting for an instance to pick it up (also after a failed attempt that will be retried).
    Queued,
    /// An instance holds its lease and works through it step by step.
    Running,
    Done,
    /// Given up after repeated failures; `error` says why.
    Failed,
}

impl JobState {
    pub const ALL: [JobState; 4] = [
        JobState::Queued,
        JobState::Running,
        JobState::Done,
        JobState::Failed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.code() == s)
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            JobState::Queued => lang.pick("排队中", "Queued"),
            JobState::Running => lang.pick("进行中", "Running"),
            JobState::Done => lang.pick("已完成", "Done"),
            JobState::Failed => lang.pick("失败", "Failed"),
        }
    }
    /// Whether the job will still make progress.
    pub fn active(self) -> bool {
        matches!(self, JobState::Queued | JobState::Running)
    }
}

/// A job as an administrator sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobView {
    /// The bureau of the user who started it.
    pub bureau_id: BureauId,
    pub id: String,
    pub kind: JobKind,
    pub state: JobState,
    /// Items done so far, of `total` (enterprises for the risk jobs).
    pub done: u64,
    pub total: u64,
    /// How many times an instance took it up (more than one: resumed after a crash or retried).
    pub attempts: u32,
    pub started_by: Option<UserId>,
    /// Name and user name of who started it, e.g. “张三（admin）”.
    pub started_by_name: Option<String>,
    /// Why the last attempt failed, in Chinese.
    pub error: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub updated_at: String,
}
