//! Password hashing with argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// Checks `password` against a stored PHC string; a malformed hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// [`hash`] off the async workers: argon2 takes tens of milliseconds of CPU.
pub async fn hash_off_thread(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| anyhow::anyhow!("hashing panicked: {e}"))?
}

/// [`verify`] off the async workers.
pub async fn verify_off_thread(password: String, stored: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || verify(&password, &stored))
        .await
        .map_err(|e| anyhow::anyhow!("password check panicked: {e}"))
}

/// A valid hash of a random password, verified against when the user does not exist so that
/// "no such user" and "wrong password" take the same time.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ"
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_verify_and_are_argon2id() {
        let h = super::hash("Huanjian@2026").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("Huanjian@2026", &h));
        assert!(!super::verify("huanjian@2026", &h));
        assert!(!super::verify("x", "not a hash"));
    }
}
