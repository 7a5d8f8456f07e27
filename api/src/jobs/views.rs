//! What an administrator sees of the jobs: those of the jurisdiction, newest first.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::job::JobView;
use shared::ApiError;

use crate::platform::entity::job;
use crate::platform::error::AppResult;
use crate::platform::queue;
use crate::platform::scope::{Job, Key, Scope};

/// The most jobs one list shows.
pub const LIST_LIMIT: u64 = 100;

/// The jobs started in the jurisdiction's bureaus, newest first.
pub async fn list(db: &DatabaseConnection, scope: &Scope) -> AppResult<Vec<JobView>> {
    let rows = job::Entity::find()
        .filter(job::Column::BureauId.is_in(scope.bureau_ids()))
        .order_by_desc(job::Column::CreatedAt)
        .order_by_desc(job::Column::Id)
        .limit(LIST_LIMIT)
        .all(db)
        .await?;
    queue::views(db, rows).await
}

/// One job of the jurisdiction.
pub async fn get(db: &DatabaseConnection, key: Key<Job>) -> AppResult<JobView> {
    let row = job::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    queue::views(db, vec![row])
        .await?
        .pop()
        .ok_or_else(|| ApiError::NotFound.into())
}
