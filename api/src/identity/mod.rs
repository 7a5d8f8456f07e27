//! Identity: signing in and out (passwords, access and refresh tokens, the sign-in throttle),
//! user accounts and field devices (P1, P2). Depends on `org` for the bureau of an account.

pub mod devices;
pub mod http;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod users;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};
use http::{auth, devices as device_routes, users as user_routes};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(auth::login))
            .routes(routes!(auth::me))
            .routes(routes!(auth::refresh))
            .routes(routes!(auth::logout))
            .routes(routes!(auth::change_password))
            .routes(routes!(user_routes::list, user_routes::create))
            .routes(routes!(user_routes::reset_password))
            .routes(routes!(user_routes::set_status))
            .routes(routes!(device_routes::register, device_routes::list))
            .routes(routes!(device_routes::mine))
            .routes(routes!(device_routes::approve))
            .routes(routes!(device_routes::revoke))
            .routes(routes!(device_routes::ping)),
        rules: &[
            ("POST", "/api/auth/login", Public),
            ("POST", "/api/auth/refresh", Public),
            ("GET", "/api/auth/me", SignedIn),
            ("POST", "/api/auth/logout", SignedIn),
            ("POST", "/api/auth/password", SignedIn),
            ("GET", "/api/users", Needs(ManageUsers)),
            ("POST", "/api/users", Needs(ManageUsers)),
            (
                "POST",
                "/api/users/{bureau_id}/{user_id}/password-reset",
                Needs(ManageUsers),
            ),
            (
                "POST",
                "/api/users/{bureau_id}/{user_id}/status",
                Needs(ManageUsers),
            ),
            ("POST", "/api/devices", Needs(RegisterDevice)),
            ("GET", "/api/devices/mine", Needs(RegisterDevice)),
            ("POST", "/api/sync/ping", Needs(RegisterDevice)),
            ("GET", "/api/devices", Needs(ManageDevices)),
            (
                "POST",
                "/api/devices/{bureau_id}/{device_id}/approve",
                Needs(ManageDevices),
            ),
            (
                "POST",
                "/api/devices/{bureau_id}/{device_id}/revoke",
                Needs(ManageDevices),
            ),
        ],
    }
}
