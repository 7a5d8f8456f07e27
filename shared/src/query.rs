//! Query strings of the API: one type per route that takes one. The API reads them with
//! axum's `Query`, the app writes them with [`encode`], so both sides agree by construction.

use serde::{Deserialize, Serialize};

/// The query string of `q` (without the `?`); `None` fields are left out.
pub fn encode<T: Serialize>(q: &T) -> String {
    // Every type here is a flat struct of strings, numbers, booleans and unit enums, which
    // serde_urlencoded always encodes.
    serde_urlencoded::to_string(q).unwrap_or_default()
}

/// `path?query`, or `path` when the query is empty.
pub fn with_query<T: Serialize>(path: &str, q: &T) -> String {
    match encode(q) {
        s if s.is_empty() => path.to_string(),
        s => format!("{path}?{s}"),
    }
}

/// A search of the registry, as the list page, the map and the export ask it.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct EnterpriseSearch {
    /// Part of the name, address or legal representative, or the start of the credit code;
    /// full-width characters are folded.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    /// 行政区划代码 of a county.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// Tag code, e.g. `key_source`, `vocs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// operating | suspended | closed
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// GB/T 4754 code or its prefix (`C26`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// red | yellow | green
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    /// valid | expiring | expired | none
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permit: Option<String>,
    /// Cursor from the previous page's `next`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Page size, 1–200 (20 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
}

/// A position and radius to search around (S5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct NearQuery {
    /// WGS-84 latitude.
    pub lat: f64,
    /// WGS-84 longitude.
    pub lng: f64,
    /// Metres, 100–50,000 (5,000 when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub radius: Option<f64>,
}

/// The spreadsheet kinds of import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Enterprises,
    Permits,
}

/// The file formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

/// `GET /api/enterprises/export`, besides the search.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ExportQuery {
    /// xlsx (default) or csv.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<ExportFormat>,
}

/// `POST /api/enterprises/import`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ImportQuery {
    /// enterprises or permits.
    pub kind: ImportKind,
    /// true: check and preview only, write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// `GET /api/enterprises/import/template`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct TemplateQuery {
    pub kind: ImportKind,
}

/// `GET /api/projects`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ProjectQuery {
    /// approved | accepted
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
}

/// Routes that look at the jurisdiction and can narrow it to one bureau inside it
/// (`/api/org/overview`, `/api/users`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct BureauFilter {
    /// Narrow to one bureau inside the caller's jurisdiction (a county, for a city user).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bureau: Option<i64>,
}

/// `GET /api/bureaus`: the public bureau picker.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct BureauQuery {
    /// Part of the name or the leading digits of the division code.
    #[serde(default)]
    pub q: String,
}

/// `GET /api/audit`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct AuditQuery {
    /// One bureau of the jurisdiction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bureau: Option<i64>,
    /// Action prefix, e.g. `auth.` or `user.create`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Entries before this sequence number (paging backwards).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
}

/// `PUT /api/evidence/{bureau_id}/{evidence_id}/upload`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct ChunkQuery {
    /// Byte position of this chunk in the file.
    pub offset: i64,
}

use crate::limits::{Bounded, Bounds, QUERY, SHORT};

impl Bounded for EnterpriseSearch {
    fn bounds(&self, b: &mut Bounds) {
        b.text("q", "搜索内容", &self.q, QUERY)
            .opt("division", "行政区划代码", self.division.as_deref(), SHORT)
            .opt("tag", "标签", self.tag.as_deref(), SHORT)
            .opt("status", "生产状态", self.status.as_deref(), SHORT)
            .opt("industry", "行业代码", self.industry.as_deref(), SHORT)
            .opt("risk", "风险等级", self.risk.as_deref(), SHORT)
            .opt("permit", "许可证状态", self.permit.as_deref(), SHORT)
            .opt("after", "分页位置", self.after.as_deref(), QUERY);
    }
}

impl Bounded for BureauQuery {
    fn bounds(&self, b: &mut Bounds) {
        b.text("q", "搜索内容", &self.q, QUERY);
    }
}

impl Bounded for AuditQuery {
    fn bounds(&self, b: &mut Bounds) {
        b.opt("action", "操作类型", self.action.as_deref(), SHORT);
    }
}

impl Bounded for ProjectQuery {
    fn bounds(&self, b: &mut Bounds) {
        b.opt("stage", "阶段", self.stage.as_deref(), SHORT);
    }
}

crate::unbounded!(
    NearQuery,
    ExportQuery,
    ImportQuery,
    TemplateQuery,
    BureauFilter,
    ChunkQuery
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_encodes_only_what_is_set() {
        let s = EnterpriseSearch {
            q: "化工 有限".into(),
            risk: Some("red".into()),
            limit: Some(50),
            ..Default::default()
        };
        assert_eq!(
            encode(&s),
            "q=%E5%8C%96%E5%B7%A5+%E6%9C%89%E9%99%90&risk=red&limit=50"
        );
        assert_eq!(
            with_query("/api/enterprises", &EnterpriseSearch::default()),
            "/api/enterprises"
        );
        let back: EnterpriseSearch = serde_urlencoded::from_str(&encode(&s)).expect("decodes");
        assert_eq!(back, s);
        assert_eq!(
            encode(&ImportQuery {
                kind: ImportKind::Permits,
                dry_run: true
            }),
            "kind=permits&dry_run=true"
        );
    }
}
