//! Inspection checklist templates: the latest version of each, one version, the template that
//! fits an enterprise, and a new version from a province administrator.

use std::collections::BTreeMap;

use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde_json::json;
use shared::checklist::ChecklistTemplate;
use shared::ApiError;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::platform::audit::{self, Actor};
use crate::platform::auth::AuthUser;
use crate::platform::entity::{checklist_template, enterprise, enterprise_tag};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Enterprise, Key, Scope};

fn to_view(m: checklist_template::Model) -> AppResult<ChecklistTemplate> {
    Ok(ChecklistTemplate {
        code: m.code,
        version: m.version,
        name: m.name,
        applies_to: serde_json::from_str(&m.applies_to).map_err(anyhow::Error::from)?,
        sections: serde_json::from_str(&m.body).map_err(anyhow::Error::from)?,
    })
}

fn to_row(t: &ChecklistTemplate, by: Option<Uuid>) -> AppResult<checklist_template::ActiveModel> {
    Ok(checklist_template::ActiveModel {
        code: Set(t.code.clone()),
        version: Set(t.version),
        name: Set(t.name.clone()),
        applies_to: Set(serde_json::to_string(&t.applies_to).map_err(anyhow::Error::from)?),
        body: Set(serde_json::to_string(&t.sections).map_err(anyhow::Error::from)?),
        created_by: Set(by),
        created_at: Set(OffsetDateTime::now_utc()),
    })
}

/// Inserts the standard templates (`refdata::checklists`) into a deployment that has none.
pub async fn install_standard(conn: &impl ConnectionTrait) -> AppResult<()> {
    if checklist_template::Entity::find()
        .one(conn)
        .await?
        .is_some()
    {
        return Ok(());
    }
    for t in crate::refdata::checklists::all() {
        checklist_template::Entity::insert(to_row(&t, None)?)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The latest version of every template.
pub async fn latest(conn: &impl ConnectionTrait) -> AppResult<Vec<ChecklistTemplate>> {
    let mut by_code: BTreeMap<String, checklist_template::Model> = BTreeMap::new();
    for m in checklist_template::Entity::find()
        .order_by_asc(checklist_template::Column::Version)
        .all(conn)
        .await?
    {
        by_code.insert(m.code.clone(), m);
    }
    by_code.into_values().map(to_view).collect()
}

pub async fn version(
    db: &DatabaseConnection,
    code: &str,
    version: i32,
) -> AppResult<ChecklistTemplate> {
    version_in(db, code, version).await
}

/// [`version`] on any connection or transaction.
pub async fn version_in(
    conn: &impl ConnectionTrait,
    code: &str,
    version: i32,
) -> AppResult<ChecklistTemplate> {
    let m = checklist_template::Entity::find_by_id((code.to_string(), version))
        .one(conn)
        .await?
        .ok_or(ApiError::NotFound)?;
    to_view(m)
}

/// The template that fits an enterprise best (industry before tag; the general one otherwise).
pub async fn for_enterprise(
    db: &DatabaseConnection,
    key: Key<Enterprise>,
) -> AppResult<ChecklistTemplate> {
    let (bureau, id) = (key.bureau(), key.id());
    let e = enterprise::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let tags: Vec<String> = enterprise_tag::Entity::find()
        .filter(enterprise_tag::Column::BureauId.eq(bureau.0))
        .filter(enterprise_tag::Column::EnterpriseId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.tag_code)
        .collect();
    let all = latest(db).await?;
    best_fit(&all, &e.industry_code, &tags)
        .cloned()
        .ok_or_else(|| ApiError::NotFound.into())
}

/// Of the latest templates, the one that fits an industry and its tags best (industry before
/// tag), else 通用.
pub fn best_fit<'t>(
    all: &'t [ChecklistTemplate],
    industry: &str,
    tags: &[String],
) -> Option<&'t ChecklistTemplate> {
    all.iter()
        .filter(|t| t.fit(industry, tags).0 > 0)
        .max_by_key(|t| t.fit(industry, tags))
        .or_else(|| all.iter().find(|t| t.code == "general"))
}

/// Stores a template as the next version of its code (province administrators).
pub async fn save(
    db: &DatabaseConnection,
    caller: &AuthUser,
    scope: &Scope,
    mut t: ChecklistTemplate,
) -> AppResult<ChecklistTemplate> {
    if scope.root().parent_id.is_some() {
        return Err(ApiError::Forbidden.into());
    }
    t.code = t.code.trim().to_string();
    if t.code.is_empty()
        || t.code.len() > 48
        || !t
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(AppError::invalid(
            "code",
            "模板编号只能包含字母、数字、下划线和连字符",
        ));
    }
    t.validate().map_err(|m| AppError::invalid("sections", m))?;
    let txn = audit::begin(db, caller.bureau_id.0).await?;
    let last = checklist_template::Entity::find()
        .filter(checklist_template::Column::Code.eq(t.code.clone()))
        .order_by_desc(checklist_template::Column::Version)
        .one(&txn)
        .await?;
    t.version = last.map_or(1, |l| l.version + 1);
    checklist_template::Entity::insert(to_row(&t, Some(caller.user_id))?)
        .exec_without_returning(&txn)
        .await?;
    audit::append(
        &txn,
        caller.bureau_id.0,
        &Actor::of(caller),
        "checklist.save",
        &format!("checklist:{}:{}", t.code, t.version),
        json!({ "after": { "name": t.name, "items": t.item_count() } }),
    )
    .await?;
    txn.commit().await?;
    Ok(t)
}
