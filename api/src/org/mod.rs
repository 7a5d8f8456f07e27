//! The organisation: the bureau tree (province → city → county → squad), the public bureau
//! picker of the login page, a jurisdiction's overview and a squad's members.

pub mod http;
pub mod service;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(http::bureaus::search))
            .routes(routes!(http::overview::overview))
            .routes(routes!(http::overview::squad)),
        rules: &[
            ("GET", "/api/bureaus", Public),
            ("GET", "/api/org/overview", Needs(ViewOverview)),
            ("GET", "/api/org/squad", Needs(ViewOverview)),
        ],
    }
}
