//! File storage behind one interface (`object_store`): a local directory by default,
//! S3-compatible object storage (AWS S3, MinIO, OSS/COS with S3 API) when `HJ_STORAGE` is an
//! `s3://` URL. Nothing else in the API knows which one it talks to.

use std::sync::Arc;

use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::ObjectStore;

pub type Store = Arc<dyn ObjectStore>;

pub fn open(spec: &str) -> anyhow::Result<Store> {
    if let Some(rest) = spec.strip_prefix("s3://") {
        // TLS to a real endpoint needs a crypto provider; installing twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let bucket = rest.split('/').next().unwrap_or_default();
        anyhow::ensure!(
            !bucket.is_empty(),
            "HJ_STORAGE must name a bucket: s3://bucket"
        );
        let s3 = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()?;
        let prefix = rest
            .split_once('/')
            .map(|(_, p)| p.trim_matches('/'))
            .unwrap_or("");
        if prefix.is_empty() {
            return Ok(Arc::new(s3));
        }
        return Ok(Arc::new(object_store::prefix::PrefixStore::new(s3, prefix)));
    }
    std::fs::create_dir_all(spec)?;
    Ok(Arc::new(LocalFileSystem::new_with_prefix(spec)?))
}

/// The finished file of one piece of evidence.
pub fn evidence_path(bureau_id: i64, id: &uuid::Uuid) -> Path {
    Path::from(format!("evidence/{bureau_id}/{id}"))
}

/// One received chunk, named by its offset so that a resend overwrites itself.
pub fn chunk_path(bureau_id: i64, id: &uuid::Uuid, offset: i64) -> Path {
    Path::from(format!("uploads/{bureau_id}/{id}/{offset:015}"))
}

pub fn chunk_dir(bureau_id: i64, id: &uuid::Uuid) -> Path {
    Path::from(format!("uploads/{bureau_id}/{id}"))
}
