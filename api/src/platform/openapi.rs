//! The OpenAPI document's frame: title, tags and the bearer scheme. Each feature registers its
//! handlers through `routes!`, so the document lists every route the router serves.

use utoipa::OpenApi;

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
