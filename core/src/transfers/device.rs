//! The device's side of transfers: saved payees and transfers as the bank
//! holds them, drafts, and requests whose answer is not known yet.

use super::Delay;
use super::risk::{Assessment, Decision, Reason};
use crate::accounts::MaskedNumber;
use crate::bank::wire::{self, NewPayee, TransferRequest};
use crate::fraud::ScamCategory;
use crate::money::Money;
use crate::store::StoreError;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// A saved payee (常用收款人).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payee {
    /// The bank's id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// 女儿, 孙子… if given.
    pub relationship: Option<String>,
    /// `**** 5678`.
    pub number: MaskedNumber,
}

/// Whom the money goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayeeChoice {
    /// A saved payee.
    Saved {
        /// Its id.
        id: i64,
    },
    /// Someone new, as typed.
    New {
        /// Account number (any spacing).
        account: String,
        /// Name.
        name: String,
        /// Relationship, if given.
        relationship: Option<String>,
        /// Save as a payee after the transfer.
        save: bool,
    },
}

/// A transfer as the elder entered it, before it is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferDraft {
    /// The debit account the money leaves.
    pub from_account_id: i64,
    /// Whom to.
    pub payee: PayeeChoice,
    /// How much.
    pub amount: Money,
    /// 附言.
    pub note: String,
    /// When it arrives.
    pub delay: Delay,
}

impl TransferDraft {
    /// The transfer as the bank's wire contract has it (no risk context,
    /// no acknowledged warning: see `transfer_body` in the facade).
    pub fn to_request(&self) -> TransferRequest {
        let (payee_id, payee) = match &self.payee {
            PayeeChoice::Saved { id } => (Some(*id), None),
            PayeeChoice::New {
                account,
                name,
                relationship,
                save,
            } => (
                None,
                Some(NewPayee {
                    account: account.clone(),
                    name: name.clone(),
                    relationship: relationship.clone(),
                    save: *save,
                }),
            ),
        };
        TransferRequest {
            from_account_id: self.from_account_id,
            payee_id,
            payee,
            amount_fen: self.amount.fen(),
            note: self.note.clone(),
            delay: self.delay,
            acknowledged: None,
            context: None,
        }
    }

    /// The request body for the bank (without the risk context), as a
    /// draft is kept on the phone.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.to_request()).unwrap_or(Value::Null)
    }

    /// Reads [`TransferDraft::to_json`] back.
    pub fn from_json(v: &Value) -> Option<TransferDraft> {
        let r = TransferRequest::deserialize(v).ok()?;
        let payee = match (r.payee_id, r.payee) {
            (Some(id), _) => PayeeChoice::Saved { id },
            (None, Some(p)) => PayeeChoice::New {
                account: p.account,
                name: p.name,
                relationship: p.relationship,
                save: p.save,
            },
            _ => return None,
        };
        Some(TransferDraft {
            from_account_id: r.from_account_id,
            payee,
            amount: Money::cny(r.amount_fen),
            note: r.note,
            delay: r.delay,
        })
    }
}

/// Where a transfer stands at the bank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferStatus {
    /// The money has arrived.
    Completed,
    /// Delayed arrival: can still be cancelled until `arrive_at`.
    Scheduled,
    /// Cancelled in time; the money came back.
    Cancelled,
    /// Stopped by the bank's risk check.
    Blocked,
    /// Waiting for a guardian's approval.
    AwaitingCosign,
}

impl TransferStatus {
    /// Parses the bank's code.
    pub fn from_code(code: &str) -> Option<TransferStatus> {
        Some(match code {
            "completed" => TransferStatus::Completed,
            "scheduled" => TransferStatus::Scheduled,
            "cancelled" => TransferStatus::Cancelled,
            "blocked" => TransferStatus::Blocked,
            "awaiting_cosign" => TransferStatus::AwaitingCosign,
            _ => return None,
        })
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            TransferStatus::Completed => "completed",
            TransferStatus::Scheduled => "scheduled",
            TransferStatus::Cancelled => "cancelled",
            TransferStatus::Blocked => "blocked",
            TransferStatus::AwaitingCosign => "awaiting_cosign",
        }
    }
}

/// A transfer as the bank holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferRecord {
    /// The bank's id.
    pub id: i64,
    /// Payee's name.
    pub payee_name: String,
    /// Payee's masked account.
    pub number: MaskedNumber,
    /// Amount.
    pub amount: Money,
    /// Note.
    pub note: String,
    /// Where it stands.
    pub status: TransferStatus,
    /// When a delayed transfer arrives.
    pub arrive_at: Option<DateTime<Utc>>,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

impl TransferRecord {
    /// Reads the bank's JSON for a transfer.
    pub fn from_json(v: &Value) -> Option<TransferRecord> {
        TransferRecord::from_wire(&wire::Transfer::deserialize(v).ok()?)
    }

    /// The transfer the bank sent.
    pub fn from_wire(t: &wire::Transfer) -> Option<TransferRecord> {
        Some(TransferRecord {
            id: t.id,
            payee_name: t.payee_name.clone(),
            number: MaskedNumber::from_full(&t.last4)?,
            amount: Money::cny(t.amount_fen),
            note: t.note.clone(),
            status: TransferStatus::from_code(&t.status)?,
            arrive_at: t.arrive_at.and_then(|a| DateTime::from_timestamp(a, 0)),
            created_at: DateTime::from_timestamp(t.created_at, 0)?,
        })
    }
}

/// The bank's risk answer (`{decision, reasons, category, wait_seconds}`):
/// reasons and a category this phone does not know are left out.
pub fn assessment_from_json(v: &Value) -> Option<Assessment> {
    assessment_from_wire(&wire::Risk::deserialize(v).ok()?)
}

/// The same, from the bank's answer as read.
pub fn assessment_from_wire(r: &wire::Risk) -> Option<Assessment> {
    Some(Assessment {
        decision: Decision::from_code(&r.decision)?,
        reasons: r
            .reasons
            .iter()
            .filter_map(|c| Reason::from_code(c))
            .collect(),
        category: r.category.as_deref().and_then(ScamCategory::from_code),
        wait_seconds: r.wait_seconds,
        ticket: None,
    })
}

/// The bank's answer with the ticket it issued for it (`{id,
/// ready_in_secs}` beside the risk): the wait shown is the ticket's.
pub fn assessment_with_ticket(risk: &Value, ticket: &Value) -> Option<Assessment> {
    let mut a = assessment_from_json(risk)?;
    if let Ok(t) = wire::Ticket::deserialize(ticket) {
        a.ticket = Some(super::risk::WarningTicket(t.id));
        if let Ok(wait) = u32::try_from(t.ready_in_secs) {
            a.wait_seconds = wait;
        }
    }
    Some(a)
}

/// Saved payees, by name.
pub async fn payees(conn: &mut SqliteConnection) -> Result<Vec<Payee>, StoreError> {
    let rows: Vec<(i64, String, Option<String>, String)> =
        sqlx::query_as("SELECT id, name, relationship, last4 FROM payees ORDER BY id")
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, relationship, last4)| {
            Some(Payee {
                id,
                name,
                relationship,
                number: MaskedNumber::from_full(&last4)?,
            })
        })
        .collect())
}

/// Recent transfers, newest first.
pub async fn recent(
    conn: &mut SqliteConnection,
    limit: i64,
) -> Result<Vec<TransferRecord>, StoreError> {
    type Row = (i64, String, String, i64, String, String, Option<i64>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, payee_name, last4, amount_fen, note, status, arrive_at, created_at FROM transfers \
         ORDER BY created_at DESC, id DESC LIMIT ?",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(id, payee_name, last4, amount, note, status, arrive_at, created_at)| {
                Some(TransferRecord {
                    id,
                    payee_name,
                    number: MaskedNumber::from_full(&last4)?,
                    amount: Money::cny(amount),
                    note,
                    status: TransferStatus::from_code(&status)?,
                    arrive_at: arrive_at.and_then(|t| DateTime::from_timestamp(t, 0)),
                    created_at: DateTime::from_timestamp(created_at, 0)?,
                })
            },
        )
        .collect())
}

/// Applies a `payee` change.
pub async fn upsert_payee(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let p = wire::Payee::deserialize(d)
        .ok()
        .filter(|p| p.last4.len() == 4)?;
    Some(
        sqlx::query(
            "INSERT INTO payees (id, name, relationship, last4) VALUES (?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET name = excluded.name, relationship = excluded.relationship, last4 = excluded.last4",
        )
        .bind(p.id)
        .bind(&p.name)
        .bind(&p.relationship)
        .bind(&p.last4)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(StoreError::from),
    )
}

/// Applies a `transfer` change (and settles the attempt it answers).
pub async fn upsert_transfer(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let t = wire::Transfer::deserialize(d).ok()?;
    let r = TransferRecord::from_wire(&t)?;
    let key = t.client_key.as_deref();
    let reasons = serde_json::to_string(&t.reasons).ok()?;
    let decision = t.decision.as_str();
    let from = t.from_account_id;
    let result = async {
        sqlx::query(
            "INSERT INTO transfers (id, client_key, from_account_id, payee_name, last4, amount_fen, note, status, decision, \
             reasons, arrive_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET status = excluded.status, arrive_at = excluded.arrive_at, \
             decision = excluded.decision, reasons = excluded.reasons",
        )
        .bind(r.id)
        .bind(key)
        .bind(from)
        .bind(&r.payee_name)
        .bind(r.number.last4())
        .bind(r.amount.fen())
        .bind(&r.note)
        .bind(r.status.code())
        .bind(decision)
        .bind(&reasons)
        .bind(r.arrive_at.map(|t| t.timestamp()))
        .bind(r.created_at.timestamp())
        .execute(&mut *conn)
        .await?;
        // The attempt it answers is settled: it (and a new payee's full
        // account number in it) is not kept.
        if let Some(key) = key {
            sqlx::query("DELETE FROM transfer_attempts WHERE client_key = ?")
                .bind(key)
                .execute(&mut *conn)
                .await?;
        }
        Ok::<(), sqlx::Error>(())
    }
    .await;
    Some(result.map_err(StoreError::from))
}

/// A draft waiting on this device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// Local id.
    pub local_id: i64,
    /// What was entered.
    pub draft: TransferDraft,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Drafts (never sent) and requests whose answer is unknown.
pub async fn attempts(
    conn: &mut SqliteConnection,
    state: &str,
) -> Result<Vec<(Draft, String)>, StoreError> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT local_id, client_key, request, created_at FROM transfer_attempts WHERE state = ? ORDER BY local_id",
    )
    .bind(state)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(local_id, key, request, created_at)| {
            let v: Value = serde_json::from_str(&request).ok()?;
            Some((
                Draft {
                    local_id,
                    draft: TransferDraft::from_json(&v)?,
                    created_at: DateTime::from_timestamp(created_at, 0)?,
                },
                key,
            ))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_survives_its_json() {
        for payee in [
            PayeeChoice::Saved { id: 3 },
            PayeeChoice::New {
                account: "6222 0212 3456 7890".into(),
                name: "王强".into(),
                relationship: Some("儿子".into()),
                save: true,
            },
        ] {
            let d = TransferDraft {
                from_account_id: 1,
                payee,
                amount: Money::cny(120_000),
                note: "生活费".into(),
                delay: Delay::TwoHours,
            };
            assert_eq!(TransferDraft::from_json(&d.to_json()), Some(d));
        }
    }
}
