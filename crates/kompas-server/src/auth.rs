//! Passwords (argon2id), bearer tokens (random, stored hashed, expiring) and the throttle
//! on failed logins.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// How long a token is valid.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);
/// Failed logins allowed per user name before the throttle starts.
const FREE_FAILURES: u32 = 5;
/// The longest a user name is locked after many failures.
const MAX_LOCK: Duration = Duration::from_secs(15 * 60);

pub fn hash_password(password: &str) -> Result<String, String> {
    if password.chars().count() < 10 {
        return Err("a password must have at least 10 characters".into());
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| format!("cannot hash the password: {e}"))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the user does not exist, so that a login for an unknown
/// name takes as long as one with a wrong password.
pub fn dummy_hash() -> String {
    hash_password("not-a-real-password-at-all").unwrap_or_default()
}

/// A new random token (256 bits, URL-safe hex) and the hash the server stores.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// How long a checked token is trusted without asking the database again. Logout and
/// revocation through the API take effect at once; a change made by another process
/// (a second server on the same database) within this time.
pub const TOKEN_CACHE_TTL: Duration = Duration::from_secs(30);

/// Recently checked tokens, so that the poll of every device does not cost a database
/// lookup for its token.
#[derive(Debug, Default)]
pub struct TokenCache {
    entries: Mutex<HashMap<String, (crate::db::TokenOwner, Instant)>>,
}

impl TokenCache {
    /// The owner of `token_hash` if it was checked recently and has not expired since.
    pub fn get(&self, token_hash: &str, now_unix: i64) -> Option<crate::db::TokenOwner> {
        let entries = self.lock();
        let (owner, checked) = entries.get(token_hash)?;
        (checked.elapsed() < TOKEN_CACHE_TTL && owner.expires_at > now_unix).then(|| owner.clone())
    }

    pub fn insert(&self, token_hash: String, owner: crate::db::TokenOwner) {
        let mut entries = self.lock();
        if entries.len() >= 100_000 {
            entries.retain(|_, (_, checked)| checked.elapsed() < TOKEN_CACHE_TTL);
        }
        entries.insert(token_hash, (owner, Instant::now()));
    }

    pub fn forget(&self, token_hash: &str) {
        self.lock().remove(token_hash);
    }

    pub fn forget_user(&self, username: &str) {
        self.lock()
            .retain(|_, (owner, _)| owner.username != username);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (crate::db::TokenOwner, Instant)>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Counts failed logins per user name; after [`FREE_FAILURES`] each further attempt must
/// wait, doubling up to [`MAX_LOCK`]. A success clears the count.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

impl Throttle {
    /// How long `username` must still wait before trying again, if at all.
    pub fn wait(&self, username: &str) -> Option<Duration> {
        let failures = self.lock();
        let (count, last) = failures.get(&username.to_lowercase())?;
        if *count < FREE_FAILURES {
            return None;
        }
        let lock = Duration::from_secs(1u64 << (count - FREE_FAILURES).min(10)).min(MAX_LOCK);
        lock.checked_sub(last.elapsed())
    }

    pub fn failed(&self, username: &str) {
        let mut failures = self.lock();
        let entry = failures
            .entry(username.to_lowercase())
            .or_insert((0, Instant::now()));
        entry.0 += 1;
        entry.1 = Instant::now();
        // Keep memory bounded under a flood of made-up names.
        if failures.len() > 100_000 {
            failures.retain(|_, (_, last)| last.elapsed() < MAX_LOCK);
        }
    }

    pub fn succeeded(&self, username: &str) {
        self.lock().remove(&username.to_lowercase());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u32, Instant)>> {
        self.failures
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_and_short_ones_are_refused() {
        let hash = hash_password("correct horse battery").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("Correct horse battery", &hash));
        assert!(!verify_password("anything", "not a hash"));
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), hash_a);
        assert_ne!(a, hash_a);
    }

    #[test]
    fn the_token_cache_forgets_on_logout_revocation_and_expiry() {
        let cache = TokenCache::default();
        let owner = |name: &str, expires_at| crate::db::TokenOwner {
            account_id: 1,
            username: name.into(),
            expires_at,
        };
        cache.insert("a".into(), owner("anna", 1_000));
        cache.insert("b".into(), owner("anna", 1_000));
        cache.insert("c".into(), owner("bert", 1_000));
        assert_eq!(cache.get("a", 999).map(|o| o.username), Some("anna".into()));
        assert_eq!(cache.get("a", 1_000), None, "expired");
        cache.forget("a");
        assert_eq!(cache.get("a", 0), None);
        cache.forget_user("anna");
        assert_eq!(cache.get("b", 0), None);
        assert!(cache.get("c", 0).is_some());
    }

    #[test]
    fn the_throttle_starts_after_five_failures_and_clears_on_success() {
        let throttle = Throttle::default();
        for _ in 0..FREE_FAILURES {
            assert_eq!(throttle.wait("Anna"), None);
            throttle.failed("anna");
        }
        assert!(throttle.wait("ANNA").is_some());
        assert_eq!(throttle.wait("bert"), None);
        throttle.succeeded("anna");
        assert_eq!(throttle.wait("anna"), None);
    }
}
