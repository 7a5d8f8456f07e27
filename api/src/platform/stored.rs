//! Reading what the database stores as text back into its types, strictly: a stored code no
//! enum knows (a hand edit, a newer version's value, a corrupt row) is an error that is logged
//! and answered as a 500, never a default such as "assigned" or "green" (fail closed).
//!
//! Each feature converts its own rows to wire types beside its queries; the shared pieces of
//! that (codes, roles, times, the bureau summary every feature shows) are here.

use shared::bureau::BureauSummary;
use shared::{BureauId, DivisionCode, Level, Role};

use crate::platform::entity::bureau;
use crate::platform::error::AppError;

pub fn bureau_summary(b: &bureau::Model) -> Result<BureauSummary, AppError> {
    Ok(BureauSummary {
        id: BureauId(b.id),
        name: b.name.clone(),
        level: Level::from_code(&b.level)
            .ok_or_else(|| anyhow::anyhow!("bureau {} has unknown level {}", b.id, b.level))?,
        division_code: DivisionCode::parse(&b.division_code)
            .map_err(|e| anyhow::anyhow!("bureau {} division code: {e}", b.id))?,
        parent_id: b.parent_id.map(BureauId),
    })
}

/// Parses the stored role list (comma-separated codes); an unknown code is an error, so an
/// account with a role this version does not know gets no access at all rather than a guess.
pub fn roles(stored: &str) -> Result<Vec<Role>, AppError> {
    stored
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| code("app_user.roles", c, Role::from_code))
        .collect()
}

pub fn roles_to_db(roles: &[Role]) -> String {
    roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(",")
}

/// A time as RFC 3339 on the wire.
pub fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// A stored code read into its type by `parse` (e.g. `TaskStatus::from_code`); an unknown
/// code is an internal error naming the column and the value.
pub fn code<T>(
    column: &'static str,
    stored: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, AppError> {
    parse(stored).ok_or_else(|| unknown(column, stored))
}

/// [`code`] for a nullable column.
pub fn opt_code<T>(
    column: &'static str,
    stored: Option<&str>,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, AppError> {
    stored.map(|s| code(column, s, parse)).transpose()
}

/// A JSON column read into its type; a value that does not parse is an internal error.
pub fn json<T: serde::de::DeserializeOwned>(
    column: &'static str,
    stored: &str,
) -> Result<T, AppError> {
    serde_json::from_str(stored)
        .map_err(|e| anyhow::anyhow!("stored {column} does not parse: {e}").into())
}

fn unknown(column: &'static str, stored: &str) -> AppError {
    anyhow::anyhow!("stored {column} {stored:?} is not a known code").into()
}
