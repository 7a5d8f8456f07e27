//! The OpenAPI document's frame: title, tags and the bearer scheme. Each feature registers its
//! handlers through `routes!`, so the document lists every route the router serves.

use utoipa::OpenApi;

use crate::platform::access::{Access, AccessTable};

#[derive(OpenApi)]
#[openapi(
    info(title = "Huanjian 环监 API", description = "生态环境执法平台接口 · Environmental law-enforcement platform API"),
    // Enums used only in query strings are not collected from the handlers: named here.
    components(schemas(shared::ErrorBody, shared::ApiError, shared::query::ImportKind, shared::query::ExportFormat, shared::enforcement::case::CaseQueue, shared::monitoring::AlarmState, shared::monitoring::AlarmKind)),
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
        (name = "cases", description = "案件办理与行政处罚 · cases and penalties"),
        (name = "monitoring", description = "在线监控与报警 · online monitoring and alarms"),
        (name = "dispatch", description = "执法力量与调度 · field force and dispatch"),
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

/// The errors every operation can answer, added to the document where a handler did not list
/// them: each in the one error shape (`ErrorBody`). What the router and its layers answer by
/// themselves (a path or query that does not parse, a text over its limit, a body over the
/// route's limit, a missing token, an overrun of the time limit) is thus as documented as what
/// a handler answers, and a client or a schema-checking fuzzer meets no status the document
/// does not name.
pub fn document_errors(openapi: &mut utoipa::openapi::OpenApi, table: &AccessTable) {
    for (path, item) in openapi.paths.paths.iter_mut() {
        let operations = [
            ("GET", &mut item.get),
            ("PUT", &mut item.put),
            ("POST", &mut item.post),
            ("DELETE", &mut item.delete),
            ("PATCH", &mut item.patch),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation.as_mut() else {
                continue;
            };
            let access = table.get(method, path);
            let signed_in = !matches!(access, Some(Access::Public));
            let has_body = operation.request_body.is_some();
            let mut add = |status: &str, description: &str| {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| error_response(description).into());
            };
            add("400", "请求格式不正确 · malformed path, query or body");
            if signed_in {
                add("401", "未登录或登录已过期 · not signed in");
                add("403", "无权进行此操作 · not permitted");
            }
            add("404", "请求的内容不存在 · not found");
            if method != "GET" {
                add("409", "与现有数据冲突 · conflicts with the current state");
            }
            if has_body {
                add("413", "请求内容过大 · body over the route's limit");
            }
            add(
                "422",
                "输入不符合要求 · a field is invalid or over its length limit",
            );
            add("500", "系统内部错误 · internal error");
            add("503", "服务暂时不可用或处理超时 · unavailable or timed out");
        }
    }
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}
