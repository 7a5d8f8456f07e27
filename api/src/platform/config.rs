//! Typed configuration, read from the environment (or flags); `huanjian --help` lists it all.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;

/// A secret that never shows up in logs or `Debug` output.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address the HTTP server listens on.
    #[arg(long, env = "HJ_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Database URL: `sqlite://path?mode=rwc` (embedded default) or `postgres://…`.
    #[arg(
        long,
        env = "HJ_DATABASE_URL",
        default_value = "sqlite://data/huanjian.db?mode=rwc"
    )]
    pub database_url: String,

    /// Maximum connections in the database pool.
    #[arg(long, env = "HJ_DB_MAX_CONNECTIONS", default_value_t = 10)]
    pub db_max_connections: u32,

    /// Directory holding the built app (trunk's dist); empty disables static serving.
    #[arg(long, env = "HJ_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// HS256 key for access tokens. Every instance of one deployment must share it.
    /// When unset, the key is read from (or, the first time, written to) `jwt_secret_file`.
    #[arg(long, env = "HJ_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// File holding the token key when `HJ_JWT_SECRET` is unset.
    #[arg(long, env = "HJ_JWT_SECRET_FILE", default_value = "data/jwt.secret")]
    pub jwt_secret_file: PathBuf,

    /// `iss` claim of issued tokens.
    #[arg(long, env = "HJ_JWT_ISSUER", default_value = "huanjian")]
    pub jwt_issuer: String,

    /// Lifetime of an access token, in seconds.
    #[arg(long, env = "HJ_ACCESS_TOKEN_TTL", default_value_t = 900)]
    pub access_token_ttl: u64,

    /// Reverse proxies in front of the server, by count: the client address is the
    /// `X-Forwarded-For` entry the outermost of them appended (the n-th from the right), never
    /// one the client wrote itself. 0 (the default): no proxy, the socket peer is the client.
    #[arg(long, env = "HJ_TRUSTED_PROXY_HOPS", default_value_t = 0)]
    pub trusted_proxy_hops: usize,

    /// Reverse proxies in front of the server, by address (comma-separated IPs or CIDR
    /// blocks, e.g. `10.0.0.0/8,127.0.0.1`): `X-Forwarded-For` is read from the right while
    /// the hop is one of them. Empty (the default): none.
    #[arg(
        long,
        env = "HJ_TRUSTED_PROXIES",
        value_delimiter = ',',
        default_value = ""
    )]
    pub trusted_proxies: Vec<String>,

    /// Longest a request may take, in seconds, before it is answered 503.
    #[arg(long, env = "HJ_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Lifetime of a refresh token, in days.
    #[arg(long, env = "HJ_REFRESH_TOKEN_DAYS", default_value_t = 30)]
    pub refresh_token_days: u64,

    /// Seconds during which a spent refresh token may be presented again (its reply was lost,
    /// or two tabs refreshed at once) and gets the same successor; later reuse revokes the
    /// sign-in. 0 turns the grace off.
    #[arg(long, env = "HJ_REFRESH_GRACE_SECS", default_value_t = 30)]
    pub refresh_grace_secs: u64,

    /// Seed the demo jurisdiction (安徽省 → 宿州市 → five counties) into an empty database.
    #[arg(long, env = "HJ_DEMO", default_value_t = false)]
    pub demo: bool,

    /// Number of demo enterprises to generate.
    #[arg(long, env = "HJ_DEMO_ENTERPRISES", default_value_t = 2000)]
    pub demo_enterprises: u32,

    /// The address people reach the app at, e.g. https://hj.sthjt.ah.gov.cn; QR codes encode
    /// dossier URLs under it. When unset, QR codes use the address the app was opened at.
    #[arg(long, env = "HJ_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Map tile URL template (`https://tiles.example/{z}/{x}/{y}.png`). When unset or
    /// unreachable the map shows the administrative boundaries served by this API.
    #[arg(long, env = "HJ_MAP_TILES")]
    pub map_tiles: Option<String>,

    /// Attribution shown for the tiles (审图号 where the provider requires one).
    #[arg(long, env = "HJ_MAP_ATTRIBUTION", default_value = "")]
    pub map_attribution: String,

    /// Where evidence files go: a directory (the default) or `s3://bucket/prefix` for
    /// S3-compatible object storage, configured by the usual `AWS_ENDPOINT`,
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` and `AWS_ALLOW_HTTP`.
    #[arg(long, env = "HJ_STORAGE", default_value = "data/files")]
    pub storage: String,

    /// A TrueType/OpenType font with Chinese glyphs for PDF records (a .ttc uses face
    /// `HJ_PDF_FONT_INDEX`).
    #[arg(
        long,
        env = "HJ_PDF_FONT",
        default_value = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
    )]
    pub pdf_font: PathBuf,

    /// Face of `HJ_PDF_FONT` to use: 2 is Simplified Chinese in Noto Sans CJK.
    #[arg(long, env = "HJ_PDF_FONT_INDEX", default_value_t = 2)]
    pub pdf_font_index: u32,

    /// Log filter (tracing EnvFilter syntax).
    #[arg(
        long,
        env = "HJ_LOG",
        default_value = "info,sqlx=warn,sea_orm_migration=warn"
    )]
    pub log: String,

    /// Log format: `text` for people, `json` for collectors.
    #[arg(long, env = "HJ_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
}

impl Config {
    /// The token key: from the environment, else from the key file, created on first use.
    pub fn resolve_jwt_secret(&self) -> anyhow::Result<Secret> {
        if let Some(s) = &self.jwt_secret {
            anyhow::ensure!(
                s.len() >= 32,
                "HJ_JWT_SECRET must be at least 32 characters"
            );
            return Ok(Secret::new(s.clone()));
        }
        let path = &self.jwt_secret_file;
        if let Ok(existing) = std::fs::read_to_string(path) {
            let existing = existing.trim().to_string();
            anyhow::ensure!(
                existing.len() >= 32,
                "{} holds a key shorter than 32 characters",
                path.display()
            );
            return Ok(Secret::new(existing));
        }
        use rand::RngCore;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, &key)?;
        tracing::info!(path = %path.display(), "generated a new token key");
        Ok(Secret::new(key))
    }

    /// A configuration for tests and tools: everything default but the database.
    pub fn for_database(url: &str) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database_url: url.to_string(),
            db_max_connections: 5,
            static_dir: PathBuf::new(),
            jwt_secret: Some("test-key-0123456789abcdef0123456789abcdef".into()),
            jwt_secret_file: PathBuf::new(),
            jwt_issuer: "huanjian".into(),
            access_token_ttl: 900,
            // Tests stand behind one pretend proxy: their `X-Forwarded-For` names the client.
            trusted_proxy_hops: 1,
            trusted_proxies: Vec::new(),
            request_timeout_secs: 30,
            refresh_token_days: 30,
            refresh_grace_secs: 30,
            demo: false,
            demo_enterprises: 0,
            public_url: None,
            map_tiles: None,
            map_attribution: String::new(),
            storage: std::env::temp_dir()
                .join(format!("huanjian-files-{}", uuid::Uuid::new_v4().simple()))
                .display()
                .to_string(),
            pdf_font: PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
            pdf_font_index: 2,
            log: "warn".into(),
            log_format: "text".into(),
        }
    }
}
