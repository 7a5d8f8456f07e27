use axum::extract::{Path, State};
use axum::response::Response;
use shared::enforcement::case::{
    CaseListQuery, CaseStep, CaseSummary, CaseView, CorrectionOrder, DocumentCorrection,
    FollowUpDecision, NewCase, ReinspectionResult,
};
use shared::BureauId;

use crate::enforcement::cases;
use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json, Query};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// Cases of the jurisdiction by queue (mine, awaiting review, awaiting approval, due).
#[utoipa::path(get, path = "/api/cases", tag = "cases", params(CaseListQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<CaseSummary>)))]
pub async fn list(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Query(q): Query<CaseListQuery>,
) -> AppResult<Json<Vec<CaseSummary>>> {
    Ok(Json(cases::list(&state, &user, &scope, q).await?))
}

/// Opens a case (立案待批) from an inspection's problems, a complaint, an alarm, a transfer or by hand.
#[utoipa::path(post, path = "/api/cases", tag = "cases", request_body = NewCase, security(("bearer" = [])),
    responses((status = 200, body = CaseView), (status = 422, body = shared::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Json(c): Json<NewCase>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(cases::create(&state, &user, &scope, c).await?))
}

/// One case with its clocks, documents, steps and who acts next.
#[utoipa::path(get, path = "/api/cases/{bureau_id}/{case_id}", tag = "cases", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("case_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = shared::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, case_id)): Path<(i64, String)>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(
        cases::get(&state, &user, scope.admit(BureauId(bureau_id), &case_id)?).await?,
    ))
}

/// A step of the procedure, on the revision the caller saw.
#[utoipa::path(post, path = "/api/cases/{bureau_id}/{case_id}/steps", tag = "cases", request_body = CaseStep, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("case_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 409, body = shared::ErrorBody)))]
pub async fn step(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, case_id)): Path<(i64, String)>,
    Json(s): Json<CaseStep>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(
        cases::step(
            &state,
            &user,
            scope.admit(BureauId(bureau_id), &case_id)?,
            s,
        )
        .await?,
    ))
}

/// 责令改正 with its deadline; creates the 复查 task.
#[utoipa::path(post, path = "/api/cases/{bureau_id}/{case_id}/corrections", tag = "cases", request_body = CorrectionOrder, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("case_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 409, body = shared::ErrorBody)))]
pub async fn correction(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, case_id)): Path<(i64, String)>,
    Json(o): Json<CorrectionOrder>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(
        cases::order_correction(
            &state,
            &user,
            scope.admit(BureauId(bureau_id), &case_id)?,
            o,
        )
        .await?,
    ))
}

/// 更正: a new document naming the issued one it corrects (the leader, until 归档).
#[utoipa::path(post, path = "/api/cases/{bureau_id}/{case_id}/documents/{document_id}/corrections", tag = "cases", request_body = DocumentCorrection, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("case_id" = String, Path), ("document_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn correct_document(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, case_id, document_id)): Path<(i64, String, String)>,
    Json(c): Json<DocumentCorrection>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(
        cases::correct_document(
            &state,
            &user,
            scope.admit(BureauId(bureau_id), &case_id)?,
            &document_id,
            c,
        )
        .await?,
    ))
}

/// What the 复查 found.
#[utoipa::path(post, path = "/api/cases/{bureau_id}/{case_id}/corrections/{rectification_id}/result", tag = "cases", request_body = ReinspectionResult, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("case_id" = String, Path), ("rectification_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 409, body = shared::ErrorBody)))]
pub async fn reinspection(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, case_id, rectification_id)): Path<(i64, String, String)>,
    Json(r): Json<ReinspectionResult>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(
        cases::reinspection(
            &state,
            &user,
            scope.admit(BureauId(bureau_id), &case_id)?,
            &rectification_id,
            r,
        )
        .await?,
    ))
}

/// The follow-up of a 复查 that found the violation continuing: 按日连续处罚决定 or 责令限制生产、
/// 停产整治决定 (the leader's), issued with its number.
#[utoipa::path(post, path = "/api/cases/{bureau_id}/{case_id}/corrections/{rectification_id}/follow-up", tag = "cases", request_body = FollowUpDecision, security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("case_id" = String, Path), ("rectification_id" = String, Path)),
    responses((status = 200, body = CaseView), (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn follow_up(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, case_id, rectification_id)): Path<(i64, String, String)>,
    Json(f): Json<FollowUpDecision>,
) -> AppResult<Json<CaseView>> {
    Ok(Json(
        cases::follow_up(
            &state,
            &user,
            scope.admit(BureauId(bureau_id), &case_id)?,
            &rectification_id,
            f,
        )
        .await?,
    ))
}

/// An issued document as the PDF stored at issue.
#[utoipa::path(get, path = "/api/cases/{bureau_id}/{case_id}/documents/{document_id}/pdf", tag = "cases", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("case_id" = String, Path), ("document_id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = shared::ErrorBody)))]
pub async fn document(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, case_id, document_id)): Path<(i64, String, String)>,
) -> AppResult<Response> {
    let (doc, bytes) = cases::document(
        &state,
        scope.admit(BureauId(bureau_id), &case_id)?,
        &document_id,
    )
    .await?;
    let name = format!("{}-{}", doc.title, doc.number);
    Ok(crate::platform::http::attachment(bytes, &name, "pdf"))
}
