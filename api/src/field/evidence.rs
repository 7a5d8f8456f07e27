//! Evidence files: resumable chunked upload and the server's own SHA-256 check.
//!
//! The upload position lives in the database (`evidence.received`) and every chunk is an object
//! named by its offset, so any instance can take the next chunk and a resend overwrites
//! itself. When the last byte arrives the chunks are joined into the final object while the
//! server hashes them; a hash that differs from the device's is refused and the upload starts
//! again from zero.

use bytes::Bytes;
use futures_util::StreamExt;
use object_store::{ObjectStoreExt, PutPayload, WriteMultipart};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};
use shared::inspection::{UploadState, MAX_CHUNK};
use shared::ApiError;

use crate::platform::auth::AuthUser;
use crate::platform::entity::{evidence, task_inspector};
use crate::platform::error::{AppError, AppResult};
use crate::platform::scope::{Evidence, Key};
use crate::platform::storage::{chunk_dir, chunk_path, evidence_path, Store};

fn state_of(e: &evidence::Model) -> UploadState {
    UploadState {
        received: e.received,
        size: e.size,
        verified: e.verified,
    }
}

async fn find(db: &DatabaseConnection, key: Key<Evidence>) -> AppResult<evidence::Model> {
    Ok(evidence::Entity::find_by_id(key.pk())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?)
}

pub async fn upload_state(db: &DatabaseConnection, key: Key<Evidence>) -> AppResult<UploadState> {
    Ok(state_of(&find(db, key).await?))
}

/// Stores the bytes at `offset`. The answer always says where the upload stands, so the
/// client continues from `received` whatever happened to earlier replies.
pub async fn put_chunk(
    state: &crate::platform::state::AppState,
    caller: &AuthUser,
    key: Key<Evidence>,
    offset: i64,
    body: Bytes,
) -> AppResult<UploadState> {
    let (db, store) = (&state.db, &state.store);
    let row = find(db, key).await?;
    let is_inspector =
        task_inspector::Entity::find_by_id((row.bureau_id, row.task_id, caller.user_id))
            .one(db)
            .await?
            .is_some();
    if !is_inspector {
        return Err(ApiError::Forbidden.into());
    }
    if row.verified {
        return Ok(state_of(&row));
    }
    if body.len() > MAX_CHUNK {
        return Err(AppError::invalid("chunk", "分片过大"));
    }
    if offset < 0 || offset > row.received {
        return Err(ApiError::Conflict {
            reason: format!("上传位置不连续，请从第{}字节继续", row.received),
        }
        .into());
    }
    // A resend of bytes already stored: keep only what is new.
    let skip = (row.received - offset) as usize;
    let fresh = if skip >= body.len() {
        Bytes::new()
    } else {
        body.slice(skip..)
    };
    let at = row.received;
    if at + fresh.len() as i64 > row.size {
        return Err(AppError::invalid("chunk", "上传的数据超过登记的文件大小"));
    }
    let mut row = row;
    if !fresh.is_empty() {
        store
            .put(
                &chunk_path(row.bureau_id, &row.id, at),
                PutPayload::from(fresh.clone()),
            )
            .await
            .map_err(anyhow::Error::from)?;
        let moved = evidence::Entity::update_many()
            .col_expr(
                evidence::Column::Received,
                sea_orm::sea_query::Expr::value(at + fresh.len() as i64),
            )
            .filter(evidence::Column::BureauId.eq(row.bureau_id))
            .filter(evidence::Column::Id.eq(row.id))
            .filter(evidence::Column::Received.eq(at))
            .exec(db)
            .await?;
        row = evidence::Entity::find_by_id((row.bureau_id, row.id))
            .one(db)
            .await?
            .ok_or(ApiError::NotFound)?;
        if moved.rows_affected != 1 {
            // Another request moved it first; report where it stands.
            return Ok(state_of(&row));
        }
    }
    if row.received == row.size && !row.verified {
        return finish(db, store, row).await;
    }
    Ok(state_of(&row))
}

/// Joins the chunks into the final object while hashing them, then compares with the device.
async fn finish(
    db: &DatabaseConnection,
    store: &Store,
    row: evidence::Model,
) -> AppResult<UploadState> {
    let other = |e: object_store::Error| AppError::from(anyhow::Error::from(e));
    let mut sizes = std::collections::HashMap::new();
    let mut listing = store.list(Some(&chunk_dir(row.bureau_id, &row.id)));
    while let Some(meta) = listing.next().await {
        let meta = meta.map_err(other)?;
        if let Some(offset) = meta.location.filename().and_then(|f| f.parse::<i64>().ok()) {
            sizes.insert(offset, meta.size as i64);
        }
    }
    let target = evidence_path(row.bureau_id, &row.id);
    let mut writer = WriteMultipart::new(store.put_multipart(&target).await.map_err(other)?);
    let mut hasher = Sha256::new();
    let mut offset = 0i64;
    while offset < row.size {
        let Some(len) = sizes.get(&offset).copied() else {
            writer.abort().await.ok();
            return restart(db, store, &row, "服务器上的分片不完整，请重新上传").await;
        };
        let data = store
            .get(&chunk_path(row.bureau_id, &row.id, offset))
            .await
            .map_err(other)?
            .bytes()
            .await
            .map_err(other)?;
        hasher.update(&data);
        writer.write(&data);
        offset += len;
    }
    writer.finish().await.map_err(other)?;
    let server = crate::platform::audit::hex(&hasher.finalize());
    if server != row.sha256 || offset != row.size {
        store.delete(&target).await.ok();
        let reason = format!(
            "文件的SHA-256校验值与设备记录不符（设备：{}…，服务器：{}…），已拒收，请重新上传",
            &row.sha256[..12],
            &server[..12]
        );
        return restart(db, store, &row, &reason).await;
    }
    evidence::Entity::update_many()
        .col_expr(
            evidence::Column::Verified,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(evidence::Column::BureauId.eq(row.bureau_id))
        .filter(evidence::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    remove_chunks(store, &row, &sizes).await;
    Ok(UploadState {
        received: row.size,
        size: row.size,
        verified: true,
    })
}

async fn remove_chunks(
    store: &Store,
    row: &evidence::Model,
    sizes: &std::collections::HashMap<i64, i64>,
) {
    for offset in sizes.keys() {
        store
            .delete(&chunk_path(row.bureau_id, &row.id, *offset))
            .await
            .ok();
    }
}

/// Drops what was received and refuses the file.
async fn restart(
    db: &DatabaseConnection,
    store: &Store,
    row: &evidence::Model,
    reason: &str,
) -> AppResult<UploadState> {
    let mut listing = store.list(Some(&chunk_dir(row.bureau_id, &row.id)));
    while let Some(Ok(meta)) = listing.next().await {
        store.delete(&meta.location).await.ok();
    }
    evidence::Entity::update_many()
        .col_expr(
            evidence::Column::Received,
            sea_orm::sea_query::Expr::value(0i64),
        )
        .filter(evidence::Column::BureauId.eq(row.bureau_id))
        .filter(evidence::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Err(AppError::invalid("sha256", reason))
}

/// The verified file, for review and for the record's evidence list.
pub async fn content(
    db: &DatabaseConnection,
    store: &Store,
    key: Key<Evidence>,
) -> AppResult<(evidence::Model, object_store::GetResult)> {
    let row = find(db, key).await?;
    if !row.verified {
        return Err(ApiError::NotFound.into());
    }
    let got = store
        .get(&evidence_path(row.bureau_id, &row.id))
        .await
        .map_err(|e| AppError::from(anyhow::Error::from(e)))?;
    Ok((row, got))
}
