//! Access rules, enforced before any handler runs.
//!
//! Each feature declares its routes together with their rules ([`Feature`]); the composition
//! root merges them into one [`AccessTable`]. A route the router serves without a rule is
//! refused with a 500 and an error log (fail closed), and the isolation test, which walks the
//! router's full route list against its own written expectations, fails until the rule exists.
//! A method a route does not have is a 405 with the route's `Allow` list.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shared::policy::{allows, Permission};
use shared::ApiError;
use utoipa_axum::router::OpenApiRouter;

use crate::platform::auth::{authenticate, AuthUser};
use crate::platform::error::AppError;
use crate::platform::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, even one who still has to change the password.
    SignedIn,
    /// A signed-in user whose roles grant the permission.
    Needs(Permission),
}

/// One rule: method (upper case), route template as the router matches it, access.
pub type Rule = (&'static str, &'static str, Access);

/// A capability's HTTP surface: its routes and the access rule of each.
pub struct Feature {
    pub routes: OpenApiRouter<AppState>,
    pub rules: &'static [Rule],
}

/// Every rule of the router, by method and route template.
#[derive(Debug, Default)]
pub struct AccessTable(HashMap<(&'static str, &'static str), Access>);

impl AccessTable {
    /// Adds a feature's rules; a route ruled twice is a programming error caught at start.
    pub fn add(&mut self, rules: &'static [Rule]) {
        for &(method, path, access) in rules {
            let old = self.0.insert((method, path), access);
            assert!(old.is_none(), "two access rules for {method} {path}");
        }
    }

    pub fn get(&self, method: &str, path: &str) -> Option<Access> {
        self.0.get(&(method, path)).copied()
    }

    /// The methods `path` has a rule for, sorted (HEAD with GET, as the router answers it).
    pub fn methods(&self, path: &str) -> Vec<&'static str> {
        let mut methods: Vec<&'static str> = self
            .0
            .keys()
            .filter(|(_, p)| *p == path)
            .map(|(m, _)| *m)
            .collect();
        if methods.contains(&"GET") {
            methods.push("HEAD");
        }
        methods.sort_unstable();
        methods
    }

    pub fn rules(&self) -> impl Iterator<Item = (&'static str, &'static str, Access)> + '_ {
        self.0.iter().map(|(&(m, p), &a)| (m, p, a))
    }
}

/// The layer: looks up the matched route's rule, authenticates and checks the permission, and
/// hands the verified caller to the handler as an extension.
pub async fn enforce(
    State((state, table)): State<(AppState, Arc<AccessTable>)>,
    matched: Option<MatchedPath>,
    mut req: Request,
    next: Next,
) -> Response {
    let path = matched
        .as_ref()
        .map(MatchedPath::as_str)
        .unwrap_or_else(|| req.uri().path())
        .to_string();
    // The router answers HEAD with the GET route; its rule is GET's.
    let method = match req.method().as_str() {
        "HEAD" => "GET",
        m => m,
    };
    let Some(rule) = table.get(method, &path) else {
        let allowed = table.methods(&path);
        if !allowed.is_empty() {
            // The route exists, not with this method: 405 before anyone is authenticated.
            let mut response = AppError::from(ApiError::MethodNotAllowed).into_response();
            if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
                response.headers_mut().insert(header::ALLOW, v);
            }
            return response;
        }
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
