//! `api-key` mode: static keys compared in constant time. Only their SHA-256 digests are kept.

use sha2::{Digest, Sha256};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};

use crate::error::AuthError;
use crate::settings::Secret;

/// Keys shorter than this draw a warning at start.
const SHORT_KEY: usize = 16;

pub(crate) struct ApiKeys {
    digests: Vec<[u8; 32]>,
}

impl ApiKeys {
    pub(crate) fn new(keys: &[Secret]) -> Result<ApiKeys, AuthError> {
        if keys.is_empty() {
            return Err(AuthError::setting(
                "api_keys",
                "api-key mode needs at least one key",
            ));
        }
        let mut digests: Vec<[u8; 32]> = Vec::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            let n = i + 1;
            let key = key.expose();
            if key.is_empty() {
                return Err(AuthError::setting("api_keys", format!("key #{n} is empty")));
            }
            if !key.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(AuthError::setting(
                    "api_keys",
                    format!(
                        "key #{n} contains spaces, control or non-ASCII characters, which a \
                         client cannot send in a header"
                    ),
                ));
            }
            if key.len() < SHORT_KEY {
                tracing::warn!(
                    key = n,
                    "API key #{n} is shorter than {SHORT_KEY} characters; use a long random key"
                );
            }
            let digest = digest(key);
            if digests.contains(&digest) {
                tracing::warn!(key = n, "API key #{n} repeats an earlier key");
            }
            digests.push(digest);
        }
        Ok(ApiKeys { digests })
    }

    /// The 0-based position of the matching key. Every configured key is compared, in constant
    /// time, whatever matches: the time taken says nothing about which key or how much of it.
    pub(crate) fn check(&self, presented: &str) -> Option<usize> {
        // Hashing first makes the compared values equal in length whatever was sent.
        let presented = digest(presented);
        let mut found = Choice::from(0);
        let mut index = 0u32;
        for (i, key) in self.digests.iter().enumerate() {
            let equal = key.ct_eq(&presented);
            index.conditional_assign(&u32::try_from(i).unwrap_or(u32::MAX), equal);
            found |= equal;
        }
        bool::from(found).then_some(index as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.digests.len()
    }
}

fn digest(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_matches_at_its_position() {
        let keys = ApiKeys::new(&[
            Secret::new("first-key-0123456789"),
            Secret::new("second-key-0123456789"),
        ])
        .unwrap();
        assert_eq!(keys.check("first-key-0123456789"), Some(0));
        assert_eq!(keys.check("second-key-0123456789"), Some(1));
        assert_eq!(keys.check("second-key-012345678"), None);
        assert_eq!(keys.check(""), None);
    }

    #[test]
    fn unusable_keys_are_refused_at_start() {
        assert!(ApiKeys::new(&[]).is_err());
        let empty = ApiKeys::new(&[Secret::new("")]).err().unwrap().to_string();
        assert!(empty.contains("key #1 is empty"), "{empty}");
        let spaced = ApiKeys::new(&[Secret::new("ok-key-0123456789"), Secret::new("a b")])
            .err()
            .unwrap()
            .to_string();
        assert!(spaced.contains("key #2 contains spaces"), "{spaced}");
        assert!(!spaced.contains("a b"));
    }
}
