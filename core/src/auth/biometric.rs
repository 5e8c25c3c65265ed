//! Biometric login (指纹 / 面容): the shell's secure hardware holds a P-256
//! key that only the enrolled fingerprints or face unlock; turning the
//! feature on gives the bank its public half, and each login is that key's
//! signature on a fresh challenge. The prompt alone proves nothing: a shell
//! that answers "yes" without the key's signature is refused by the bank.
//!
//! When the phone's enrolled biometrics change, the hardware key dies with
//! them (Android `setInvalidatedByBiometricEnrollment`, iOS
//! `.biometryCurrentSet`); the shell reports [`BiometricError::EnrolmentChanged`]
//! and biometric login pauses until the PIN has been given once and the
//! feature is turned on again with a new key.

use super::{LoginMethod, login_message};
use crate::store::StoreError;
use crate::sync::gateway::{Gateway, GatewayError};
use crate::{Companion, CompanionError};
use std::sync::Arc;

/// What the shell's biometric hardware does for us.
pub trait BiometricSigner: Send + Sync {
    /// Makes (or replaces) the biometric-bound P-256 key; returns its public
    /// half (X9.63 / SEC1 bytes, or an X.509 SubjectPublicKeyInfo).
    fn create_key(&self) -> Result<Vec<u8>, BiometricError>;
    /// Shows the prompt with `reason`; when the person is recognised, signs
    /// `message` with that key (ECDSA P-256 / SHA-256, DER).
    fn sign(&self, reason: &str, message: &[u8]) -> Result<Vec<u8>, BiometricError>;
}

/// Why biometric login did not happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BiometricError {
    /// The person cancelled the prompt.
    #[error("cancelled")]
    Cancelled,
    /// Not recognised (or the key's signature was not what the bank expects).
    #[error("not recognised")]
    NotRecognised,
    /// The phone's enrolled fingerprints or faces changed: PIN once.
    #[error("enrolment changed")]
    EnrolmentChanged,
    /// No biometric hardware, or nothing enrolled on the phone.
    #[error("unavailable")]
    Unavailable,
    /// Biometric login is not turned on for this phone.
    #[error("not turned on")]
    NotEnabled,
    /// Paused after an enrolment change, until the PIN is given once.
    #[error("paused")]
    Paused,
}

impl BiometricError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            BiometricError::Cancelled => "biometric_cancelled",
            BiometricError::NotRecognised => "biometric_failed",
            BiometricError::EnrolmentChanged => "biometric_changed",
            BiometricError::Unavailable => "biometric_unavailable",
            BiometricError::NotEnabled => "biometric_off",
            BiometricError::Paused => "biometric_paused",
        }
    }

    /// Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            BiometricError::Cancelled => "error-biometric-cancelled",
            BiometricError::NotRecognised => "error-biometric-failed",
            BiometricError::EnrolmentChanged => "error-biometric-changed",
            BiometricError::Unavailable => "error-biometric-unavailable",
            BiometricError::NotEnabled => "error-biometric-off",
            BiometricError::Paused => "error-biometric-paused",
        }
    }
}

/// Whether biometric login is on for this phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BiometricState {
    /// Not turned on.
    Off,
    /// On: one touch or look logs in.
    On,
    /// Paused after the phone's biometrics changed: PIN once, then turn it
    /// on again.
    Paused,
}

fn store_err(e: sqlx::Error) -> CompanionError {
    StoreError::from(e).into()
}

/// Runs a shell call (it may show a prompt and wait) off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BiometricError> + Send + 'static,
) -> Result<T, CompanionError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| CompanionError::Biometric(BiometricError::Unavailable))?
        .map_err(CompanionError::Biometric)
}

impl Companion {
    /// Whether biometric login is on, off or paused.
    pub async fn biometric_state(&self) -> Result<BiometricState, CompanionError> {
        let state: Option<String> =
            sqlx::query_scalar("SELECT state FROM auth_biometric WHERE id = 1")
                .fetch_optional(self.inner.store.pool())
                .await
                .map_err(store_err)?;
        Ok(match state.as_deref() {
            Some("on") => BiometricState::On,
            Some("paused") => BiometricState::Paused,
            _ => BiometricState::Off,
        })
    }

    async fn set_biometric_state(&self, state: BiometricState) -> Result<(), CompanionError> {
        self.inner.store.ensure_writable()?;
        let mut tx = self.inner.store.begin().await?;
        match state {
            BiometricState::Off => {
                sqlx::query("DELETE FROM auth_biometric")
                    .execute(&mut *tx)
                    .await
                    .map_err(store_err)?;
            }
            BiometricState::On | BiometricState::Paused => {
                sqlx::query(
                    "INSERT INTO auth_biometric (id, state, changed_at) VALUES (1, ?, ?) \
                     ON CONFLICT(id) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at",
                )
                .bind(if state == BiometricState::On { "on" } else { "paused" })
                .bind(self.now().timestamp())
                .execute(&mut *tx)
                .await
                .map_err(store_err)?;
            }
        }
        tx.commit().await.map_err(store_err)?;
        Ok(())
    }

    /// Turns biometric login on (or back on after a pause): the shell makes
    /// a new biometric-bound key, proves it with a signature behind the
    /// prompt, and the bank keeps its public half. Needs a live session
    /// (the PIN first): a stranger holding the phone cannot add their face.
    pub async fn enable_biometric(
        &self,
        signer: Arc<dyn BiometricSigner>,
    ) -> Result<(), CompanionError> {
        self.refuse_during_call()?;
        let session = self.session().ok_or(CompanionError::LoginNeeded)?;
        let maker = signer.clone();
        let public_key = hex::encode(blocking(move || maker.create_key()).await?);
        let (gateway, challenge_id, signed) = self
            .sign_biometric_challenge(signer, "biometric-enable-reason")
            .await?;
        let signature = signed?;
        gateway
            .register_biometric_key(&session.token, challenge_id, &public_key, &signature)
            .await
            .map_err(|e| self.login_error(e))?;
        self.set_biometric_state(BiometricState::On).await?;
        tracing::info!("biometric login turned on");
        Ok(())
    }

    /// Turns biometric login off here and at the bank (the bank forgets the
    /// key). Offline, it is off on the phone at once.
    pub async fn disable_biometric(&self) -> Result<(), CompanionError> {
        if let Some(session) = self.session()
            && let Ok((server, _)) = self.device_identity().await
            && let Err(e) = self
                .gateway(&server)
                .remove_biometric_key(&session.token)
                .await
        {
            tracing::warn!(error = %e, "the bank was not told biometric login is off");
        }
        self.set_biometric_state(BiometricState::Off).await
    }

    /// Biometric login: the shell's prompt unlocks its key, which signs the
    /// bank's challenge. An enrolment change pauses biometric login (kept
    /// before the answer) until the PIN is given once.
    pub async fn login_with_biometric(
        &self,
        signer: Arc<dyn BiometricSigner>,
    ) -> Result<super::Session, CompanionError> {
        match self.biometric_state().await? {
            BiometricState::On => {}
            BiometricState::Off => return Err(BiometricError::NotEnabled.into()),
            BiometricState::Paused => return Err(BiometricError::Paused.into()),
        }
        let (gateway, challenge_id, signed) = self
            .sign_biometric_challenge(signer, "biometric-reason")
            .await?;
        let signature = match signed {
            Ok(s) => s,
            Err(CompanionError::Biometric(BiometricError::EnrolmentChanged)) => {
                self.set_biometric_state(BiometricState::Paused).await?;
                tracing::warn!("biometrics changed on the phone; biometric login paused");
                return Err(BiometricError::EnrolmentChanged.into());
            }
            Err(e) => return Err(e),
        };
        let (_, _, device_token) = self.device_credential().await?;
        let answer = gateway
            .auth_session(&device_token, challenge_id, &signature)
            .await;
        let (token, expires_at) = answer.map_err(|e| match e {
            GatewayError::Refused { code, .. } if code == "wrong_signature" => {
                BiometricError::NotRecognised.into()
            }
            GatewayError::Refused { code, .. } if code == "no_biometric_key" => {
                BiometricError::NotEnabled.into()
            }
            other => self.login_error(other),
        })?;
        Ok(self.keep_session(token, expires_at, LoginMethod::Biometric))
    }

    /// A biometric challenge from the bank, signed behind the shell's
    /// prompt (shown with the sentence `reason_id`): the gateway, the
    /// challenge's id, and the signature in hex or why there is none.
    async fn sign_biometric_challenge(
        &self,
        signer: Arc<dyn BiometricSigner>,
        reason_id: &str,
    ) -> Result<(Gateway, i64, Result<String, CompanionError>), CompanionError> {
        let (server, device_id, device_token) = self.device_credential().await?;
        let gateway = self.gateway(&server);
        let (challenge_id, nonce) = gateway
            .auth_challenge(&device_token, LoginMethod::Biometric)
            .await
            .map_err(|e| self.login_error(e))?;
        let message = login_message(LoginMethod::Biometric, &device_id, &nonce);
        let reason = self.tr(reason_id);
        let signed = blocking(move || signer.sign(&reason, &message))
            .await
            .map(hex::encode);
        Ok((gateway, challenge_id, signed))
    }

    fn tr(&self, id: &str) -> String {
        self.inner.i18n.tr(self.settings().language, id)
    }
}

impl From<BiometricError> for CompanionError {
    fn from(e: BiometricError) -> Self {
        CompanionError::Biometric(e)
    }
}
