//! The bank's answers about transfers: a transfer as devices receive it,
//! the bank's risk answer, a warning ticket, and the answers that carry
//! them.

use super::Approval;
use serde::{Deserialize, Serialize};

/// A transfer as devices receive it (the payee's last four digits only):
/// in an answer and in the change log.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// Id.
    pub id: i64,
    /// The request's Idempotency-Key.
    #[serde(default)]
    pub client_key: Option<String>,
    /// From.
    pub from_account_id: i64,
    /// To whom.
    pub payee_name: String,
    /// The payee account's last four digits.
    pub last4: String,
    /// Fen.
    pub amount_fen: i64,
    /// The note.
    #[serde(default)]
    pub note: String,
    /// `completed`, `scheduled`, `awaiting_cosign`, `blocked`, `cancelled`.
    pub status: String,
    /// The risk decision.
    pub decision: String,
    /// Its reason codes.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// When a scheduled transfer arrives (unix seconds).
    #[serde(default)]
    pub arrive_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

/// The bank's risk answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    /// `allow`, `warn`, `cosign`, `block`.
    pub decision: String,
    /// Reason codes.
    pub reasons: Vec<String>,
    /// The scam type explained, if any.
    #[serde(default)]
    pub category: Option<String>,
    /// Seconds to wait before confirming a warning.
    #[serde(default)]
    pub wait_seconds: u32,
}

/// A warning ticket: send `{ticket: id}` as `acknowledged` once its wait
/// is over; it works once, for these terms, from this phone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    /// The ticket (kept by the bank only as a hash).
    pub id: String,
    /// Seconds until it can be used.
    pub ready_in_secs: i64,
    /// Seconds until it lapses.
    pub expires_in_secs: i64,
}

/// The bank's check of a transfer (`POST /v1/transfers/check`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferChecked {
    /// The bank's decision and its reasons.
    pub risk: Risk,
    /// For a warning or co-sign: what acknowledges it.
    pub ticket: Option<Ticket>,
}

/// A transfer made (or waiting for a co-sign).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDone {
    /// The transfer.
    pub transfer: Transfer,
    /// The account's balance after it (none while it waits).
    pub balance_fen: Option<i64>,
    /// Why it went as it did.
    pub risk: Risk,
    /// The co-sign request, when it waits for one.
    pub approval: Option<Approval>,
}

/// A transfer cancelled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferCancelled {
    /// The transfer.
    pub transfer: Transfer,
    /// The balance with the money back (none if none had left).
    pub balance_fen: Option<i64>,
}

/// A transfer looked up.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferFound {
    /// The transfer.
    pub transfer: Transfer,
}
