//! The registry of regulated enterprises (一厂一档, D1–D4, S5, P5): enterprises and their search
//! index, the dossier with permits, monitoring points and projects, the map, and spreadsheet
//! import and export. Depends on `history` for the timeline and the risk index.

pub mod dossier;
pub mod enterprises;
pub mod http;
pub mod search;
pub mod transfer;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};
use http::{dossier as d, enterprises as e};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(e::search))
            .routes(routes!(e::tags))
            .routes(routes!(e::near))
            .routes(routes!(d::get))
            .routes(routes!(d::map))
            .routes(routes!(d::export))
            .routes(routes!(d::import))
            .routes(routes!(d::template))
            .routes(routes!(d::projects, d::create_project))
            .routes(routes!(d::accept_project))
            .routes(routes!(d::boundaries))
            .routes(routes!(d::map_config)),
        rules: &[
            ("GET", "/api/enterprises", Needs(ViewEnterprises)),
            (
                "GET",
                "/api/enterprises/{bureau_id}/{enterprise_id}",
                Needs(ViewEnterprises),
            ),
            ("GET", "/api/enterprises/map", Needs(ViewEnterprises)),
            ("GET", "/api/enterprises/near", Needs(ViewEnterprises)),
            ("GET", "/api/tags", Needs(ViewEnterprises)),
            ("GET", "/api/projects", Needs(ViewEnterprises)),
            ("GET", "/api/map/boundaries", Needs(ViewEnterprises)),
            ("GET", "/api/map/config", Needs(ViewEnterprises)),
            ("GET", "/api/enterprises/export", Needs(ExportData)),
            ("POST", "/api/enterprises/import", Needs(ManageDossier)),
            (
                "GET",
                "/api/enterprises/import/template",
                Needs(ManageDossier),
            ),
            ("POST", "/api/projects", Needs(ManageDossier)),
            (
                "POST",
                "/api/projects/{bureau_id}/{project_id}/accept",
                Needs(ManageDossier),
            ),
        ],
    }
}
