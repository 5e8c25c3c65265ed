//! The errors that cross to the shells: few variants, each one a shell can
//! branch on, each with the Fluent id of its sentence.

use happylife_core::CompanionError;
use happylife_core::auth::biometric::BiometricError as CoreBiometricError;
use happylife_core::auth::enrol::EnrolError;
use happylife_core::auth::voiceprint::VoiceprintError;

/// What crosses the boundary when something goes wrong: a stable code and
/// the Fluent id of the sentence to show ([`HappyLife::message`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum MobileError {
    /// The PIN is not right; `tries_left` before a lockout.
    #[error("wrong PIN")]
    WrongPin {
        /// Tries left.
        tries_left: u32,
        /// Fluent id.
        message_id: String,
    },
    /// The one-time code is not right; `tries_left` for this code.
    #[error("wrong code")]
    WrongCode {
        /// Tries left.
        tries_left: u32,
        /// Fluent id.
        message_id: String,
    },
    /// Too many wrong PINs: locked until `until` (unix seconds).
    #[error("PIN locked")]
    PinLocked {
        /// When a try is allowed again.
        until: i64,
        /// Fluent id.
        message_id: String,
    },
    /// The biometric prompt was cancelled by the person.
    #[error("biometric cancelled")]
    BiometricCancelled {
        /// Fluent id.
        message_id: String,
    },
    /// The biometric did not match, or the enrolled biometrics changed
    /// (then the PIN is needed once), or biometric login is off or paused.
    #[error("biometric refused")]
    BiometricRefused {
        /// Stable code (`biometric_failed`, `biometric_changed`,
        /// `biometric_unavailable`, `biometric_off`, `biometric_paused`).
        code: String,
        /// Fluent id.
        message_id: String,
    },
    /// The voice was not taken: a recording to redo, other digits, a
    /// replay, not her voice (`tries_left` then), paused or off.
    #[error("voice refused")]
    VoiceRefused {
        /// Stable code (`voice_too_noisy`, `voice_wrong_digits`,
        /// `voice_not_recognised`, `voiceprint_paused`…).
        code: String,
        /// Tries left before a pause (for `voice_not_recognised`).
        tries_left: u32,
        /// Fluent id.
        message_id: String,
    },
    /// The person stopped the recording.
    #[error("voice cancelled")]
    VoiceCancelled {
        /// Fluent id.
        message_id: String,
    },
    /// Anything else the core says, by its stable code.
    #[error("{code}")]
    Failed {
        /// The core's stable code (`offline`, `pin_too_easy`, `no_device_key`…).
        code: String,
        /// Fluent id.
        message_id: String,
    },
}

impl From<CompanionError> for MobileError {
    fn from(e: CompanionError) -> Self {
        use happylife_core::auth::pin::PinError;
        let message_id = e.message_id().to_string();
        match e {
            CompanionError::Pin(PinError::Wrong { left }) => MobileError::WrongPin {
                tries_left: left,
                message_id,
            },
            CompanionError::Pin(PinError::Locked { until }) => {
                MobileError::PinLocked { until, message_id }
            }
            CompanionError::Enrol(EnrolError::WrongCode { tries_left }) => MobileError::WrongCode {
                tries_left,
                message_id,
            },
            CompanionError::Biometric(CoreBiometricError::Cancelled) => {
                MobileError::BiometricCancelled { message_id }
            }
            CompanionError::Biometric(b) => MobileError::BiometricRefused {
                code: b.code().to_string(),
                message_id,
            },
            CompanionError::Voiceprint(VoiceprintError::Capture(
                happylife_core::auth::voiceprint::CaptureProblem::Cancelled,
            )) => MobileError::VoiceCancelled { message_id },
            CompanionError::Voiceprint(VoiceprintError::Capture(_)) => MobileError::Failed {
                code: e.code().to_string(),
                message_id,
            },
            CompanionError::Voiceprint(v) => MobileError::VoiceRefused {
                code: v.code().to_string(),
                tries_left: match v {
                    VoiceprintError::NotRecognised { tries_left } => tries_left,
                    _ => 0,
                },
                message_id,
            },
            other => MobileError::Failed {
                code: other.code().to_string(),
                message_id,
            },
        }
    }
}
