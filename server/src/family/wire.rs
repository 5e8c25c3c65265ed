//! The family's wire shapes, for the OpenAPI document (`crate::openapi`).

use happylife_core::family::Role;
use utoipa::ToSchema;

/// An invite.
#[derive(ToSchema)]
pub struct InviteCreated {
    /// The invite.
    pub invite: Invite,
}

/// An open invite.
#[derive(ToSchema)]
pub struct Invite {
    /// Id.
    pub id: i64,
    /// Six digits.
    pub code: String,
    /// The role it gives.
    pub role: Role,
    /// Unix seconds.
    pub expires_at: i64,
}

/// A link as both people receive it.
#[derive(ToSchema)]
pub struct FamilyLink {
    /// Id.
    pub id: i64,
    /// The elder.
    pub elder_id: String,
    /// Her name.
    pub elder_name: String,
    /// The family member.
    pub member_id: String,
    /// Their name.
    pub member_name: String,
    /// The role.
    pub role: Role,
    /// `pending_consent`, `active`, `declined`, `revoked`.
    pub status: String,
    /// Unix seconds.
    pub updated_at: i64,
}

/// A link.
#[derive(ToSchema)]
pub struct LinkAnswer {
    /// The link.
    pub link: FamilyLink,
}

/// The elder's accounts as a family member sees them.
#[derive(ToSchema)]
pub struct ElderAccounts {
    /// Each account.
    pub accounts: Vec<ElderAccount>,
}

/// One account.
#[derive(ToSchema)]
pub struct ElderAccount {
    /// `debit`, `pension`, `time_deposit`, `credit_card`.
    pub kind: String,
    /// Last four digits.
    pub last4: String,
    /// Fen.
    pub balance_fen: i64,
}

/// The elder's last transactions.
#[derive(ToSchema)]
pub struct ElderTransactions {
    /// Newest first.
    pub transactions: Vec<ElderTransaction>,
}

/// One transaction.
#[derive(ToSchema)]
pub struct ElderTransaction {
    /// Unix seconds.
    pub posted_at: i64,
    /// Fen (negative when money left).
    pub amount_fen: i64,
    /// Plain category code.
    pub category: String,
    /// The other side.
    pub counterparty: Option<String>,
}

/// The new daily limit.
#[derive(ToSchema)]
pub struct DailyLimit {
    /// Fen.
    pub daily_limit_fen: i64,
}

/// A co-sign request as the elder and her guardians receive it.
#[derive(ToSchema)]
pub struct Approval {
    /// Id.
    pub id: i64,
    /// The transfer waiting.
    pub transfer_id: i64,
    /// The elder.
    pub elder_id: String,
    /// Her name.
    pub elder_name: String,
    /// To whom.
    pub payee_name: String,
    /// The payee account's last four digits.
    pub last4: String,
    /// Fen.
    pub amount_fen: i64,
    /// The risk reasons.
    pub reasons: Vec<String>,
    /// `pending`, `awaiting_elder`, `approved`, `rejected`, `expired`.
    pub status: String,
    /// The guardian who decided.
    pub decided_by: Option<String>,
    /// Unix seconds.
    pub decided_at: Option<i64>,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds.
    pub created_at: i64,
}

/// An approval.
#[derive(ToSchema)]
pub struct ApprovalAnswer {
    /// The approval.
    pub approval: Approval,
}
