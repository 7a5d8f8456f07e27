//! Bureaus (局) and squads (中队): the organisation tree and its tenants.

use serde::{Deserialize, Serialize};

use crate::{BureauId, DivisionCode, Level};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BureauSummary {
    pub id: BureauId,
    pub name: String,
    pub level: Level,
    pub division_code: DivisionCode,
    pub parent_id: Option<BureauId>,
}
