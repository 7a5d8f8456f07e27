//! The field force and dispatch (T4): inspectors on duty share their position from the app,
//! the desk sees them on a live map, finds the nearest certified ones to an alarm (3, 5, 10 km)
//! and dispatches them in one action, a task with the alarm as its source. Positions are kept
//! for the bureau's retention, then deleted. Depends on `monitoring` (alarms), `field` (tasks)
//! and `history` (the dispatch on the timeline); nothing depends on it.

pub mod http;
pub mod service;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(http::duty, http::set_duty))
            .routes(routes!(http::positions))
            .routes(routes!(http::force))
            .routes(routes!(http::nearby))
            .routes(routes!(http::near_alarm))
            .routes(routes!(http::dispatch))
            .routes(routes!(http::retention, http::set_retention)),
        rules: &[
            ("GET", "/api/duty", Needs(DoInspections)),
            ("PUT", "/api/duty", Needs(DoInspections)),
            ("POST", "/api/duty/positions", Needs(DoInspections)),
            ("GET", "/api/field-force", Needs(HandleAlarms)),
            ("GET", "/api/field-force/nearby", Needs(HandleAlarms)),
            (
                "GET",
                "/api/alarms/{bureau_id}/{alarm_id}/nearby",
                Needs(HandleAlarms),
            ),
            (
                "POST",
                "/api/alarms/{bureau_id}/{alarm_id}/dispatch",
                Needs(HandleAlarms),
            ),
            (
                "GET",
                "/api/field-force/retention/{bureau_id}",
                Needs(ViewOverview),
            ),
            (
                "PUT",
                "/api/field-force/retention/{bureau_id}",
                Needs(ManageMonitoring),
            ),
        ],
    }
}
