//! The one place where database rows become wire types.

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

/// Parses the stored role list; unknown codes (from a newer version) are skipped.
pub fn roles(stored: &str) -> Vec<Role> {
    stored
        .split(',')
        .filter_map(|c| Role::from_code(c.trim()))
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
