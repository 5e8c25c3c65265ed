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
