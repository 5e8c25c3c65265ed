//! The login part of the [`Companion`] facade: the PIN on this device, the
//! device key in the keystore, and the session with the bank.

use super::keystore::Keystore;
use super::pin::{self, Attempts, PinError};
use super::{DeviceKey, LoginMethod, Session};
use crate::store::StoreError;
use crate::sync::gateway::{Gateway, GatewayError};
use crate::{Companion, CompanionError};

/// Name of the device key's secret in the keystore.
pub(crate) fn key_name(device_id: &str) -> String {
    format!("device-key/{device_id}")
}

fn store_err(e: sqlx::Error) -> CompanionError {
    StoreError::from(e).into()
}

impl Companion {
    /// Replaces the keystore the login keys are read from (tests use it to
    /// play a phone whose keystore lost them). The open database keeps the
    /// key it was opened with.
    pub fn use_keystore(&self, keystore: Keystore) {
        *self
            .inner
            .keystore
            .write()
            .unwrap_or_else(|e| e.into_inner()) = keystore;
    }

    pub(crate) fn keystore(&self) -> Keystore {
        self.inner
            .keystore
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Sets (or replaces) the PIN. Refuses PINs anyone would guess.
    pub async fn set_pin(&self, pin_text: &str) -> Result<(), CompanionError> {
        pin::check_new(pin_text)?;
        self.inner.store.ensure_writable()?;
        let owned = pin_text.to_string();
        let hash = tokio::task::spawn_blocking(move || pin::hash(&owned))
            .await
            .map_err(|_| CompanionError::Storage)?;
        let mut tx = self.inner.store.begin().await?;
        sqlx::query(
            "INSERT INTO auth_pin (id, hash, failures, locked_until, set_at) VALUES (1, ?, 0, NULL, ?) \
             ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, failures = 0, locked_until = NULL, \
             set_at = excluded.set_at",
        )
        .bind(hash)
        .bind(self.now().timestamp())
        .execute(&mut *tx)
        .await
        .map_err(store_err)?;
        tx.commit().await.map_err(store_err)?;
        tracing::info!("PIN set");
        Ok(())
    }

    /// Whether a PIN is set on this device.
    pub async fn pin_is_set(&self) -> Result<bool, CompanionError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM auth_pin")
            .fetch_one(self.inner.store.pool())
            .await
            .map_err(store_err)?;
        Ok(n > 0)
    }

    /// Checks the PIN. A wrong one counts (and is saved before the answer,
    /// so closing the app does not give a try back); five lock it.
    pub async fn check_pin(&self, pin_text: &str) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let row: Option<(String, i64, Option<i64>)> =
            sqlx::query_as("SELECT hash, failures, locked_until FROM auth_pin WHERE id = 1")
                .fetch_optional(self.inner.store.pool())
                .await
                .map_err(store_err)?;
        let Some((stored, failures, locked_until)) = row else {
            return Err(PinError::NotSet.into());
        };
        let attempts = Attempts {
            failures: u32::try_from(failures).unwrap_or(u32::MAX),
            locked_until,
        };
        attempts.may_try(now)?;
        let owned = pin_text.to_string();
        let right = tokio::task::spawn_blocking(move || pin::matches(&stored, &owned))
            .await
            .map_err(|_| CompanionError::Storage)?;
        let (next, answer) = if right {
            (Attempts::default(), Ok(()))
        } else {
            let (next, e) = attempts.after_wrong(now);
            (next, Err(CompanionError::Pin(e)))
        };
        let mut tx = self.inner.store.begin().await?;
        sqlx::query("UPDATE auth_pin SET failures = ?, locked_until = ? WHERE id = 1")
            .bind(i64::from(next.failures))
            .bind(next.locked_until)
            .execute(&mut *tx)
            .await
            .map_err(store_err)?;
        if right {
            // The PIN is the way back for a paused voiceprint.
            sqlx::query("UPDATE voiceprint SET failures = 0, paused = 0")
                .execute(&mut *tx)
                .await
                .map_err(store_err)?;
        }
        tx.commit().await.map_err(store_err)?;
        if answer.is_err() {
            tracing::warn!(failures = next.failures, "wrong PIN");
        }
        answer
    }

    /// Fails with the PIN's lock while it is locked after wrong tries: no
    /// other way in (the voiceprint) opens a phone someone is guessing at.
    pub(crate) async fn pin_attempts_allow_now(&self) -> Result<(), CompanionError> {
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT failures, locked_until FROM auth_pin WHERE id = 1")
                .fetch_optional(self.inner.store.pool())
                .await
                .map_err(store_err)?;
        if let Some((failures, locked_until)) = row {
            Attempts {
                failures: u32::try_from(failures).unwrap_or(u32::MAX),
                locked_until,
            }
            .may_try(self.now().timestamp())?;
        }
        Ok(())
    }

    /// PIN login: the PIN unlocks the device key, which answers the bank's
    /// challenge; the session is kept in memory only.
    pub async fn login_with_pin(&self, pin_text: &str) -> Result<Session, CompanionError> {
        self.check_pin(pin_text).await?;
        self.open_session().await
    }

    /// The bank this device is bound to, and the device's id there.
    pub(crate) async fn device_identity(&self) -> Result<(String, String), CompanionError> {
        let (server, _) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NotConnected)?;
        let device_id = self
            .inner
            .store
            .meta(crate::META_DEVICE)
            .await?
            .ok_or(CompanionError::NotConnected)?;
        Ok((server, device_id))
    }

    /// A refused login request in the caller's terms.
    pub(crate) fn login_error(&self, e: GatewayError) -> CompanionError {
        match e {
            GatewayError::Refused { code, .. } if code == "unknown_device" => {
                CompanionError::NoDeviceKey
            }
            GatewayError::Refused { code, .. } if code == "session_expired" => {
                CompanionError::LoginNeeded
            }
            GatewayError::Refused { .. } => CompanionError::LoginRefused,
            other => self.gateway_error(other),
        }
    }

    /// Keeps a new session in memory (never on disk: a restart logs out).
    pub(crate) fn keep_session(
        &self,
        token: String,
        expires_at: i64,
        method: LoginMethod,
    ) -> Session {
        let session = Session { token, expires_at };
        *self
            .inner
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(session.clone());
        tracing::info!(method = method.code(), "logged in");
        session
    }

    /// Signs a fresh challenge with the device key and opens a session.
    /// Callers must have unlocked the key first (the PIN, or the voiceprint).
    pub async fn open_session(&self) -> Result<Session, CompanionError> {
        let (server, device_id) = self.device_identity().await?;
        let secret = self
            .keystore()
            .get(&key_name(&device_id))
            .map_err(|_| CompanionError::KeystoreUnavailable)?
            .ok_or(CompanionError::NoDeviceKey)?;
        let key = DeviceKey::from_secret(&secret).ok_or(CompanionError::NoDeviceKey)?;
        let gateway = Gateway::new(&server);
        let login = async {
            let (id, nonce) = gateway
                .auth_challenge(&device_id, LoginMethod::DeviceKey)
                .await?;
            gateway
                .auth_session(id, &key.sign_login(&device_id, &nonce))
                .await
        };
        let (token, expires_at) = login.await.map_err(|e| self.login_error(e))?;
        Ok(self.keep_session(token, expires_at, LoginMethod::DeviceKey))
    }

    /// The live session, if there is one and it has not expired.
    pub fn session(&self) -> Option<Session> {
        let now = self.now().timestamp();
        self.inner
            .session
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .filter(|s| s.expires_at > now)
    }

    /// The app went to the background now.
    pub fn went_to_background(&self) {
        *self
            .inner
            .backgrounded_at
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(self.now().timestamp());
    }

    /// The app came back: after [`super::pin::RELOCK_AFTER_SECS`] away the
    /// session ends and `true` says to ask for the PIN again.
    pub fn came_to_foreground(&self) -> bool {
        let away = self
            .inner
            .backgrounded_at
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let relock =
            away.is_some_and(|at| pin::relock_after_background(at, self.now().timestamp()));
        if relock {
            self.logout();
            tracing::info!("back after a while away: the PIN is asked again");
        }
        relock
    }

    /// Ends the session on this device.
    pub fn logout(&self) {
        *self
            .inner
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner()) = None;
    }
}
