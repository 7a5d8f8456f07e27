//! The organisation tree: bureaus and squads.

use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use shared::bureau::BureauSummary;

use crate::convert::bureau_summary;
use crate::entity::bureau;
use crate::error::AppResult;

/// Bureaus whose name or division code matches `query`, for the shared login page.
/// Squads are not tenants and do not sign in on their own, so they are left out.
pub async fn search_bureaus(
    db: &DatabaseConnection,
    query: &str,
    limit: u64,
) -> AppResult<Vec<BureauSummary>> {
    let q = shared::credit_code::to_half_width(query).trim().to_string();
    let mut select = bureau::Entity::find()
        .filter(bureau::Column::Level.ne("squad"))
        .order_by_asc(bureau::Column::Path)
        .limit(limit);
    if !q.is_empty() {
        select = select.filter(
            Condition::any()
                .add(bureau::Column::Name.contains(&q))
                .add(bureau::Column::DivisionCode.starts_with(&q)),
        );
    }
    select.all(db).await?.iter().map(bureau_summary).collect()
}

pub async fn get(db: &DatabaseConnection, id: i64) -> AppResult<Option<bureau::Model>> {
    Ok(bureau::Entity::find_by_id(id).one(db).await?)
}
