//! The logins' wire shapes, for the OpenAPI document (`crate::openapi`).

use happylife_core::auth::LoginMethod;
use utoipa::ToSchema;

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

/// The bank's answer to a PIN registration start.
#[derive(ToSchema)]
pub struct PinRegistering {
    /// The bank's OPAQUE answer, in hex.
    pub response: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
}

/// The PIN is set.
#[derive(ToSchema)]
pub struct PinSet {
    /// Always `set`.
    pub pin: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
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
