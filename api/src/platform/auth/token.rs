//! Access tokens: HS256 JWTs with the algorithm pinned and iss/aud/exp/nbf checked.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use shared::{ApiError, Role};
use uuid::Uuid;

use crate::platform::config::Secret;

pub const AUDIENCE: &str = "huanjian-api";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    /// The user's bureau: the tenant every request is scoped to.
    pub bid: i64,
    pub roles: Vec<Role>,
    pub iss: String,
    pub aud: String,
    pub iat: u64,
    pub nbf: u64,
    pub exp: u64,
    pub jti: Uuid,
}

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    /// Keys [`TokenKeys::mac`]: the token secret, so every instance of a deployment has it.
    mac_key: Vec<u8>,
    pub ttl_secs: u64,
}

pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl TokenKeys {
    pub fn new(secret: &Secret, issuer: &str, ttl_secs: u64) -> TokenKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = 0;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret.expose().as_bytes()),
            decoding: DecodingKey::from_secret(secret.expose().as_bytes()),
            validation,
            issuer: issuer.to_string(),
            mac_key: secret.expose().as_bytes().to_vec(),
            ttl_secs,
        }
    }

    pub fn issue(&self, user: Uuid, bureau: i64, roles: Vec<Role>) -> anyhow::Result<String> {
        let now = now_secs();
        let claims = Claims {
            sub: user,
            bid: bureau,
            roles,
            iss: self.issuer.clone(),
            aud: AUDIENCE.into(),
            iat: now,
            nbf: now,
            exp: now + self.ttl_secs,
            jti: Uuid::new_v4(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// HMAC-SHA256 of `data` under the deployment's secret, separated by `label`: a value the
    /// server can recompute and no client can (the successor of a refresh token).
    pub fn mac(&self, label: &str, data: &[u8]) -> anyhow::Result<[u8; 32]> {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.mac_key)
            .map_err(|e| anyhow::anyhow!("HMAC key: {e}"))?;
        mac.update(label.as_bytes());
        mac.update(&[0]);
        mac.update(data);
        Ok(mac.finalize().into_bytes().into())
    }

    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => ApiError::TokenExpired,
                _ => ApiError::Unauthenticated,
            })
    }
}
