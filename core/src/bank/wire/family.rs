//! The bodies of the family's requests.

use super::{WireError, field};
use crate::family::{self, AlertKind, ApprovalStatus, AuditAction, FamilyError, LinkStatus, Role};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A role for a new invite or a member.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleBody {
    /// The role.
    pub role: Role,
}

impl RoleBody {
    /// The role in `body` (`invalid_field`).
    pub fn decode(body: &Value) -> Result<Role, WireError> {
        field(body, "role").ok_or_else(|| {
            WireError::new("invalid_field", "role must be viewer, helper or guardian")
        })
    }
}

/// A yes or no (a link request, a co-sign).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApproveBody {
    /// Yes or no.
    pub approve: bool,
}

impl ApproveBody {
    /// The answer in `body` (`invalid_field`).
    pub fn decode(body: &Value) -> Result<bool, WireError> {
        field(body, "approve")
            .ok_or_else(|| WireError::new("invalid_field", "approve must be true or false"))
    }
}

/// `POST /v1/family/invites/accept`: the code on her phone.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCode {
    /// The six digits on the elder's phone (spaces, dashes, full-width digits and the QR's link are fine).
    #[cfg_attr(feature = "openapi", schema(example = "123456"))]
    pub code: String,
}

impl InviteCode {
    /// The six digits in `body` ([`FamilyError::CodeFormat`]).
    pub fn decode(body: &Value) -> Result<String, FamilyError> {
        family::parse_code(&field::<String>(body, "code").unwrap_or_default())
    }
}

/// A guardian's new daily transfer limit for her.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyLimitBody {
    /// Fen, from 10000 to 20000000.
    #[cfg_attr(feature = "openapi", schema(minimum = 10_000, maximum = 20_000_000))]
    pub limit_fen: i64,
}

impl DailyLimitBody {
    /// The limit in `body`, within what a guardian may set
    /// ([`FamilyError::InvalidLimit`]).
    pub fn decode(body: &Value) -> Result<i64, FamilyError> {
        field::<i64>(body, "limit_fen")
            .filter(|l| family::LIMIT_RANGE_FEN.contains(l))
            .ok_or(FamilyError::InvalidLimit)
    }
}

/// A co-sign request as the elder and her guardians receive it (a change
/// of the log, and the answer to a decision).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    #[cfg_attr(feature = "openapi", schema(min_length = 4, max_length = 4))]
    pub last4: String,
    /// Fen.
    pub amount_fen: i64,
    /// The risk reasons.
    pub reasons: Vec<String>,
    /// Where it stands.
    pub status: ApprovalStatus,
    /// The guardian who decided.
    #[serde(default)]
    pub decided_by: Option<String>,
    /// Unix seconds.
    #[serde(default)]
    pub decided_at: Option<i64>,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds.
    pub created_at: i64,
}

/// An open invite.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

/// An invite made.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteCreated {
    /// The invite.
    pub invite: Invite,
}

/// A link as both people receive it (an answer, and a change of the log).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Where the link stands.
    pub status: LinkStatus,
    /// Unix seconds.
    pub updated_at: i64,
    /// The elder's mobile number, from her customer record at the bank
    /// (sent while the link is active), so her family can call her.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elder_phone: Option<String>,
    /// The member's mobile number, from their customer record (sent while
    /// the link waits for consent or is active), so she can see who asks
    /// and call them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_phone: Option<String>,
}

/// A link.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkAnswer {
    /// The link.
    pub link: FamilyLink,
}

/// An alert about an elder, to a family member (a change of the log).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilyAlert {
    /// Id.
    pub id: i64,
    /// Whose.
    pub elder_id: String,
    /// Her name.
    pub elder_name: String,
    /// What happened.
    pub kind: AlertKind,
    /// The amount, when there is one.
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// The payee, when there is one.
    #[serde(default)]
    pub payee_name: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
}

/// A line of the elder's audit list (a change of the log).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLine {
    /// Id.
    pub id: i64,
    /// Who did it.
    pub member_name: String,
    /// What.
    pub action: AuditAction,
    /// The amount, when there is one.
    #[serde(default)]
    pub amount_fen: Option<i64>,
    /// The payee, when there is one.
    #[serde(default)]
    pub payee_name: Option<String>,
    /// Unix seconds.
    pub at: i64,
}

/// One of the elder's accounts as a family member sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderAccount {
    /// `debit`, `pension`, `time_deposit`, `credit_card`.
    pub kind: String,
    /// Last four digits.
    pub last4: String,
    /// Fen.
    pub balance_fen: i64,
}

/// The elder's accounts as a family member sees them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderAccounts {
    /// Each account.
    pub accounts: Vec<ElderAccount>,
}

/// One of the elder's transactions as a family member sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderTransaction {
    /// Unix seconds.
    pub posted_at: i64,
    /// Fen (negative when money left).
    pub amount_fen: i64,
    /// Plain category code.
    pub category: String,
    /// The other side.
    #[serde(default)]
    pub counterparty: Option<String>,
}

/// The elder's last transactions.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderTransactions {
    /// Newest first.
    pub transactions: Vec<ElderTransaction>,
}

/// One of the elder's unpaid bills as a helper sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderBill {
    /// The bill's id.
    pub id: i64,
    /// `water`, `electricity`, `gas`, `phone`, `credit_card`.
    pub kind: String,
    /// Who the money goes to (自来水公司).
    pub provider: String,
    /// Last four digits of the utility account.
    pub last4: String,
    /// Fen.
    pub amount_fen: i64,
    /// `2026-12-10`.
    pub due_on: String,
}

/// The debit account a helper pays her bills from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderDebit {
    /// The account's id.
    pub id: i64,
    /// Last four digits.
    pub last4: String,
    /// Fen.
    pub balance_fen: i64,
}

/// The elder's unpaid bills, and the account they would be paid from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderBills {
    /// Soonest due first.
    pub bills: Vec<ElderBill>,
    /// Her first debit account; none: she has nothing to pay from.
    #[serde(default)]
    pub from: Option<ElderDebit>,
}

/// One line of her statement as a helper gets it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderStatementLine {
    /// Unix seconds.
    pub posted_at: i64,
    /// Fen (negative when money left).
    pub amount_fen: i64,
    /// Fen, right after it.
    pub balance_after_fen: i64,
    /// Plain category code.
    pub category: String,
    /// The other side.
    #[serde(default)]
    pub counterparty: Option<String>,
}

/// Her debit account's transactions for a period (打印流水 by a helper).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderStatement {
    /// Last four digits of the account.
    pub last4: String,
    /// Fen, before the first day.
    pub opening_fen: i64,
    /// Oldest first.
    pub lines: Vec<ElderStatementLine>,
}

/// The new daily limit.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyLimit {
    /// Fen.
    pub daily_limit_fen: i64,
}

/// An approval, as a decision answers it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalAnswer {
    /// The approval.
    pub approval: Approval,
}
