//! The organisation tree: bureaus and squads.

use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use shared::bureau::BureauSummary;
use shared::org::{JurisdictionOverview, UnitOverview};

use crate::platform::entity::{app_user, bureau, enterprise};
use crate::platform::error::AppResult;
use crate::platform::scope::Scope;
use crate::platform::stored::bureau_summary;

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

/// Figures for every bureau of the jurisdiction.
pub async fn overview(db: &DatabaseConnection, scope: &Scope) -> AppResult<JurisdictionOverview> {
    use std::collections::HashMap;

    let ids = scope.bureau_ids();
    let enterprises: HashMap<i64, i64> = enterprise::Entity::find()
        .select_only()
        .column(enterprise::Column::BureauId)
        .column_as(enterprise::Column::Id.count(), "n")
        .filter(enterprise::Column::BureauId.is_in(ids.clone()))
        .group_by(enterprise::Column::BureauId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let inspectors: HashMap<i64, i64> = app_user::Entity::find()
        .select_only()
        .column(app_user::Column::BureauId)
        .column_as(app_user::Column::Id.count(), "n")
        .filter(app_user::Column::BureauId.is_in(ids))
        .filter(app_user::Column::Roles.contains("inspector"))
        .filter(app_user::Column::Active.eq(true))
        .group_by(app_user::Column::BureauId)
        .into_tuple::<(i64, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let count = |m: &HashMap<i64, i64>, id: i64| m.get(&id).copied().unwrap_or(0).max(0) as u64;
    let mut units = Vec::new();
    for b in scope.bureaus().iter().filter(|b| b.level != "squad") {
        let squad_list = scope
            .bureaus()
            .iter()
            .filter(|s| s.level == "squad" && s.parent_id == Some(b.id))
            .map(bureau_summary)
            .collect::<AppResult<Vec<_>>>()?;
        units.push(UnitOverview {
            bureau: bureau_summary(b)?,
            enterprises: count(&enterprises, b.id),
            inspectors: count(&inspectors, b.id),
            squads: squad_list.len() as u64,
            squad_list,
        });
    }
    Ok(JurisdictionOverview {
        root: bureau_summary(scope.root())?,
        enterprises: units.iter().map(|u| u.enterprises).sum(),
        inspectors: units.iter().map(|u| u.inspectors).sum(),
        units,
    })
}

/// The active members of the caller's squad (empty for people outside a squad).
pub async fn squad_members(
    db: &DatabaseConnection,
    caller: &crate::platform::auth::AuthUser,
) -> AppResult<Vec<shared::org::SquadMember>> {
    let me = app_user::Entity::find_by_id((caller.bureau_id.0, caller.user_id))
        .one(db)
        .await?;
    let Some(squad) = me.and_then(|u| u.squad_id) else {
        return Ok(vec![]);
    };
    let rows = app_user::Entity::find()
        .filter(app_user::Column::BureauId.eq(caller.bureau_id.0))
        .filter(app_user::Column::SquadId.eq(squad))
        .filter(app_user::Column::Active.eq(true))
        .order_by_asc(app_user::Column::Username)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|u| {
            Ok(shared::org::SquadMember {
                id: u.id.to_string(),
                display_name: u.display_name,
                roles: crate::platform::stored::roles(&u.roles)?,
                username: u.username,
                certificate_no: u.certificate_no,
                certificate_valid_until: u.certificate_valid_until.map(|d| d.to_string()),
            })
        })
        .collect()
}
