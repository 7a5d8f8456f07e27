//! The built app is served with precompressed files and the right cache headers.

use axum::http::StatusCode;

use crate::common::TestApp;

#[tokio::test]
async fn app_files_are_precompressed_and_cached_by_name() {
    let dist = tempfile::tempdir().expect("dist");
    let d = dist.path();
    std::fs::write(d.join("index.html"), "<!doctype html><title>环监</title>").expect("write");
    std::fs::write(d.join("app-0123456789abcdef_bg.wasm"), b"\0asm-raw").expect("write");
    std::fs::write(d.join("app-0123456789abcdef_bg.wasm.br"), b"brotli-bytes").expect("write");
    std::fs::write(d.join("sw.js"), "self.addEventListener('fetch', () => {});").expect("write");
    let app = TestApp::with_config(|c| c.static_dir = d.to_path_buf()).await;

    let wasm = app
        .get_with(
            "/app-0123456789abcdef_bg.wasm",
            &[("accept-encoding", "br, gzip")],
        )
        .await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header("content-encoding"), Some("br"));
    assert_eq!(wasm.bytes, b"brotli-bytes");
    assert_eq!(
        wasm.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(wasm.header("content-type"), Some("application/wasm"));

    let plain = app.get("/app-0123456789abcdef_bg.wasm").await;
    assert_eq!(
        plain.header("content-encoding"),
        None,
        "no brotli unless asked for"
    );
    assert_eq!(plain.bytes, b"\0asm-raw");

    for path in ["/", "/sw.js"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(
            r.header("cache-control"),
            Some("no-cache"),
            "{path} is revalidated"
        );
    }
    // A client-side route gets the app shell, not a 404; API paths keep their JSON errors.
    let route = app.get("/enterprises/123").await;
    assert_eq!(route.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&route.bytes).contains("环监"));
    assert_eq!(app.get("/api/missing").await.json()["error"], "not_found");
    assert_eq!(
        app.get("/api/health")
            .await
            .header("x-content-type-options"),
        Some("nosniff")
    );
}
