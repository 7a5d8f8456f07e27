//! What each role may do: explicit, in one place, used by the API to decide and by the app to
//! show only what a user may use.

use serde::{Deserialize, Serialize};

use crate::{Level, Role};

/// A capability a route or a page needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Figures of the own jurisdiction (every signed-in user).
    ViewOverview,
    /// Enterprise dossiers of the jurisdiction (every signed-in user).
    ViewEnterprises,
    /// Users of the own bureau and the bureaus below: list, create, reset, disable.
    ManageUsers,
    /// The audit trail of the jurisdiction.
    ViewAudit,
    /// Approve and revoke field devices.
    ManageDevices,
    /// Register the device one is signed in on, and sync from it.
    RegisterDevice,
    /// Keep the dossier: import enterprises and permits, record EIA approvals and acceptances.
    ManageDossier,
    /// Export lists (bulk data leaves the system: not for field accounts).
    ExportData,
    /// Change the deployment's risk formula (province administrators; the level is checked too).
    ConfigureRisk,
    /// Assign inspection tasks to the squad's inspectors and review what they submit.
    AssignTasks,
    /// Work on one's own inspection tasks.
    DoInspections,
    /// Edit inspection checklist templates (province administrators; the level is checked too).
    ConfigureTemplates,
    /// Follow the background jobs (risk recomputes) of the jurisdiction.
    ViewJobs,
    /// Take part in penalty cases: propose, investigate (officers), review (legal reviewers),
    /// approve and decide (bureau leaders). Which step is whose is `enforcement::case::next`'s.
    HandleCases,
    /// Edit the province's discretion benchmark and working-day calendar (province
    /// administrators; the level is checked too).
    ConfigureEnforcement,
    /// Register data loggers (数采仪) to monitoring points, set the points' limits and how long
    /// the field force's positions are kept.
    ManageMonitoring,
    /// Work the alarm desk: acknowledge, dispatch and close alarms.
    HandleAlarms,
}

impl Permission {
    pub const ALL: [Permission; 17] = [
        Permission::ViewOverview,
        Permission::ViewEnterprises,
        Permission::ManageUsers,
        Permission::ViewAudit,
        Permission::ManageDevices,
        Permission::RegisterDevice,
        Permission::ManageDossier,
        Permission::ExportData,
        Permission::ConfigureRisk,
        Permission::AssignTasks,
        Permission::DoInspections,
        Permission::ConfigureTemplates,
        Permission::ViewJobs,
        Permission::HandleCases,
        Permission::ConfigureEnforcement,
        Permission::ManageMonitoring,
        Permission::HandleAlarms,
    ];
}

/// Whether a holder of `roles` may use `permission`.
pub fn allows(roles: &[Role], permission: Permission) -> bool {
    roles.iter().any(|role| role_allows(*role, permission))
}

fn role_allows(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match permission {
        ViewOverview | ViewEnterprises => true,
        ManageUsers | ManageDevices | ViewJobs => role == Role::Admin,
        ViewAudit => matches!(role, Role::Admin | Role::BureauLeader),
        RegisterDevice => matches!(role, Role::Inspector | Role::SquadLeader),
        ManageDossier => matches!(role, Role::Admin | Role::Dispatcher),
        ExportData => matches!(
            role,
            Role::Admin | Role::BureauLeader | Role::Dispatcher | Role::LegalReviewer
        ),
        ConfigureRisk | ConfigureTemplates | ConfigureEnforcement => role == Role::Admin,
        HandleCases => matches!(
            role,
            Role::Inspector | Role::SquadLeader | Role::LegalReviewer | Role::BureauLeader
        ),
        AssignTasks => role == Role::SquadLeader,
        DoInspections => matches!(role, Role::Inspector | Role::SquadLeader),
        ManageMonitoring => role == Role::Admin,
        HandleAlarms => matches!(
            role,
            Role::Dispatcher | Role::SquadLeader | Role::BureauLeader
        ),
    }
}

/// The home screen a user lands on: the first that fits, most field-oriented first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HomeKind {
    /// "My tasks" first.
    Inspector,
    SquadLeader,
    CountyLeader,
    /// With the county switcher and roll-ups.
    CityLeader,
    ProvinceLeader,
    Admin,
}

pub fn home_kind(roles: &[Role], level: Level) -> HomeKind {
    if roles.contains(&Role::SquadLeader) {
        HomeKind::SquadLeader
    } else if roles.contains(&Role::Inspector) {
        HomeKind::Inspector
    } else if roles.iter().any(|r| {
        matches!(
            r,
            Role::BureauLeader | Role::Dispatcher | Role::LegalReviewer
        )
    }) {
        match level {
            Level::Province => HomeKind::ProvinceLeader,
            Level::City => HomeKind::CityLeader,
            _ => HomeKind::CountyLeader,
        }
    } else if roles.contains(&Role::Admin) {
        HomeKind::Admin
    } else {
        HomeKind::Inspector
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_users_and_devices() {
        for role in Role::ALL {
            assert_eq!(
                allows(&[role], Permission::ManageUsers),
                role == Role::Admin,
                "{role:?}"
            );
            assert_eq!(
                allows(&[role], Permission::ManageDevices),
                role == Role::Admin,
                "{role:?}"
            );
        }
        assert!(allows(
            &[Role::Inspector, Role::Admin],
            Permission::ManageUsers
        ));
    }

    #[test]
    fn audit_is_for_admins_and_leaders() {
        let readers: Vec<_> = Role::ALL
            .into_iter()
            .filter(|r| allows(&[*r], Permission::ViewAudit))
            .collect();
        assert_eq!(readers, [Role::BureauLeader, Role::Admin]);
    }

    #[test]
    fn field_roles_register_devices() {
        assert!(allows(&[Role::Inspector], Permission::RegisterDevice));
        assert!(!allows(&[Role::BureauLeader], Permission::RegisterDevice));
    }

    #[test]
    fn everyone_sees_the_overview() {
        assert!(Role::ALL
            .into_iter()
            .all(|r| allows(&[r], Permission::ViewOverview)));
    }

    #[test]
    fn homes_follow_role_and_level() {
        assert_eq!(
            home_kind(&[Role::Inspector], Level::County),
            HomeKind::Inspector
        );
        assert_eq!(
            home_kind(&[Role::SquadLeader, Role::Inspector], Level::County),
            HomeKind::SquadLeader
        );
        assert_eq!(
            home_kind(&[Role::BureauLeader], Level::City),
            HomeKind::CityLeader
        );
        assert_eq!(
            home_kind(&[Role::BureauLeader], Level::County),
            HomeKind::CountyLeader
        );
        assert_eq!(
            home_kind(&[Role::BureauLeader], Level::Province),
            HomeKind::ProvinceLeader
        );
        assert_eq!(home_kind(&[Role::Admin], Level::County), HomeKind::Admin);
    }
}
