//! Serves the built app: precompressed brotli/gzip files, long-lived caching for hashed assets,
//! revalidation for everything that names them (index.html, sw.js, the manifest), and a
//! Content-Security-Policy that lets the WebAssembly run but no `eval` and no inline script.

use std::path::Path;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The app's files under `dir`; `map_tiles` is the tile URL template, whose origin the policy
/// admits as an image source.
pub fn router(dir: &Path, map_tiles: Option<&str>) -> Router {
    let csp = HeaderValue::from_str(&content_security_policy(map_tiles)).unwrap_or_else(|_| {
        HeaderValue::from_str(&content_security_policy(None)).expect("static policy is ASCII")
    });
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // Unknown paths are app routes (client-side routing): answer with the app shell.
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(cache_headers))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
}

/// The policy of the app's pages. `'wasm-unsafe-eval'` compiles the WebAssembly module and
/// nothing else; styles may be inline (Leptos sets `style` attributes); images may be data
/// and blob URLs (photos taken offline, drawn signatures, QR codes) and the map tiles.
pub fn content_security_policy(map_tiles: Option<&str>) -> String {
    let tiles = map_tiles.and_then(tile_origin);
    let img = match &tiles {
        Some(origin) => format!("img-src 'self' data: blob: {origin}"),
        None => "img-src 'self' data: blob:".to_string(),
    };
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        &img,
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    .join("; ")
}

/// `https://{s}.tile.example.org:8443/{z}/{x}/{y}.png` → `https://*.tile.example.org:8443`:
/// the scheme and host of a tile template, a `{…}` label of the host becoming `*`.
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let host: Vec<String> = host
        .split('.')
        .map(|label| {
            if label.starts_with('{') && label.ends_with('}') {
                "*".to_string()
            } else {
                label.to_string()
            }
        })
        .collect();
    let host = host.join(".");
    let valid = !host.is_empty()
        && host.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'*' | b':' | b'[' | b']')
        });
    valid.then(|| format!("{scheme}://{host}"))
}

/// Built assets are named `name-<hash>.ext` (`name-<hash>_bg.wasm` for the module), the hash
/// being 8 to 64 hex digits whatever the bundler's setting; such a file never changes under
/// its name.
pub fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((name, hash)) => {
            !name.is_empty()
                && (8..=64).contains(&hash.len())
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut response = next.run(req).await;
    if response.status().is_success() {
        let value = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed_asset("/app-3f2a9c1b0d4e5f67_bg.wasm"));
        assert!(is_hashed_asset("/app-3f2a9c1b0d4e5f67.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/sw.js"));
        assert!(!is_hashed_asset("/icons/icon-192.png"));
        assert!(is_hashed_asset("/app-3f2a9c1b_bg.wasm"), "8 hex digits");
        assert!(is_hashed_asset(&format!("/app-{}.js", "a".repeat(64))));
        assert!(!is_hashed_asset("/app-3f2a9c1.js"), "7 are a name");
        assert!(!is_hashed_asset(&format!("/app-{}.js", "a".repeat(65))));
        assert!(!is_hashed_asset("/icon-deadbeefx.png"));
    }

    #[test]
    fn tile_origins() {
        use super::tile_origin;
        assert_eq!(
            tile_origin("https://{s}.tile.osm.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.osm.org")
        );
        assert_eq!(
            tile_origin("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png").as_deref(),
            Some("http://10.0.0.5:8080")
        );
        assert_eq!(tile_origin("javascript:alert(1)"), None);
        assert_eq!(tile_origin("https://a b/{z}"), None);
    }
}
