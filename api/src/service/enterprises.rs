//! The enterprise registry (一厂一档): search within the jurisdiction and the dossier.

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use shared::enterprise::{
    normalise_query, EnterpriseDetail, EnterprisePage, EnterpriseStatus, EnterpriseSummary,
    TagCategoryView, TagView,
};
use shared::{ApiError, BureauId};
use uuid::Uuid;

use crate::entity::{enterprise, enterprise_tag, tag, tag_category};
use crate::error::{AppError, AppResult};
use crate::scope::Scope;

/// A search of the registry, as the list page and the API ask it.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
pub struct Search {
    /// Part of the name, address or legal representative, or the start of the credit code;
    /// full-width characters are folded.
    #[serde(default)]
    pub q: String,
    /// 行政区划代码 of a county.
    pub division: Option<String>,
    /// Tag code, e.g. `key_source`, `vocs`.
    pub tag: Option<String>,
    /// operating | suspended | closed
    pub status: Option<String>,
    /// GB/T 4754 code or its prefix (`C26`).
    pub industry: Option<String>,
    /// Cursor from the previous page's `next`.
    pub after: Option<String>,
    /// Page size, 1–200 (20 when absent).
    pub limit: Option<u64>,
}

pub fn industry_name(code: &str) -> String {
    crate::seed::names::INDUSTRIES
        .iter()
        .find(|i| i.0 == code)
        .map(|i| i.1.to_string())
        .unwrap_or_default()
}

async fn tag_names(db: &DatabaseConnection) -> AppResult<HashMap<String, TagView>> {
    let categories: HashMap<String, String> = tag_category::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    Ok(tag::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            let view = TagView {
                code: t.code.clone(),
                name: t.name,
                category: categories
                    .get(&t.category_code)
                    .cloned()
                    .unwrap_or_default(),
            };
            (t.code, view)
        })
        .collect())
}

pub async fn taxonomy(db: &DatabaseConnection) -> AppResult<Vec<TagCategoryView>> {
    let tags = tag::Entity::find()
        .order_by_asc(tag::Column::Sort)
        .all(db)
        .await?;
    Ok(tag_category::Entity::find()
        .order_by_asc(tag_category::Column::Sort)
        .all(db)
        .await?
        .into_iter()
        .map(|c| TagCategoryView {
            tags: tags
                .iter()
                .filter(|t| t.category_code == c.code)
                .map(|t| TagView {
                    code: t.code.clone(),
                    name: t.name.clone(),
                    category: c.name.clone(),
                })
                .collect(),
            code: c.code,
            name: c.name,
        })
        .collect())
}

fn summary(e: &enterprise::Model, tags: Vec<TagView>) -> EnterpriseSummary {
    EnterpriseSummary {
        id: e.id.to_string(),
        bureau_id: BureauId(e.bureau_id),
        name: e.name.clone(),
        credit_code: e.credit_code.clone(),
        legal_representative: e.legal_representative.clone(),
        address: e.address.clone(),
        division_code: e.division_code.clone(),
        industry_name: industry_name(&e.industry_code),
        industry_code: e.industry_code.clone(),
        status: EnterpriseStatus::from_code(&e.status).unwrap_or(EnterpriseStatus::Operating),
        tags,
        longitude: e.longitude,
        latitude: e.latitude,
    }
}

async fn tags_of(
    db: &DatabaseConnection,
    rows: &[enterprise::Model],
) -> AppResult<HashMap<Uuid, Vec<TagView>>> {
    let names = tag_names(db).await?;
    let mut out: HashMap<Uuid, Vec<TagView>> = HashMap::new();
    let links = enterprise_tag::Entity::find()
        .filter(
            enterprise_tag::Column::EnterpriseId
                .is_in(rows.iter().map(|r| r.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    for l in links {
        if let Some(t) = names.get(&l.tag_code) {
            out.entry(l.enterprise_id).or_default().push(t.clone());
        }
    }
    Ok(out)
}

fn cursor(e: &enterprise::Model) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::json!([e.name, e.id]).to_string())
}

fn parse_cursor(c: &str) -> AppResult<(String, Uuid)> {
    let bad = || AppError::invalid("after", "翻页参数无效，请重新查询");
    let bytes = URL_SAFE_NO_PAD.decode(c).map_err(|_| bad())?;
    let (name, id): (String, Uuid) = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    Ok((name, id))
}

/// Enterprises of the jurisdiction matching the query, by name, one keyset page at a time.
pub async fn search(
    db: &DatabaseConnection,
    scope: &Scope,
    s: Search,
) -> AppResult<EnterprisePage> {
    let limit = s.limit.unwrap_or(20).clamp(1, 200);
    let mut query =
        enterprise::Entity::find().filter(enterprise::Column::BureauId.is_in(scope.bureau_ids()));
    let q = normalise_query(&s.q);
    if !q.is_empty() {
        query = query.filter(
            Condition::any()
                .add(enterprise::Column::Name.contains(&q))
                .add(enterprise::Column::Address.contains(&q))
                .add(enterprise::Column::LegalRepresentative.contains(&q))
                .add(enterprise::Column::CreditCode.starts_with(q.to_ascii_uppercase())),
        );
    }
    if let Some(d) = s.division.filter(|d| !d.is_empty()) {
        query = query.filter(enterprise::Column::DivisionCode.eq(d));
    }
    if let Some(st) = s.status.filter(|x| !x.is_empty()) {
        query = query.filter(enterprise::Column::Status.eq(st));
    }
    if let Some(ind) = s.industry.filter(|x| !x.is_empty()) {
        query = query.filter(enterprise::Column::IndustryCode.starts_with(ind));
    }
    if let Some(t) = s.tag.filter(|x| !x.is_empty()) {
        let tagged = enterprise_tag::Entity::find()
            .select_only()
            .column(enterprise_tag::Column::EnterpriseId)
            .filter(enterprise_tag::Column::TagCode.eq(t))
            .filter(enterprise_tag::Column::BureauId.is_in(scope.bureau_ids()))
            .into_query();
        query = query.filter(enterprise::Column::Id.in_subquery(tagged));
    }
    if let Some(after) = s.after.as_deref().filter(|a| !a.is_empty()) {
        let (name, id) = parse_cursor(after)?;
        query = query.filter(
            Condition::any()
                .add(enterprise::Column::Name.gt(name.clone()))
                .add(
                    Condition::all()
                        .add(enterprise::Column::Name.eq(name))
                        .add(enterprise::Column::Id.gt(id)),
                ),
        );
    }
    let mut rows = query
        .order_by_asc(enterprise::Column::Name)
        .order_by_asc(enterprise::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(cursor)
    } else {
        None
    };
    let mut tags = tags_of(db, &rows).await?;
    let items = rows
        .iter()
        .map(|e| summary(e, tags.remove(&e.id).unwrap_or_default()))
        .collect();
    Ok(EnterprisePage { items, next })
}

/// One dossier, if it lies in the jurisdiction.
pub async fn get(
    db: &DatabaseConnection,
    scope: &Scope,
    bureau: BureauId,
    id: &str,
) -> AppResult<EnterpriseDetail> {
    if !scope.contains(bureau) {
        return Err(ApiError::Forbidden.into());
    }
    let id = Uuid::parse_str(id).map_err(|_| ApiError::NotFound)?;
    let e = enterprise::Entity::find_by_id((bureau.0, id))
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut tags = tags_of(db, std::slice::from_ref(&e)).await?;
    let bureau_name = scope
        .bureaus()
        .iter()
        .find(|b| b.id == e.bureau_id)
        .map(|b| b.name.clone())
        .unwrap_or_default();
    Ok(EnterpriseDetail {
        summary: summary(&e, tags.remove(&e.id).unwrap_or_default()),
        bureau_name,
        town_code: e.town_code.clone(),
        scale: e.scale.clone(),
        contact_name: e.contact_name.clone(),
        contact_phone: e.contact_phone.clone(),
        registered_on: e.created_at.date().to_string(),
    })
}
