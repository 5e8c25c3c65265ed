//! The device's copy of family links, alerts, approvals and the audit list,
//! written only by sync (the bank is the source of truth) and read by every
//! family screen offline.

use super::{
    Alert, AlertKind, Approval, ApprovalStatus, AuditAction, AuditEntry, FamilyLink, LinkStatus,
    Role,
};
use crate::bank::wire;
use crate::money::Money;
use serde::Deserialize;
use serde_json::Value;
use sqlx::{Row, SqliteConnection};

/// Applies a `family_link` change; `None` when it is not understood.
pub async fn upsert_link(conn: &mut SqliteConnection, d: &Value) -> Option<sqlx::Result<()>> {
    let l = wire::FamilyLink::deserialize(d).ok()?;
    let q = sqlx::query(
        "INSERT INTO family_links (id, elder_id, elder_name, member_id, member_name, role, status, updated_at, \
         elder_phone, member_phone) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET role = excluded.role, \
         status = excluded.status, updated_at = excluded.updated_at, elder_name = excluded.elder_name, \
         member_name = excluded.member_name, elder_phone = excluded.elder_phone, \
         member_phone = excluded.member_phone",
    )
    .bind(l.id)
    .bind(l.elder_id)
    .bind(l.elder_name)
    .bind(l.member_id)
    .bind(l.member_name)
    .bind(l.role.code())
    .bind(l.status.code())
    .bind(l.updated_at)
    .bind(l.elder_phone.filter(|p| crate::phone::dial_digits(p).is_some()))
    .bind(l.member_phone.filter(|p| crate::phone::dial_digits(p).is_some()));
    Some(q.execute(conn).await.map(|_| ()))
}

/// Applies a `family_alert` change.
pub async fn insert_alert(conn: &mut SqliteConnection, d: &Value) -> Option<sqlx::Result<()>> {
    let a = wire::FamilyAlert::deserialize(d).ok()?;
    let q = sqlx::query(
        "INSERT INTO family_alerts (id, elder_id, elder_name, kind, amount_fen, payee_name, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
    )
    .bind(a.id)
    .bind(a.elder_id)
    .bind(a.elder_name)
    .bind(a.kind.code())
    .bind(a.amount_fen)
    .bind(a.payee_name)
    .bind(a.created_at);
    Some(q.execute(conn).await.map(|_| ()))
}

/// Applies an `approval` change.
pub async fn upsert_approval(conn: &mut SqliteConnection, d: &Value) -> Option<sqlx::Result<()>> {
    let a = wire::Approval::deserialize(d).ok()?;
    if a.last4.len() != 4 {
        return None;
    }
    let q = sqlx::query(
        "INSERT INTO approvals (id, transfer_id, elder_id, elder_name, payee_name, last4, amount_fen, reasons, \
         status, decided_by, decided_at, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, decided_by = excluded.decided_by, \
         decided_at = excluded.decided_at",
    )
    .bind(a.id)
    .bind(a.transfer_id)
    .bind(a.elder_id)
    .bind(a.elder_name)
    .bind(a.payee_name)
    .bind(a.last4)
    .bind(a.amount_fen)
    .bind(serde_json::to_string(&a.reasons).ok()?)
    .bind(a.status.code())
    .bind(a.decided_by)
    .bind(a.decided_at)
    .bind(a.expires_at)
    .bind(a.created_at);
    Some(q.execute(conn).await.map(|_| ()))
}

/// Applies a `family_audit` change.
pub async fn insert_audit(conn: &mut SqliteConnection, d: &Value) -> Option<sqlx::Result<()>> {
    let a = wire::AuditLine::deserialize(d).ok()?;
    let q = sqlx::query(
        "INSERT INTO family_audit (id, member_name, action, amount_fen, payee_name, at) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
    )
    .bind(a.id)
    .bind(a.member_name)
    .bind(a.action.code())
    .bind(a.amount_fen)
    .bind(a.payee_name)
    .bind(a.at);
    Some(q.execute(conn).await.map(|_| ()))
}

fn link(row: &sqlx::sqlite::SqliteRow) -> Option<FamilyLink> {
    Some(FamilyLink {
        id: row.get("id"),
        elder_id: row.get("elder_id"),
        elder_name: row.get("elder_name"),
        member_id: row.get("member_id"),
        member_name: row.get("member_name"),
        role: Role::from_code(row.get::<&str, _>("role"))?,
        status: LinkStatus::from_code(row.get::<&str, _>("status"))?,
        updated_at: row.get("updated_at"),
        elder_phone: row.get("elder_phone"),
        member_phone: row.get("member_phone"),
    })
}

const LINK_COLUMNS: &str = "id, elder_id, elder_name, member_id, member_name, role, status, updated_at, \
     elder_phone, member_phone";

/// Links where `me` is the elder: my family members, pending ones first.
pub async fn my_members(conn: &mut SqliteConnection, me: &str) -> sqlx::Result<Vec<FamilyLink>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LINK_COLUMNS} FROM family_links WHERE elder_id = ? AND status IN ('pending_consent', 'active') \
         ORDER BY status = 'active', updated_at DESC, id"
    )))
    .bind(me)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().filter_map(link).collect())
}

/// Links where `me` is the member: the elders I look after (and those
/// still waiting for the elder's consent).
pub async fn my_elders(conn: &mut SqliteConnection, me: &str) -> sqlx::Result<Vec<FamilyLink>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LINK_COLUMNS} FROM family_links WHERE member_id = ? AND status IN ('pending_consent', 'active') \
         ORDER BY status = 'pending_consent', elder_name, id"
    )))
    .bind(me)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().filter_map(link).collect())
}

/// One link by id.
pub async fn link_by_id(conn: &mut SqliteConnection, id: i64) -> sqlx::Result<Option<FamilyLink>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LINK_COLUMNS} FROM family_links WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().and_then(link))
}

/// Alerts about elders I look after (actively linked), newest first.
pub async fn alerts(
    conn: &mut SqliteConnection,
    elder_id: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<Alert>> {
    let rows = sqlx::query(
        "SELECT id, elder_id, elder_name, kind, amount_fen, payee_name, created_at FROM family_alerts \
         WHERE (?1 IS NULL OR elder_id = ?1) ORDER BY created_at DESC, id DESC LIMIT ?2",
    )
    .bind(elder_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(Alert {
                id: r.get("id"),
                elder_id: r.get("elder_id"),
                elder_name: r.get("elder_name"),
                kind: AlertKind::from_code(r.get::<&str, _>("kind"))?,
                amount: r.get::<Option<i64>, _>("amount_fen").map(Money::cny),
                payee_name: r.get("payee_name"),
                created_at: r.get("created_at"),
            })
        })
        .collect())
}

/// The highest alert id on the device (0 for none).
pub async fn last_alert_id(conn: &mut SqliteConnection) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM family_alerts")
        .fetch_one(conn)
        .await
}

const APPROVAL_COLUMNS: &str = "id, transfer_id, elder_id, elder_name, payee_name, last4, amount_fen, reasons, status, \
                                decided_by, decided_at, expires_at, created_at";

fn approval(r: &sqlx::sqlite::SqliteRow) -> Option<Approval> {
    Some(Approval {
        id: r.get("id"),
        transfer_id: r.get("transfer_id"),
        elder_id: r.get("elder_id"),
        elder_name: r.get("elder_name"),
        payee_name: r.get("payee_name"),
        last4: r.get("last4"),
        amount: Money::cny(r.get("amount_fen")),
        reasons: serde_json::from_str(r.get::<&str, _>("reasons")).unwrap_or_default(),
        status: ApprovalStatus::from_code(r.get::<&str, _>("status"))?,
        decided_by: r.get("decided_by"),
        decided_at: r.get("decided_at"),
        expires_at: r.get("expires_at"),
        created_at: r.get("created_at"),
    })
}

/// Approvals, open ones first, newest first; for one elder or all.
pub async fn approvals(
    conn: &mut SqliteConnection,
    elder_id: Option<&str>,
    limit: i64,
) -> sqlx::Result<Vec<Approval>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {APPROVAL_COLUMNS} FROM approvals WHERE (?1 IS NULL OR elder_id = ?1) \
         ORDER BY status IN ('pending', 'awaiting_elder') DESC, created_at DESC, id DESC LIMIT ?2"
    )))
    .bind(elder_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows.iter().filter_map(approval).collect())
}

/// The approval of a transfer, if it has one.
pub async fn approval_for_transfer(
    conn: &mut SqliteConnection,
    transfer_id: i64,
) -> sqlx::Result<Option<Approval>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {APPROVAL_COLUMNS} FROM approvals WHERE transfer_id = ? ORDER BY id DESC LIMIT 1"
    )))
    .bind(transfer_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.as_ref().and_then(approval))
}

/// The elder's audit list, newest first.
pub async fn audit(conn: &mut SqliteConnection, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT id, member_name, action, amount_fen, payee_name, at FROM family_audit \
         ORDER BY at DESC, id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some(AuditEntry {
                id: r.get("id"),
                member_name: r.get("member_name"),
                action: AuditAction::from_code(r.get::<&str, _>("action"))?,
                amount: r.get::<Option<i64>, _>("amount_fen").map(Money::cny),
                payee_name: r.get("payee_name"),
                at: r.get("at"),
            })
        })
        .collect())
}
