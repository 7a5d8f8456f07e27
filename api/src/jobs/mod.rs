//! Background jobs: heavy work that leaves the request. A request records what is to be done
//! (`platform::queue::enqueue`, in its own transaction) and answers; every API instance runs
//! [`runner::run`], which claims queued jobs (or jobs whose holder crashed) and works through
//! them in small committed steps from their cursor. Today's jobs recompute enterprises' risk
//! after a formula change and after an import. Depends on the platform and `history`.

pub mod http;
pub mod recompute;
pub mod runner;
pub mod views;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};
pub use runner::{claim, instance_id, run_pending, try_claim, Runner, Step};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(http::list))
            .routes(routes!(http::get)),
        rules: &[
            ("GET", "/api/jobs", Needs(ViewJobs)),
            ("GET", "/api/jobs/{bureau_id}/{job_id}", Needs(ViewJobs)),
        ],
    }
}
