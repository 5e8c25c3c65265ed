//! Cards at the sandbox bank: locks set from devices, the freeze after a
//! scam report, and simulated authorisations that testers call.
//!
//! - command `card_lock` `{card_id, lock: region|overseas|night|online, on}`
//! - command `scam_report` `{}`: every card of the customer frozen, every lock on
//! - `POST /v1/cards/authorize` `{card_id, channel: atm|pos|online, country,
//!   region?, amount_fen, at?}` → `{approved, reason?}` (the decision is
//!   `happylife_core::cards::authorize`, the same rule the app explains)

use crate::AppState;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use happylife_core::accounts::demo::DemoBank;
use happylife_core::bank::wire::{self, CommandDone, wire_body};
use happylife_core::cards::{
    self, Authorization, CardState, Channel, Lock, Locks, NIGHT_FROM_MIN, NIGHT_TO_MIN,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

const COLUMNS: &str = "id, customer_id, account_id, kind, last4, home_region, region_lock, overseas_lock, \
                       night_lock, online_lock, night_from, night_to, frozen";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    customer_id: String,
    account_id: i64,
    kind: String,
    last4: String,
    home_region: String,
    region_lock: i64,
    overseas_lock: i64,
    night_lock: i64,
    online_lock: i64,
    night_from: i64,
    night_to: i64,
    frozen: i64,
}

impl Row {
    fn state(&self) -> CardState {
        CardState {
            id: self.id,
            locks: Locks {
                region: self.region_lock != 0,
                overseas: self.overseas_lock != 0,
                night: self.night_lock != 0,
                online: self.online_lock != 0,
            },
            frozen: self.frozen != 0,
            home_region: self.home_region.clone(),
            night_from: u16::try_from(self.night_from).unwrap_or(NIGHT_FROM_MIN),
            night_to: u16::try_from(self.night_to).unwrap_or(NIGHT_TO_MIN),
        }
    }

    /// The card as devices receive it (last four digits only).
    fn wire(&self) -> wire::Card {
        wire::Card {
            id: self.id,
            account_id: self.account_id,
            kind: self.kind.clone(),
            last4: self.last4.clone(),
            home_region: self.home_region.clone(),
            region_lock: self.region_lock != 0,
            overseas_lock: self.overseas_lock != 0,
            night_lock: self.night_lock != 0,
            online_lock: self.online_lock != 0,
            night_from: self.night_from,
            night_to: self.night_to,
            frozen: self.frozen != 0,
        }
    }

    /// [`Row::wire`] as JSON, for the change log.
    fn json(&self) -> Value {
        wire_body(&self.wire())
    }
}

async fn load(tx: &mut Tx<'_>, card_id: i64) -> Result<Option<Row>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM cards WHERE id = $1"
    )))
    .bind(card_id)
    .fetch_optional(&mut **tx)
    .await
}

/// Writes the demo cards and their change rows (caller holds the change-log lock).
pub async fn seed(tx: &mut Tx<'_>, bank: &DemoBank, at: i64) -> Result<(), sqlx::Error> {
    let customer = &bank.customer.id;
    for (account_id, kind, last4) in cards::store::demo_cards(bank) {
        sqlx::query(
            "INSERT INTO cards (id, customer_id, account_id, kind, last4, home_region, night_from, night_to) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(account_id)
        .bind(customer)
        .bind(account_id)
        .bind(kind.code())
        .bind(&last4)
        .bind(cards::store::DEMO_HOME_REGION)
        .bind(i64::from(NIGHT_FROM_MIN))
        .bind(i64::from(NIGHT_TO_MIN))
        .execute(&mut **tx)
        .await?;
        let row = load(tx, account_id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        insert_change(
            tx,
            customer,
            "card",
            &account_id.to_string(),
            &row.json(),
            at,
        )
        .await?;
    }
    Ok(())
}

/// Runs a `card_lock` command inside the command's transaction.
pub async fn set_lock(
    tx: &mut Tx<'_>,
    customer_id: &str,
    card_id: i64,
    lock: Lock,
    on: bool,
    now: i64,
) -> Result<CommandDone, ApiError> {
    let row = load(tx, card_id)
        .await?
        .filter(|r| r.customer_id == customer_id)
        .ok_or_else(|| ApiError::not_found("unknown_card", "no such card for this customer"))?;
    if row.frozen != 0 && !on {
        return Err(ApiError::conflict(
            "card_frozen",
            "the card is frozen after a scam report; it is unfrozen at a branch",
        ));
    }
    let column = match lock {
        Lock::Region => "region_lock",
        Lock::Overseas => "overseas_lock",
        Lock::Night => "night_lock",
        Lock::Online => "online_lock",
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE cards SET {column} = $1 WHERE id = $2"
    )))
    .bind(i64::from(on))
    .bind(card_id)
    .execute(&mut **tx)
    .await?;
    let row = load(tx, card_id).await?.ok_or_else(ApiError::internal)?;
    insert_change(
        tx,
        customer_id,
        "card",
        &card_id.to_string(),
        &row.json(),
        now,
    )
    .await?;
    if !on {
        crate::family::alert(
            tx,
            customer_id,
            happylife_core::family::AlertKind::CardUnlocked,
            None,
            None,
            now,
        )
        .await?;
    }
    tracing::info!(card = card_id, lock = lock.code(), on, "card lock changed");
    Ok(CommandDone {
        card: Some(row.wire()),
        ..CommandDone::new("applied")
    })
}

/// Runs a `scam_report` command (我被骗了): every card frozen with every
/// lock on, every transfer still waiting cancelled (delayed money back),
/// every session on her other phones ended, her family told.
pub async fn report_scam(
    tx: &mut Tx<'_>,
    customer_id: &str,
    device_id: &str,
    client_key: &str,
    now: i64,
) -> Result<CommandDone, ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO scam_reports (customer_id, device_id, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(customer_id)
    .bind(device_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE cards SET frozen = 1, region_lock = 1, overseas_lock = 1, night_lock = 1, online_lock = 1 \
         WHERE customer_id = $1",
    )
    .bind(customer_id)
    .execute(&mut **tx)
    .await?;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM cards WHERE customer_id = $1 ORDER BY id")
            .bind(customer_id)
            .fetch_all(&mut **tx)
            .await?;
    for card_id in &ids {
        let row = load(tx, *card_id).await?.ok_or_else(ApiError::internal)?;
        insert_change(
            tx,
            customer_id,
            "card",
            &card_id.to_string(),
            &row.json(),
            now,
        )
        .await?;
    }
    // Every transfer still waiting stops, and its money comes back.
    let cancelled = crate::transfers::cancel_waiting(tx, customer_id, now).await?;
    // Whoever is logged in on her other phones is logged out.
    let ended = sqlx::query(
        "UPDATE sessions SET ended_at = $1 WHERE ended_at IS NULL AND device_id IN \
         (SELECT id FROM devices WHERE customer_id = $2 AND id <> $3)",
    )
    .bind(now)
    .bind(customer_id)
    .bind(device_id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    let report = wire::ScamReport {
        id,
        created_at: now,
        client_key: Some(client_key.to_string()),
        cards_frozen: ids.len() as u64,
        transfers_cancelled: cancelled,
        sessions_ended: ended,
    };
    insert_change(
        tx,
        customer_id,
        "scam_report",
        &id.to_string(),
        &wire_body(&report),
        now,
    )
    .await?;
    crate::family::alert(
        tx,
        customer_id,
        happylife_core::family::AlertKind::ScamReported,
        None,
        None,
        now,
    )
    .await?;
    tracing::warn!(
        cards = ids.len(),
        transfers = cancelled,
        sessions = ended,
        "scam reported: every card frozen, waiting transfers cancelled, other phones logged out"
    );
    Ok(CommandDone {
        scam_report: Some(report),
        ..CommandDone::new("received")
    })
}

/// The way back after 我被骗了, when its wait is over: every card of hers
/// unfrozen (the locks stay on until she turns them off), and her devices
/// told (caller holds the change-log lock).
pub(crate) async fn unfreeze_all(
    tx: &mut Tx<'_>,
    customer_id: &str,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE cards SET frozen = 0 WHERE customer_id = $1")
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM cards WHERE customer_id = $1 ORDER BY id")
            .bind(customer_id)
            .fetch_all(&mut **tx)
            .await?;
    for card_id in ids {
        let row = load(tx, card_id).await?.ok_or_else(ApiError::internal)?;
        insert_change(
            tx,
            customer_id,
            "card",
            &card_id.to_string(),
            &row.json(),
            now,
        )
        .await?;
    }
    Ok(())
}

/// `POST /v1/cards/authorize`: a simulated authorisation, as the card
/// network sends it (sandbox).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuthorizeRequest {
    /// The card.
    pub card_id: i64,
    /// Where it is used.
    pub channel: Channel,
    /// Two-letter country code (`CN`, `JP`); upper case once checked.
    #[schema(pattern = "^[A-Za-z]{2}$")]
    pub country: String,
    /// Six-digit province code (`310000`).
    #[serde(default)]
    #[schema(pattern = "^[0-9]{6}$")]
    pub region: Option<String>,
    /// The amount, in fen.
    #[schema(minimum = 1)]
    pub amount_fen: i64,
    /// When (RFC 3339 with an offset); now by default.
    #[serde(default)]
    #[schema(format = DateTime)]
    pub at: Option<String>,
}

impl AuthorizeRequest {
    /// When it happens, if given (checked by [`authorize_request`]).
    pub fn at(&self) -> Option<chrono::DateTime<chrono::FixedOffset>> {
        self.at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
    }
}

/// The authorisation's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuthorizeDecision {
    /// Approved or refused.
    pub approved: bool,
    /// Why refused: `frozen`, `region_lock`, `overseas_lock`, `night_lock`,
    /// `online_lock` (`null` when approved).
    pub reason: Option<String>,
}

/// Field `name` of `body` as a `T`, when it is there and is one.
fn field<T: DeserializeOwned>(body: &Value, name: &str) -> Option<T> {
    body.get(name).and_then(|v| T::deserialize(v).ok())
}

/// Checks the body of `POST /v1/cards/authorize` field by field, each with
/// its own refusal (nothing read from the database).
pub(crate) fn authorize_request(body: &Value) -> Result<AuthorizeRequest, ApiError> {
    let invalid = |message: &str| ApiError::unprocessable("invalid_field", message);
    let card_id =
        field::<i64>(body, "card_id").ok_or_else(|| invalid("card_id must be a card id"))?;
    let channel = field::<Channel>(body, "channel")
        .ok_or_else(|| invalid("channel must be atm, pos or online"))?;
    let country = field::<String>(body, "country")
        .filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_alphabetic()))
        .ok_or_else(|| invalid("country must be a two-letter code such as CN or JP"))?
        .to_ascii_uppercase();
    let region = match body.get("region") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            String::deserialize(v)
                .ok()
                .filter(|r| r.len() == 6 && r.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    invalid("region must be a six-digit province code such as 310000")
                })?,
        ),
    };
    let amount_fen = field::<i64>(body, "amount_fen")
        .filter(|a| *a > 0)
        .ok_or_else(|| invalid("amount_fen must be a whole number above 0"))?;
    let at = match body.get("at") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            String::deserialize(v)
                .ok()
                .filter(|t| chrono::DateTime::parse_from_rfc3339(t).is_ok())
                .ok_or_else(|| invalid("at must be RFC 3339 with an offset"))?,
        ),
    };
    Ok(AuthorizeRequest {
        card_id,
        channel,
        country,
        region,
        amount_fen,
        at,
    })
}

/// `POST /v1/cards/authorize`: a simulated ATM, POS or online authorisation.
#[utoipa::path(
    post,
    path = "/v1/cards/authorize",
    tag = "sandbox",
    summary = "A simulated ATM, POS or online authorisation (sandbox)",
    request_body = AuthorizeRequest,
    responses(
        (status = 200, description = "the decision (a refusal names its lock)", body = AuthorizeDecision),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn authorize(
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<AuthorizeDecision>, ApiError> {
    let body = crate::http::json_body(body)?;
    let request = authorize_request(&body)?;
    let at = request.at().unwrap_or_else(|| state.at());
    let AuthorizeRequest {
        card_id,
        channel,
        country,
        region,
        amount_fen: amount,
        ..
    } = request;
    let mut tx = state.db.begin().await?;
    let row = load(&mut tx, card_id)
        .await?
        .ok_or_else(|| ApiError::not_found("unknown_card", "no such card"))?;
    let decision = cards::authorize(
        &row.state(),
        &Authorization {
            channel,
            country: country.clone(),
            region: region.clone(),
            at,
        },
    );
    let reason = decision.err().map(|d| d.code());
    sqlx::query(
        "INSERT INTO authorizations (card_id, channel, country, region, amount_fen, at, approved, reason) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(card_id)
    .bind(channel.code())
    .bind(&country)
    .bind(region)
    .bind(amount)
    .bind(at.timestamp())
    .bind(i64::from(reason.is_none()))
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Json(AuthorizeDecision {
        approved: reason.is_none(),
        reason: reason.map(String::from),
    }))
}
