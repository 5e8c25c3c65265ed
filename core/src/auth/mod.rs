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
//! - **Biometric** ([`biometric`]): the phone's secure hardware keeps a
//!   P-256 key that only the owner's fingerprint or face unlocks; the bank
//!   keeps its public half and checks its signature on a challenge
//!   ([`verify_biometric`]), so a prompt that merely "says yes" opens nothing.

pub mod bank_pin;
pub mod biometric;
pub mod enrol;
pub(crate) mod facade;
pub mod id_number;
pub mod keystore;
pub mod phones;
pub mod pin;
pub mod voiceprint;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use rand::RngCore;

/// How long a login challenge may be answered.
pub const CHALLENGE_TTL_SECS: i64 = 60;
/// How long a session lasts without use (each request to the bank starts
/// the wait again).
pub const SESSION_TTL_SECS: i64 = 15 * 60;
/// How long a session lasts at most, however much it is used.
pub const SESSION_MAX_SECS: i64 = 12 * 3600;
/// A PIN change needs a PIN login this recent (she has just typed the old
/// PIN).
pub const PIN_CHANGE_WINDOW_SECS: i64 = 5 * 60;
/// How long a phone may set a new PIN after the bank took its PIN-reset
/// code.
pub const PIN_RESET_GRANT_SECS: i64 = 10 * 60;
/// How long a one-time code from the bank (by SMS) may be used.
pub const CODE_TTL_SECS: i64 = 5 * 60;
/// Wrong tries a one-time code survives.
pub const CODE_TRIES: i64 = 5;
/// How soon another code may be asked for.
pub const CODE_RESEND_SECS: i64 = 60;
/// Codes sent for one ID number in a day (every purpose together).
pub const CODES_PER_DAY: i64 = 5;
/// Codes one phone may ask for in a day (PIN resets).
pub const CODES_PER_PHONE_PER_DAY: i64 = 3;
/// Wrong codes for one ID number in a day, across all its codes: a fresh
/// code does not start the count again.
pub const WRONG_CODES_PER_DAY: i64 = 10;

/// What a one-time code is for: it opens nothing else.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CodePurpose {
    /// Binding a new phone to the customer.
    Bind,
    /// Resetting a forgotten PIN on a bound phone.
    PinReset,
    /// Asking the bank to unfreeze her cards after 我被骗了.
    Unfreeze,
}

impl CodePurpose {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            CodePurpose::Bind => "bind",
            CodePurpose::PinReset => "pin_reset",
            CodePurpose::Unfreeze => "unfreeze",
        }
    }

    /// The purpose for a code.
    pub fn from_code(code: &str) -> Option<CodePurpose> {
        match code {
            "bind" => Some(CodePurpose::Bind),
            "pin_reset" => Some(CodePurpose::PinReset),
            "unfreeze" => Some(CodePurpose::Unfreeze),
            _ => None,
        }
    }
}

/// Shows a mobile number as `138****6688`.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return "*".repeat(digits.len());
    }
    let head: String = digits[..3].iter().collect();
    let tail: String = digits[digits.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

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

/// Which key answers a login challenge.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginMethod {
    /// The device's Ed25519 key in the keystore alone: it names the phone
    /// but proves no person, so it opens no session (kept for the records
    /// of sessions from before the bank checked the PIN).
    DeviceKey,
    /// The biometric-bound P-256 key in the phone's secure hardware.
    Biometric,
    /// The PIN, checked by the bank (OPAQUE, [`bank_pin`]), with the
    /// device key's signature on the same login.
    Pin,
    /// The voice key: an Ed25519 key the phone releases only when her
    /// voice says the prompted digits, registered under a PIN login.
    Voiceprint,
}

impl LoginMethod {
    /// Stable code, on the wire and in the bank's records.
    pub fn code(self) -> &'static str {
        match self {
            LoginMethod::DeviceKey => "device_key",
            LoginMethod::Biometric => "biometric",
            LoginMethod::Pin => "pin",
            LoginMethod::Voiceprint => "voiceprint",
        }
    }

    /// The method for a code.
    pub fn from_code(code: &str) -> Option<LoginMethod> {
        match code {
            "device_key" => Some(LoginMethod::DeviceKey),
            "biometric" => Some(LoginMethod::Biometric),
            "pin" => Some(LoginMethod::Pin),
            "voiceprint" => Some(LoginMethod::Voiceprint),
            _ => None,
        }
    }
}

/// What the device signs to answer a challenge. The method is part of it:
/// a signature made for one way of logging in never counts for another.
pub fn login_message(method: LoginMethod, device_id: &str, nonce_hex: &str) -> Vec<u8> {
    format!(
        "{LOGIN_CONTEXT}\n{}\n{device_id}\n{nonce_hex}",
        method.code()
    )
    .into_bytes()
}

/// Parses a public key as the bank stores it (64 hex digits).
pub fn parse_public_key(hex_text: &str) -> Result<VerifyingKey, AuthError> {
    let bytes: [u8; 32] = hex::decode(hex_text)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(AuthError::InvalidPublicKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| AuthError::InvalidPublicKey)
}

/// The bank's check of a challenge answered with the device key.
pub fn verify_login(
    public_key_hex: &str,
    device_id: &str,
    nonce_hex: &str,
    signature_hex: &str,
) -> Result<(), AuthError> {
    verify_signed(
        LoginMethod::DeviceKey,
        public_key_hex,
        device_id,
        nonce_hex,
        signature_hex,
    )
}

/// The bank's check of an Ed25519 answer (the device key with a PIN login,
/// the voice key) for `method`.
pub fn verify_signed(
    method: LoginMethod,
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
        &login_message(method, device_id, nonce_hex),
        &Signature::from_bytes(&bytes),
    )
    .map_err(|_| AuthError::WrongSignature)
}

/// Parses a biometric key as the shells give it: P-256, either SEC1 / X9.63
/// bytes (iOS `SecKeyCopyExternalRepresentation`, 65 bytes) or an X.509
/// SubjectPublicKeyInfo (Android `PublicKey.getEncoded()`), in hex.
pub fn parse_biometric_key(hex_text: &str) -> Result<p256::ecdsa::VerifyingKey, AuthError> {
    use p256::pkcs8::DecodePublicKey;
    let bytes = hex::decode(hex_text).map_err(|_| AuthError::InvalidPublicKey)?;
    if bytes.len() > 200 {
        return Err(AuthError::InvalidPublicKey);
    }
    p256::ecdsa::VerifyingKey::from_sec1_bytes(&bytes)
        .or_else(|_| p256::ecdsa::VerifyingKey::from_public_key_der(&bytes))
        .map_err(|_| AuthError::InvalidPublicKey)
}

/// The bank's check of a biometric answer: an ECDSA P-256 / SHA-256
/// signature (DER, as Android Keystore and the Secure Enclave make them,
/// or the 64-byte fixed form), in hex, over [`login_message`].
pub fn verify_biometric(
    public_key_hex: &str,
    device_id: &str,
    nonce_hex: &str,
    signature_hex: &str,
) -> Result<(), AuthError> {
    use p256::ecdsa::signature::Verifier as _;
    let key = parse_biometric_key(public_key_hex)?;
    let bytes = hex::decode(signature_hex).map_err(|_| AuthError::InvalidSignature)?;
    let sig = p256::ecdsa::Signature::from_der(&bytes)
        .or_else(|_| p256::ecdsa::Signature::from_slice(&bytes))
        .map_err(|_| AuthError::InvalidSignature)?;
    // Either half of ECDSA's s is the same signature; take the low one.
    let sig = sig.normalize_s().unwrap_or(sig);
    key.verify(
        &login_message(LoginMethod::Biometric, device_id, nonce_hex),
        &sig,
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
        self.sign_for(LoginMethod::DeviceKey, device_id, nonce_hex)
    }

    /// Answers a challenge of `method` (a PIN login's device proof, the
    /// voice key's answer).
    pub fn sign_for(&self, method: LoginMethod, device_id: &str, nonce_hex: &str) -> String {
        hex::encode(
            self.0
                .sign(&login_message(method, device_id, nonce_hex))
                .to_bytes(),
        )
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
    fn a_biometric_signature_verifies_only_from_its_key_and_for_biometric_login() {
        use p256::ecdsa::signature::Signer as _;
        use p256::pkcs8::EncodePublicKey;
        let secret = p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap();
        let sec1 = hex::encode(secret.verifying_key().to_encoded_point(false).as_bytes());
        let spki = hex::encode(
            p256::PublicKey::from(secret.verifying_key())
                .to_public_key_der()
                .unwrap()
                .as_bytes(),
        );
        let nonce = new_nonce();
        let msg = login_message(LoginMethod::Biometric, "dev-1", &nonce);
        let sig: p256::ecdsa::Signature = secret.sign(&msg);
        let der = hex::encode(sig.to_der().as_bytes());
        for key in [&sec1, &spki] {
            assert_eq!(verify_biometric(key, "dev-1", &nonce, &der), Ok(()));
            assert_eq!(
                verify_biometric(key, "dev-1", &nonce, &hex::encode(sig.to_bytes())),
                Ok(()),
                "the fixed 64-byte form too"
            );
            assert_eq!(
                verify_biometric(key, "dev-2", &nonce, &der),
                Err(AuthError::WrongSignature)
            );
        }
        // A signature made for the device-key method does not count here.
        let wrong_method: p256::ecdsa::Signature =
            secret.sign(&login_message(LoginMethod::DeviceKey, "dev-1", &nonce));
        assert_eq!(
            verify_biometric(&sec1, "dev-1", &nonce, &hex::encode(wrong_method.to_der())),
            Err(AuthError::WrongSignature)
        );
        let other = p256::ecdsa::SigningKey::from_slice(&[9u8; 32]).unwrap();
        let theirs: p256::ecdsa::Signature = other.sign(&msg);
        assert_eq!(
            verify_biometric(&sec1, "dev-1", &nonce, &hex::encode(theirs.to_der())),
            Err(AuthError::WrongSignature)
        );
        assert_eq!(
            verify_biometric(&sec1, "dev-1", &nonce, "zz"),
            Err(AuthError::InvalidSignature)
        );
        assert_eq!(
            verify_biometric("04abcd", "dev-1", &nonce, &der),
            Err(AuthError::InvalidPublicKey)
        );
        assert!(parse_biometric_key(&"00".repeat(300)).is_err());
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
