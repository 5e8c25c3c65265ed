//! The transfers' wire shapes, for the OpenAPI document (`crate::openapi`).

use happylife_core::transfers::Delay;
use serde_json::Value;
use utoipa::ToSchema;

/// `POST /v1/transfers`: to a saved payee (`payee_id`) or a new one (`payee`).
#[derive(ToSchema)]
pub struct TransferRequest {
    /// One of the customer's debit accounts.
    pub from_account_id: i64,
    /// A saved payee.
    pub payee_id: Option<i64>,
    /// A new payee (when there is no `payee_id`).
    pub payee: Option<NewPayee>,
    /// The amount, in fen.
    #[schema(minimum = 1, maximum = 10_000_000_000_i64)]
    pub amount_fen: i64,
    /// Up to 200 characters.
    #[schema(max_length = 200)]
    pub note: Option<String>,
    /// When the money arrives.
    pub delay: Option<Delay>,
    /// The warning she read and went on from (its ticket).
    pub acknowledged: Option<Acknowledged>,
    /// What the phone knows (a call in progress, screen sharing…).
    pub context: Option<happylife_core::transfers::request::ContextJson>,
}

/// A payee typed in.
#[derive(ToSchema)]
pub struct NewPayee {
    /// 12 to 25 digits.
    #[schema(example = "6222021234567890")]
    pub account: String,
    /// 1 to 40 characters.
    #[schema(min_length = 1, max_length = 40)]
    pub name: String,
    /// Up to 20 characters (女儿).
    #[schema(max_length = 20)]
    pub relationship: Option<String>,
    /// Keep as a saved payee once the money goes.
    pub save: Option<bool>,
}

/// The warning the customer read, as the bank issued it.
#[derive(ToSchema)]
pub struct Acknowledged {
    /// The ticket from `needs_confirmation` or `POST /v1/transfers/check`.
    pub ticket: String,
}

/// A transfer as devices receive it (the payee's last four digits only).
#[derive(ToSchema)]
pub struct Transfer {
    /// Id.
    pub id: i64,
    /// The request's Idempotency-Key.
    pub client_key: String,
    /// From.
    pub from_account_id: i64,
    /// To whom.
    pub payee_name: String,
    /// The payee account's last four digits.
    pub last4: String,
    /// Fen.
    pub amount_fen: i64,
    /// The note.
    pub note: String,
    /// `completed`, `scheduled`, `awaiting_cosign`, `blocked`, `cancelled`.
    pub status: String,
    /// The risk decision.
    pub decision: String,
    /// Its reason codes.
    pub reasons: Vec<String>,
    /// When a scheduled transfer arrives (unix seconds).
    pub arrive_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
}

/// The bank's risk answer.
#[derive(ToSchema)]
pub struct Risk {
    /// `allow`, `warn`, `cosign`, `block`.
    pub decision: String,
    /// Reason codes.
    pub reasons: Vec<String>,
    /// The scam type explained, if any.
    pub category: Option<String>,
    /// Seconds to wait before confirming a warning.
    pub wait_seconds: u32,
}

/// The bank's check of a transfer (`POST /v1/transfers/check`).
#[derive(ToSchema)]
pub struct TransferChecked {
    /// The bank's decision and its reasons.
    pub risk: Risk,
    /// For a warning or co-sign: what acknowledges it.
    pub ticket: Option<Ticket>,
}

/// A warning ticket: send `{ticket: id}` as `acknowledged` once its wait
/// is over; it works once, for these terms, from this phone.
#[derive(ToSchema)]
pub struct Ticket {
    /// The ticket (kept by the bank only as a hash).
    pub id: String,
    /// Seconds until it can be used.
    pub ready_in_secs: i64,
    /// Seconds until it lapses.
    pub expires_in_secs: i64,
}

/// A transfer made (or waiting for a co-sign).
#[derive(ToSchema)]
pub struct TransferDone {
    /// The transfer.
    pub transfer: Transfer,
    /// The account's balance after it (none while it waits).
    pub balance_fen: Option<i64>,
    /// Why it went as it did.
    pub risk: Risk,
    /// The co-sign request, when it waits for one.
    #[schema(value_type = Option<Object>)]
    pub approval: Option<Value>,
}

/// A transfer cancelled.
#[derive(ToSchema)]
pub struct TransferCancelled {
    /// The transfer.
    pub transfer: Transfer,
    /// The balance with the money back (none if none had left).
    pub balance_fen: Option<i64>,
}

/// A transfer looked up.
#[derive(ToSchema)]
pub struct TransferFound {
    /// The transfer.
    pub transfer: Transfer,
}
