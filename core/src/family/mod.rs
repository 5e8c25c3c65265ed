//! Family binding (亲情账户): who may see and do what for an elder, decided
//! here once and enforced by the bank on every request.
//!
//! - An elder invites with a 6-digit code (and a QR of it), valid
//!   [`INVITE_TTL_SECS`], single use; the family member enters it; the elder
//!   confirms the link on her own screen (consent is hers, every time).
//! - Roles ([`Role`]): `viewer` receives alerts; `helper` also sees balances
//!   and recent transactions (and may pay bills, once bills exist);
//!   `guardian` also co-signs risky transfers and sets the daily limit.
//! - A co-sign transfer waits for a guardian for [`APPROVAL_TTL_SECS`]; then
//!   it is cancelled. A guardian approving money sent to themselves above
//!   [`SELF_APPROVAL_LIMIT_FEN`] needs the elder to confirm as well.
//! - Every look and every action of a family member is written to the
//!   elder's audit list.
//!
//! Brute force on invite codes is held back twice: a device gets
//! [`MAX_FAILED_PER_DEVICE`] wrong codes per [`FAILED_WINDOW_SECS`], and an
//! open invite is withdrawn after [`MAX_GUESSES_PER_INVITE`] wrong codes
//! anywhere while it is open (so no code is exposed to more than that many
//! guesses: at most 10 in a million).

mod facade;
pub mod store;

pub use facade::AlertHook;

use crate::money::Money;
use unicode_normalization::UnicodeNormalization;

/// How long an invite code works.
pub const INVITE_TTL_SECS: i64 = 10 * 60;
/// Digits of an invite code.
pub const CODE_DIGITS: usize = 6;
/// Wrong codes one device may enter per window.
pub const MAX_FAILED_PER_DEVICE: i64 = 5;
/// The window of [`MAX_FAILED_PER_DEVICE`].
pub const FAILED_WINDOW_SECS: i64 = 10 * 60;
/// Wrong codes (from anyone) an open invite survives.
pub const MAX_GUESSES_PER_INVITE: i64 = 10;
/// How long a co-sign transfer waits for a guardian.
pub const APPROVAL_TTL_SECS: i64 = 30 * 60;
/// Above this, a guardian approving a transfer to their own account needs
/// the elder to confirm too (¥5,000).
pub const SELF_APPROVAL_LIMIT_FEN: i64 = 500_000;
/// A transfer this large alerts the family (¥5,000).
pub const LARGE_TRANSFER_ALERT_FEN: i64 = 500_000;
/// The daily limit a guardian may set: ¥100 to ¥200,000.
pub const LIMIT_RANGE_FEN: std::ops::RangeInclusive<i64> = 10_000..=20_000_000;
/// Family members one elder may link.
pub const MAX_MEMBERS: i64 = 10;

/// What a family member may do for an elder.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Receives alerts.
    Viewer,
    /// Also sees balances and transactions, pays bills.
    Helper,
    /// Also co-signs risky transfers and sets the daily limit.
    Guardian,
}

/// One thing a family member may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Alerts about the elder's money and safety.
    ReceiveAlerts,
    /// Balances of the elder's accounts.
    ViewBalances,
    /// The elder's recent transactions.
    ViewTransactions,
    /// Pay the elder's bills.
    PayBills,
    /// Approve or reject a transfer that needs a co-sign.
    CoSign,
    /// Set the elder's daily transfer limit.
    SetLimit,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Permission; 6] = [
        Permission::ReceiveAlerts,
        Permission::ViewBalances,
        Permission::ViewTransactions,
        Permission::PayBills,
        Permission::CoSign,
        Permission::SetLimit,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Permission::ReceiveAlerts => "receive_alerts",
            Permission::ViewBalances => "view_balances",
            Permission::ViewTransactions => "view_transactions",
            Permission::PayBills => "pay_bills",
            Permission::CoSign => "cosign",
            Permission::SetLimit => "set_limit",
        }
    }
}

impl Role {
    /// Every role, least first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Helper, Role::Guardian];

    /// Stable code (`viewer`, `helper`, `guardian`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Helper => "helper",
            Role::Guardian => "guardian",
        }
    }

    /// Parses [`Role::code`].
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The one table of who may do what.
    pub fn allows(self, p: Permission) -> bool {
        match p {
            Permission::ReceiveAlerts => true,
            Permission::ViewBalances | Permission::ViewTransactions | Permission::PayBills => {
                matches!(self, Role::Helper | Role::Guardian)
            }
            Permission::CoSign | Permission::SetLimit => self == Role::Guardian,
        }
    }

    /// What the role may do, for the screen that explains it.
    pub fn permissions(self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.allows(*p))
            .collect()
    }

    /// Fluent id of the role's name.
    pub fn message_id(self) -> &'static str {
        match self {
            Role::Viewer => "family-role-viewer",
            Role::Helper => "family-role-helper",
            Role::Guardian => "family-role-guardian",
        }
    }

    /// Fluent id of what the role may do, in one sentence.
    pub fn explain_id(self) -> &'static str {
        match self {
            Role::Viewer => "family-role-viewer-explain",
            Role::Helper => "family-role-helper-explain",
            Role::Guardian => "family-role-guardian-explain",
        }
    }
}

/// Where a link stands.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStatus {
    /// The member entered the code; the elder has not confirmed yet.
    PendingConsent,
    /// Working.
    Active,
    /// The elder said no.
    Declined,
    /// Removed (by the elder, or the member left).
    Revoked,
}

impl LinkStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            LinkStatus::PendingConsent => "pending_consent",
            LinkStatus::Active => "active",
            LinkStatus::Declined => "declined",
            LinkStatus::Revoked => "revoked",
        }
    }

    /// Parses [`LinkStatus::code`].
    pub fn from_code(code: &str) -> Option<LinkStatus> {
        [
            LinkStatus::PendingConsent,
            LinkStatus::Active,
            LinkStatus::Declined,
            LinkStatus::Revoked,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// What a family member is told about.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// A transfer of [`LARGE_TRANSFER_ALERT_FEN`] or more went out.
    LargeTransfer,
    /// The bank stopped a transfer.
    TransferBlocked,
    /// A transfer was warned about and the elder went ahead.
    TransferWarned,
    /// A transfer waits for a guardian.
    CosignNeeded,
    /// A new phone was registered to the elder's account.
    NewDevice,
    /// A card lock was switched off.
    CardUnlocked,
    /// 我被骗了 was pressed.
    ScamReported,
    /// A guardian changed the daily limit.
    LimitChanged,
    /// The elder asked the bank to unfreeze her cards after 我被骗了 (done
    /// after a day's wait, unless she cancels).
    UnfreezeRequested,
}

impl AlertKind {
    /// Every kind.
    pub const ALL: [AlertKind; 9] = [
        AlertKind::LargeTransfer,
        AlertKind::TransferBlocked,
        AlertKind::TransferWarned,
        AlertKind::CosignNeeded,
        AlertKind::NewDevice,
        AlertKind::CardUnlocked,
        AlertKind::ScamReported,
        AlertKind::LimitChanged,
        AlertKind::UnfreezeRequested,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            AlertKind::LargeTransfer => "large_transfer",
            AlertKind::TransferBlocked => "transfer_blocked",
            AlertKind::TransferWarned => "transfer_warned",
            AlertKind::CosignNeeded => "cosign_needed",
            AlertKind::NewDevice => "new_device",
            AlertKind::CardUnlocked => "card_unlocked",
            AlertKind::ScamReported => "scam_reported",
            AlertKind::LimitChanged => "limit_changed",
            AlertKind::UnfreezeRequested => "unfreeze_requested",
        }
    }

    /// Parses [`AlertKind::code`].
    pub fn from_code(code: &str) -> Option<AlertKind> {
        AlertKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Fluent id of the alert's sentence (`$elder`, `$amount`, `$payee`).
    pub fn message_id(self) -> &'static str {
        match self {
            AlertKind::LargeTransfer => "family-alert-large-transfer",
            AlertKind::TransferBlocked => "family-alert-transfer-blocked",
            AlertKind::TransferWarned => "family-alert-transfer-warned",
            AlertKind::CosignNeeded => "family-alert-cosign-needed",
            AlertKind::NewDevice => "family-alert-new-device",
            AlertKind::CardUnlocked => "family-alert-card-unlocked",
            AlertKind::ScamReported => "family-alert-scam-reported",
            AlertKind::LimitChanged => "family-alert-limit-changed",
            AlertKind::UnfreezeRequested => "family-alert-unfreeze-requested",
        }
    }

    /// Whether the alert is urgent (shown in red first).
    pub fn urgent(self) -> bool {
        matches!(
            self,
            AlertKind::TransferBlocked
                | AlertKind::ScamReported
                | AlertKind::CosignNeeded
                | AlertKind::UnfreezeRequested
        )
    }
}

/// What a family member did, as the elder's audit list says it.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Asked to join with a code.
    Joined,
    /// Looked at the balances.
    ViewedBalances,
    /// Looked at the transactions.
    ViewedTransactions,
    /// Approved a transfer.
    Approved,
    /// Rejected a transfer.
    Rejected,
    /// Approved a transfer to themselves; the elder must confirm.
    ApprovedNeedsElder,
    /// Changed the daily limit.
    ChangedLimit,
    /// Looked at her unpaid bills.
    ViewedBills,
    /// Paid one of her bills from her account (a helper or guardian).
    PaidBill,
    /// Made her statement (打印流水) for a period (in `payee_name`).
    MadeStatement,
    /// Left the family link.
    Left,
}

impl AuditAction {
    /// Every action.
    pub const ALL: [AuditAction; 11] = [
        AuditAction::Joined,
        AuditAction::ViewedBalances,
        AuditAction::ViewedTransactions,
        AuditAction::Approved,
        AuditAction::Rejected,
        AuditAction::ApprovedNeedsElder,
        AuditAction::ChangedLimit,
        AuditAction::ViewedBills,
        AuditAction::PaidBill,
        AuditAction::MadeStatement,
        AuditAction::Left,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Joined => "joined",
            AuditAction::ViewedBalances => "viewed_balances",
            AuditAction::ViewedTransactions => "viewed_transactions",
            AuditAction::Approved => "approved",
            AuditAction::Rejected => "rejected",
            AuditAction::ApprovedNeedsElder => "approved_needs_elder",
            AuditAction::ChangedLimit => "changed_limit",
            AuditAction::ViewedBills => "viewed_bills",
            AuditAction::PaidBill => "paid_bill",
            AuditAction::MadeStatement => "made_statement",
            AuditAction::Left => "left",
        }
    }

    /// Parses [`AuditAction::code`].
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Fluent id (`$member`, `$amount`, `$payee`).
    pub fn message_id(self) -> &'static str {
        match self {
            AuditAction::Joined => "family-audit-joined",
            AuditAction::ViewedBalances => "family-audit-viewed-balances",
            AuditAction::ViewedTransactions => "family-audit-viewed-transactions",
            AuditAction::Approved => "family-audit-approved",
            AuditAction::Rejected => "family-audit-rejected",
            AuditAction::ApprovedNeedsElder => "family-audit-approved-needs-elder",
            AuditAction::ChangedLimit => "family-audit-changed-limit",
            AuditAction::ViewedBills => "family-audit-viewed-bills",
            AuditAction::PaidBill => "family-audit-paid-bill",
            AuditAction::MadeStatement => "family-audit-made-statement",
            AuditAction::Left => "family-audit-left",
        }
    }
}

/// Where an approval stands.
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(rename_all = "snake_case")
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    /// Waiting for a guardian.
    Pending,
    /// A guardian approved money to themselves; waiting for the elder.
    AwaitingElder,
    /// Approved: the transfer went.
    Approved,
    /// Rejected: the transfer was cancelled.
    Rejected,
    /// Nobody decided in time: the transfer was cancelled.
    Expired,
}

impl ApprovalStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::AwaitingElder => "awaiting_elder",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
            ApprovalStatus::Expired => "expired",
        }
    }

    /// Parses [`ApprovalStatus::code`].
    pub fn from_code(code: &str) -> Option<ApprovalStatus> {
        [
            ApprovalStatus::Pending,
            ApprovalStatus::AwaitingElder,
            ApprovalStatus::Approved,
            ApprovalStatus::Rejected,
            ApprovalStatus::Expired,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// Still waiting for someone.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ApprovalStatus::Pending | ApprovalStatus::AwaitingElder
        )
    }
}

/// Whether a guardian's approval also needs the elder's: money to the
/// guardian's own account above [`SELF_APPROVAL_LIMIT_FEN`].
pub fn approval_needs_elder(amount_fen: i64, payee_is_the_approver: bool) -> bool {
    payee_is_the_approver && amount_fen > SELF_APPROVAL_LIMIT_FEN
}

/// Why a family request cannot go ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FamilyError {
    /// Not six digits.
    #[error("invite code must be six digits")]
    CodeFormat,
    /// No open invite has this code (wrong, used, expired or withdrawn).
    #[error("invite code not valid")]
    CodeNotValid,
    /// Too many wrong codes from this device.
    #[error("too many attempts")]
    TooManyAttempts,
    /// Someone entered their own invite.
    #[error("own invite")]
    OwnInvite,
    /// Already linked to this elder.
    #[error("already linked")]
    AlreadyLinked,
    /// The elder has as many family members as allowed.
    #[error("too many family members")]
    TooManyMembers,
    /// Not linked to this elder (or the link was removed).
    #[error("not linked")]
    NotLinked,
    /// The role does not allow it.
    #[error("not permitted")]
    NotPermitted,
    /// The approval was decided or expired already.
    #[error("approval closed")]
    ApprovalClosed,
    /// No such link or approval.
    #[error("not found")]
    NotFound,
    /// A daily limit outside [`LIMIT_RANGE_FEN`].
    #[error("invalid limit")]
    InvalidLimit,
    /// Family actions happen at the bank: they need a connection.
    #[error("needs a connection")]
    NeedsConnection,
    /// While the transfer waited, its payee was reported as a scam account:
    /// the bank cancelled it instead of approving.
    #[error("payee now listed")]
    PayeeNowListed,
}

impl FamilyError {
    /// Every error.
    pub const ALL: [FamilyError; 13] = [
        FamilyError::CodeFormat,
        FamilyError::CodeNotValid,
        FamilyError::TooManyAttempts,
        FamilyError::OwnInvite,
        FamilyError::AlreadyLinked,
        FamilyError::TooManyMembers,
        FamilyError::NotLinked,
        FamilyError::NotPermitted,
        FamilyError::ApprovalClosed,
        FamilyError::NotFound,
        FamilyError::InvalidLimit,
        FamilyError::NeedsConnection,
        FamilyError::PayeeNowListed,
    ];

    /// Stable code, the same the gateway answers with.
    pub fn code(self) -> &'static str {
        match self {
            FamilyError::CodeFormat => "invalid_code",
            FamilyError::CodeNotValid => "code_not_valid",
            FamilyError::TooManyAttempts => "too_many_attempts",
            FamilyError::OwnInvite => "own_invite",
            FamilyError::AlreadyLinked => "already_linked",
            FamilyError::TooManyMembers => "too_many_members",
            FamilyError::NotLinked => "not_linked",
            FamilyError::NotPermitted => "not_permitted",
            FamilyError::ApprovalClosed => "approval_closed",
            FamilyError::NotFound => "family_not_found",
            FamilyError::InvalidLimit => "invalid_limit",
            FamilyError::NeedsConnection => "family_needs_connection",
            FamilyError::PayeeNowListed => "payee_now_listed",
        }
    }

    /// Parses a gateway code.
    pub fn from_code(code: &str) -> Option<FamilyError> {
        FamilyError::ALL.into_iter().find(|e| e.code() == code)
    }

    /// Fluent id of the plain sentence.
    pub fn message_id(self) -> &'static str {
        match self {
            FamilyError::CodeFormat => "error-family-code-format",
            FamilyError::CodeNotValid => "error-family-code-not-valid",
            FamilyError::TooManyAttempts => "error-family-too-many-attempts",
            FamilyError::OwnInvite => "error-family-own-invite",
            FamilyError::AlreadyLinked => "error-family-already-linked",
            FamilyError::TooManyMembers => "error-family-too-many-members",
            FamilyError::NotLinked => "error-family-not-linked",
            FamilyError::NotPermitted => "error-family-not-permitted",
            FamilyError::ApprovalClosed => "error-family-approval-closed",
            FamilyError::NotFound => "error-family-not-found",
            FamilyError::InvalidLimit => "error-family-invalid-limit",
            FamilyError::NeedsConnection => "error-family-needs-connection",
            FamilyError::PayeeNowListed => "error-family-payee-now-listed",
        }
    }

    /// HTTP status the gateway answers with.
    pub fn http_status(self) -> u16 {
        match self {
            FamilyError::CodeFormat | FamilyError::InvalidLimit | FamilyError::OwnInvite => 422,
            FamilyError::CodeNotValid => 404,
            FamilyError::TooManyAttempts => 429,
            FamilyError::AlreadyLinked
            | FamilyError::TooManyMembers
            | FamilyError::ApprovalClosed
            | FamilyError::PayeeNowListed => 409,
            FamilyError::NotLinked | FamilyError::NotPermitted => 403,
            FamilyError::NotFound => 404,
            FamilyError::NeedsConnection => 503,
        }
    }
}

/// Reads a typed or scanned invite code: full-width digits, spaces and
/// dashes are fine (`123 456`, `１２３-４５６`), and so is the QR's link.
pub fn parse_code(text: &str) -> Result<String, FamilyError> {
    let text: String = text.nfkc().collect();
    let text = text.trim();
    let text = text
        .strip_prefix(INVITE_URI_PREFIX)
        .unwrap_or(text)
        .to_string();
    let digits: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .collect();
    if digits.chars().count() == CODE_DIGITS && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(FamilyError::CodeFormat)
    }
}

/// What the invite QR holds, before the code.
pub const INVITE_URI_PREFIX: &str = "happylife://family/invite?code=";

/// The invite as a QR code, an SVG image (black on white, with a quiet zone).
pub fn invite_qr_svg(code: &str) -> String {
    use qrcode::render::svg;
    match qrcode::QrCode::with_error_correction_level(
        format!("{INVITE_URI_PREFIX}{code}"),
        qrcode::EcLevel::M,
    ) {
        Ok(qr) => qr
            .render::<svg::Color>()
            .min_dimensions(240, 240)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build()
            // Inline in a page: no XML prologue.
            .split_once("<svg")
            .map(|(_, rest)| format!("<svg{rest}"))
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// A code shown to the elder: `123 456`, easier to read out.
pub fn spaced_code(code: &str) -> String {
    if code.len() == CODE_DIGITS {
        format!("{} {}", &code[..3], &code[3..])
    } else {
        code.to_string()
    }
}

/// An invite the elder is showing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    /// The bank's id.
    pub id: i64,
    /// Six digits.
    pub code: String,
    /// The role the member will have.
    pub role: Role,
    /// Unix seconds it stops working.
    pub expires_at: i64,
}

/// A family link as this device knows it: as the bank sends it.
pub use crate::bank::wire::FamilyLink;

/// An alert about an elder, on a family member's device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// The bank's id.
    pub id: i64,
    /// Whose.
    pub elder_id: String,
    /// Her name.
    pub elder_name: String,
    /// What.
    pub kind: AlertKind,
    /// The amount, when there is one.
    pub amount: Option<Money>,
    /// The payee, when there is one.
    pub payee_name: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
}

/// A transfer waiting for (or decided by) a guardian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    /// The bank's id.
    pub id: i64,
    /// The transfer it decides.
    pub transfer_id: i64,
    /// Whose money.
    pub elder_id: String,
    /// Her name.
    pub elder_name: String,
    /// To whom.
    pub payee_name: String,
    /// `**** 5678`.
    pub last4: String,
    /// How much.
    pub amount: Money,
    /// Why it needs a co-sign (risk reason codes).
    pub reasons: Vec<String>,
    /// Where it stands.
    pub status: ApprovalStatus,
    /// Who decided (a guardian's name), when someone did.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// When it lapses.
    pub expires_at: i64,
    /// When it was asked.
    pub created_at: i64,
}

/// One line of the elder's audit list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// The bank's id.
    pub id: i64,
    /// Who.
    pub member_name: String,
    /// Did what.
    pub action: AuditAction,
    /// The amount involved, if any.
    pub amount: Option<Money>,
    /// The payee involved, if any.
    pub payee_name: Option<String>,
    /// When.
    pub at: i64,
}

/// An account of an elder as a helper sees it (read at the bank, live).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElderAccount {
    /// Kind code (`debit`, `pension`…).
    pub kind: String,
    /// Last four digits.
    pub last4: String,
    /// Balance.
    pub balance: Money,
}

/// One of an elder's unpaid bills as a helper sees it (read at the bank,
/// live, never kept on the helper's phone).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElderBill {
    /// The bill's id at the bank.
    pub id: i64,
    /// Water, electricity…
    pub kind: crate::bills::BillKind,
    /// Who is paid (自来水公司).
    pub provider: String,
    /// Last four digits of the utility account.
    pub last4: String,
    /// What is due.
    pub amount: Money,
    /// The last day to pay.
    pub due_on: chrono::NaiveDate,
}

/// The debit account a helper would pay her bills from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElderDebit {
    /// The account's id at the bank.
    pub id: i64,
    /// Last four digits.
    pub last4: String,
    /// Balance.
    pub balance: Money,
}

/// An elder's unpaid bills, and the account they would be paid from.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ElderBills {
    /// Soonest due first.
    pub bills: Vec<ElderBill>,
    /// Her first debit account (none: nothing to pay from).
    pub from: Option<ElderDebit>,
}

/// A transaction of an elder as a helper sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ElderTransaction {
    /// Unix seconds.
    pub posted_at: i64,
    /// Signed amount.
    pub amount: Money,
    /// Category code.
    pub category: String,
    /// Shop or person.
    pub counterparty: Option<String>,
}

/// A family sentence: the person's name under `who`, and the amount and
/// payee when there are some (empty otherwise).
fn sentence(
    i18n: &crate::I18n,
    lang: crate::Language,
    id: &str,
    who: (&str, &str),
    amount: Option<Money>,
    payee: Option<&str>,
) -> String {
    i18n.tr_args(
        lang,
        id,
        &[
            (who.0, who.1.into()),
            (
                "amount",
                amount
                    .map(|m| m.format_grouped())
                    .unwrap_or_default()
                    .into(),
            ),
            ("payee", payee.unwrap_or_default().into()),
        ],
    )
}

impl Alert {
    /// The alert as one sentence (the notification a shell shows, and the
    /// line in family mode).
    pub fn text(&self, i18n: &crate::I18n, lang: crate::Language) -> String {
        sentence(
            i18n,
            lang,
            self.kind.message_id(),
            ("elder", &self.elder_name),
            self.amount,
            self.payee_name.as_deref(),
        )
    }
}

impl AuditEntry {
    /// The line as the elder's audit list says it.
    pub fn text(&self, i18n: &crate::I18n, lang: crate::Language) -> String {
        sentence(
            i18n,
            lang,
            self.action.message_id(),
            ("member", &self.member_name),
            self.amount,
            self.payee_name.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table() {
        use Permission::*;
        let table: Vec<(Role, Vec<Permission>)> =
            Role::ALL.iter().map(|r| (*r, r.permissions())).collect();
        assert_eq!(
            table,
            vec![
                (Role::Viewer, vec![ReceiveAlerts]),
                (
                    Role::Helper,
                    vec![ReceiveAlerts, ViewBalances, ViewTransactions, PayBills]
                ),
                (Role::Guardian, Permission::ALL.to_vec()),
            ]
        );
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("admin"), None);
    }

    #[test]
    fn codes_are_read_the_way_people_type_them() {
        assert_eq!(parse_code("123456").unwrap(), "123456");
        assert_eq!(parse_code(" 123 456 ").unwrap(), "123456");
        assert_eq!(parse_code("１２３-４５６").unwrap(), "123456");
        assert_eq!(
            parse_code("happylife://family/invite?code=004211").unwrap(),
            "004211"
        );
        for bad in ["", "12345", "1234567", "12345a", "一二三四五六", "12 34 5"] {
            assert_eq!(parse_code(bad), Err(FamilyError::CodeFormat), "{bad}");
        }
    }

    #[test]
    fn a_guardian_paying_themselves_a_lot_needs_the_elder() {
        assert!(!approval_needs_elder(SELF_APPROVAL_LIMIT_FEN, true));
        assert!(approval_needs_elder(SELF_APPROVAL_LIMIT_FEN + 1, true));
        assert!(!approval_needs_elder(100_000_000, false));
    }

    #[test]
    fn the_qr_holds_the_code() {
        let svg = invite_qr_svg("123456");
        assert!(svg.starts_with("<svg") && svg.contains("<path"), "{svg}");
        // Different codes, different pictures.
        assert_ne!(svg, invite_qr_svg("654321"));
        assert_eq!(spaced_code("123456"), "123 456");
    }

    #[test]
    fn every_family_sentence_exists_in_every_language() {
        let i18n = crate::I18n::embedded().unwrap();
        let mut ids: Vec<&str> = FamilyError::ALL.iter().map(|e| e.message_id()).collect();
        ids.extend(AlertKind::ALL.iter().map(|k| k.message_id()));
        ids.extend(AuditAction::ALL.iter().map(|a| a.message_id()));
        ids.extend(
            Role::ALL
                .iter()
                .flat_map(|r| [r.message_id(), r.explain_id()]),
        );
        for lang in crate::Language::ALL {
            for id in &ids {
                let args = ["elder", "amount", "payee", "member"].map(|k| (k, "x".into()));
                let text = i18n.tr_args(lang, id, &args);
                assert!(!text.is_empty() && text != *id, "{lang:?}: {id}");
            }
        }
    }

    #[test]
    fn error_codes_round_trip() {
        for e in FamilyError::ALL {
            assert_eq!(FamilyError::from_code(e.code()), Some(e));
        }
        for k in AlertKind::ALL {
            assert_eq!(AlertKind::from_code(k.code()), Some(k));
        }
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
        }
    }
}
