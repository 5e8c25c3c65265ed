//! The bodies of binding a phone, one-time codes and logins.

use super::{WireError, decode, field, short_text};
use crate::auth::id_number::IdNumber;
use crate::auth::{CodePurpose, LoginMethod, parse_biometric_key, parse_public_key};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /v1/enrolment/codes`: a one-time code by SMS to her mobile.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRequest {
    /// The customer's 18-character resident ID number.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "110105195511250021", min_length = 18, max_length = 18)
    )]
    pub id_number: String,
    /// What the code is for (`pin_reset` needs the bound phone's token).
    pub purpose: CodePurpose,
}

impl CodeRequest {
    /// The purpose and the checked ID number in `body` (`invalid_field`,
    /// `invalid_id_number`).
    pub fn decode(body: &Value) -> Result<(CodePurpose, IdNumber), WireError> {
        let purpose = field(body, "purpose")
            .ok_or_else(|| WireError::new("invalid_field", "purpose is bind or pin_reset"))?;
        let id_number: String = field(body, "id_number")
            .ok_or_else(|| WireError::new("invalid_id_number", "id_number is needed"))?;
        let id_number = IdNumber::parse(&id_number)
            .map_err(|e| WireError::new("invalid_id_number", e.to_string()))?;
        Ok((purpose, id_number))
    }
}

/// Longest code as typed, in characters.
const MAX_CODE_CHARS: usize = 12;
/// Longest phone name, in characters.
pub const MAX_PHONE_NAME_CHARS: usize = 64;

/// `POST /v1/devices`: binding this phone with the code of her SMS.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindDevice {
    /// From the code's answer.
    pub code_id: i64,
    /// The 6 digits of the SMS.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 12))]
    pub code: String,
    /// The phone's name, as she sees it.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub name: String,
    /// The phone's Ed25519 login key, 64 hex digits.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[0-9a-fA-F]{64}$"))]
    pub public_key: String,
}

impl BindDevice {
    /// The binding in `body`, checked: the name and code trimmed, the key
    /// in lower case (`invalid_field`, `invalid_public_key`).
    pub fn decode(body: &Value) -> Result<BindDevice, WireError> {
        let name = short_text(body.get("name"), "name", MAX_PHONE_NAME_CHARS)?;
        let code = short_text(body.get("code"), "code", MAX_CODE_CHARS)?;
        let code_id = field(body, "code_id")
            .ok_or_else(|| WireError::new("invalid_field", "code_id is needed"))?;
        let public_key = field::<String>(body, "public_key")
            .filter(|k| parse_public_key(k).is_ok())
            .map(|k| k.to_ascii_lowercase())
            .ok_or_else(|| {
                WireError::new(
                    "invalid_public_key",
                    "public_key must be an Ed25519 public key in 64 hex digits",
                )
            })?;
        Ok(BindDevice {
            code_id,
            code,
            name,
            public_key,
        })
    }
}

/// A one-time code's answer (a PIN reset, an unfreeze).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeAnswer {
    /// From the code's answer.
    pub code_id: i64,
    /// The 6 digits of the SMS.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 12))]
    pub code: String,
}

impl CodeAnswer {
    /// The answer in `body`, the code trimmed (`invalid_field`).
    pub fn decode(body: &Value) -> Result<CodeAnswer, WireError> {
        let code = short_text(body.get("code"), "code", MAX_CODE_CHARS)?;
        let code_id = field(body, "code_id")
            .ok_or_else(|| WireError::new("invalid_field", "code_id is needed"))?;
        Ok(CodeAnswer { code_id, code })
    }
}

/// `POST /v1/auth/challenge`: a challenge for a key login.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRequest {
    /// `biometric` or `voiceprint`.
    pub method: LoginMethod,
}

impl ChallengeRequest {
    /// The method in `body`: biometric or voiceprint (`invalid_field`; a
    /// PIN login starts elsewhere).
    pub fn decode(body: &Value) -> Result<LoginMethod, WireError> {
        match field(body, "method") {
            Some(m @ (LoginMethod::Biometric | LoginMethod::Voiceprint)) => Ok(m),
            _ => Err(WireError::new(
                "invalid_field",
                "method is biometric or voiceprint (a PIN login starts at /v1/auth/pin/start)",
            )),
        }
    }
}

/// `POST /v1/auth/session`: the challenge, signed by the method's key.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedChallenge {
    /// From the challenge.
    pub challenge_id: i64,
    /// The key's signature, in hex.
    pub signature: String,
}

impl SignedChallenge {
    /// The signed challenge in `body` (`invalid_field`).
    pub fn decode(body: &Value) -> Result<SignedChallenge, WireError> {
        decode(
            body,
            "invalid_field",
            "challenge_id and signature are needed",
        )
    }
}

/// Turning on a login key (biometric or voice): the new key and its
/// signature of a challenge of the same phone and method.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BiometricKey {
    /// A challenge of the same phone and method.
    pub challenge_id: i64,
    /// The key: P-256 (SEC1 or SubjectPublicKeyInfo) for biometric, Ed25519 for the voice key, in hex.
    pub public_key: String,
    /// Its signature of the challenge, in hex.
    pub signature: String,
}

impl BiometricKey {
    /// The key registration in `body` (`invalid_field`).
    pub fn decode(body: &Value) -> Result<BiometricKey, WireError> {
        decode(
            body,
            "invalid_field",
            "challenge_id, public_key and signature are needed",
        )
    }

    /// A biometric key's registration: the key must be P-256
    /// (`invalid_public_key`).
    pub fn decode_biometric(body: &Value) -> Result<BiometricKey, WireError> {
        let b = BiometricKey::decode(body)?;
        parse_biometric_key(&b.public_key).map_err(|_| {
            WireError::new(
                "invalid_public_key",
                "public_key must be a P-256 key (SEC1 or SubjectPublicKeyInfo) in hex",
            )
        })?;
        Ok(b)
    }

    /// A voice key's registration: the key must be Ed25519
    /// (`invalid_public_key`).
    pub fn decode_voice(body: &Value) -> Result<BiometricKey, WireError> {
        let b = BiometricKey::decode(body)?;
        parse_public_key(&b.public_key).map_err(|_| {
            WireError::new(
                "invalid_public_key",
                "public_key must be an Ed25519 key in 64 hex digits",
            )
        })?;
        Ok(b)
    }
}

/// Field `name` of `body` as hex text of 1–`max` digits (`invalid_field`).
fn hex_field(body: &Value, name: &str, max: usize) -> Result<String, WireError> {
    field::<String>(body, name)
        .filter(|t| !t.is_empty() && t.len() <= max && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| {
            WireError::new(
                "invalid_field",
                format!("{name} must be hex (at most {max} digits)"),
            )
        })
}

/// Starting a PIN login or a new PIN at the bank: the blinded PIN.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinStart {
    /// The blinded PIN (an OPAQUE request), in hex.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 512, pattern = "^[0-9a-fA-F]+$")
    )]
    pub request: String,
}

impl PinStart {
    /// The blinded PIN in `body` (`invalid_field`).
    pub fn decode(body: &Value) -> Result<PinStart, WireError> {
        Ok(PinStart {
            request: hex_field(body, "request", 512)?,
        })
    }
}

/// `POST /v1/auth/pin/finish`: the PIN's proof and the device key's
/// signature on the same login.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinProof {
    /// From the login's start.
    pub login_id: i64,
    /// The OPAQUE proof, in hex.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 512, pattern = "^[0-9a-fA-F]+$")
    )]
    pub proof: String,
    /// The device key's signature on the login, in hex.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 256, pattern = "^[0-9a-fA-F]+$")
    )]
    pub signature: String,
}

impl PinProof {
    /// The proof in `body` (`invalid_field`).
    pub fn decode(body: &Value) -> Result<PinProof, WireError> {
        let login_id = field(body, "login_id")
            .ok_or_else(|| WireError::new("invalid_field", "login_id is needed"))?;
        Ok(PinProof {
            login_id,
            proof: hex_field(body, "proof", 512)?,
            signature: hex_field(body, "signature", 256)?,
        })
    }
}

/// `POST /v1/auth/pin/register/finish`: the sealed envelope of a new PIN.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinUpload {
    /// The sealed envelope (an OPAQUE upload), in hex.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 1024, pattern = "^[0-9a-fA-F]+$")
    )]
    pub upload: String,
}

impl PinUpload {
    /// The envelope in `body` (`invalid_field`).
    pub fn decode(body: &Value) -> Result<PinUpload, WireError> {
        Ok(PinUpload {
            upload: hex_field(body, "upload", 1024)?,
        })
    }
}

// The bank's answers.

/// A one-time code was sent by SMS.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSent {
    /// The code's id (the code itself goes only by SMS).
    pub code_id: i64,
    /// The mobile number it went to, masked (`138****6688`).
    pub phone: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds before which another is refused.
    pub resend_after: i64,
}

/// A bound phone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceBound {
    /// `dev-…`.
    pub device_id: String,
    /// The device token (`Authorization: Bearer …`); shown once.
    pub token: String,
    /// Its customer.
    pub customer_id: String,
    /// Whether the customer has a PIN at the bank (log in with it) or not
    /// (set one).
    #[serde(default)]
    pub pin_set: bool,
}

/// `POST /v1/auth/pin-reset` done.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinResetTaken {
    /// Always true.
    pub pin_reset: bool,
}

/// The bank's answer to a PIN login start.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub tries_left: i64,
}

/// The bank's answer to a PIN registration start.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinRegistering {
    /// The bank's OPAQUE answer, in hex.
    pub response: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
}

/// The PIN is set.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinSet {
    /// Always `set`.
    pub pin: String,
    /// `first`, `reset` or `change`.
    pub reason: String,
}

/// A login challenge.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginChallenge {
    /// Its id.
    pub challenge_id: i64,
    /// What to sign (with the device id).
    pub nonce: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// A session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionOpened {
    /// The session token (`Authorization: Bearer …`).
    pub session: String,
    /// Unix seconds: when it ends if not used before.
    pub expires_at: i64,
}

/// Who a session is.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BiometricState {
    /// `on` or `off`.
    pub biometric: String,
}

/// Whether voiceprint login is on.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceKeyState {
    /// `on` or `off`.
    pub voiceprint: String,
}

/// The session has ended.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedOut {
    /// Always `ended`.
    pub session: String,
}

/// Her phones (`GET /v1/phones`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phones {
    /// The newest first.
    pub phones: Vec<PhoneInfo>,
}

/// One of her phones.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneInfo {
    /// Its id.
    pub id: String,
    /// Its name, as given when it was bound.
    pub name: String,
    /// Unix seconds.
    pub bound_at: i64,
    /// Unix seconds (to within half a minute), if it was ever used.
    pub last_used_at: Option<i64>,
    /// The phone asking.
    pub this: bool,
}

/// A phone removed.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneRemoved {
    /// Its id.
    pub removed: String,
    /// The sessions that ended with it.
    pub sessions_ended: u64,
}

/// A phone bound to her account (a `phone_bound` change: every phone of
/// hers hears of it).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneBound {
    /// Its id.
    pub id: String,
    /// Its name, as given when it was bound.
    pub name: String,
    /// Unix seconds.
    pub bound_at: i64,
}
