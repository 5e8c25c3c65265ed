//! The checks of a family request: its fields, and the link and role it
//! needs (a hidden button is not a permission). Each refusal carries the
//! code of `happylife_core::family::FamilyError`.

use super::store::{Link, Tx, load_link, role_of};
use crate::http::ApiError;
use axum::http::StatusCode;
use happylife_core::bank::wire::{ApproveBody, DailyLimitBody, InviteCode, RoleBody};
use happylife_core::family::{FamilyError, Permission, Role};
use serde_json::Value;

pub(super) fn refuse(e: FamilyError) -> ApiError {
    let message = match e {
        FamilyError::CodeFormat => "the invite code must be six digits",
        FamilyError::CodeNotValid => "no open invite has this code (wrong, used or expired)",
        FamilyError::TooManyAttempts => "too many wrong codes from this device; wait 10 minutes",
        FamilyError::OwnInvite => "this is your own invite",
        FamilyError::AlreadyLinked => "you are already linked to this person",
        FamilyError::TooManyMembers => "this customer has as many family members as allowed",
        FamilyError::NotLinked => "you are not linked to this customer",
        FamilyError::NotPermitted => "your family role does not allow this",
        FamilyError::ApprovalClosed => "this approval was already decided or has expired",
        FamilyError::NotFound => "no such family link or approval",
        FamilyError::InvalidLimit => "limit_fen must be from 10000 to 20000000",
        FamilyError::NeedsConnection => "the bank is not reachable",
        FamilyError::PayeeNowListed => {
            "the payee was reported as a scam account while the transfer waited; it was cancelled"
        }
    };
    ApiError {
        status: StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST),
        code: e.code(),
        message: message.into(),
        detail: None,
    }
}

pub(super) fn id_param(text: &str) -> Result<i64, ApiError> {
    text.parse().map_err(|_| refuse(FamilyError::NotFound))
}

pub(crate) fn approve_flag(body: &Value) -> Result<bool, ApiError> {
    Ok(ApproveBody::decode(body)?)
}

pub(crate) fn role_field(body: &Value) -> Result<Role, ApiError> {
    Ok(RoleBody::decode(body)?)
}

/// `limit_fen` of a daily-limit change, within the range a guardian may set.
pub(crate) fn limit_field(body: &Value) -> Result<i64, ApiError> {
    DailyLimitBody::decode(body).map_err(refuse)
}

/// The invite code of `POST /v1/family/invites/accept`.
pub(crate) fn invite_code(body: &Value) -> Result<String, ApiError> {
    InviteCode::decode(body).map_err(refuse)
}

/// Refuses unless `member` is actively linked to `elder` with a role that
/// allows `p`.
pub(super) async fn require(
    tx: &mut Tx<'_>,
    member: &str,
    elder: &str,
    p: Permission,
) -> Result<Role, ApiError> {
    if !crate::http::plain_id(elder, 64) {
        // Not an id anyone has: no link to it.
        return Err(refuse(FamilyError::NotLinked));
    }
    match role_of(tx, member, elder).await? {
        None => Err(refuse(FamilyError::NotLinked)),
        Some(role) if !role.allows(p) => Err(refuse(FamilyError::NotPermitted)),
        Some(role) => Ok(role),
    }
}

/// The link `id` if `customer` is its elder (or, with `member_ok`, its member).
pub(super) async fn own_link(
    tx: &mut Tx<'_>,
    id: i64,
    customer: &str,
    member_ok: bool,
) -> Result<Link, ApiError> {
    let link = load_link(tx, id)
        .await?
        .ok_or_else(|| refuse(FamilyError::NotFound))?;
    if link.elder_id == customer || (member_ok && link.member_id == customer) {
        Ok(link)
    } else if link.member_id == customer {
        // The member cannot consent for the elder or change their own role.
        Err(refuse(FamilyError::NotPermitted))
    } else {
        Err(refuse(FamilyError::NotFound))
    }
}
