//! Field work (T1 basics, S1–S4): inspection tasks and their workflow, checklist templates, the
//! offline inspection with its sync, evidence upload and signed records. Depends on `registry`
//! (the enterprise inspected) and `history` (reviewed inspections go on the timeline).
//!
//! Inside: `tasks` moves a task and asks `work` whether it may be submitted or accepted;
//! `inspections` (the sync) builds on `tasks`, `checklists` and `evidence`.

pub mod checklists;
pub mod evidence;
pub mod http;
pub mod inspections;
pub mod pdf;
pub mod tasks;
pub mod work;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};
use http::{checklists as c, inspections as i, tasks as t};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(c::list, c::save))
            .routes(routes!(c::version))
            .routes(routes!(c::for_enterprise))
            .routes(routes!(t::mine))
            .routes(routes!(t::list, t::create))
            .routes(routes!(t::get))
            .routes(routes!(t::transition))
            .routes(routes!(i::sync))
            .routes(routes!(i::get))
            .routes(routes!(i::record_pdf))
            .routes(routes!(i::upload_state, i::upload_chunk))
            .routes(routes!(i::content)),
        rules: &[
            ("GET", "/api/checklists", Needs(ViewOverview)),
            (
                "GET",
                "/api/checklists/{code}/{version}",
                Needs(ViewOverview),
            ),
            ("POST", "/api/checklists", Needs(ConfigureTemplates)),
            (
                "GET",
                "/api/enterprises/{bureau_id}/{enterprise_id}/checklist",
                Needs(ViewEnterprises),
            ),
            ("GET", "/api/tasks/mine", Needs(DoInspections)),
            ("GET", "/api/tasks", Needs(ViewOverview)),
            (
                "GET",
                "/api/tasks/{bureau_id}/{task_id}",
                Needs(ViewOverview),
            ),
            ("POST", "/api/tasks", Needs(AssignTasks)),
            (
                "POST",
                "/api/tasks/{bureau_id}/{task_id}/transition",
                Needs(DoInspections),
            ),
            ("POST", "/api/sync", Needs(DoInspections)),
            (
                "PUT",
                "/api/evidence/{bureau_id}/{evidence_id}/upload",
                Needs(DoInspections),
            ),
            (
                "GET",
                "/api/evidence/{bureau_id}/{evidence_id}/upload",
                Needs(ViewOverview),
            ),
            (
                "GET",
                "/api/evidence/{bureau_id}/{evidence_id}/content",
                Needs(ViewOverview),
            ),
            (
                "GET",
                "/api/inspections/{bureau_id}/{task_id}",
                Needs(ViewOverview),
            ),
            (
                "GET",
                "/api/inspections/{bureau_id}/{task_id}/records/{record_id}/pdf",
                Needs(ViewOverview),
            ),
        ],
    }
}
