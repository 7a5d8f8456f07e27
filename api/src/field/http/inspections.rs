use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;
use sea_orm::EntityTrait;
use shared::inspection::{InspectionView, SyncBatch, SyncReply, UploadState};
use shared::query::ChunkQuery;
use shared::{ApiError, BureauId};

use crate::identity::http::signed::Signed;
use crate::platform::auth::AuthUser;
use crate::platform::error::{AppResult, Json};
use crate::platform::scope::Scope;
use crate::platform::state::AppState;

/// Applies work made on the device, in order, each op at most once (its client id is the
/// idempotency key). Conflicts are reported per op, never overwritten. Signed by an approved
/// device of the caller (`x-device-id`, `x-device-timestamp`, `x-device-signature` over
/// method, path, timestamp and the body's SHA-256); the work is recorded as that device's.
#[utoipa::path(post, path = "/api/sync", tag = "inspections", request_body = SyncBatch, security(("bearer" = [])),
    responses((status = 200, body = SyncReply),
              (status = 400, description = "请求格式不正确", body = shared::ErrorBody),
              (status = 401, description = "设备签名无效", body = shared::ErrorBody),
              (status = 403, description = "设备未注册、未批准或已停用", body = shared::ErrorBody),
              (status = 422, body = shared::ErrorBody)))]
pub async fn sync(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    signed: Signed,
) -> AppResult<Json<SyncReply>> {
    let batch: SyncBatch = signed.json()?;
    Ok(Json(
        crate::field::inspections::sync(&state.db, &user, &signed.device, &scope, batch).await?,
    ))
}

/// A task's inspection: template, findings, evidence (with the server's verification) and
/// records. The device keeps it for offline work; the squad leader reviews it.
#[utoipa::path(get, path = "/api/inspections/{bureau_id}/{task_id}", tag = "inspections", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("task_id" = String, Path)),
    responses((status = 200, body = InspectionView), (status = 404, body = shared::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, task_id)): Path<(i64, String)>,
) -> AppResult<Json<InspectionView>> {
    Ok(Json(
        crate::field::inspections::view(
            &state.db,
            &scope,
            scope.admit(BureauId(bureau_id), &task_id)?,
        )
        .await?,
    ))
}

/// A record (笔录) as PDF with the evidence hashes and signatures.
#[utoipa::path(get, path = "/api/inspections/{bureau_id}/{task_id}/records/{record_id}/pdf", tag = "inspections", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("task_id" = String, Path), ("record_id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = shared::ErrorBody)))]
pub async fn record_pdf(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, task_id, record_id)): Path<(i64, String, String)>,
) -> AppResult<Response> {
    let view = crate::field::inspections::view(
        &state.db,
        &scope,
        scope.admit(BureauId(bureau_id), &task_id)?,
    )
    .await?;
    let record = view
        .records
        .iter()
        .find(|r| r.record.id == record_id)
        .ok_or(ApiError::NotFound)?;
    let bureau = crate::platform::entity::bureau::Entity::find_by_id(bureau_id)
        .one(&state.db)
        .await?
        .map(|b| b.name)
        .unwrap_or_default();
    let name = format!(
        "{}-{}",
        record.record.kind.title(),
        view.task.enterprise_name
    );
    // Laying out the record and embedding the font is CPU work: off the async workers.
    let doc = record.record.clone();
    let (font, index) = (state.config.pdf_font.clone(), state.config.pdf_font_index);
    let bytes = crate::platform::blocking::run(move || {
        crate::field::pdf::record(&view, &doc, &bureau, &font, index)
    })
    .await?;
    Ok(crate::platform::http::attachment(bytes, &name, "pdf"))
}

/// Where an evidence upload stands; the device continues from `received`.
#[utoipa::path(get, path = "/api/evidence/{bureau_id}/{evidence_id}/upload", tag = "inspections", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("evidence_id" = String, Path)),
    responses((status = 200, body = UploadState)))]
pub async fn upload_state(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, id)): Path<(i64, String)>,
) -> AppResult<Json<UploadState>> {
    Ok(Json(
        crate::field::evidence::upload_state(&state.db, scope.admit(BureauId(bureau_id), &id)?)
            .await?,
    ))
}

/// One chunk of an evidence file, signed by an approved device of the caller like a sync
/// batch (the signed path includes `?offset=`). When the last byte arrives the server
/// recomputes the SHA-256 and refuses (422) a file that differs from what the device recorded.
#[utoipa::path(put, path = "/api/evidence/{bureau_id}/{evidence_id}/upload", tag = "inspections", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("evidence_id" = String, Path), ChunkQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = UploadState),
              (status = 401, description = "设备签名无效", body = shared::ErrorBody),
              (status = 403, description = "设备未注册、未批准或已停用", body = shared::ErrorBody),
              (status = 409, body = shared::ErrorBody), (status = 422, body = shared::ErrorBody)))]
pub async fn upload_chunk(
    State(state): State<AppState>,
    user: AuthUser,
    scope: Scope,
    Path((bureau_id, id)): Path<(i64, String)>,
    Query(p): Query<ChunkQuery>,
    signed: Signed,
) -> AppResult<Json<UploadState>> {
    Ok(Json(
        crate::field::evidence::put_chunk(
            &state,
            &user,
            scope.admit(BureauId(bureau_id), &id)?,
            p.offset,
            signed.body,
        )
        .await?,
    ))
}

/// The verified file.
#[utoipa::path(get, path = "/api/evidence/{bureau_id}/{evidence_id}/content", tag = "inspections", security(("bearer" = [])),
    params(("bureau_id" = i64, Path), ("evidence_id" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>), (status = 404, body = shared::ErrorBody)))]
pub async fn content(
    State(state): State<AppState>,
    scope: Scope,
    Path((bureau_id, id)): Path<(i64, String)>,
) -> AppResult<Response> {
    let (row, got) = crate::field::evidence::content(
        &state.db,
        &state.store,
        scope.admit(BureauId(bureau_id), &id)?,
    )
    .await?;
    let stream = got.into_stream().map_err(std::io::Error::other);
    Ok((
        [
            (header::CONTENT_TYPE, row.mime.clone()),
            (header::CONTENT_LENGTH, row.size.to_string()),
            (
                header::CACHE_CONTROL,
                "private, max-age=31536000, immutable".into(),
            ),
            (
                header::HeaderName::from_static("x-content-sha256"),
                row.sha256.clone(),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}
