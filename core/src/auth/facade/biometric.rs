//! Biometric login, as the facade offers it: turning it on (a key in the
//! phone's secure hardware, registered at the bank), off, and logging in.

use crate::auth::biometric::*;
use crate::auth::{LoginMethod, login_message};
use crate::bank::client::{Gateway, GatewayError};
use crate::store::StoreError;
use crate::{Companion, CompanionError};
use std::sync::Arc;

impl Companion {
    /// Gives the companion the shell's biometric prompt and hardware key
    /// (registered once at start): the UI then offers biometric login.
    pub fn use_biometric(&self, signer: Arc<dyn BiometricSigner>) {
        self.inner.biometric.set(signer);
    }

    /// Whether this phone has a biometric prompt the UI may offer.
    pub fn can_use_biometric(&self) -> bool {
        self.registered_biometric().is_some()
    }

    fn registered_biometric(&self) -> Option<Arc<dyn BiometricSigner>> {
        self.inner.biometric.get()
    }

    /// [`Companion::enable_biometric`] with the shell's registered prompt.
    pub async fn enable_registered_biometric(&self) -> Result<(), CompanionError> {
        let signer = self
            .registered_biometric()
            .ok_or(BiometricError::Unavailable)?;
        self.enable_biometric(signer).await
    }

    /// [`Companion::login_with_biometric`] with the shell's registered prompt.
    pub async fn login_with_registered_biometric(&self) -> Result<super::Session, CompanionError> {
        let signer = self
            .registered_biometric()
            .ok_or(BiometricError::Unavailable)?;
        self.login_with_biometric(signer).await
    }

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

/// A database failure, as the facade reports it.
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
