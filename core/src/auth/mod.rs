//! Login: the rules both the phone and the bank use, decided here once.
//!
//! - **Device key.** At registration the phone makes an Ed25519 key pair;
//!   the bank keeps the public half. To log in, the bank hands out a
//!   single-use challenge ([`CHALLENGE_TTL_SECS`]); the phone signs
//!   [`login_message`] with the private half (kept in the platform keystore,
//!   unlocked by the biometric prompt or the PIN); the bank checks it with
//!   [`verify_login`] and opens a session of [`SESSION_TTL_SECS`]. A
//!   challenge answered once, or too late, or with a wrong signature, is
//!   spent.
//! - **PIN** ([`pin`]): six digits, no obvious ones, a lockout with growing
//!   waits after [`pin::MAX_TRIES`] wrong tries.

pub(crate) mod facade;
pub mod keystore;
pub mod pin;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;

/// How long a login challenge may be answered.
pub const CHALLENGE_TTL_SECS: i64 = 60;
/// How long a session lasts.
pub const SESSION_TTL_SECS: i64 = 15 * 60;
/// Domain separation: a login signature can never be mistaken for another.
pub const LOGIN_CONTEXT: &str = "happylife-login-v1";

/// A live session with the bank.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// The bearer token (a secret: never logged).
    pub token: String,
    /// When it ends (unix seconds).
    pub expires_at: i64,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Why a login proof is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// A public key that is not 32 bytes of hex, or not a valid point.
    #[error("invalid public key")]
    InvalidPublicKey,
    /// A signature that is not 64 bytes of hex.
    #[error("invalid signature encoding")]
    InvalidSignature,
    /// The signature does not verify.
    #[error("wrong signature")]
    WrongSignature,
}

/// What the device signs to answer a challenge.
pub fn login_message(device_id: &str, nonce_hex: &str) -> Vec<u8> {
    format!("{LOGIN_CONTEXT}\n{device_id}\n{nonce_hex}").into_bytes()
}

/// Parses a public key as the bank stores it (64 hex digits).
pub fn parse_public_key(hex_text: &str) -> Result<VerifyingKey, AuthError> {
    let bytes: [u8; 32] = hex::decode(hex_text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(AuthError::InvalidPublicKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| AuthError::InvalidPublicKey)
}

/// The bank's check of a challenge answer.
pub fn verify_login(
    public_key_hex: &str,
    device_id: &str,
    nonce_hex: &str,
    signature_hex: &str,
) -> Result<(), AuthError> {
    let key = parse_public_key(public_key_hex)?;
    let bytes: [u8; 64] = hex::decode(signature_hex)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(AuthError::InvalidSignature)?;
    key.verify(
        &login_message(device_id, nonce_hex),
        &Signature::from_bytes(&bytes),
    )
    .map_err(|_| AuthError::WrongSignature)
}

/// A fresh random challenge nonce (32 bytes, hex).
pub fn new_nonce() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    hex::encode(raw)
}

/// The device's key pair. The secret half never leaves the keystore except
/// to sign; it is never logged (no `Debug` output of it).
pub struct DeviceKey(SigningKey);

impl std::fmt::Debug for DeviceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("DeviceKey")
            .field(&self.public_hex())
            .finish()
    }
}

impl DeviceKey {
    /// A new random key pair.
    pub fn generate() -> DeviceKey {
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        DeviceKey(SigningKey::from_bytes(&seed))
    }

    /// The key pair from its 32-byte secret (as kept in the keystore).
    pub fn from_secret(secret: &[u8]) -> Option<DeviceKey> {
        let seed: [u8; 32] = secret.try_into().ok()?;
        Some(DeviceKey(SigningKey::from_bytes(&seed)))
    }

    /// The secret, for the keystore only.
    pub fn secret(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The public half, as the bank stores it.
    pub fn public_hex(&self) -> String {
        hex::encode(self.0.verifying_key().to_bytes())
    }

    /// Answers a challenge.
    pub fn sign_login(&self, device_id: &str, nonce_hex: &str) -> String {
        hex::encode(self.0.sign(&login_message(device_id, nonce_hex)).to_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_challenge_verifies_only_for_its_device_and_nonce() {
        let key = DeviceKey::generate();
        let nonce = new_nonce();
        let sig = key.sign_login("dev-1", &nonce);
        assert_eq!(
            verify_login(&key.public_hex(), "dev-1", &nonce, &sig),
            Ok(())
        );
        assert_eq!(
            verify_login(&key.public_hex(), "dev-2", &nonce, &sig),
            Err(AuthError::WrongSignature)
        );
        assert_eq!(
            verify_login(&key.public_hex(), "dev-1", &new_nonce(), &sig),
            Err(AuthError::WrongSignature)
        );
        let other = DeviceKey::generate();
        assert_eq!(
            verify_login(&other.public_hex(), "dev-1", &nonce, &sig),
            Err(AuthError::WrongSignature)
        );
        assert_eq!(
            verify_login(&key.public_hex(), "dev-1", &nonce, "zz"),
            Err(AuthError::InvalidSignature)
        );
        assert_eq!(
            verify_login("00", "dev-1", &nonce, &sig),
            Err(AuthError::InvalidPublicKey)
        );
    }

    #[test]
    fn the_key_survives_the_keystore_round_trip_and_hides_its_secret() {
        let key = DeviceKey::generate();
        let again = DeviceKey::from_secret(&key.secret()).unwrap();
        assert_eq!(again.public_hex(), key.public_hex());
        assert!(DeviceKey::from_secret(&[1, 2, 3]).is_none());
        let shown = format!("{key:?}");
        assert!(!shown.contains(&hex::encode(key.secret())), "{shown}");
    }
}
