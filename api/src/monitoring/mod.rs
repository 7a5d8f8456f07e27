//! Online monitoring (T3): the HJ 212 gateway that data loggers (数采仪) connect to, the
//! readings it stores, the alarms the platform raises from them against each point's limits,
//! and the alarm desk. Depends on `history` (alarms on the timeline and in the risk index) and
//! reads `registry`'s monitoring points and enterprises.
//!
//! Inside: `gateway` (TCP, framing and decisions per packet) hands readings to `ingest` (the
//! one batching writer), which runs the rules of `alarms`; `service` is the desk's side.

pub mod alarms;
pub mod counters;
pub mod gateway;
pub mod http;
pub mod ingest;
pub mod service;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(http::loggers, http::register))
            .routes(routes!(http::limits, http::set_limits))
            .routes(routes!(http::set_quality_class))
            .routes(routes!(http::alarms))
            .routes(routes!(http::alarm))
            .routes(routes!(http::acknowledge))
            .routes(routes!(http::close)),
        rules: &[
            (
                "GET",
                "/api/monitoring/points/{bureau_id}/{point_id}/loggers",
                Needs(ViewEnterprises),
            ),
            (
                "POST",
                "/api/monitoring/points/{bureau_id}/{point_id}/loggers",
                Needs(ManageMonitoring),
            ),
            (
                "GET",
                "/api/monitoring/points/{bureau_id}/{point_id}/limits",
                Needs(ViewEnterprises),
            ),
            (
                "PUT",
                "/api/monitoring/points/{bureau_id}/{point_id}/limits",
                Needs(ManageMonitoring),
            ),
            (
                "PUT",
                "/api/monitoring/points/{bureau_id}/{point_id}/quality-class",
                Needs(ManageMonitoring),
            ),
            ("GET", "/api/alarms", Needs(ViewOverview)),
            (
                "GET",
                "/api/alarms/{bureau_id}/{alarm_id}",
                Needs(ViewOverview),
            ),
            (
                "POST",
                "/api/alarms/{bureau_id}/{alarm_id}/acknowledge",
                Needs(HandleAlarms),
            ),
            (
                "POST",
                "/api/alarms/{bureau_id}/{alarm_id}/close",
                Needs(HandleAlarms),
            ),
        ],
    }
}
