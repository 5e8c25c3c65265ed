//! The JSON form of a transfer to assess, as the `happylife assess-transfer`
//! tool (and, later, the gateway) reads it. Every field is checked; a bad
//! one gives a typed [`RequestError`] with a Fluent message, never a
//! half-read request.
//!
//! ```json
//! {"amount_fen": 120000,
//!  "payee": {"account": "6222 …", "name": "王小红", "is_new": false, "relationship": "女儿"},
//!  "note": "生活费", "at": "2026-11-25T15:00:00+08:00",
//!  "customer": {"age": 72, "median_transfer_fen": 80000},
//!  "context": {"on_call": false, "screen_sharing": false, "new_device_hours": 300,
//!              "password_changed_hours": null, "by_agent": false},
//!  "extra_blocklist": ["6222 0000 1111 2222 333"]}
//! ```
//! Missing optional fields mean "not known / no".

use super::risk::{ContextFacts, CustomerFacts, PayeeFacts, TransferFacts};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// Longest note we accept (a bank's 附言 is short; this is generous).
pub const MAX_NOTE_CHARS: usize = 200;

/// The request as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferRequest {
    /// Amount in fen, > 0.
    pub amount_fen: i64,
    /// The payee.
    pub payee: PayeeJson,
    /// The note (附言); empty if missing.
    #[serde(default)]
    pub note: String,
    /// RFC 3339 with the elder's offset.
    pub at: String,
    /// The elder.
    pub customer: CustomerJson,
    /// Phone and session signals.
    #[serde(default)]
    pub context: ContextJson,
    /// More listed accounts/phones/sites to treat as on the blocklist.
    #[serde(default)]
    pub extra_blocklist: Vec<String>,
}

/// The payee as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayeeJson {
    /// Account (or phone) number as entered.
    pub account: String,
    /// Name as entered.
    #[serde(default)]
    pub name: String,
    /// Never paid before.
    pub is_new: bool,
    /// Relationship, if given.
    #[serde(default)]
    pub relationship: Option<String>,
}

/// The elder as JSON.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerJson {
    /// Age in years.
    pub age: i64,
    /// Median past transfer in fen (0: none).
    #[serde(default)]
    pub median_transfer_fen: i64,
}

/// Context as JSON; every field optional.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextJson {
    #[serde(default)]
    on_call: Option<bool>,
    #[serde(default)]
    screen_sharing: Option<bool>,
    #[serde(default)]
    new_device_hours: Option<f64>,
    #[serde(default)]
    password_changed_hours: Option<f64>,
    #[serde(default)]
    by_agent: Option<bool>,
}

impl ContextJson {
    /// The facts as the phone sends them.
    pub fn from_facts(facts: &ContextFacts) -> ContextJson {
        ContextJson {
            on_call: Some(facts.on_call),
            screen_sharing: Some(facts.screen_sharing),
            new_device_hours: facts.new_device_hours,
            password_changed_hours: facts.password_changed_hours,
            by_agent: Some(facts.by_agent),
        }
    }

    /// The checked facts (hours must be ≥ 0).
    pub fn facts(&self) -> Result<ContextFacts, RequestError> {
        let hours = |h: Option<f64>| match h {
            Some(h) if !h.is_finite() || h < 0.0 => Err(RequestError::Hours),
            other => Ok(other),
        };
        Ok(ContextFacts {
            on_call: self.on_call.unwrap_or(false),
            screen_sharing: self.screen_sharing.unwrap_or(false),
            new_device_hours: hours(self.new_device_hours)?,
            password_changed_hours: hours(self.password_changed_hours)?,
            by_agent: self.by_agent.unwrap_or(false),
        })
    }
}

/// What is wrong with a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// Not JSON, or a field of the wrong type or missing.
    #[error("not a valid request: {detail}")]
    Invalid {
        /// The parser's own words (for testers; not shown to elders).
        detail: String,
    },
    /// Amount zero, negative, or beyond any account.
    #[error("invalid amount")]
    Amount,
    /// Time not RFC 3339 with an offset.
    #[error("invalid time")]
    Time,
    /// Age outside 0–150.
    #[error("invalid age")]
    Age,
    /// Negative or non-number hours.
    #[error("invalid hours")]
    Hours,
    /// Empty payee account.
    #[error("missing payee account")]
    Payee,
    /// Note longer than [`MAX_NOTE_CHARS`].
    #[error("note too long")]
    Note,
}

impl RequestError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            RequestError::Invalid { .. } => "invalid_request",
            RequestError::Amount => "invalid_amount",
            RequestError::Time => "invalid_time",
            RequestError::Age => "invalid_age",
            RequestError::Hours => "invalid_hours",
            RequestError::Payee => "invalid_payee",
            RequestError::Note => "note_too_long",
        }
    }

    /// Fluent id of the plain sentence.
    pub fn message_id(&self) -> String {
        format!("request-{}", self.code().replace('_', "-"))
    }
}

/// Largest amount we accept: ¥100 million (far above any daily limit).
pub const MAX_AMOUNT_FEN: i64 = 10_000_000_000;

impl TransferRequest {
    /// Parses one JSON object.
    pub fn parse(text: &str) -> Result<TransferRequest, RequestError> {
        serde_json::from_str(text).map_err(|e| RequestError::Invalid {
            detail: e.to_string(),
        })
    }

    /// Checks every field and gives the engine's facts (without the
    /// blocklist answer, which the caller looks up).
    pub fn facts(&self) -> Result<TransferFacts, RequestError> {
        if self.amount_fen <= 0 || self.amount_fen > MAX_AMOUNT_FEN {
            return Err(RequestError::Amount);
        }
        if self.customer.median_transfer_fen < 0
            || self.customer.median_transfer_fen > MAX_AMOUNT_FEN
        {
            return Err(RequestError::Amount);
        }
        let at: DateTime<FixedOffset> =
            DateTime::parse_from_rfc3339(self.at.trim()).map_err(|_| RequestError::Time)?;
        let age = u32::try_from(self.customer.age)
            .ok()
            .filter(|a| *a <= 150)
            .ok_or(RequestError::Age)?;
        let context = self.context.facts()?;
        if self.payee.account.trim().is_empty() {
            return Err(RequestError::Payee);
        }
        if self.note.chars().count() > MAX_NOTE_CHARS {
            return Err(RequestError::Note);
        }
        Ok(TransferFacts {
            amount_fen: self.amount_fen,
            payee: PayeeFacts {
                is_new: self.payee.is_new,
                relationship: self
                    .payee
                    .relationship
                    .clone()
                    .filter(|r| !r.trim().is_empty()),
            },
            note: self.note.clone(),
            at,
            customer: CustomerFacts {
                age,
                median_transfer_fen: self.customer.median_transfer_fen,
            },
            context,
            payee_listed: false,
            payee_category: None,
            payee_name: self.payee.name.clone(),
            recent_scam_report: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"{"amount_fen":120000,"payee":{"account":"6222 0212 3456 7890","name":"王小红","is_new":false,"relationship":"女儿"},"note":"生活费","at":"2026-11-25T15:00:00+08:00","customer":{"age":72,"median_transfer_fen":80000}}"#;

    #[test]
    fn a_minimal_request_reads_with_defaults() {
        let f = TransferRequest::parse(OK).unwrap().facts().unwrap();
        assert_eq!(f.amount_fen, 120_000);
        assert_eq!(f.context, ContextFacts::default());
        assert_eq!(f.customer.age, 72);
    }

    #[test]
    fn every_bad_field_has_its_own_error() {
        let with = |from: &str, to: &str| {
            let text = OK.replacen(from, to, 1);
            assert_ne!(text, OK, "{from}");
            TransferRequest::parse(&text)
                .and_then(|r| r.facts())
                .unwrap_err()
        };
        assert_eq!(with("120000", "0"), RequestError::Amount);
        assert_eq!(with("120000", "-5"), RequestError::Amount);
        assert!(matches!(
            with("120000", "12.5"),
            RequestError::Invalid { .. }
        ));
        assert!(matches!(
            with("120000", "\"1200\""),
            RequestError::Invalid { .. }
        ));
        assert_eq!(with("+08:00", ""), RequestError::Time);
        assert_eq!(with("2026-11-25T", "2026-13-25T"), RequestError::Time);
        assert_eq!(with("\"age\":72", "\"age\":-1"), RequestError::Age);
        assert_eq!(with("\"age\":72", "\"age\":200"), RequestError::Age);
        assert_eq!(with("6222 0212 3456 7890", "  "), RequestError::Payee);
        assert_eq!(with("80000}", "-1}"), RequestError::Amount);
        assert_eq!(with("生活费", &"字".repeat(201)), RequestError::Note);
        assert!(matches!(
            with("\"is_new\"", "\"is_neww\""),
            RequestError::Invalid { .. }
        ));
        assert!(matches!(
            TransferRequest::parse("not json"),
            Err(RequestError::Invalid { .. })
        ));
        let hours = OK.replace(
            "\"customer\"",
            "\"context\":{\"new_device_hours\":-2},\"customer\"",
        );
        assert_eq!(
            TransferRequest::parse(&hours).unwrap().facts().unwrap_err(),
            RequestError::Hours
        );
    }
}
