//! An enterprise's history: the timeline and the risk index computed from it. The one owner of
//! "record an event, recompute": [`record`] appends to the timeline and, when the event feeds
//! the index, recomputes it in the same transaction. Inspections, cases, complaints and alarms
//! record here. Depends on the platform only.

pub mod http;
pub mod risk;
pub mod timeline;

use sea_orm::ConnectionTrait;
use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::platform::access::{Access::*, Feature};
use crate::platform::error::AppResult;
pub use timeline::NewEvent;

/// Appends an event to an enterprise's timeline; recomputes its risk when the event feeds it.
pub async fn record(
    conn: &impl ConnectionTrait,
    bureau: i64,
    enterprise: Uuid,
    event: NewEvent,
) -> AppResult<()> {
    let feeds = timeline::feeds_risk(event.kind);
    timeline::insert(conn, bureau, enterprise, event).await?;
    if feeds {
        let formula = risk::formula(conn).await?;
        risk::recompute(conn, &formula, bureau, enterprise).await?;
    }
    Ok(())
}

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new().routes(routes!(http::formula, http::set_formula)),
        rules: &[
            ("GET", "/api/risk/formula", Needs(ViewEnterprises)),
            ("PUT", "/api/risk/formula", Needs(ConfigureRisk)),
        ],
    }
}
