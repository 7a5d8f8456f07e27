use axum::extract::State;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::query::AuditQuery;
use shared::user::{AuditEntry, AuditVerification};
use shared::BureauId;

use crate::platform::audit;
use crate::platform::entity::{app_user, audit_log};
use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// The audit trail of the jurisdiction, newest first.
#[utoipa::path(get, path = "/api/audit", tag = "admin", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = shared::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    scope: Scope,
    Query(q): Query<AuditQuery>,
) -> AppResult<Json<Vec<AuditEntry>>> {
    let scope = scope.narrowed(&state.db, q.bureau).await?;
    let mut query = audit_log::Entity::find()
        .filter(audit_log::Column::BureauId.is_in(scope.bureau_ids()))
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Seq)
        .limit(200);
    if let Some(action) = q.action.filter(|a| !a.is_empty()) {
        query = query.filter(audit_log::Column::Action.starts_with(&action));
    }
    if let Some(before) = q.before {
        query = query.filter(audit_log::Column::Seq.lt(before));
    }
    let rows = query.all(&state.db).await?;
    let actor_ids: Vec<_> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names: std::collections::HashMap<_, _> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(actor_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{}（{}）", u.display_name, u.username)))
        .collect();
    Ok(Json(
        rows.into_iter()
            .map(|r| AuditEntry {
                bureau_id: BureauId(r.bureau_id),
                seq: r.seq,
                at: r.at,
                actor: r.actor_id.and_then(|id| names.get(&id).cloned()),
                device_id: r.device_id,
                action: r.action,
                target: r.target,
                summary: r.summary,
                hash: r.hash,
            })
            .collect(),
    ))
}

/// Recomputes the hash chains of the jurisdiction; any edited or deleted entry is reported.
#[utoipa::path(get, path = "/api/audit/verify", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = AuditVerification), (status = 403, body = shared::ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    scope: Scope,
) -> AppResult<Json<AuditVerification>> {
    Ok(Json(
        audit::verify(&state.db, Some(&scope.bureau_ids())).await?,
    ))
}
