//! Biometric login for the shells: their prompt and hardware key
//! ([`BiometricPrompter`]) as the core's [`BiometricSigner`].

use crate::{HappyLife, MobileError, SessionInfo};
use happylife_core::auth::biometric::{
    BiometricError as CoreBiometricError, BiometricSigner, BiometricState,
};
use std::sync::Arc;

/// Why the shell's biometric prompt did not succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum BiometricError {
    /// The person cancelled.
    #[error("cancelled")]
    Cancelled,
    /// Not recognised.
    #[error("failed")]
    Failed,
    /// The phone's enrolled fingerprints or faces changed since biometric
    /// login was turned on: the PIN is needed once.
    #[error("enrolment changed")]
    EnrolmentChanged,
    /// No biometric hardware or nothing enrolled.
    #[error("unavailable")]
    Unavailable,
}

impl From<uniffi::UnexpectedUniFFICallbackError> for BiometricError {
    /// A shell's prompt that failed in a way it did not name: not recognised.
    fn from(_: uniffi::UnexpectedUniFFICallbackError) -> Self {
        BiometricError::Failed
    }
}

/// The shell's biometric hardware (Android BiometricPrompt with a Keystore
/// key that needs a strong biometric; iOS LocalAuthentication with a Secure
/// Enclave key bound to `.biometryCurrentSet`). The prompt alone opens
/// nothing: the bank checks the key's signature.
#[uniffi::export(with_foreign)]
pub trait BiometricPrompter: Send + Sync {
    /// Makes (or replaces) the biometric-bound P-256 key; returns its public
    /// half: X9.63 bytes (iOS) or X.509 SubjectPublicKeyInfo (Android).
    fn create_key(&self) -> Result<Vec<u8>, BiometricError>;
    /// Shows the prompt with `reason` (in the app's language); when the
    /// person is recognised, signs `message` with that key (ECDSA P-256 /
    /// SHA-256, DER) and returns the signature.
    fn sign(&self, reason: String, message: Vec<u8>) -> Result<Vec<u8>, BiometricError>;
}

/// The shell's prompter as the core's signer.
struct Signer(Arc<dyn BiometricPrompter>);

impl From<BiometricError> for CoreBiometricError {
    fn from(e: BiometricError) -> Self {
        match e {
            BiometricError::Cancelled => CoreBiometricError::Cancelled,
            BiometricError::Failed => CoreBiometricError::NotRecognised,
            BiometricError::EnrolmentChanged => CoreBiometricError::EnrolmentChanged,
            BiometricError::Unavailable => CoreBiometricError::Unavailable,
        }
    }
}

impl BiometricSigner for Signer {
    fn create_key(&self) -> Result<Vec<u8>, CoreBiometricError> {
        self.0.create_key().map_err(Into::into)
    }
    fn sign(&self, reason: &str, message: &[u8]) -> Result<Vec<u8>, CoreBiometricError> {
        self.0
            .sign(reason.to_string(), message.to_vec())
            .map_err(Into::into)
    }
}

/// Whether biometric login is on for this phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum BiometricLogin {
    /// Not turned on.
    Off,
    /// On.
    On,
    /// Paused after the phone's biometrics changed: PIN once, then on again.
    Paused,
}

#[uniffi::export]
impl HappyLife {
    /// Registers the shell's prompt and hardware key once at start: the UI
    /// then offers biometric login (turning it on in settings, logging in
    /// on the lock screen). A phone without biometrics registers none.
    pub fn set_biometric_prompter(&self, prompter: Arc<dyn BiometricPrompter>) {
        self.companion.use_biometric(Arc::new(Signer(prompter)));
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl HappyLife {
    /// Biometric login: the shell's prompt unlocks its key, which signs the
    /// bank's challenge.
    pub async fn login_with_biometric(
        &self,
        prompter: Arc<dyn BiometricPrompter>,
    ) -> Result<SessionInfo, MobileError> {
        let s = self
            .companion
            .login_with_biometric(Arc::new(Signer(prompter)))
            .await?;
        Ok(SessionInfo {
            expires_at: s.expires_at,
        })
    }

    /// Turns biometric login on (after a PIN login): a new key in the
    /// shell's hardware, proved to the bank.
    pub async fn enable_biometric(
        &self,
        prompter: Arc<dyn BiometricPrompter>,
    ) -> Result<(), MobileError> {
        Ok(self
            .companion
            .enable_biometric(Arc::new(Signer(prompter)))
            .await?)
    }

    /// Turns biometric login off, here and at the bank.
    pub async fn disable_biometric(&self) -> Result<(), MobileError> {
        Ok(self.companion.disable_biometric().await?)
    }

    /// Whether biometric login is on, off or paused.
    pub async fn biometric_login(&self) -> Result<BiometricLogin, MobileError> {
        Ok(match self.companion.biometric_state().await? {
            BiometricState::Off => BiometricLogin::Off,
            BiometricState::On => BiometricLogin::On,
            BiometricState::Paused => BiometricLogin::Paused,
        })
    }
}
