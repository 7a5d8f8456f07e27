//! The enterprise registry (一厂一档): search within the jurisdiction and the dossier.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use shared::dossier::PermitStatus;
use shared::enterprise::{
    EnterpriseDetail, EnterprisePage, EnterpriseStatus, EnterpriseSummary, TagCategoryView, TagView,
};
use shared::query::{EnterpriseSearch, NearQuery};
use shared::risk::RiskLevel;
use shared::{ApiError, BureauId};
use uuid::Uuid;

use crate::platform::entity::{enterprise, enterprise_tag, tag, tag_category};
use crate::platform::error::AppResult;
use crate::platform::scope::{Enterprise, Key, Scope};

pub fn industry_name(code: &str) -> String {
    crate::refdata::industries::name(code)
        .unwrap_or_default()
        .to_string()
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

pub fn summary(e: &enterprise::Model, tags: Vec<TagView>) -> AppResult<EnterpriseSummary> {
    Ok(EnterpriseSummary {
        id: e.id.to_string(),
        bureau_id: BureauId(e.bureau_id),
        name: e.name.clone(),
        credit_code: e.credit_code.clone(),
        legal_representative: e.legal_representative.clone(),
        address: e.address.clone(),
        division_code: e.division_code.clone(),
        industry_name: industry_name(&e.industry_code),
        industry_code: e.industry_code.clone(),
        status: crate::platform::stored::code("status", &e.status, EnterpriseStatus::from_code)?,
        tags,
        risk_level: crate::platform::stored::code(
            "risk_level",
            &e.risk_level,
            RiskLevel::from_code,
        )?,
        risk_score: e.risk_score,
        permit_status: crate::platform::stored::code(
            "permit_status",
            &e.permit_status,
            PermitStatus::from_code,
        )?,
        longitude: e.longitude,
        latitude: e.latitude,
    })
}

pub async fn tags_of(
    db: &DatabaseConnection,
    rows: &[enterprise::Model],
) -> AppResult<HashMap<Uuid, Vec<TagView>>> {
    let names = tag_names(db).await?;
    let mut out: HashMap<Uuid, Vec<TagView>> = HashMap::new();
    if rows.is_empty() {
        return Ok(out);
    }
    let mut bureaus: Vec<i64> = rows.iter().map(|r| r.bureau_id).collect();
    bureaus.sort_unstable();
    bureaus.dedup();
    let links = enterprise_tag::Entity::find()
        // Both key columns, so the lookup uses the primary key (bureau_id, enterprise_id, …).
        .filter(enterprise_tag::Column::BureauId.is_in(bureaus))
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

/// Enterprises of the jurisdiction matching the query, newest registration first, one keyset
/// page at a time.
pub async fn search(
    db: &DatabaseConnection,
    scope: &Scope,
    s: EnterpriseSearch,
) -> AppResult<EnterprisePage> {
    let limit = s.limit.unwrap_or(20).clamp(1, 200);
    let mut rows = super::search::find(db, scope, &s, limit).await?;
    let next = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|e| super::search::cursor(&s, e))
    } else {
        None
    };
    let mut tags = tags_of(db, &rows).await?;
    let items = rows
        .iter()
        .map(|e| summary(e, tags.remove(&e.id).unwrap_or_default()))
        .collect::<AppResult<Vec<_>>>()?;
    Ok(EnterprisePage { items, next })
}

/// One enterprise's row and its detail, if it lies in the jurisdiction.
pub async fn get(
    db: &DatabaseConnection,
    scope: &Scope,
    key: Key<Enterprise>,
) -> AppResult<(enterprise::Model, EnterpriseDetail)> {
    let e = enterprise::Entity::find_by_id(key.pk())
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
    let detail = EnterpriseDetail {
        summary: summary(&e, tags.remove(&e.id).unwrap_or_default())?,
        bureau_name,
        town_code: e.town_code.clone(),
        scale: e.scale.clone(),
        contact_name: e.contact_name.clone(),
        contact_phone: e.contact_phone.clone(),
        registered_on: e.created_at.date().to_string(),
    };
    Ok((e, detail))
}

/// Enterprises of the jurisdiction within the radius, nearest first (at most 50). A bounding box
/// on the latitude index narrows the rows; the exact distance decides.
pub async fn near(
    db: &DatabaseConnection,
    scope: &Scope,
    n: NearQuery,
) -> AppResult<Vec<shared::enterprise::NearbyEnterprise>> {
    let (lng, lat) = shared::enterprise::check::coordinates(n.lng, n.lat)
        .map_err(|m| crate::platform::error::AppError::invalid("lat", m))?;
    let radius = n.radius.unwrap_or(5_000.0).clamp(100.0, 50_000.0);
    let d_lat = radius / 111_320.0;
    let d_lng = radius / (111_320.0 * lat.to_radians().cos().max(0.01));
    let rows = enterprise::Entity::find()
        .filter(enterprise::Column::Latitude.between(lat - d_lat, lat + d_lat))
        .filter(enterprise::Column::Longitude.between(lng - d_lng, lng + d_lng))
        .filter(enterprise::Column::BureauId.is_in(scope.bureau_ids()))
        .all(db)
        .await?;
    let mut found: Vec<(f64, enterprise::Model)> = rows
        .into_iter()
        .map(|e| {
            (
                shared::enterprise::distance_m(lat, lng, e.latitude, e.longitude),
                e,
            )
        })
        .filter(|(d, _)| *d <= radius)
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.truncate(50);
    let models: Vec<enterprise::Model> = found.iter().map(|f| f.1.clone()).collect();
    let mut tags = tags_of(db, &models).await?;
    found
        .into_iter()
        .map(|(d, e)| {
            Ok(shared::enterprise::NearbyEnterprise {
                enterprise: summary(&e, tags.remove(&e.id).unwrap_or_default())?,
                distance_m: d.round(),
            })
        })
        .collect()
}
