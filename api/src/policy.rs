//! Access rules for every route, enforced before any handler runs.
//!
//! Each route of the router must appear in [`access`]; a route without a rule is refused with
//! a 500 and an error log (fail closed), and the isolation test, which walks the router's full
//! route list, fails until the rule is written.

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::policy::{allows, Permission};
use shared::ApiError;

use crate::auth::{authenticate, AuthUser};
use crate::error::AppError;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, even one who still has to change the password.
    SignedIn,
    /// A signed-in user whose roles grant the permission.
    Needs(Permission),
}

/// The rule for a route, by method and route template.
pub fn access(method: &Method, path: &str) -> Option<Access> {
    use Access::*;
    use Permission::*;
    Some(match (method.as_str(), path) {
        ("GET", "/api/health" | "/api/openapi.json" | "/api/bureaus") => Public,
        ("POST", "/api/auth/login" | "/api/auth/refresh") => Public,
        ("GET", "/api/auth/me") | ("POST", "/api/auth/logout" | "/api/auth/password") => SignedIn,
        ("GET", "/api/org/overview" | "/api/org/squad") => Needs(ViewOverview),
        (
            "GET",
            "/api/enterprises"
            | "/api/enterprises/{bureau_id}/{enterprise_id}"
            | "/api/enterprises/map"
            | "/api/enterprises/near"
            | "/api/tags"
            | "/api/projects"
            | "/api/risk/formula"
            | "/api/map/boundaries"
            | "/api/map/config",
        ) => Needs(ViewEnterprises),
        ("GET", "/api/enterprises/export") => Needs(ExportData),
        ("POST", "/api/enterprises/import" | "/api/projects") => Needs(ManageDossier),
        ("GET", "/api/enterprises/import/template") => Needs(ManageDossier),
        ("POST", "/api/projects/{bureau_id}/{project_id}/accept") => Needs(ManageDossier),
        ("PUT", "/api/risk/formula") => Needs(ConfigureRisk),
        ("GET", "/api/tasks/mine") => Needs(DoInspections),
        ("GET", "/api/checklists" | "/api/checklists/{code}/{version}") => Needs(ViewOverview),
        ("GET", "/api/enterprises/{bureau_id}/{enterprise_id}/checklist") => Needs(ViewEnterprises),
        ("POST", "/api/checklists") => Needs(ConfigureTemplates),
        ("GET", "/api/tasks" | "/api/tasks/{bureau_id}/{task_id}") => Needs(ViewOverview),
        ("POST", "/api/tasks") => Needs(AssignTasks),
        ("POST", "/api/tasks/{bureau_id}/{task_id}/transition") => Needs(DoInspections),
        ("POST", "/api/sync") => Needs(DoInspections),
        ("PUT", "/api/evidence/{bureau_id}/{evidence_id}/upload") => Needs(DoInspections),
        (
            "GET",
            "/api/inspections/{bureau_id}/{task_id}"
            | "/api/inspections/{bureau_id}/{task_id}/records/{record_id}/pdf"
            | "/api/evidence/{bureau_id}/{evidence_id}/upload"
            | "/api/evidence/{bureau_id}/{evidence_id}/content",
        ) => Needs(ViewOverview),
        ("GET", "/api/users") | ("POST", "/api/users") => Needs(ManageUsers),
        ("POST", "/api/users/{bureau_id}/{user_id}/password-reset") => Needs(ManageUsers),
        ("POST", "/api/users/{bureau_id}/{user_id}/status") => Needs(ManageUsers),
        ("GET", "/api/audit" | "/api/audit/verify") => Needs(ViewAudit),
        ("POST", "/api/devices") | ("GET", "/api/devices/mine") => Needs(RegisterDevice),
        ("POST", "/api/sync/ping") => Needs(RegisterDevice),
        ("GET", "/api/devices") => Needs(ManageDevices),
        (
            "POST",
            "/api/devices/{bureau_id}/{device_id}/approve"
            | "/api/devices/{bureau_id}/{device_id}/revoke",
        ) => Needs(ManageDevices),
        _ => return None,
    })
}

pub async fn enforce(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = matched
        .as_ref()
        .map(MatchedPath::as_str)
        .unwrap_or_else(|| req.uri().path())
        .to_string();
    let Some(rule) = access(req.method(), &path) else {
        tracing::error!(method = %req.method(), %path, "route has no access rule: refused");
        return AppError::from(ApiError::Internal).into_response();
    };
    if rule == Access::Public {
        return next.run(req).await;
    }
    let user: AuthUser = match authenticate(&state, req.headers()).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    if let Access::Needs(permission) = rule {
        if user.must_change_password {
            return AppError::from(ApiError::PasswordChangeRequired).into_response();
        }
        if !allows(&user.roles, permission) {
            return AppError::from(ApiError::Forbidden).into_response();
        }
    }
    req.extensions_mut().insert(user);
    next.run(req).await
}
