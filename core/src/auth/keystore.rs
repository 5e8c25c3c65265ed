//! Where secrets live: the device key's secret, the database key and the
//! voiceprint template key.
//!
//! - On phones: the platform keystore through `keyring-core` (Android
//!   Keystore, Apple Keychain; the shells pick the store, see
//!   `happylife-mobile`).
//! - In tests: the in-memory mock store, which forgets everything when the
//!   process ends.
//! - On the desktop tester build and for the `happylife` tool: a **sandbox
//!   file** beside the data ([`Keystore::sandbox_file`]), written atomically
//!   and readable only by its owner. It keeps the desktop behaving like a
//!   phone across restarts; it protects nothing from someone who has the
//!   disk, which is why phones never use it.

use keyring_core::{CredentialStore, Entry, Error};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Service name of every HappyLife secret in the keystore.
pub const SERVICE: &str = "cn.happylife.companion";

/// File name of the desktop sandbox keystore inside the data directory.
pub const SANDBOX_FILE: &str = "sandbox-keystore.json";

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
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Platform(Arc<CredentialStore>),
    File(Arc<SandboxFile>),
}

impl std::fmt::Debug for Keystore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.backend {
            Backend::Platform(_) => "platform",
            Backend::File(_) => "sandbox-file",
        };
        f.debug_struct("Keystore")
            .field("kind", &kind)
            .finish_non_exhaustive()
    }
}

fn unavailable(e: Error) -> KeystoreError {
    KeystoreError::Unavailable(e.to_string())
}

impl Keystore {
    /// A keystore over a platform store.
    pub fn new(store: Arc<CredentialStore>) -> Keystore {
        Keystore {
            backend: Backend::Platform(store),
        }
    }

    /// The in-memory store (tests).
    pub fn in_memory() -> Result<Keystore, KeystoreError> {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().map_err(unavailable)?;
        Ok(Keystore::new(store))
    }

    /// The desktop sandbox store: one JSON file at `path` (see the module
    /// docs for what it does and does not protect).
    pub fn sandbox_file(path: impl Into<PathBuf>) -> Keystore {
        Keystore {
            backend: Backend::File(Arc::new(SandboxFile {
                path: path.into(),
                lock: std::sync::Mutex::new(()),
            })),
        }
    }

    fn entry(store: &Arc<CredentialStore>, name: &str) -> Result<Entry, KeystoreError> {
        Entry::new_in_store(store, SERVICE, name).map_err(unavailable)
    }

    /// Stores a secret under `name`, replacing any.
    pub fn set(&self, name: &str, secret: &[u8]) -> Result<(), KeystoreError> {
        match &self.backend {
            Backend::Platform(s) => Self::entry(s, name)?
                .set_secret(secret)
                .map_err(unavailable),
            Backend::File(f) => f.update(|m| {
                m.insert(name.to_string(), hex::encode(secret));
            }),
        }
    }

    /// The secret under `name`, if there is one.
    pub fn get(&self, name: &str) -> Result<Option<Vec<u8>>, KeystoreError> {
        match &self.backend {
            Backend::Platform(s) => match Self::entry(s, name)?.get_secret() {
                Ok(s) => Ok(Some(s)),
                Err(Error::NoEntry) => Ok(None),
                Err(e) => Err(unavailable(e)),
            },
            Backend::File(f) => {
                let _held = f.lock.lock().unwrap_or_else(|e| e.into_inner());
                match f.read()?.get(name) {
                    None => Ok(None),
                    Some(h) => hex::decode(h).map(Some).map_err(|_| {
                        KeystoreError::Unavailable("sandbox keystore entry is not hex".into())
                    }),
                }
            }
        }
    }

    /// Forgets the secret under `name` (no error if there is none).
    pub fn delete(&self, name: &str) -> Result<(), KeystoreError> {
        match &self.backend {
            Backend::Platform(s) => match Self::entry(s, name)?.delete_credential() {
                Ok(()) | Err(Error::NoEntry) => Ok(()),
                Err(e) => Err(unavailable(e)),
            },
            Backend::File(f) => f.update(|m| {
                m.remove(name);
            }),
        }
    }

    /// The secret under `name`, made (`len` random bytes) and kept first if
    /// there is none.
    pub fn get_or_create(&self, name: &str, len: usize) -> Result<Vec<u8>, KeystoreError> {
        if let Some(s) = self.get(name)? {
            return Ok(s);
        }
        let mut secret = vec![0u8; len];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
        self.set(name, &secret)?;
        Ok(secret)
    }
}

/// The sandbox file: `{name: hex secret}`, replaced whole (write, fsync,
/// rename), so a killed process leaves the old file or the new one.
struct SandboxFile {
    path: PathBuf,
    lock: std::sync::Mutex<()>,
}

impl SandboxFile {
    fn read(&self) -> Result<BTreeMap<String, String>, KeystoreError> {
        match std::fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|_| {
                KeystoreError::Unavailable("sandbox keystore file is not readable".into())
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(KeystoreError::Unavailable(e.kind().to_string())),
        }
    }

    fn update(&self, f: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<(), KeystoreError> {
        let _held = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let mut map = self.read()?;
        f(&mut map);
        let bytes = serde_json::to_vec_pretty(&map)
            .map_err(|e| KeystoreError::Unavailable(e.to_string()))?;
        write_atomically(&self.path, &bytes)
            .map_err(|e| KeystoreError::Unavailable(e.kind().to_string()))
    }
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or
/// the new one: a temporary beside it, fsync, rename, fsync the folder.
/// Owner-only on Unix.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("tmp");
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(ks: &Keystore) {
        assert_eq!(ks.get("device-key").unwrap(), None);
        ks.set("device-key", &[1, 2, 3]).unwrap();
        assert_eq!(ks.get("device-key").unwrap(), Some(vec![1, 2, 3]));
        ks.set("device-key", &[4]).unwrap();
        assert_eq!(ks.get("device-key").unwrap(), Some(vec![4]));
        ks.delete("device-key").unwrap();
        ks.delete("device-key").unwrap();
        assert_eq!(ks.get("device-key").unwrap(), None);
        let made = ks.get_or_create("db", 32).unwrap();
        assert_eq!(made.len(), 32);
        assert_eq!(ks.get_or_create("db", 32).unwrap(), made, "made once");
        assert!(!format!("{ks:?}").contains(&hex::encode(&made)));
    }

    #[test]
    fn secrets_round_trip_and_can_be_forgotten() {
        round_trip(&Keystore::in_memory().unwrap());
        let dir = tempfile::tempdir().unwrap();
        round_trip(&Keystore::sandbox_file(dir.path().join(SANDBOX_FILE)));
    }

    #[test]
    fn the_sandbox_file_outlives_the_process_and_is_the_owners_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(SANDBOX_FILE);
        Keystore::sandbox_file(&path).set("k", &[9, 9]).unwrap();
        assert_eq!(
            Keystore::sandbox_file(&path).get("k").unwrap(),
            Some(vec![9, 9])
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        std::fs::write(&path, b"{ not json").unwrap();
        assert!(matches!(
            Keystore::sandbox_file(&path).get("k"),
            Err(KeystoreError::Unavailable(_))
        ));
    }
}
