//! The family's rows and how they reach devices: links (for both people),
//! alerts (for every member) and the elder's audit lines, each through the
//! change log (the caller holds the change-log lock).

use crate::db::insert_change;
use crate::http::ApiError;
use happylife_core::bank::wire::{AuditLine, FamilyAlert, FamilyLink, wire_body};
use happylife_core::family::{AlertKind, AuditAction, LinkStatus, Role};

pub(super) type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

pub(super) async fn name_of(tx: &mut Tx<'_>, customer: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM customers WHERE id = $1")
        .bind(customer)
        .fetch_one(&mut **tx)
        .await
}

/// A customer's mobile number on record, if any.
async fn phone_of(tx: &mut Tx<'_>, customer: &str) -> Result<Option<String>, sqlx::Error> {
    let phone: Option<Option<String>> =
        sqlx::query_scalar("SELECT phone FROM customers WHERE id = $1")
            .bind(customer)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(phone.flatten().filter(|p| !p.is_empty()))
}

#[derive(sqlx::FromRow)]
pub(super) struct Link {
    pub(super) id: i64,
    pub(super) elder_id: String,
    pub(super) member_id: String,
    pub(super) role: String,
    pub(super) status: String,
    pub(super) updated_at: i64,
}

pub(super) async fn load_link(tx: &mut Tx<'_>, id: i64) -> Result<Option<Link>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, elder_id, member_id, role, status, updated_at FROM family_links WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// Logs a link for both people (caller holds the change-log lock).
pub(super) async fn log_link(tx: &mut Tx<'_>, id: i64, now: i64) -> Result<FamilyLink, ApiError> {
    let l = load_link(tx, id).await?.ok_or_else(ApiError::internal)?;
    let status = LinkStatus::from_code(&l.status).ok_or_else(ApiError::internal)?;
    // The numbers come from the bank's own records, never from a phone;
    // the elder's only to a member she has let in, nobody's after the end.
    let elder_phone = match status {
        LinkStatus::Active => phone_of(tx, &l.elder_id).await?,
        _ => None,
    };
    let member_phone = match status {
        LinkStatus::Active | LinkStatus::PendingConsent => phone_of(tx, &l.member_id).await?,
        _ => None,
    };
    let link = FamilyLink {
        id: l.id,
        elder_name: name_of(tx, &l.elder_id).await?,
        member_name: name_of(tx, &l.member_id).await?,
        elder_id: l.elder_id,
        member_id: l.member_id,
        role: Role::from_code(&l.role).ok_or_else(ApiError::internal)?,
        status,
        updated_at: l.updated_at,
        elder_phone,
        member_phone,
    };
    let data = wire_body(&link);
    for who in [&link.elder_id, &link.member_id] {
        insert_change(tx, who, "family_link", &id.to_string(), &data, now).await?;
    }
    Ok(link)
}

/// The role of `member` for `elder`, if they are actively linked.
pub(super) async fn role_of(
    pool_or_tx: &mut Tx<'_>,
    member: &str,
    elder: &str,
) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> = sqlx::query_scalar(
        "SELECT role FROM family_links WHERE member_id = $1 AND elder_id = $2 AND status = 'active'",
    )
    .bind(member)
    .bind(elder)
    .fetch_optional(&mut **pool_or_tx)
    .await?;
    Ok(role.as_deref().and_then(Role::from_code))
}

/// Tells every family member of `elder` (all roles receive alerts), through
/// their change log (caller holds the change-log lock).
pub(crate) async fn alert(
    tx: &mut Tx<'_>,
    elder: &str,
    kind: AlertKind,
    amount_fen: Option<i64>,
    payee_name: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    let members: Vec<String> = sqlx::query_scalar(
        "SELECT member_id FROM family_links WHERE elder_id = $1 AND status = 'active' ORDER BY id",
    )
    .bind(elder)
    .fetch_all(&mut **tx)
    .await?;
    if members.is_empty() {
        return Ok(());
    }
    let elder_name = name_of(tx, elder).await?;
    for member in members {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO family_alerts (elder_id, member_id, kind, amount_fen, payee_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(elder)
        .bind(&member)
        .bind(kind.code())
        .bind(amount_fen)
        .bind(payee_name)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let data = wire_body(&FamilyAlert {
            id,
            elder_id: elder.to_string(),
            elder_name: elder_name.clone(),
            kind,
            amount_fen,
            payee_name: payee_name.map(str::to_string),
            created_at: now,
        });
        insert_change(tx, &member, "family_alert", &id.to_string(), &data, now).await?;
    }
    tracing::info!(kind = kind.code(), "family alerted");
    Ok(())
}

/// Writes a line in the elder's audit list and sends it to her devices.
pub(super) async fn audit(
    tx: &mut Tx<'_>,
    elder: &str,
    member: &str,
    action: AuditAction,
    amount_fen: Option<i64>,
    payee_name: Option<&str>,
    now: i64,
) -> Result<(), ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO family_audit (elder_id, member_id, action, amount_fen, payee_name, at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(elder)
    .bind(member)
    .bind(action.code())
    .bind(amount_fen)
    .bind(payee_name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let data = wire_body(&AuditLine {
        id,
        member_name: name_of(tx, member).await?,
        action,
        amount_fen,
        payee_name: payee_name.map(str::to_string),
        at: now,
    });
    insert_change(tx, elder, "family_audit", &id.to_string(), &data, now).await?;
    Ok(())
}
