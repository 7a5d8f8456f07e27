//! The enterprise timeline's rows. Features record events through [`super::record`], which
//! also keeps the risk index current; this module only knows the rows.

use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use shared::dossier::TimelineKind;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::platform::entity::timeline_event;
use crate::platform::error::AppResult;

#[derive(Debug, Clone)]
pub struct NewEvent {
    pub kind: TimelineKind,
    pub occurred_at: OffsetDateTime,
    pub title: String,
    pub detail: String,
    /// What the event is about elsewhere (a project, a case, a complaint), as `kind:id`.
    pub ref_id: Option<String>,
    pub actor: Option<Uuid>,
}

impl NewEvent {
    pub fn now(kind: TimelineKind, title: impl Into<String>) -> NewEvent {
        NewEvent {
            kind,
            occurred_at: OffsetDateTime::now_utc(),
            title: title.into(),
            detail: String::new(),
            ref_id: None,
            actor: None,
        }
    }
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = d.into();
        self
    }
    pub fn reference(mut self, r: impl Into<String>) -> Self {
        self.ref_id = Some(r.into());
        self
    }
    pub fn by(mut self, actor: Uuid) -> Self {
        self.actor = Some(actor);
        self
    }
}

/// Whether events of this kind change the risk index.
pub fn feeds_risk(kind: TimelineKind) -> bool {
    matches!(
        kind,
        TimelineKind::Violation
            | TimelineKind::Penalty
            | TimelineKind::Alarm
            | TimelineKind::Complaint
            | TimelineKind::PermitIssued
    )
}

/// The event row, for callers (the seed) that write many at once.
pub fn row(bureau: i64, enterprise: Uuid, e: NewEvent) -> timeline_event::ActiveModel {
    timeline_event::ActiveModel {
        bureau_id: Set(bureau),
        id: Set(Uuid::new_v4()),
        enterprise_id: Set(enterprise),
        kind: Set(e.kind.code().into()),
        occurred_at: Set(e.occurred_at),
        title: Set(e.title),
        detail: Set(e.detail),
        ref_id: Set(e.ref_id),
        actor_id: Set(e.actor),
        created_at: Set(OffsetDateTime::now_utc()),
    }
}

/// Inserts an event without touching the risk index: for [`super::record`] and for bulk writers
/// (the demo generator) that recompute once at the end.
pub async fn insert(
    conn: &impl ConnectionTrait,
    bureau: i64,
    enterprise: Uuid,
    event: NewEvent,
) -> AppResult<()> {
    timeline_event::Entity::insert(row(bureau, enterprise, event))
        .exec_without_returning(conn)
        .await?;
    Ok(())
}
