//! What a jurisdiction holds, for the home screens of leaders and staff.

use serde::{Deserialize, Serialize};

use crate::bureau::BureauSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JurisdictionOverview {
    /// The bureau whose jurisdiction this is.
    pub root: BureauSummary,
    /// Every bureau in the jurisdiction (the root first, squads left out), with its figures.
    pub units: Vec<UnitOverview>,
    pub enterprises: u64,
    pub inspectors: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitOverview {
    pub bureau: BureauSummary,
    /// Enterprises (pollution sources) this bureau supervises.
    pub enterprises: u64,
    /// Users of this bureau holding the inspector role.
    pub inspectors: u64,
    pub squads: u64,
    /// The squads (中队) of this bureau.
    pub squad_list: Vec<BureauSummary>,
}

/// A member of the caller's squad, for the squad leader's home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SquadMember {
    pub id: String,
    pub display_name: String,
    pub username: String,
    pub roles: Vec<crate::Role>,
    pub certificate_no: Option<String>,
    /// ISO date (YYYY-MM-DD).
    pub certificate_valid_until: Option<String>,
}
