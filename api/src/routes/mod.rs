//! HTTP handlers, thin: extract, call a service, answer with a `shared` type.
//! Every handler is registered through `routes!` so the OpenAPI document lists it.

pub mod audit;
pub mod auth;
pub mod bureaus;
pub mod checklists;
pub mod devices;
pub mod dossier;
pub mod enterprises;
pub mod health;
pub mod inspections;
pub mod org;
pub mod tasks;
pub mod users;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Huanjian 环监 API", description = "生态环境执法平台接口 · Environmental law-enforcement platform API"),
    components(schemas(shared::ErrorBody, shared::ApiError)),
    modifiers(&BearerAuth),
    tags(
        (name = "system", description = "运行状态 · health"),
        (name = "auth", description = "登录与身份 · sign-in"),
        (name = "org", description = "组织机构 · organisation"),
        (name = "admin", description = "用户与审计 · users and audit"),
        (name = "devices", description = "移动设备 · field devices"),
        (name = "dossier", description = "一厂一档 · enterprise dossier"),
        (name = "tasks", description = "检查任务 · inspection tasks"),
        (name = "inspections", description = "现场执法与同步 · on-site inspection and sync"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Every API route with its documentation.
pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(auth::login))
        .routes(routes!(auth::me))
        .routes(routes!(auth::refresh))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::change_password))
        .routes(routes!(users::list, users::create))
        .routes(routes!(users::reset_password))
        .routes(routes!(users::set_status))
        .routes(routes!(audit::list))
        .routes(routes!(audit::verify))
        .routes(routes!(devices::register, devices::list))
        .routes(routes!(devices::mine))
        .routes(routes!(devices::approve))
        .routes(routes!(devices::revoke))
        .routes(routes!(devices::ping))
        .routes(routes!(enterprises::search))
        .routes(routes!(dossier::get))
        .routes(routes!(dossier::map))
        .routes(routes!(dossier::export))
        .routes(routes!(dossier::import))
        .routes(routes!(dossier::template))
        .routes(routes!(dossier::projects, dossier::create_project))
        .routes(routes!(dossier::accept_project))
        .routes(routes!(dossier::formula, dossier::set_formula))
        .routes(routes!(dossier::boundaries))
        .routes(routes!(dossier::map_config))
        .routes(routes!(enterprises::tags))
        .routes(routes!(enterprises::near))
        .routes(routes!(checklists::list, checklists::save))
        .routes(routes!(checklists::version))
        .routes(routes!(checklists::for_enterprise))
        .routes(routes!(tasks::mine))
        .routes(routes!(tasks::list, tasks::create))
        .routes(routes!(tasks::get))
        .routes(routes!(tasks::transition))
        .routes(routes!(inspections::sync))
        .routes(routes!(inspections::get))
        .routes(routes!(inspections::record_pdf))
        .routes(routes!(
            inspections::upload_state,
            inspections::upload_chunk
        ))
        .routes(routes!(inspections::content))
        .routes(routes!(bureaus::search))
        .routes(routes!(org::overview))
        .routes(routes!(org::squad))
}
