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

/// An approval.
#[derive(ToSchema, serde::Serialize)]
pub struct ApprovalAnswer {
    /// The approval.
    pub approval: happylife_core::bank::wire::Approval,
}
