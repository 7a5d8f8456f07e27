//! Typed client of the Huanjian API. Two types: [`Public`] for endpoints anyone may call and
//! [`Authed`] that carries the access token, so a call that needs a token cannot forget it.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use shared::auth::{CurrentUser, LoginRequest, LoginResponse, PasswordChange, RefreshRequest};
use shared::bureau::BureauSummary;
use shared::checklist::ChecklistTemplate;
use shared::device::{DeviceRegistration, DeviceSummary};
use shared::dossier::{
    AcceptProject, AcceptedProject, Dossier, ImportReport, MapConfig, MapPoints, NewProject,
    ProjectView,
};
use shared::enterprise::{EnterprisePage, NearbyEnterprise, TagCategoryView};
use shared::inspection::{InspectionView, SyncBatch, SyncReply, UploadState};
use shared::org::{JurisdictionOverview, SquadMember};
use shared::query::{
    encode, with_query, AuditQuery, BureauFilter, BureauQuery, ChunkQuery, EnterpriseSearch,
    ExportQuery, ImportQuery, NearQuery, ProjectQuery, TemplateQuery,
};
use shared::task::{NewTask, TaskTransition, TaskView};
use shared::user::{
    AuditEntry, AuditVerification, NewUser, TemporaryPassword, UserStatus, UserSummary,
};
use shared::{ApiError, BureauId, ErrorBody, Lang};

/// What a call can end in besides success: the API's own error or no connection at all.
#[derive(Debug, Clone, PartialEq)]
pub enum CallError {
    Api(ErrorBody),
    Network,
}

impl CallError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CallError::Api(body) => body.message.clone(),
            CallError::Network => lang
                .pick("网络不可用，请检查网络连接后重试", "No network connection")
                .into(),
        }
    }

    pub fn is(&self, error: &ApiError) -> bool {
        matches!(self, CallError::Api(body) if &body.error == error)
    }

    /// The session is over: the user must sign in again.
    pub fn ends_session(&self) -> bool {
        matches!(
            self,
            CallError::Api(ErrorBody {
                error: ApiError::Unauthenticated
                    | ApiError::TokenExpired
                    | ApiError::AccountDisabled,
                ..
            })
        )
    }
}

pub async fn read<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, CallError> {
    let response = response.map_err(|_| CallError::Network)?;
    if response.ok() {
        return response.json::<T>().await.map_err(|_| CallError::Network);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(CallError::Api(body)),
        // Not our error shape: a proxy or an offline service worker answered.
        Err(_) => Err(CallError::Network),
    }
}

async fn read_empty(response: Result<Response, gloo_net::Error>) -> Result<(), CallError> {
    let response = response.map_err(|_| CallError::Network)?;
    if response.ok() {
        return Ok(());
    }
    Err(response
        .json::<ErrorBody>()
        .await
        .map(CallError::Api)
        .unwrap_or(CallError::Network))
}

fn with_lang(builder: RequestBuilder, lang: Lang) -> RequestBuilder {
    builder.header("Accept-Language", lang.tag())
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
) -> Result<T, CallError> {
    match builder.json(body) {
        Ok(r) => read(r.send().await).await,
        Err(_) => Err(CallError::Network),
    }
}

#[derive(Clone, Copy)]
pub struct Public {
    pub lang: Lang,
}

impl Public {
    pub async fn bureaus(&self, query: &BureauQuery) -> Result<Vec<BureauSummary>, CallError> {
        let req = with_lang(Request::get(&with_query("/api/bureaus", query)), self.lang);
        read(req.send().await).await
    }

    pub async fn login(&self, body: &LoginRequest) -> Result<LoginResponse, CallError> {
        send_json(with_lang(Request::post("/api/auth/login"), self.lang), body).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<LoginResponse, CallError> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        send_json(
            with_lang(Request::post("/api/auth/refresh"), self.lang),
            &body,
        )
        .await
    }
}

#[derive(Clone)]
pub struct Authed {
    pub lang: Lang,
    pub token: String,
}

impl Authed {
    fn auth(&self, builder: RequestBuilder) -> RequestBuilder {
        with_lang(builder, self.lang).header("Authorization", &format!("Bearer {}", self.token))
    }

    pub async fn me(&self) -> Result<CurrentUser, CallError> {
        read(self.auth(Request::get("/api/auth/me")).send().await).await
    }

    pub async fn overview(&self, filter: &BureauFilter) -> Result<JurisdictionOverview, CallError> {
        let path = with_query("/api/org/overview", filter);
        read(self.auth(Request::get(&path)).send().await).await
    }

    pub async fn squad(&self) -> Result<Vec<SquadMember>, CallError> {
        read(self.auth(Request::get("/api/org/squad")).send().await).await
    }

    pub async fn logout(&self, refresh_token: &str) -> Result<(), CallError> {
        let body = RefreshRequest {
            refresh_token: refresh_token.into(),
        };
        match self.auth(Request::post("/api/auth/logout")).json(&body) {
            Ok(r) => read_empty(r.send().await).await,
            Err(_) => Err(CallError::Network),
        }
    }

    pub async fn change_password(&self, body: &PasswordChange) -> Result<LoginResponse, CallError> {
        send_json(self.auth(Request::post("/api/auth/password")), body).await
    }

    pub async fn users(&self, filter: &BureauFilter) -> Result<Vec<UserSummary>, CallError> {
        let path = with_query("/api/users", filter);
        read(self.auth(Request::get(&path)).send().await).await
    }

    pub async fn create_user(&self, body: &NewUser) -> Result<TemporaryPassword, CallError> {
        send_json(self.auth(Request::post("/api/users")), body).await
    }

    pub async fn reset_password(&self, user: &UserSummary) -> Result<TemporaryPassword, CallError> {
        let path = format!("/api/users/{}/{}/password-reset", user.bureau.id, user.id.0);
        read(self.auth(Request::post(&path)).send().await).await
    }

    pub async fn set_active(
        &self,
        user: &UserSummary,
        active: bool,
    ) -> Result<UserSummary, CallError> {
        let path = format!("/api/users/{}/{}/status", user.bureau.id, user.id.0);
        send_json(self.auth(Request::post(&path)), &UserStatus { active }).await
    }

    pub async fn audit(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>, CallError> {
        let path = with_query("/api/audit", query);
        read(self.auth(Request::get(&path)).send().await).await
    }

    pub async fn register_device(
        &self,
        body: &DeviceRegistration,
    ) -> Result<DeviceSummary, CallError> {
        send_json(self.auth(Request::post("/api/devices")), body).await
    }

    pub async fn my_devices(&self) -> Result<Vec<DeviceSummary>, CallError> {
        read(self.auth(Request::get("/api/devices/mine")).send().await).await
    }

    pub async fn devices(&self) -> Result<Vec<DeviceSummary>, CallError> {
        read(self.auth(Request::get("/api/devices")).send().await).await
    }

    pub async fn decide_device(
        &self,
        d: &DeviceSummary,
        approve: bool,
    ) -> Result<DeviceSummary, CallError> {
        let verb = if approve { "approve" } else { "revoke" };
        read(
            self.auth(Request::post(&format!(
                "/api/devices/{}/{}/{verb}",
                d.bureau_id, d.id
            )))
            .send()
            .await,
        )
        .await
    }

    pub async fn verify_audit(&self) -> Result<AuditVerification, CallError> {
        read(self.auth(Request::get("/api/audit/verify")).send().await).await
    }

    /// `GET /api/enterprises`: one page of a search.
    pub async fn enterprises(
        &self,
        search: &EnterpriseSearch,
    ) -> Result<EnterprisePage, CallError> {
        let path = with_query("/api/enterprises", search);
        read(self.auth(Request::get(&path)).send().await).await
    }

    /// The sites of a search, for the map.
    pub async fn map_points(&self, search: &EnterpriseSearch) -> Result<MapPoints, CallError> {
        let path = with_query("/api/enterprises/map", search);
        read(self.auth(Request::get(&path)).send().await).await
    }

    pub async fn dossier(&self, bureau: i64, id: &str) -> Result<Dossier, CallError> {
        read(
            self.auth(Request::get(&format!("/api/enterprises/{bureau}/{id}")))
                .send()
                .await,
        )
        .await
    }

    pub async fn tags(&self) -> Result<Vec<TagCategoryView>, CallError> {
        read(self.auth(Request::get("/api/tags")).send().await).await
    }

    pub async fn map_config(&self) -> Result<MapConfig, CallError> {
        read(self.auth(Request::get("/api/map/config")).send().await).await
    }

    /// The county outlines as GeoJSON text (handed to Leaflet as is).
    pub async fn boundaries(&self) -> Result<String, CallError> {
        self.text("/api/map/boundaries").await
    }

    /// The sites of a search as the API's JSON text, to keep on the device as it is.
    pub async fn map_points_text(&self, search: &EnterpriseSearch) -> Result<String, CallError> {
        self.text(&with_query("/api/enterprises/map", search)).await
    }

    async fn text(&self, path: &str) -> Result<String, CallError> {
        let r = self
            .auth(Request::get(path))
            .send()
            .await
            .map_err(|_| CallError::Network)?;
        if !r.ok() {
            return Err(CallError::Network);
        }
        r.text().await.map_err(|_| CallError::Network)
    }

    /// A search written as a spreadsheet in the import columns.
    pub async fn export(
        &self,
        search: &EnterpriseSearch,
        format: &ExportQuery,
    ) -> Result<Vec<u8>, CallError> {
        let path = with_query("/api/enterprises/export", search);
        let sep = if path.contains('?') { '&' } else { '?' };
        self.file(&format!("{path}{sep}{}", encode(format))).await
    }

    /// The empty spreadsheet of an import kind, with its column headers.
    pub async fn import_template(&self, query: &TemplateQuery) -> Result<Vec<u8>, CallError> {
        self.file(&with_query("/api/enterprises/import/template", query))
            .await
    }

    /// A file the API answers with (a PDF, an evidence file), as bytes.
    pub async fn file(&self, path: &str) -> Result<Vec<u8>, CallError> {
        let r = self.auth(Request::get(path)).send().await;
        let r = r.map_err(|_| CallError::Network)?;
        if r.ok() {
            return r.binary().await.map_err(|_| CallError::Network);
        }
        Err(r
            .json::<ErrorBody>()
            .await
            .map(CallError::Api)
            .unwrap_or(CallError::Network))
    }

    /// Uploads an import file; `dry_run` checks and previews without writing.
    pub async fn import(
        &self,
        query: &ImportQuery,
        file: &web_sys::File,
    ) -> Result<ImportReport, CallError> {
        let req = self
            .auth(Request::post(&with_query("/api/enterprises/import", query)))
            .header("Content-Type", "application/octet-stream")
            .body(file.clone());
        match req {
            Ok(r) => read(r.send().await).await,
            Err(_) => Err(CallError::Network),
        }
    }

    pub async fn projects(&self, query: &ProjectQuery) -> Result<Vec<ProjectView>, CallError> {
        let path = with_query("/api/projects", query);
        read(self.auth(Request::get(&path)).send().await).await
    }

    pub async fn create_project(&self, body: &NewProject) -> Result<ProjectView, CallError> {
        send_json(self.auth(Request::post("/api/projects")), body).await
    }

    pub async fn accept_project(
        &self,
        p: &ProjectView,
        body: &AcceptProject,
    ) -> Result<AcceptedProject, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/projects/{}/{}/accept",
                p.bureau_id, p.id
            ))),
            body,
        )
        .await
    }

    pub async fn my_tasks(&self) -> Result<Vec<TaskView>, CallError> {
        read(self.auth(Request::get("/api/tasks/mine")).send().await).await
    }

    pub async fn tasks(&self) -> Result<Vec<TaskView>, CallError> {
        read(self.auth(Request::get("/api/tasks")).send().await).await
    }

    pub async fn task(&self, bureau: i64, id: &str) -> Result<TaskView, CallError> {
        read(
            self.auth(Request::get(&format!("/api/tasks/{bureau}/{id}")))
                .send()
                .await,
        )
        .await
    }

    pub async fn create_task(&self, body: &NewTask) -> Result<TaskView, CallError> {
        send_json(self.auth(Request::post("/api/tasks")), body).await
    }

    pub async fn move_task(
        &self,
        t: &TaskView,
        body: &TaskTransition,
    ) -> Result<TaskView, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/tasks/{}/{}/transition",
                t.bureau_id, t.id
            ))),
            body,
        )
        .await
    }

    /// The checklist template that fits an enterprise.
    pub async fn checklist_for(
        &self,
        bureau: BureauId,
        enterprise: &str,
    ) -> Result<ChecklistTemplate, CallError> {
        read(
            self.auth(Request::get(&format!(
                "/api/enterprises/{bureau}/{enterprise}/checklist"
            )))
            .send()
            .await,
        )
        .await
    }

    /// The latest version of every checklist template.
    pub async fn checklists(&self) -> Result<Vec<ChecklistTemplate>, CallError> {
        read(self.auth(Request::get("/api/checklists")).send().await).await
    }

    /// Saves a template as its next version (province administrators).
    pub async fn save_checklist(
        &self,
        t: &ChecklistTemplate,
    ) -> Result<ChecklistTemplate, CallError> {
        send_json(self.auth(Request::post("/api/checklists")), t).await
    }

    /// Sends work made on the device, signed by it; answers per op, in order.
    pub async fn sync(&self, batch: &SyncBatch) -> Result<SyncReply, CallError> {
        let path = "/api/sync";
        // The bytes signed are the bytes sent: serialised once.
        let body = serde_json::to_string(batch).map_err(|_| CallError::Network)?;
        let signature = crate::device::sign(self.lang, "POST", path, body.as_bytes()).await?;
        let req = signature
            .apply(self.auth(Request::post(path)))
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|_| CallError::Network)?;
        read(req.send().await).await
    }

    pub async fn inspection(&self, bureau: i64, task: &str) -> Result<InspectionView, CallError> {
        read(
            self.auth(Request::get(&format!("/api/inspections/{bureau}/{task}")))
                .send()
                .await,
        )
        .await
    }

    pub async fn upload_state(&self, bureau: i64, id: &str) -> Result<UploadState, CallError> {
        read(
            self.auth(Request::get(&format!("/api/evidence/{bureau}/{id}/upload")))
                .send()
                .await,
        )
        .await
    }

    pub async fn upload_chunk(
        &self,
        bureau: i64,
        id: &str,
        at: &ChunkQuery,
        bytes: &js_sys::Uint8Array,
    ) -> Result<UploadState, CallError> {
        let base = format!("/api/evidence/{bureau}/{id}/upload");
        // Signed as sent: gloo joins a query of the URL and its own with `&`, so the query is
        // given to it apart (a URL with one already would go out as `…?offset=0&`).
        let path = with_query(&base, at);
        let signature = crate::device::sign(self.lang, "PUT", &path, &bytes.to_vec()).await?;
        let req = signature
            .apply(self.auth(Request::put(&base).query([("offset", at.offset.to_string())])))
            .header("Content-Type", "application/octet-stream")
            .body(bytes.clone())
            .map_err(|_| CallError::Network)?;
        read(req.send().await).await
    }

    pub async fn near(&self, query: &NearQuery) -> Result<Vec<NearbyEnterprise>, CallError> {
        let path = with_query("/api/enterprises/near", query);
        read(self.auth(Request::get(&path)).send().await).await
    }
}

/// Cases and penalties (案件办理), the discretion benchmark and the working-day calendar.
impl Authed {
    /// `GET /api/cases`: one queue of the jurisdiction's cases.
    pub async fn cases(
        &self,
        query: &shared::enforcement::case::CaseListQuery,
    ) -> Result<Vec<shared::enforcement::case::CaseSummary>, CallError> {
        let path = with_query("/api/cases", query);
        read(self.auth(Request::get(&path)).send().await).await
    }

    /// Opens a case (立案待批) from the officer's 立案审批表.
    pub async fn create_case(
        &self,
        body: &shared::enforcement::case::NewCase,
    ) -> Result<shared::enforcement::case::CaseView, CallError> {
        send_json(self.auth(Request::post("/api/cases")), body).await
    }

    pub async fn case(
        &self,
        bureau: i64,
        id: &str,
    ) -> Result<shared::enforcement::case::CaseView, CallError> {
        read(
            self.auth(Request::get(&format!("/api/cases/{bureau}/{id}")))
                .send()
                .await,
        )
        .await
    }

    /// A step of the procedure on the revision the caller saw (409 when refused or stale).
    pub async fn case_step(
        &self,
        bureau: i64,
        id: &str,
        body: &shared::enforcement::case::CaseStep,
    ) -> Result<shared::enforcement::case::CaseView, CallError> {
        send_json(
            self.auth(Request::post(&format!("/api/cases/{bureau}/{id}/steps"))),
            body,
        )
        .await
    }

    /// 责令改正: the order and its 复查 task.
    pub async fn order_correction(
        &self,
        bureau: i64,
        id: &str,
        body: &shared::enforcement::case::CorrectionOrder,
    ) -> Result<shared::enforcement::case::CaseView, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/cases/{bureau}/{id}/corrections"
            ))),
            body,
        )
        .await
    }

    /// 更正: a new document naming the issued one it corrects.
    pub async fn correct_document(
        &self,
        bureau: i64,
        id: &str,
        document: &str,
        body: &shared::enforcement::case::DocumentCorrection,
    ) -> Result<shared::enforcement::case::CaseView, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/cases/{bureau}/{id}/documents/{document}/corrections"
            ))),
            body,
        )
        .await
    }

    /// What the 复查 found.
    pub async fn reinspection_result(
        &self,
        bureau: i64,
        id: &str,
        rectification: &str,
        body: &shared::enforcement::case::ReinspectionResult,
    ) -> Result<shared::enforcement::case::CaseView, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/cases/{bureau}/{id}/corrections/{rectification}/result"
            ))),
            body,
        )
        .await
    }

    /// The follow-up of a 复查 found continuing (按日连续处罚 or 限制生产、停产整治).
    pub async fn follow_up(
        &self,
        bureau: i64,
        id: &str,
        rectification: &str,
        body: &shared::enforcement::case::FollowUpDecision,
    ) -> Result<shared::enforcement::case::CaseView, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/cases/{bureau}/{id}/corrections/{rectification}/follow-up"
            ))),
            body,
        )
        .await
    }

    /// The province's discretion benchmark: in force today, or a named version.
    pub async fn benchmark(
        &self,
        query: &shared::enforcement::case::BenchmarkQuery,
    ) -> Result<shared::enforcement::discretion::BenchmarkTable, CallError> {
        let path = with_query("/api/discretion/benchmark", query);
        read(self.auth(Request::get(&path)).send().await).await
    }

    /// Every version of the benchmark, newest first.
    pub async fn benchmark_versions(
        &self,
    ) -> Result<Vec<shared::enforcement::discretion::BenchmarkTable>, CallError> {
        read(
            self.auth(Request::get("/api/discretion/benchmark/versions"))
                .send()
                .await,
        )
        .await
    }

    /// Saves an edited benchmark as its next version (province administrators).
    pub async fn save_benchmark(
        &self,
        table: &shared::enforcement::discretion::BenchmarkTable,
    ) -> Result<shared::enforcement::discretion::BenchmarkTable, CallError> {
        send_json(self.auth(Request::put("/api/discretion/benchmark")), table).await
    }

    /// The working-day calendar: holidays and 调休 make-up days of every year.
    pub async fn calendar(
        &self,
    ) -> Result<Vec<shared::enforcement::calendar::CalendarEntry>, CallError> {
        read(self.auth(Request::get("/api/calendar")).send().await).await
    }

    /// Replaces one year of the calendar (province administrators).
    pub async fn save_calendar(
        &self,
        year: i32,
        body: &shared::enforcement::case::CalendarYear,
    ) -> Result<Vec<shared::enforcement::calendar::CalendarEntry>, CallError> {
        send_json(
            self.auth(Request::put(&format!("/api/calendar/{year}"))),
            body,
        )
        .await
    }
}

/// Online monitoring (在线监控): the alarm desk.
impl Authed {
    /// `GET /api/alarms`: the jurisdiction's alarms, newest first.
    pub async fn alarms(
        &self,
        query: &shared::monitoring::AlarmQuery,
    ) -> Result<Vec<shared::monitoring::AlarmView>, CallError> {
        let path = with_query("/api/alarms", query);
        read(self.auth(Request::get(&path)).send().await).await
    }

    /// One alarm with the trend of its pollutant around it.
    pub async fn alarm(
        &self,
        bureau: i64,
        id: &str,
    ) -> Result<shared::monitoring::AlarmDetail, CallError> {
        read(
            self.auth(Request::get(&format!("/api/alarms/{bureau}/{id}")))
                .send()
                .await,
        )
        .await
    }

    /// 确认: a new alarm is seen (409 when it is no longer new).
    pub async fn acknowledge_alarm(
        &self,
        bureau: i64,
        id: &str,
    ) -> Result<shared::monitoring::AlarmDetail, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/alarms/{bureau}/{id}/acknowledge"
            ))),
            &serde_json::Map::new(),
        )
        .await
    }

    /// 关闭: ends an alarm with its reason (422 when the reason is empty).
    pub async fn close_alarm(
        &self,
        bureau: i64,
        id: &str,
        body: &shared::monitoring::CloseAlarm,
    ) -> Result<shared::monitoring::AlarmDetail, CallError> {
        send_json(
            self.auth(Request::post(&format!("/api/alarms/{bureau}/{id}/close"))),
            body,
        )
        .await
    }
}

/// The field force (执法力量): the inspector's duty and positions, the desk's live map, the
/// nearest inspectors and the dispatch of an alarm.
impl Authed {
    /// The caller's own duty state.
    pub async fn duty(&self) -> Result<shared::field_force::DutyView, CallError> {
        read(self.auth(Request::get("/api/duty")).send().await).await
    }

    /// 上岗 / 下岗 (422 when going on duty without a purpose).
    pub async fn set_duty(
        &self,
        body: &shared::field_force::SetDuty,
    ) -> Result<shared::field_force::DutyView, CallError> {
        send_json(self.auth(Request::put("/api/duty")), body).await
    }

    /// Sends position fixes (live or from the offline queue, at most 500 at once).
    pub async fn send_positions(
        &self,
        body: &shared::field_force::PositionBatch,
    ) -> Result<shared::field_force::PositionsStored, CallError> {
        send_json(self.auth(Request::post("/api/duty/positions")), body).await
    }

    /// The jurisdiction's on-duty field force with positions, for the live map.
    pub async fn field_force(&self) -> Result<Vec<shared::field_force::ForceMember>, CallError> {
        read(self.auth(Request::get("/api/field-force")).send().await).await
    }

    /// The nearest on-duty certified inspectors to any place (3, 5, then 10 km).
    pub async fn nearby(
        &self,
        query: &shared::field_force::NearbyQuery,
    ) -> Result<shared::field_force::Nearby, CallError> {
        let path = with_query("/api/field-force/nearby", query);
        read(self.auth(Request::get(&path)).send().await).await
    }

    /// The nearest on-duty certified inspectors to an alarm's point (3, 5, then 10 km).
    pub async fn alarm_nearby(
        &self,
        bureau: i64,
        id: &str,
    ) -> Result<shared::field_force::Nearby, CallError> {
        read(
            self.auth(Request::get(&format!("/api/alarms/{bureau}/{id}/nearby")))
                .send()
                .await,
        )
        .await
    }

    /// 派单: the chosen inspectors, or the nearest two when `inspector_ids` is empty.
    pub async fn dispatch_alarm(
        &self,
        bureau: i64,
        id: &str,
        body: &shared::field_force::DispatchAlarm,
    ) -> Result<shared::field_force::Dispatched, CallError> {
        send_json(
            self.auth(Request::post(&format!(
                "/api/alarms/{bureau}/{id}/dispatch"
            ))),
            body,
        )
        .await
    }
}
