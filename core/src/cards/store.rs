//! The cards' SQL on the device: the bank's state (from the change log) and
//! the locks still waiting in the outbox.

use super::{Card, CardKind, CardState, Lock, Locks, NIGHT_FROM_MIN, NIGHT_TO_MIN};
use crate::accounts::MaskedNumber;
use crate::accounts::demo::DemoBank;
use crate::bank::wire;
use crate::store::StoreError;
use crate::{AccountKind, sync::outbox};
use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// Home region of the demo elder's cards (上海).
pub const DEMO_HOME_REGION: &str = "310000";

/// The demo bank's cards: one for the debit account and one credit card,
/// with the account's id and last four digits.
pub fn demo_cards(bank: &DemoBank) -> Vec<(i64, CardKind, String)> {
    bank.accounts
        .iter()
        .filter_map(|a| match a.kind {
            AccountKind::Debit => Some((a.id, CardKind::Debit, a.last4.clone())),
            AccountKind::CreditCard { .. } => Some((a.id, CardKind::Credit, a.last4.clone())),
            _ => None,
        })
        .collect()
}

/// Writes the demo cards (all unlocked) inside the caller's transaction.
pub async fn insert_demo(conn: &mut SqliteConnection, bank: &DemoBank) -> Result<(), StoreError> {
    for (account_id, kind, last4) in demo_cards(bank) {
        upsert(
            conn,
            account_id,
            account_id,
            kind,
            &last4,
            &CardState {
                id: account_id,
                locks: Locks::default(),
                frozen: false,
                home_region: DEMO_HOME_REGION.into(),
                night_from: NIGHT_FROM_MIN,
                night_to: NIGHT_TO_MIN,
            },
        )
        .await?;
    }
    Ok(())
}

/// Applies a `card` change; `None` when it is not understood.
pub async fn apply(conn: &mut SqliteConnection, d: &Value) -> Option<Result<(), StoreError>> {
    let c = wire::Card::deserialize(d).ok()?;
    let kind = CardKind::from_code(&c.kind)?;
    if c.last4.len() != 4 {
        return None;
    }
    let state = CardState {
        id: c.id,
        locks: Locks {
            region: c.region_lock,
            overseas: c.overseas_lock,
            night: c.night_lock,
            online: c.online_lock,
        },
        frozen: c.frozen,
        home_region: c.home_region,
        night_from: u16::try_from(c.night_from).ok()?,
        night_to: u16::try_from(c.night_to).ok()?,
    };
    Some(upsert(conn, c.id, c.account_id, kind, &c.last4, &state).await)
}

/// Inserts or replaces a card as the bank holds it.
pub async fn upsert(
    conn: &mut SqliteConnection,
    id: i64,
    account_id: i64,
    kind: CardKind,
    last4: &str,
    state: &CardState,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO cards (id, account_id, kind, number_last4, home_region, region_lock, overseas_lock, night_lock, \
         online_lock, night_from, night_to, frozen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT(id) DO UPDATE SET account_id = excluded.account_id, kind = excluded.kind, \
         number_last4 = excluded.number_last4, home_region = excluded.home_region, region_lock = excluded.region_lock, \
         overseas_lock = excluded.overseas_lock, night_lock = excluded.night_lock, online_lock = excluded.online_lock, \
         night_from = excluded.night_from, night_to = excluded.night_to, frozen = excluded.frozen",
    )
    .bind(id)
    .bind(account_id)
    .bind(kind.code())
    .bind(last4)
    .bind(&state.home_region)
    .bind(state.locks.region)
    .bind(state.locks.overseas)
    .bind(state.locks.night)
    .bind(state.locks.online)
    .bind(i64::from(state.night_from))
    .bind(i64::from(state.night_to))
    .bind(state.frozen)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every card with the bank's state and what is still queued.
pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<Card>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        account_id: i64,
        kind: String,
        number_last4: String,
        home_region: String,
        region_lock: bool,
        overseas_lock: bool,
        night_lock: bool,
        online_lock: bool,
        night_from: i64,
        night_to: i64,
        frozen: bool,
    }
    let rows: Vec<Row> = sqlx::query_as("SELECT * FROM cards ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let pending = outbox::unsettled(&mut *conn).await?;
    let pending: Vec<&outbox::OutboxItem> = pending
        .iter()
        .filter(|i| i.state == outbox::OutboxState::Pending)
        .collect();
    let freeze_pending = pending.iter().any(|i| i.kind == "scam_report");
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let mut queued = Locks::default();
            for item in &pending {
                if item.kind == "card_lock"
                    && item.body["card_id"].as_i64() == Some(r.id)
                    && item.body["on"].as_bool() == Some(true)
                    && let Some(lock) = item.body["lock"].as_str().and_then(Lock::from_code)
                {
                    queued.set(lock, true);
                }
            }
            Some(Card {
                account_id: r.account_id,
                kind: CardKind::from_code(&r.kind)?,
                number: MaskedNumber::from_full(&r.number_last4)?,
                state: CardState {
                    id: r.id,
                    locks: Locks {
                        region: r.region_lock,
                        overseas: r.overseas_lock,
                        night: r.night_lock,
                        online: r.online_lock,
                    },
                    frozen: r.frozen,
                    home_region: r.home_region,
                    night_from: u16::try_from(r.night_from).unwrap_or(NIGHT_FROM_MIN),
                    night_to: u16::try_from(r.night_to).unwrap_or(NIGHT_TO_MIN),
                },
                queued,
                freeze_queued: freeze_pending,
            })
        })
        .collect())
}
