//! Where the device key's secret lives: the platform keystore, through
//! `keyring-core` (Android Keystore, Apple Keychain, Linux keyutils; the
//! shells pick the store). Tests and the desktop sandbox use the
//! in-memory mock store, which forgets everything when the process ends.

use keyring_core::{CredentialStore, Entry, Error};
use std::sync::Arc;

/// Service name of every HappyLife secret in the keystore.
pub const SERVICE: &str = "cn.happylife.companion";

/// Why the keystore could not be used. Never carries the secret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeystoreError {
    /// The platform store refused or failed (locked, no session keyring…).
    #[error("keystore unavailable: {0}")]
    Unavailable(String),
}

/// A handle on one credential store.
#[derive(Clone)]
pub struct Keystore {
    store: Arc<CredentialStore>,
}

impl std::fmt::Debug for Keystore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keystore").finish_non_exhaustive()
    }
}

fn unavailable(e: Error) -> KeystoreError {
    KeystoreError::Unavailable(e.to_string())
}

impl Keystore {
    /// A keystore over a platform store.
    pub fn new(store: Arc<CredentialStore>) -> Keystore {
        Keystore { store }
    }

    /// The in-memory store (tests; the desktop sandbox).
    pub fn in_memory() -> Result<Keystore, KeystoreError> {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().map_err(unavailable)?;
        Ok(Keystore { store })
    }

    fn entry(&self, name: &str) -> Result<Entry, KeystoreError> {
        Entry::new_in_store(&self.store, SERVICE, name).map_err(unavailable)
    }

    /// Stores a secret under `name`, replacing any.
    pub fn set(&self, name: &str, secret: &[u8]) -> Result<(), KeystoreError> {
        self.entry(name)?.set_secret(secret).map_err(unavailable)
    }

    /// The secret under `name`, if there is one.
    pub fn get(&self, name: &str) -> Result<Option<Vec<u8>>, KeystoreError> {
        match self.entry(name)?.get_secret() {
            Ok(s) => Ok(Some(s)),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// Forgets the secret under `name` (no error if there is none).
    pub fn delete(&self, name: &str) -> Result<(), KeystoreError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_round_trip_and_can_be_forgotten() {
        let ks = Keystore::in_memory().unwrap();
        assert_eq!(ks.get("device-key").unwrap(), None);
        ks.set("device-key", &[1, 2, 3]).unwrap();
        assert_eq!(ks.get("device-key").unwrap(), Some(vec![1, 2, 3]));
        ks.set("device-key", &[4]).unwrap();
        assert_eq!(ks.get("device-key").unwrap(), Some(vec![4]));
        ks.delete("device-key").unwrap();
        ks.delete("device-key").unwrap();
        assert_eq!(ks.get("device-key").unwrap(), None);
        assert!(!format!("{ks:?}").contains('4'));
    }
}
