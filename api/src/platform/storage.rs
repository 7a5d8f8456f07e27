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
        let (location, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (bucket, prefix) = location.split_once('/').unwrap_or((location, ""));
        anyhow::ensure!(
            !bucket.is_empty(),
            "HJ_STORAGE must name a bucket: s3://bucket"
        );
        let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        // `?endpoint=http://minio:9000&region=cn-east-1` for S3-compatible services.
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("endpoint", url)) => {
                    builder = builder
                        .with_endpoint(url)
                        .with_allow_http(url.starts_with("http://"));
                }
                Some(("region", r)) => builder = builder.with_region(r),
                _ => anyhow::bail!("HJ_STORAGE: unknown option {pair}"),
            }
        }
        let s3 = builder.build()?;
        let prefix = prefix.trim_matches('/');
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
