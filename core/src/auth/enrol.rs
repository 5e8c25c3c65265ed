//! Binding this phone to the bank (绑定手机): the elder gives her ID-card
//! number, the bank sends a one-time code by SMS to the mobile number it
//! has for her, she types the code, and the phone makes its login key (the
//! bank keeps the public half, the keystore the secret).
//!
//! The same code-by-SMS step serves a PIN reset
//! (`auth/facade/recovery.rs`). Codes are 6 digits, read the way people type
//! them (full-width digits, spaces). Binding is refused during a phone call.
//!
//! [`Companion::bind_in_sandbox`] is the testers' shortcut: it reads the
//! code from a sandbox bank's SMS outbox, as a tester holding the
//! customer's phone would.

use super::id_number::IdNumberError;
use crate::bank::client::GatewayError;
use crate::{Companion, CompanionError};
use unicode_normalization::UnicodeNormalization;

/// Meta key: when this phone was bound (unix seconds, by its clock): a
/// phone bound less than a day ago is new to the risk check.
pub(crate) const META_BOUND_AT: &str = "bound_at";

/// A one-time code on its way to the customer's phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeSent {
    /// The bank's id of the code (not the code).
    pub code_id: i64,
    /// Where it went: `138****6688`.
    pub phone_masked: String,
    /// Until when it can be used (unix seconds).
    pub expires_at: i64,
    /// When another may be asked for (unix seconds).
    pub resend_after: i64,
}

/// Why binding (or a PIN reset's code step) did not go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnrolError {
    /// The ID number as typed is not one.
    #[error("id number: {0}")]
    IdNumber(IdNumberError),
    /// The code as typed is not six digits.
    #[error("a code is six digits")]
    CodeFormat,
    /// The code is not right; this many tries are left.
    #[error("wrong code, {tries_left} tries left")]
    WrongCode {
        /// Tries left for this code.
        tries_left: u32,
    },
    /// The code is too old, was used, or was tried too often: ask again.
    #[error("code expired")]
    CodeExpired,
    /// The bank has no customer (with a mobile number) for this ID number.
    #[error("unknown customer")]
    UnknownCustomer,
    /// A code was sent a moment ago.
    #[error("too soon, retry after {retry_after} s")]
    TooSoon {
        /// Seconds to wait.
        retry_after: i64,
    },
    /// The ID number is not this phone's customer's.
    #[error("id number of someone else")]
    IdNumberMismatch,
    /// This phone is bound already.
    #[error("already bound")]
    AlreadyBound,
    /// The day's codes (or wrong answers) for this ID number are used up.
    #[error("too many codes, retry after {retry_after} s")]
    TooManyCodes {
        /// Seconds to wait.
        retry_after: i64,
    },
}

impl EnrolError {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            EnrolError::IdNumber(e) => e.code(),
            EnrolError::CodeFormat => "code_format",
            EnrolError::WrongCode { .. } => "wrong_code",
            EnrolError::CodeExpired => "code_expired",
            EnrolError::UnknownCustomer => "unknown_customer",
            EnrolError::TooSoon { .. } => "code_too_soon",
            EnrolError::IdNumberMismatch => "id_number_mismatch",
            EnrolError::AlreadyBound => "already_bound",
            EnrolError::TooManyCodes { .. } => "too_many_codes",
        }
    }

    /// Fluent id.
    pub fn message_id(self) -> &'static str {
        match self {
            EnrolError::IdNumber(e) => e.message_id(),
            EnrolError::CodeFormat => "error-code-format",
            EnrolError::WrongCode { .. } => "error-wrong-code",
            EnrolError::CodeExpired => "error-code-expired",
            EnrolError::UnknownCustomer => "error-unknown-customer",
            EnrolError::TooSoon { .. } => "error-code-too-soon",
            EnrolError::IdNumberMismatch => "error-id-number-mismatch",
            EnrolError::AlreadyBound => "error-already-bound",
            EnrolError::TooManyCodes { .. } => "error-too-many-codes",
        }
    }
}

/// A typed one-time code: six digits, full-width or spaced as typed.
pub fn parse_code(text: &str) -> Result<String, EnrolError> {
    let digits: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(EnrolError::CodeFormat)
    }
}

/// The bank's refusal of a code step, in the caller's terms.
pub(crate) fn code_refusal(companion: &Companion, e: GatewayError) -> CompanionError {
    match e {
        GatewayError::Refused { code, detail, .. } => {
            let n = |k: &str| detail[k].as_i64().unwrap_or(0);
            match code.as_str() {
                "wrong_code" => EnrolError::WrongCode {
                    tries_left: u32::try_from(n("tries_left")).unwrap_or(0),
                }
                .into(),
                "code_expired" | "code_used" | "unknown_code" => EnrolError::CodeExpired.into(),
                "unknown_customer" => EnrolError::UnknownCustomer.into(),
                "code_too_soon" => EnrolError::TooSoon {
                    retry_after: n("retry_after"),
                }
                .into(),
                "id_number_mismatch" => EnrolError::IdNumberMismatch.into(),
                "too_many_codes" => EnrolError::TooManyCodes {
                    retry_after: n("retry_after"),
                }
                .into(),
                _ => CompanionError::Refused { code },
            }
        }
        other => companion.gateway_error(other),
    }
}

/// A code answer from the bank.
pub(crate) fn code_sent(v: &serde_json::Value) -> Result<CodeSent, CompanionError> {
    use serde::Deserialize;
    let sent = crate::bank::wire::CodeSent::deserialize(v)
        .map_err(|_| CompanionError::SyncDataNotUnderstood)?;
    Ok(CodeSent {
        code_id: sent.code_id,
        phone_masked: sent.phone,
        expires_at: sent.expires_at,
        resend_after: sent.resend_after,
    })
}

/// The first run of exactly six digits in an SMS.
pub fn code_in(sms: &str) -> Option<String> {
    let chars: Vec<char> = sms.chars().collect();
    chars
        .windows(6)
        .enumerate()
        .find(|(i, w)| {
            w.iter().all(char::is_ascii_digit)
                && !(*i > 0 && chars[i - 1].is_ascii_digit())
                && !chars.get(i + 6).is_some_and(char::is_ascii_digit)
        })
        .map(|(_, w)| w.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_as_typed_and_found_in_an_sms() {
        assert_eq!(parse_code(" 482 913 "), Ok("482913".into()));
        assert_eq!(parse_code("４８２９１３"), Ok("482913".into()));
        for bad in ["48291", "4829134", "48291a", ""] {
            assert_eq!(parse_code(bad), Err(EnrolError::CodeFormat), "{bad}");
        }
        assert_eq!(
            code_in("【幸福银行】验证码 482913，用于绑定，5 分钟内有效"),
            Some("482913".into())
        );
        assert_eq!(code_in("call 95588 or 4008009555"), None);
    }
}
