//! The login part of the [`Companion`] facade: the PIN (on this phone for
//! her own copy, and at the bank for everything the bank holds), the
//! device key and device token in the keystore, and the session with the
//! bank.
//!
//! | what | where | what it opens |
//! |---|---|---|
//! | the PIN's Argon2id hash | the phone's database | her own copy, offline |
//! | the PIN's OPAQUE record | the bank | a session (with the device key's signature) |
//! | the device token | the keystore | starting a login, a PIN-reset code |
//! | the session | the keystore (and memory) | every request that reads her data or moves money |

//!
//! Files: `mod.rs` the PIN, the device key and the session; `enrol.rs`
//! binding this phone; `phones.rs` her phones; `biometric.rs` and
//! `voiceprint.rs` the other two logins; `recovery.rs` a forgotten PIN.

mod biometric;
mod enrol;
mod phones;
mod recovery;
mod voiceprint;

use super::keystore::Keystore;
use super::pin::{self, Attempts, PinError};
use super::{DeviceKey, LoginMethod, Session, bank_pin};
use crate::bank::client::{Gateway, GatewayError, SessionEnded};
use crate::store::{self, StoreError};
use crate::{Companion, CompanionError, META_DEVICE, META_SERVER};

/// Name of the device key's secret in the keystore.
pub(crate) fn key_name(device_id: &str) -> String {
    format!("device-key/{device_id}")
}

/// Name of the device token in the keystore.
pub(crate) fn token_name(device_id: &str) -> String {
    format!("device-token/{device_id}")
}

/// Name of the live session in the keystore.
fn session_name(device_id: &str) -> String {
    format!("session/{device_id}")
}

/// Meta key: whether the customer had a PIN at the bank when this phone
/// was bound (`1`) or not (`0`): the first-run screen asks for it, or for a
/// new one.
pub(crate) const META_BANK_PIN: &str = "bank_pin_set";

fn store_err(e: sqlx::Error) -> CompanionError {
    StoreError::from(e).into()
}

/// How the PIN opened the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unlocked {
    /// The bank checked it: a session, and sync runs.
    Online(Session),
    /// The bank could not be reached: the PIN on the phone opened her own
    /// copy; reaching the bank needs the PIN again once it can be reached.
    Offline,
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

    /// The client of the bank at `server`, which forgets the session when
    /// the bank says it is over. Made once and kept (every feature shares
    /// its connections); made again for another address or after the TLS
    /// policy changed.
    pub(crate) fn gateway(&self, server: &str) -> Gateway {
        let tls = crate::bank::tls::generation();
        let mut kept = self.inner.bank.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, made_under, client)) = kept.as_ref()
            && at == server
            && *made_under == tls
        {
            return client.clone();
        }
        let weak = std::sync::Arc::downgrade(&self.inner);
        let client =
            Gateway::new(server).on_session_end(SessionEnded(std::sync::Arc::new(move || {
                if let Some(inner) = weak.upgrade() {
                    Companion { inner }.forget_session();
                }
            })));
        *kept = Some((server.to_string(), tls, client.clone()));
        client
    }

    /// The bank's client with no session hook (see
    /// [`Gateway::without_session_hook`]).
    pub(crate) fn bank_client(&self, server: &str) -> Gateway {
        self.gateway(server).without_session_hook()
    }

    /// Sets (or replaces) the PIN. Refuses PINs anyone would guess. On a
    /// phone bound to a bank, the bank keeps it first (OPAQUE: the PIN
    /// itself never leaves the phone), and only then the phone: her first
    /// PIN, a change right after a login with the old one, or a reset.
    pub async fn set_pin(&self, pin_text: &str) -> Result<(), CompanionError> {
        pin::check_new(pin_text)?;
        self.inner.store.ensure_writable()?;
        if self.is_bound().await? {
            self.register_pin_at_bank(pin_text).await?;
        }
        self.set_local_pin(pin_text).await?;
        tracing::info!("PIN set");
        Ok(())
    }

    /// Keeps the PIN's hash on the phone (its own copy's lock), and clears
    /// the phone's count of wrong tries.
    pub(crate) async fn set_local_pin(&self, pin_text: &str) -> Result<(), CompanionError> {
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
        Ok(())
    }

    /// The bank's part of setting the PIN: an OPAQUE registration, with the
    /// live session when there is one (a change), else the device token (a
    /// first PIN, or after the reset code).
    async fn register_pin_at_bank(&self, pin_text: &str) -> Result<(), CompanionError> {
        let (server, _, device_token) = self.device_credential().await?;
        let bearer = self
            .session()
            .map(|s| s.token)
            .unwrap_or_else(|| device_token.clone());
        let gateway = self.gateway(&server);
        let owned = pin_text.to_string();
        let (state, request) =
            tokio::task::spawn_blocking(move || bank_pin::registration_start(&owned))
                .await
                .map_err(|_| CompanionError::Storage)?
                .map_err(|_| CompanionError::Storage)?;
        let response = gateway
            .pin_register_start(&bearer, &request)
            .await
            .map_err(|e| self.pin_refusal(e))?;
        let owned = pin_text.to_string();
        let upload = tokio::task::spawn_blocking(move || {
            bank_pin::registration_finish(state, &owned, &response)
        })
        .await
        .map_err(|_| CompanionError::Storage)?
        .map_err(|_| CompanionError::SyncDataNotUnderstood)?;
        gateway
            .pin_register_finish(&bearer, &upload)
            .await
            .map_err(|e| self.pin_refusal(e))?;
        let mut conn = self.inner.store.acquire().await?;
        store::set_meta(&mut conn, META_BANK_PIN, "1").await?;
        Ok(())
    }

    /// A refusal of a PIN request in the caller's terms.
    fn pin_refusal(&self, e: GatewayError) -> CompanionError {
        match e {
            GatewayError::Refused { code, .. } if code == "old_pin_needed" => {
                PinError::OldPinNeeded.into()
            }
            GatewayError::Refused { code, .. } if code == "pin_not_set" => PinError::NotSet.into(),
            GatewayError::Refused { code, detail, .. } if code == "pin_locked" => {
                PinError::Locked {
                    until: detail["until"].as_i64().unwrap_or_default(),
                }
                .into()
            }
            GatewayError::Refused { code, detail, .. } if code == "wrong_pin" => PinError::Wrong {
                left: detail["tries_left"]
                    .as_u64()
                    .and_then(|t| u32::try_from(t).ok())
                    .unwrap_or(0),
            }
            .into(),
            other => self.login_error(other),
        }
    }

    /// Whether a PIN is set on this device.
    pub async fn pin_is_set(&self) -> Result<bool, CompanionError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM auth_pin")
            .fetch_one(self.inner.store.pool())
            .await
            .map_err(store_err)?;
        Ok(n > 0)
    }

    /// Whether her customer had a PIN at the bank when this phone was bound
    /// (`None`: not bound, or bound before the bank kept PINs).
    pub async fn bank_has_pin(&self) -> Result<Option<bool>, CompanionError> {
        Ok(self
            .inner
            .store
            .meta(META_BANK_PIN)
            .await?
            .map(|v| v == "1"))
    }

    /// Checks the PIN on this phone. A wrong one counts (and is saved before
    /// the answer, so closing the app does not give a try back); five lock
    /// it. This opens her own copy only: the bank checks it again.
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
        let answer = if right {
            Ok(())
        } else {
            Err(self.count_local_failure(attempts, now).await?)
        };
        if right {
            self.pin_was_right().await?;
        }
        answer
    }

    /// Counts a wrong PIN on the phone: what to say.
    async fn count_local_failure(
        &self,
        attempts: Attempts,
        now: i64,
    ) -> Result<CompanionError, CompanionError> {
        let (next, e) = attempts.after_wrong(now);
        sqlx::query("UPDATE auth_pin SET failures = ?, locked_until = ? WHERE id = 1")
            .bind(i64::from(next.failures))
            .bind(next.locked_until)
            .execute(self.inner.store.pool())
            .await
            .map_err(store_err)?;
        tracing::warn!(failures = next.failures, "wrong PIN");
        Ok(CompanionError::Pin(e))
    }

    /// A right PIN clears the phone's count, and is the way back for a
    /// paused voiceprint.
    async fn pin_was_right(&self) -> Result<(), CompanionError> {
        let mut tx = self.inner.store.begin().await?;
        sqlx::query("UPDATE auth_pin SET failures = 0, locked_until = NULL WHERE id = 1")
            .execute(&mut *tx)
            .await
            .map_err(store_err)?;
        sqlx::query("UPDATE voiceprint SET failures = 0, paused = 0")
            .execute(&mut *tx)
            .await
            .map_err(store_err)?;
        tx.commit().await.map_err(store_err)?;
        Ok(())
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

    /// PIN login at the bank: the bank checks the PIN (OPAQUE) and the
    /// device key signs the same login; the session is kept in the
    /// keystore. A wrong PIN is counted by the bank's clock (and on the
    /// phone too, for her offline copy). Needs the bank: offline, see
    /// [`Companion::unlock_with_pin`].
    pub async fn login_with_pin(&self, pin_text: &str) -> Result<Session, CompanionError> {
        self.inner.store.ensure_writable()?;
        let (server, device_id, token) = self.device_credential().await?;
        let key = self.device_key(&device_id)?;
        let gateway = self.gateway(&server);
        let owned = pin_text.to_string();
        let (state, request) = tokio::task::spawn_blocking(move || bank_pin::login_start(&owned))
            .await
            .map_err(|_| CompanionError::Storage)?
            .map_err(|_| CompanionError::Storage)?;
        let started = match gateway.pin_start(&token, &request).await {
            Ok(s) => s,
            Err(GatewayError::Refused { code, .. }) if code == "pin_not_set" => {
                // Bound before the bank kept PINs: her PIN on this phone
                // becomes the bank's, once (the bank takes a first PIN
                // only while it has none).
                self.check_pin(pin_text).await?;
                self.register_pin_at_bank(pin_text).await?;
                return Box::pin(self.login_with_pin(pin_text)).await;
            }
            Err(e) => return Err(self.pin_refusal(e)),
        };
        let owned = pin_text.to_string();
        let response = started.response.clone();
        let proof =
            tokio::task::spawn_blocking(move || bank_pin::login_finish(state, &owned, &response))
                .await
                .map_err(|_| CompanionError::Storage)?;
        let proof = match proof {
            Ok(p) => p,
            Err(bank_pin::BankPinError::WrongPin) => {
                // The bank has counted it already; the phone counts it too.
                self.mirror_wrong_pin().await?;
                let now = self.now().timestamp();
                return Err(if started.tries_left == 0 {
                    PinError::Locked {
                        until: now + pin::LOCKOUT_SECS[0],
                    }
                } else {
                    PinError::Wrong {
                        left: started.tries_left,
                    }
                }
                .into());
            }
            Err(bank_pin::BankPinError::Unreadable) => {
                return Err(CompanionError::SyncDataNotUnderstood);
            }
        };
        let signature = key.sign_for(LoginMethod::Pin, &device_id, &started.nonce);
        let (session_token, expires_at) = gateway
            .pin_finish(&token, started.login_id, &proof, &signature)
            .await
            .map_err(|e| self.pin_refusal(e))?;
        // The bank's PIN is the PIN: the phone's copy follows it (she may
        // have changed it on another phone).
        let local_matches = match self.local_pin_hash().await? {
            Some(stored) => {
                let owned = pin_text.to_string();
                tokio::task::spawn_blocking(move || pin::matches(&stored, &owned))
                    .await
                    .map_err(|_| CompanionError::Storage)?
            }
            None => false,
        };
        if !local_matches {
            self.set_local_pin(pin_text).await?;
        }
        self.pin_was_right().await?;
        Ok(self.keep_session(session_token, expires_at, LoginMethod::Pin))
    }

    async fn local_pin_hash(&self) -> Result<Option<String>, CompanionError> {
        sqlx::query_scalar("SELECT hash FROM auth_pin WHERE id = 1")
            .fetch_optional(self.inner.store.pool())
            .await
            .map_err(store_err)
    }

    /// Counts a wrong PIN the bank found on the phone too.
    async fn mirror_wrong_pin(&self) -> Result<(), CompanionError> {
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT failures, locked_until FROM auth_pin WHERE id = 1")
                .fetch_optional(self.inner.store.pool())
                .await
                .map_err(store_err)?;
        if let Some((failures, locked_until)) = row {
            let attempts = Attempts {
                failures: u32::try_from(failures).unwrap_or(u32::MAX),
                locked_until,
            };
            self.count_local_failure(attempts, self.now().timestamp())
                .await?;
        }
        Ok(())
    }

    /// The lock screen's PIN: the bank checks it when it can be reached
    /// (a session); when it cannot, the phone's own check opens her copy
    /// (offline-first) and nothing at the bank.
    pub async fn unlock_with_pin(&self, pin_text: &str) -> Result<Unlocked, CompanionError> {
        if !self.is_bound().await? {
            self.check_pin(pin_text).await?;
            return Ok(Unlocked::Offline);
        }
        match self.login_with_pin(pin_text).await {
            Ok(session) => Ok(Unlocked::Online(session)),
            Err(
                CompanionError::Offline
                | CompanionError::NeedsConnection
                | CompanionError::InsecureConnection,
            ) => {
                self.check_pin(pin_text).await?;
                tracing::info!("unlocked offline: the bank will ask for the PIN again");
                Ok(Unlocked::Offline)
            }
            Err(e) => Err(e),
        }
    }

    /// Changes the PIN: a login with the old one, then the new one at the
    /// bank and on the phone.
    pub async fn change_pin(&self, old: &str, new: &str) -> Result<(), CompanionError> {
        pin::check_new(new)?;
        self.login_with_pin(old).await?;
        self.set_pin(new).await
    }

    /// The bank this device is bound to, and the device's id there.
    pub(crate) async fn device_identity(&self) -> Result<(String, String), CompanionError> {
        let server = self
            .inner
            .store
            .meta(META_SERVER)
            .await?
            .ok_or(CompanionError::NotConnected)?;
        let device_id = self
            .inner
            .store
            .meta(META_DEVICE)
            .await?
            .ok_or(CompanionError::NotConnected)?;
        Ok((server, device_id))
    }

    /// The bank, this phone's id and its device token (from the keystore).
    pub(crate) async fn device_credential(
        &self,
    ) -> Result<(String, String, String), CompanionError> {
        let (server, device_id) = self.device_identity().await?;
        let token = self
            .keystore()
            .get(&token_name(&device_id))
            .map_err(|_| CompanionError::KeystoreUnavailable)?
            .and_then(|t| String::from_utf8(t).ok())
            .ok_or(CompanionError::NoDeviceKey)?;
        Ok((server, device_id, token))
    }

    fn device_key(&self, device_id: &str) -> Result<DeviceKey, CompanionError> {
        let secret = self
            .keystore()
            .get(&key_name(device_id))
            .map_err(|_| CompanionError::KeystoreUnavailable)?
            .ok_or(CompanionError::NoDeviceKey)?;
        DeviceKey::from_secret(&secret).ok_or(CompanionError::NoDeviceKey)
    }

    /// A refused login request in the caller's terms.
    pub(crate) fn login_error(&self, e: GatewayError) -> CompanionError {
        match e {
            GatewayError::Refused { code, .. }
                if code == "unknown_device" || code == "unauthorized" =>
            {
                CompanionError::NoDeviceKey
            }
            GatewayError::LoginNeeded => CompanionError::LoginNeeded,
            GatewayError::Refused { .. } => CompanionError::LoginRefused,
            other => self.gateway_error(other),
        }
    }

    /// Keeps a new session in memory and in the keystore (never in the
    /// database).
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
        if let Some(device) = self.device_id_now() {
            let kept = format!("{}\n{}", session.token, session.expires_at);
            if let Err(e) = self.keystore().set(&session_name(&device), kept.as_bytes()) {
                tracing::warn!(error = %e, "the session could not be kept in the keystore");
            }
        }
        tracing::info!(method = method.code(), "logged in");
        session
    }

    /// The device id, as known in memory (set when bound or opened).
    fn device_id_now(&self) -> Option<String> {
        self.inner
            .device_id
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Forgets the session on this phone (memory and keystore).
    pub(crate) fn forget_session(&self) {
        let had = self
            .inner
            .session
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .is_some();
        if let Some(device) = self.device_id_now() {
            let _ = self.keystore().delete(&session_name(&device));
        }
        if had {
            tracing::info!("session ended");
        }
    }

    /// The session kept in the keystore for `device`, if any (on opening).
    pub(crate) fn restore_session(&self, device: &str) {
        *self
            .inner
            .device_id
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(device.to_string());
        let kept = self
            .keystore()
            .get(&session_name(device))
            .ok()
            .flatten()
            .and_then(|b| String::from_utf8(b).ok());
        if let Some((token, expires)) = kept.as_deref().and_then(|k| k.split_once('\n'))
            && let Ok(expires_at) = expires.parse::<i64>()
        {
            *self
                .inner
                .session
                .write()
                .unwrap_or_else(|e| e.into_inner()) = Some(Session {
                token: token.to_string(),
                expires_at,
            });
        }
    }

    /// The session with the bank, if there is one. The bank decides whether
    /// it is still live (15 minutes without use end it); a request it
    /// refuses for that forgets it here.
    pub fn session(&self) -> Option<Session> {
        self.inner
            .session
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
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
    /// session ends (at the bank too) and `true` says to ask for the PIN
    /// again.
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

    /// Ends the session on this phone at once, and at the bank as soon as
    /// it can be told (a session the bank is not told of ends after 15
    /// minutes without use anyway).
    pub fn logout(&self) {
        let session = self.session();
        self.forget_session();
        let Some(session) = session else { return };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let me = self.clone();
        runtime.spawn(async move {
            if let Ok(Some(server)) = me.inner.store.meta(META_SERVER).await
                && let Err(e) = me.bank_client(&server).logout(&session.token).await
            {
                tracing::info!(error = %e, "the bank was not told of the logout");
            }
        });
    }

    /// Ends the session here and waits until the bank has ended it too
    /// (or cannot be reached).
    pub async fn logout_at_bank(&self) -> Result<(), CompanionError> {
        let session = self.session();
        self.forget_session();
        let Some(session) = session else {
            return Ok(());
        };
        let server = self
            .inner
            .store
            .meta(META_SERVER)
            .await?
            .ok_or(CompanionError::NotConnected)?;
        match self.bank_client(&server).logout(&session.token).await {
            Ok(()) | Err(GatewayError::LoginNeeded) => Ok(()),
            Err(e) => Err(self.gateway_error(e)),
        }
    }
}
