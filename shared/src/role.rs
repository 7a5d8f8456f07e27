//! Roles people hold and the levels of the organisation tree.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// What a user does in a bureau (MISSION.md "Who uses it"). A user holds one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Inspector,
    SquadLeader,
    LegalReviewer,
    BureauLeader,
    Dispatcher,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Inspector,
        Role::SquadLeader,
        Role::LegalReviewer,
        Role::BureauLeader,
        Role::Dispatcher,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Inspector => "inspector",
            Role::SquadLeader => "squad_leader",
            Role::LegalReviewer => "legal_reviewer",
            Role::BureauLeader => "bureau_leader",
            Role::Dispatcher => "dispatcher",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Role::Inspector => lang.pick("执法人员", "Inspector"),
            Role::SquadLeader => lang.pick("中队长", "Squad leader"),
            Role::LegalReviewer => lang.pick("法制审核员", "Legal reviewer"),
            Role::BureauLeader => lang.pick("局领导", "Bureau leader"),
            Role::Dispatcher => lang.pick("指挥调度员", "Dispatcher"),
            Role::Admin => lang.pick("系统管理员", "Administrator"),
        }
    }
}

/// Levels of the organisation tree, highest first: a higher level sees everything below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    City,
    County,
    Squad,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::City => "city",
            Level::County => "county",
            Level::Squad => "squad",
        }
    }

    pub fn from_code(code: &str) -> Option<Level> {
        [Level::Province, Level::City, Level::County, Level::Squad]
            .into_iter()
            .find(|l| l.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Level::Province => lang.pick("省厅", "Province"),
            Level::City => lang.pick("市局", "City"),
            Level::County => lang.pick("县区局", "County"),
            Level::Squad => lang.pick("中队", "Squad"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_levels_order_downwards() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert!(Level::Province < Level::City && Level::City < Level::County);
        assert_eq!(Level::from_code("squad"), Some(Level::Squad));
    }
}
