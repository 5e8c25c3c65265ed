//! For the fuzz targets in `tests/fuzz` only, not an API: every JSON body a
//! route reads, decoded from raw bytes the way axum's `Json` extractor
//! does, then checked by the same functions the handlers call before they
//! touch the database. Checks that need the database (whose account, which
//! code) are not here.

use crate::http::ApiError;
use axum::Json;
use happylife_core::bank::wire::TransferRequest;
use happylife_core::fraud::ScamCategory;
use serde_json::Value;

/// Every route that reads a JSON body. The order is the fuzz corpus's
/// first byte: add new ones at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// `POST /v1/devices`
    Devices,
    /// `POST /v1/enrolment/codes`
    EnrolmentCodes,
    /// `POST /v1/auth/pin-reset`
    PinReset,
    /// `POST /v1/commands`
    Commands,
    /// `POST /v1/cards/authorize`
    CardsAuthorize,
    /// `POST /v1/transfers`
    Transfers,
    /// `POST /v1/auth/challenge`
    AuthChallenge,
    /// `POST /v1/auth/biometric-key`
    BiometricKey,
    /// `POST /v1/auth/session`
    AuthSession,
    /// `POST /v1/family/invites`
    FamilyInvite,
    /// `POST /v1/family/invites/accept`
    FamilyAccept,
    /// `POST /v1/family/links/{id}/consent`
    FamilyConsent,
    /// `POST /v1/family/links/{id}/role`
    FamilyRole,
    /// `POST /v1/family/elders/{elder}/daily-limit`
    FamilyDailyLimit,
    /// `POST /v1/family/approvals/{id}/decide`
    FamilyDecide,
    /// `POST /v1/family/approvals/{id}/confirm`
    FamilyConfirm,
    /// `POST /v1/bills/{id}/pay`
    BillPay,
    /// `POST /v1/autopay`
    Autopay,
    /// `POST /v1/wealth/orders`
    WealthOrder,
    /// `POST /v1/sandbox/bill-accounts/{id}/bills`
    SandboxBill,
    /// `POST /v1/operator/complaints/{id}/answer`
    ComplaintAnswer,
    /// `POST /v1/blocklist/entries`
    BlocklistEntries,
    /// `POST /v1/auth/pin/start` and `…/pin/register/start`
    PinStart,
    /// `POST /v1/auth/pin/finish`
    PinFinish,
    /// `POST /v1/auth/pin/register/finish`
    PinUpload,
    /// `POST /v1/auth/voice-key`
    VoiceKey,
}

impl Endpoint {
    /// All of them, in corpus order.
    pub const ALL: [Endpoint; 26] = [
        Endpoint::Devices,
        Endpoint::EnrolmentCodes,
        Endpoint::PinReset,
        Endpoint::Commands,
        Endpoint::CardsAuthorize,
        Endpoint::Transfers,
        Endpoint::AuthChallenge,
        Endpoint::BiometricKey,
        Endpoint::AuthSession,
        Endpoint::FamilyInvite,
        Endpoint::FamilyAccept,
        Endpoint::FamilyConsent,
        Endpoint::FamilyRole,
        Endpoint::FamilyDailyLimit,
        Endpoint::FamilyDecide,
        Endpoint::FamilyConfirm,
        Endpoint::BillPay,
        Endpoint::Autopay,
        Endpoint::WealthOrder,
        Endpoint::SandboxBill,
        Endpoint::ComplaintAnswer,
        Endpoint::BlocklistEntries,
        Endpoint::PinStart,
        Endpoint::PinFinish,
        Endpoint::PinUpload,
        Endpoint::VoiceKey,
    ];
}

/// A blocklist change as it will be signed: (adds, removes), sorted by key.
pub type BlocklistChange = (Vec<(u64, ScamCategory)>, Vec<u64>);

/// What the checks let through.
#[derive(Debug)]
pub struct Accepted {
    /// The body as the handler holds it.
    pub body: Value,
    /// The amount in fen the checks accepted, for bodies that carry one.
    pub amount_fen: Option<i64>,
    /// A blocklist change as it will be signed: (adds, removes).
    pub blocklist_change: Option<BlocklistChange>,
}

/// Decodes `bytes` as the body of `endpoint` and runs the handler's checks
/// that come before the database.
pub fn decode_body(endpoint: Endpoint, bytes: &[u8]) -> Result<Accepted, ApiError> {
    use Endpoint::*;
    let body = crate::http::json_body(Json::<Value>::from_bytes(bytes))?;
    let mut amount_fen = None;
    let mut blocklist_change = None;
    match endpoint {
        Devices => {
            crate::enrolment::registration(&body)?;
        }
        EnrolmentCodes => {
            crate::enrolment::code_request(&body)?;
        }
        PinReset => {
            crate::enrolment::pin_reset_code(&body)?;
        }
        Commands => {
            happylife_core::bank::wire::Command::decode(&body)?;
        }
        CardsAuthorize => {
            amount_fen = Some(crate::cards::authorize_request(&body)?.amount_fen);
        }
        Transfers => {
            TransferRequest::from_account(&body)?;
            amount_fen = Some(TransferRequest::terms(&body)?.amount);
            TransferRequest::payee_order(&body)?;
        }
        AuthChallenge => {
            crate::auth::challenge_request(&body)?;
        }
        BiometricKey => {
            crate::auth::biometric_key_request(&body)?;
        }
        AuthSession => {
            crate::auth::signed_challenge(&body)?;
        }
        FamilyInvite | FamilyRole => {
            crate::family::role_field(&body)?;
        }
        FamilyAccept => {
            crate::family::invite_code(&body)?;
        }
        FamilyConsent | FamilyDecide | FamilyConfirm => {
            crate::family::approve_flag(&body)?;
        }
        FamilyDailyLimit => {
            amount_fen = Some(crate::family::limit_field(&body)?);
        }
        BillPay => {
            amount_fen = crate::bills::bill_payment(&body)?.1;
        }
        Autopay => {
            amount_fen = Some(crate::bills::autopay_request(&body)?.2);
        }
        WealthOrder => {
            amount_fen = Some(crate::wealth::order_request(&body)?.2);
        }
        SandboxBill => {
            amount_fen = Some(crate::bills::IssueBill::decode(&body)?.amount_fen);
        }
        ComplaintAnswer => {
            crate::operator::complaint_answer(&body)?;
        }
        BlocklistEntries => {
            blocklist_change = Some(crate::blocklist::change_request(&body)?);
        }
        PinStart => {
            crate::auth::pin_request(&body)?;
        }
        PinFinish => {
            crate::auth::pin_proof(&body)?;
        }
        PinUpload => {
            crate::auth::pin_upload(&body)?;
        }
        VoiceKey => {
            crate::auth::voice_key_request(&body)?;
        }
    }
    Ok(Accepted {
        body,
        amount_fen,
        blocklist_change,
    })
}
