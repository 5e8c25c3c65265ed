//! The logins' wire shapes, for the OpenAPI document (`crate::openapi`).

use happylife_core::auth::LoginMethod;
use utoipa::ToSchema;

/// `POST /v1/auth/pin/start` and `…/register/start`.
#[derive(ToSchema)]
pub struct PinStart {
    /// The blinded PIN (an OPAQUE request), in hex.
    #[schema(min_length = 1, max_length = 512, pattern = "^[0-9a-fA-F]+$")]
    pub request: String,
}

/// The bank's answer to a PIN login start.
#[derive(ToSchema)]
pub struct PinStarted {
    /// The login's id.
    pub login_id: i64,
    /// The bank's OPAQUE answer, in hex.
    pub response: String,
    /// What the device key signs with the proof.
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// Tries left if this one turns out wrong.
    pub tries_left: i64,
}

/// `POST /v1/auth/pin/finish`.
#[derive(ToSchema)]
pub struct PinProof {
    /// From [`PinStarted`].
    pub login_id: i64,
    /// The OPAQUE proof, in hex.
    #[schema(min_length = 1, max_length = 512, pattern = "^[0-9a-fA-F]+$")]
    pub proof: String,
    /// The device key's signature on the login, in hex.
    #[schema(min_length = 1, max_length = 256, pattern = "^[0-9a-fA-F]+$")]
    pub signature: String,
}

/// The bank's answer to a PIN registration start.
#[derive(ToSchema)]
pub struct PinRegistering {
    /// The bank's OPAQUE answer, in hex.
    pub response: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
}

/// `POST /v1/auth/pin/register/finish`.
#[derive(ToSchema)]
pub struct PinUpload {
    /// The sealed envelope (an OPAQUE upload), in hex.
    #[schema(min_length = 1, max_length = 1024, pattern = "^[0-9a-fA-F]+$")]
    pub upload: String,
}

/// The PIN is set.
#[derive(ToSchema)]
pub struct PinSet {
    /// Always `set`.
    pub pin: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
}

/// `POST /v1/auth/challenge`.
#[derive(ToSchema)]
pub struct ChallengeRequest {
    /// `biometric` or `voiceprint`.
    pub method: LoginMethod,
}

/// A login challenge.
#[derive(ToSchema)]
pub struct LoginChallenge {
    /// Its id.
    pub challenge_id: i64,
    /// What to sign (with the device id).
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// `POST /v1/auth/session`.
#[derive(ToSchema)]
pub struct SignedChallenge {
    /// From [`LoginChallenge`].
    pub challenge_id: i64,
    /// The key's signature, in hex.
    pub signature: String,
}

/// A session.
#[derive(ToSchema)]
pub struct SessionOpened {
    /// The session token (`Authorization: Bearer …`).
    pub session: String,
    /// Unix seconds: when it ends if not used before.
    pub expires_at: i64,
}

/// Who a session is.
#[derive(ToSchema)]
pub struct SessionInfo {
    /// The device.
    pub device_id: String,
    /// Its customer.
    pub customer_id: String,
    /// Unix seconds: when it ends if not used before.
    pub expires_at: i64,
    /// How it was opened.
    pub method: LoginMethod,
}

/// `POST /v1/auth/biometric-key` and `/v1/auth/voice-key`.
#[derive(ToSchema)]
pub struct BiometricKey {
    /// A challenge of the same phone and method.
    pub challenge_id: i64,
    /// The key: P-256 (SEC1 or SubjectPublicKeyInfo) for biometric, Ed25519 for the voice key, in hex.
    pub public_key: String,
    /// Its signature of the challenge, in hex.
    pub signature: String,
}

/// Whether biometric login is on.
#[derive(ToSchema)]
pub struct BiometricState {
    /// `on` or `off`.
    pub biometric: String,
}

/// Whether voiceprint login is on.
#[derive(ToSchema)]
pub struct VoiceKeyState {
    /// `on` or `off`.
    pub voiceprint: String,
}

/// The session has ended.
#[derive(ToSchema)]
pub struct LoggedOut {
    /// Always `ended`.
    pub session: String,
}
