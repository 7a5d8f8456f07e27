//! Cases and penalties (C1–C4): the case and its procedure with the statutory clocks, the
//! discretion benchmark and its calculator, the documents with their gapless numbers and the
//! case file, the rectification loop. Depends on `field` (the 复查 task is an inspection task),
//! `registry` (the party) and `history` (steps on the timeline, penalties into the risk index).
//!
//! Inside: `cases` moves a case and issues its documents through `documents`, which numbers
//! them through `numbering`; `record` is what a case has recorded; `rules` the province's
//! calendar and benchmark tables.

pub mod cases;
pub mod documents;
pub mod http;
pub mod numbering;
pub mod record;
pub mod rules;

use shared::policy::Permission::*;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::platform::access::{Access::*, Feature};
use http::{cases as c, rules as r};

pub fn feature() -> Feature {
    Feature {
        routes: OpenApiRouter::new()
            .routes(routes!(c::list, c::create))
            .routes(routes!(c::get))
            .routes(routes!(c::step))
            .routes(routes!(c::correction))
            .routes(routes!(c::reinspection))
            .routes(routes!(c::follow_up))
            .routes(routes!(c::document))
            .routes(routes!(c::correct_document))
            .routes(routes!(r::calendar))
            .routes(routes!(r::set_year))
            .routes(routes!(r::benchmark, r::save))
            .routes(routes!(r::versions)),
        rules: &[
            ("GET", "/api/cases", Needs(ViewOverview)),
            ("POST", "/api/cases", Needs(HandleCases)),
            (
                "GET",
                "/api/cases/{bureau_id}/{case_id}",
                Needs(ViewOverview),
            ),
            (
                "POST",
                "/api/cases/{bureau_id}/{case_id}/steps",
                Needs(HandleCases),
            ),
            (
                "POST",
                "/api/cases/{bureau_id}/{case_id}/corrections",
                Needs(HandleCases),
            ),
            (
                "POST",
                "/api/cases/{bureau_id}/{case_id}/corrections/{rectification_id}/result",
                Needs(HandleCases),
            ),
            (
                "POST",
                "/api/cases/{bureau_id}/{case_id}/corrections/{rectification_id}/follow-up",
                Needs(HandleCases),
            ),
            (
                "GET",
                "/api/cases/{bureau_id}/{case_id}/documents/{document_id}/pdf",
                Needs(ViewOverview),
            ),
            (
                "POST",
                "/api/cases/{bureau_id}/{case_id}/documents/{document_id}/corrections",
                Needs(HandleCases),
            ),
            ("GET", "/api/calendar", Needs(ViewOverview)),
            ("PUT", "/api/calendar/{year}", Needs(ConfigureEnforcement)),
            ("GET", "/api/discretion/benchmark", Needs(ViewOverview)),
            (
                "PUT",
                "/api/discretion/benchmark",
                Needs(ConfigureEnforcement),
            ),
            (
                "GET",
                "/api/discretion/benchmark/versions",
                Needs(ViewOverview),
            ),
        ],
    }
}
