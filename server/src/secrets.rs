//! The bank's own secrets, generated on first start into its database (or
//! given by the deployment's configuration), never constants in the source:
//!
//! | name | what | given by |
//! |---|---|---|
//! | `opaque_keys` | the OPAQUE OPRF seed and key pair behind every PIN record | — |
//! | `list_signing_key` | the Ed25519 key the scam list is signed with | `HAPPYLIFE_LIST_SIGNING_KEY` (64 hex digits) |
//! | `code_pepper` | the key one-time codes and ID numbers are hashed with | — |
//!
//! They are kept with the bank's data so that every gateway over one
//! PostgreSQL shares them; the first gateway to start writes them and the
//! others read what it wrote. Phones trust the list key they are configured
//! with: [`Secrets::list_public_key_hex`] is what a deployment gives them
//! (the gateway prints it at start, and the app's built-in gateway hands it
//! to the app it starts).

use crate::db::Db;
use ed25519_dalek::{SigningKey, VerifyingKey};
use happylife_core::auth::bank_pin::BankKeys;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::sync::Arc;

/// The secrets every handler may need.
#[derive(Clone)]
pub struct Secrets {
    opaque: Arc<BankKeys>,
    list: Arc<SigningKey>,
    pepper: Arc<[u8; 32]>,
}

/// Why the secrets could not be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    /// The database failed.
    #[error("cannot read the bank's secrets: {0}")]
    Db(#[from] sqlx::Error),
    /// A stored or given secret is not what it should be.
    #[error("the bank's secret {0} is unreadable")]
    Unreadable(&'static str),
}

fn random32() -> [u8; 32] {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    raw
}

/// The stored value of `name`, written first as `make()` when there is none
/// (a concurrent first start keeps the first write).
async fn get_or_make(
    db: &Db,
    name: &str,
    make: impl FnOnce() -> String,
) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(make())
    .execute(&db.pool)
    .await?;
    sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(&db.pool)
        .await
}

fn key32(text: &str, name: &'static str) -> Result<[u8; 32], SecretsError> {
    hex::decode(text.trim())
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or(SecretsError::Unreadable(name))
}

impl Secrets {
    /// Reads the bank's secrets, making the missing ones. `list_key`: the
    /// scam list's signing key from the configuration (64 hex digits), which
    /// then wins over the stored one.
    pub async fn load(db: &Db, list_key: Option<&str>) -> Result<Secrets, SecretsError> {
        let opaque = get_or_make(db, "opaque_keys", || BankKeys::generate().to_hex()).await?;
        let opaque =
            BankKeys::from_hex(&opaque).map_err(|_| SecretsError::Unreadable("opaque_keys"))?;
        let list = match list_key {
            Some(given) => key32(given, "list_signing_key")?,
            None => key32(
                &get_or_make(db, "list_signing_key", || hex::encode(random32())).await?,
                "list_signing_key",
            )?,
        };
        let pepper = key32(
            &get_or_make(db, "code_pepper", || hex::encode(random32())).await?,
            "code_pepper",
        )?;
        Ok(Secrets {
            opaque: Arc::new(opaque),
            list: Arc::new(SigningKey::from_bytes(&list)),
            pepper: Arc::new(pepper),
        })
    }

    /// The OPAQUE keys behind every PIN record.
    pub fn opaque(&self) -> &BankKeys {
        &self.opaque
    }

    /// The key the scam list is signed with.
    pub fn list_signing_key(&self) -> &SigningKey {
        &self.list
    }

    /// The public half phones verify the list with.
    pub fn list_public_key(&self) -> VerifyingKey {
        self.list.verifying_key()
    }

    /// The same, as the 64 hex digits a deployment configures phones with.
    pub fn list_public_key_hex(&self) -> String {
        hex::encode(self.list_public_key().as_bytes())
    }

    /// A keyed hash (HMAC-SHA-256 under the pepper) of `parts`: how codes
    /// and ID numbers are kept, so a copy of the database does not give
    /// them back by trying every six digits.
    pub fn keyed_hash(&self, parts: &[&str]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.pepper.as_slice())
            .expect("HMAC takes any key length");
        for p in parts {
            mac.update(&(p.len() as u64).to_le_bytes());
            mac.update(p.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }
}
