//! Bills at the sandbox bank: utility accounts and their monthly bills,
//! credit-card statements (paid onto the card), and auto-pay agreements.
//!
//! - `POST /v1/bills/{id}/pay` with `Idempotency-Key`, `{from_account_id, amount_fen}`:
//!   the bill paid from a debit account, once; the amount must be the bill's
//! - `POST /v1/autopay` with `Idempotency-Key`, `{bill_account_id, from_account_id, limit_fen}`
//! - command `autopay_cancel` `{agreement_id}` (queued offline on the phone)
//! - on every pull, agreements pay the bills whose due date has come, when
//!   the bill is within the agreement's limit and the balance covers it

use crate::AppState;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody, Idempotent, json_body};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{Days, NaiveDate};
use happylife_core::bank::wire::{
    Account, AccountDetails, Autopay, AutopayCreated, AutopayRequest, Bill, BillAccount, BillPaid,
    CommandDone, PayBill, wire_body,
};
use happylife_core::bills::{BillError, BillKind};
use serde_json::Value;
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// A demo utility: (id, kind, provider, last4, [(amount, issued, due (days from
/// today), paid); 2]).
type Utility = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    [(i64, i64, i64, bool); 2],
);

fn refusal(e: BillError) -> ApiError {
    match e {
        BillError::NotFound => ApiError::not_found(
            e.code(),
            "no such bill or utility account for this customer",
        ),
        BillError::AlreadyPaid => ApiError::conflict(e.code(), "this bill has already been paid"),
        BillError::AlreadyOnAutopay => {
            ApiError::conflict(e.code(), "this account already has an auto-pay agreement")
        }
        BillError::LimitOutOfRange => {
            ApiError::unprocessable(e.code(), "limit_fen must be from 1 to 500000")
        }
        BillError::NotAUtility => ApiError::unprocessable(
            e.code(),
            "auto-pay is for water, electricity, gas and phone",
        ),
    }
}

async fn debit_of(tx: &mut Tx<'_>, customer: &str, account: i64) -> Result<i64, ApiError> {
    let balance: Option<(String, i64)> =
        sqlx::query_as("SELECT kind, balance_fen FROM accounts WHERE id = $1 AND customer_id = $2")
            .bind(account)
            .bind(customer)
            .fetch_optional(&mut **tx)
            .await?;
    match balance {
        Some((kind, b)) if kind == "debit" => Ok(b),
        _ => Err(ApiError::unprocessable(
            "invalid_account",
            "payments leave from one of your debit accounts",
        )),
    }
}

#[derive(sqlx::FromRow)]
struct BillRow {
    id: i64,
    bill_account_id: i64,
    period: String,
    amount_fen: i64,
    issued_on: String,
    due_on: String,
    status: String,
    paid_by: Option<String>,
    paid_at: Option<i64>,
}

impl BillRow {
    /// The bill as devices receive it.
    fn wire(&self) -> Bill {
        Bill {
            id: self.id,
            bill_account_id: self.bill_account_id,
            period: self.period.clone(),
            amount_fen: self.amount_fen,
            issued_on: self.issued_on.clone(),
            due_on: self.due_on.clone(),
            status: self.status.clone(),
            paid_by: self.paid_by.clone(),
            paid_at: self.paid_at,
        }
    }
}

/// Who pays a bill.
pub(crate) enum Payer {
    /// She does, having confirmed this amount (it must be the bill's).
    Customer { confirmed_fen: Option<i64> },
    /// A helper or guardian does, from her account, having confirmed this
    /// amount (the role is checked before).
    Family { confirmed_fen: Option<i64> },
    /// Her agreement does, on the due date.
    Autopay,
}

/// A bill with what paying it needs from its utility account.
#[derive(sqlx::FromRow)]
struct Payable {
    #[sqlx(flatten)]
    bill: BillRow,
    kind: String,
    provider: String,
    pay_to_account: Option<i64>,
}

const BILL_COLUMNS: &str = "b.id, b.bill_account_id, b.period, b.amount_fen, b.issued_on, b.due_on, b.status, b.paid_by, b.paid_at";

/// Pays one bill inside `tx`: debit out, card in (for a statement), the
/// bill marked paid, every change logged. The bill must still be unpaid.
pub(crate) async fn pay(
    tx: &mut Tx<'_>,
    customer: &str,
    bill_id: i64,
    from: i64,
    payer: Payer,
    now: i64,
) -> Result<Bill, ApiError> {
    let payable: Option<Payable> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {BILL_COLUMNS}, a.kind, a.provider, a.pay_to_account FROM bills b \
         JOIN bill_accounts a ON a.id = b.bill_account_id WHERE b.id = $1 AND a.customer_id = $2"
    )))
    .bind(bill_id)
    .bind(customer)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(Payable {
        bill,
        kind,
        provider,
        pay_to_account: pay_to,
    }) = payable
    else {
        return Err(refusal(BillError::NotFound));
    };
    // The amount she confirmed must be the bill's own.
    let by = match payer {
        Payer::Customer { confirmed_fen } | Payer::Family { confirmed_fen }
            if confirmed_fen != Some(bill.amount_fen) =>
        {
            return Err(ApiError::unprocessable(
                "invalid_amount",
                "amount_fen must be the bill's amount",
            ));
        }
        Payer::Customer { .. } => "customer",
        Payer::Family { .. } => "family",
        Payer::Autopay => "autopay",
    };
    let balance = debit_of(tx, customer, from).await?;
    // Only one payment ever: the row changes from unpaid once.
    let taken = sqlx::query(
        "UPDATE bills SET status = 'paid', paid_by = $1, paid_at = $2 WHERE id = $3 AND status = 'unpaid'",
    )
    .bind(by)
    .bind(now)
    .bind(bill_id)
    .execute(&mut **tx)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(refusal(BillError::AlreadyPaid));
    }
    if balance < bill.amount_fen {
        return Err(ApiError::conflict(
            "insufficient_funds",
            "the balance does not cover this bill",
        ));
    }
    let kind = BillKind::from_code(&kind).ok_or_else(ApiError::internal)?;
    let category = match kind {
        BillKind::CreditCard => "card_repayment",
        other => other.code(),
    };
    crate::ledger::post(
        tx,
        customer,
        from,
        -bill.amount_fen,
        category,
        &provider,
        now,
    )
    .await?;
    if let (BillKind::CreditCard, Some(card)) = (kind, pay_to) {
        crate::ledger::post(
            tx,
            customer,
            card,
            bill.amount_fen,
            "card_repayment_received",
            &provider,
            now,
        )
        .await?;
    }
    let paid = BillRow {
        status: "paid".into(),
        paid_by: Some(by.into()),
        paid_at: Some(now),
        ..bill
    };
    let paid = paid.wire();
    insert_change(
        tx,
        customer,
        "bill",
        &bill_id.to_string(),
        &wire_body(&paid),
        now,
    )
    .await?;
    Ok(paid)
}

/// The checked body of `POST /v1/bills/{id}/pay`: (from account, the
/// amount she confirmed, if sent).
pub(crate) fn bill_payment(body: &Value) -> Result<(i64, Option<i64>), ApiError> {
    let p = PayBill::decode(body)?;
    Ok((p.from_account_id, p.amount_fen))
}

/// The checked body of `POST /v1/autopay`: (bill account, from account,
/// limit in fen).
pub(crate) fn autopay_request(body: &Value) -> Result<(i64, i64, i64), ApiError> {
    let a = AutopayRequest::decode(body)?;
    Ok((a.bill_account_id, a.from_account_id, a.limit_fen))
}

/// `POST /v1/bills/{id}/pay`
#[utoipa::path(
    post,
    path = "/v1/bills/{id}/pay",
    tag = "bills",
    summary = "Pay a bill from a debit account, once",
    params(
        ("id" = i64, Path, description = "bill id"),
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = PayBill,
    security(("device" = [])),
    responses(
        (status = 201, description = "paid", body = BillPaid),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn pay_bill(
    State(state): State<AppState>,
    Path(bill_id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let bill_id: i64 = bill_id.parse().map_err(|_| refusal(BillError::NotFound))?;
    let req = match Idempotent::begin(&state, &headers, body, &format!("bill/{bill_id}")).await? {
        Ok(req) => req,
        Err(replay) => return Ok(replay),
    };
    let (customer, body) = (req.customer.clone(), &req.body);
    let (from, confirmed_fen) = bill_payment(body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let bill = pay(
        &mut tx,
        &customer,
        bill_id,
        from,
        Payer::Customer { confirmed_fen },
        now,
    )
    .await?;
    req.created(tx, wire_body(&BillPaid { bill }), now).await
}

fn agreement(id: i64, account: i64, from: i64, limit: i64, status: &str, created: i64) -> Autopay {
    Autopay {
        id,
        bill_account_id: account,
        from_account_id: from,
        limit_fen: limit,
        status: status.into(),
        created_at: created,
    }
}

/// `POST /v1/autopay`
#[utoipa::path(
    post,
    path = "/v1/autopay",
    tag = "bills",
    summary = "Sign an auto-pay agreement for a utility account",
    params(
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = AutopayRequest,
    security(("device" = [])),
    responses(
        (status = 201, description = "the agreement", body = AutopayCreated),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn create_autopay(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = match Idempotent::begin(&state, &headers, body, "autopay").await? {
        Ok(req) => req,
        Err(replay) => return Ok(replay),
    };
    let (customer, body) = (req.customer.clone(), &req.body);
    let (account, from, limit) = autopay_request(body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let kind: Option<String> =
        sqlx::query_scalar("SELECT kind FROM bill_accounts WHERE id = $1 AND customer_id = $2")
            .bind(account)
            .bind(&customer)
            .fetch_optional(&mut *tx)
            .await?;
    match kind.as_deref().and_then(BillKind::from_code) {
        None => return Err(refusal(BillError::NotFound)),
        Some(BillKind::CreditCard) => return Err(refusal(BillError::NotAUtility)),
        Some(_) => {}
    }
    debit_of(&mut tx, &customer, from).await?;
    let active: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM autopay_agreements WHERE bill_account_id = $1 AND status = 'active'",
    )
    .bind(account)
    .fetch_one(&mut *tx)
    .await?;
    if active > 0 {
        return Err(refusal(BillError::AlreadyOnAutopay));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO autopay_agreements (customer_id, bill_account_id, from_account_id, limit_fen, status, created_at) \
         VALUES ($1, $2, $3, $4, 'active', $5) RETURNING id",
    )
    .bind(&customer)
    .bind(account)
    .bind(from)
    .bind(limit)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let autopay = agreement(id, account, from, limit, "active", now);
    let data = wire_body(&autopay);
    insert_change(&mut tx, &customer, "autopay", &id.to_string(), &data, now).await?;
    req.created(tx, wire_body(&AutopayCreated { autopay }), now)
        .await
}

/// Cancels an agreement inside the command's transaction (cancelling one
/// already cancelled is not an error: the phone may have sent it twice).
pub(crate) async fn cancel(
    tx: &mut Tx<'_>,
    customer: &str,
    agreement: i64,
    now: i64,
) -> Result<CommandDone, ApiError> {
    let row: Option<(i64, i64, i64, String, i64)> = sqlx::query_as(
        "SELECT bill_account_id, from_account_id, limit_fen, status, created_at FROM autopay_agreements \
         WHERE id = $1 AND customer_id = $2",
    )
    .bind(agreement)
    .bind(customer)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((account, from, limit, status, created)) = row else {
        return Err(refusal(BillError::NotFound));
    };
    if status == "active" {
        sqlx::query(
            "UPDATE autopay_agreements SET status = 'cancelled', cancelled_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(agreement)
        .execute(&mut **tx)
        .await?;
    }
    let autopay = self::agreement(agreement, account, from, limit, "cancelled", created);
    let data = wire_body(&autopay);
    insert_change(tx, customer, "autopay", &agreement.to_string(), &data, now).await?;
    Ok(CommandDone {
        autopay: Some(autopay),
        ..CommandDone::new("cancelled")
    })
}

/// Pays, by agreement, every bill of `customer` due today or earlier that
/// its agreement covers. A bill above the limit, or one the balance does not
/// cover, stays unpaid (and on her reminders).
pub async fn settle_autopay(state: &AppState, customer: &str) -> Result<(), ApiError> {
    let today = state.at().date_naive().to_string();
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT b.id, p.from_account_id FROM bills b JOIN autopay_agreements p ON p.bill_account_id = b.bill_account_id \
         WHERE p.customer_id = $1 AND p.status = 'active' AND b.status = 'unpaid' AND b.due_on <= $2 \
         AND b.amount_fen <= p.limit_fen ORDER BY b.due_on, b.id",
    )
    .bind(customer)
    .bind(&today)
    .fetch_all(&state.db.pool)
    .await?;
    for (bill, from) in due {
        let now = state.now();
        let mut tx = state.db.begin().await?;
        state.db.lock_change_log(&mut tx).await?;
        match pay(&mut tx, customer, bill, from, Payer::Autopay, now).await {
            Ok(_) => tx.commit().await?,
            // Paid meanwhile, or not covered: leave it for her.
            Err(_) => tx.rollback().await?,
        }
    }
    Ok(())
}

/// The card's (statement, minimum payment): when the last statement was
/// repaid and the card owes money, what it owes is this month's statement.
pub(crate) fn current_statement(statement_fen: i64, min_fen: i64, balance_fen: i64) -> (i64, i64) {
    if statement_fen == 0 && balance_fen < 0 {
        let owed = -balance_fen;
        (owed, (owed / 10).max(owed.min(10_000)))
    } else {
        (statement_fen, min_fen)
    }
}

/// The demo elder's utilities, this month's bills, the card's statement as
/// a bill, and an agreement for electricity. Written once.
pub async fn seed(
    tx: &mut Tx<'_>,
    customer: &str,
    today: NaiveDate,
    at: i64,
) -> Result<(), sqlx::Error> {
    let exists: i64 =
        sqlx::query_scalar("SELECT count(*) FROM bill_accounts WHERE customer_id = $1")
            .bind(customer)
            .fetch_one(&mut **tx)
            .await?;
    if exists > 0 {
        return Ok(());
    }
    let day = |offset: i64| {
        if offset >= 0 {
            today + Days::new(offset as u64)
        } else {
            today - Days::new(offset.unsigned_abs())
        }
    };
    // (id, kind, provider, last4, [(period, amount, issued offset, due offset, paid)])
    let month = |back: u32| {
        let d = today
            .checked_sub_months(chrono::Months::new(back))
            .unwrap_or(today);
        d.format("%Y-%m").to_string()
    };
    let utilities: [Utility; 4] = [
        (
            701,
            "water",
            "北京自来水集团",
            "2231",
            [(4_120, -35, -20, true), (3_850, -5, 10, false)],
        ),
        (
            702,
            "electricity",
            "国网北京电力",
            "0451",
            [(13_480, -34, -19, true), (12_630, -4, 15, false)],
        ),
        (
            703,
            "gas",
            "北京燃气集团",
            "7762",
            [(7_200, -33, -18, true), (6_500, -3, 13, false)],
        ),
        (
            704,
            "phone",
            "中国移动",
            "8866",
            [(5_800, -37, -22, true), (5_800, -7, 6, false)],
        ),
    ];
    let mut bill_id = 7_000;
    for (id, kind, provider, last4, bills) in utilities {
        insert_account(tx, customer, id, kind, provider, last4, None, at).await?;
        for (back, (amount, issued, due, paid)) in bills.into_iter().enumerate() {
            bill_id += 1;
            let row = BillRow {
                id: bill_id,
                bill_account_id: id,
                period: month(if back == 0 { 2 } else { 1 }),
                amount_fen: amount,
                issued_on: day(issued).to_string(),
                due_on: day(due).to_string(),
                status: if paid { "paid" } else { "unpaid" }.into(),
                paid_by: paid.then(|| {
                    if kind == "electricity" {
                        "autopay"
                    } else {
                        "customer"
                    }
                    .to_string()
                }),
                paid_at: paid.then_some(at - (-due) * 86_400),
            };
            insert_bill(tx, customer, &row, at).await?;
        }
    }
    // The credit card's current statement, from the card account's details.
    let card: Option<(i64, String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT id, number_last4, details, balance_fen, opened_on, sort_order FROM accounts \
         WHERE customer_id = $1 AND kind = 'credit_card' ORDER BY id LIMIT 1",
    )
    .bind(customer)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some((card_id, last4, details, balance, opened, order)) = card {
        let mut d: AccountDetails = serde_json::from_str(&details).unwrap_or_default();
        let mut statement = d.statement_fen.unwrap_or(0);
        let due = d
            .due_on
            .as_deref()
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
        if statement == 0 && balance < 0 {
            // A bank from before bills: its card account learns the statement.
            let min;
            (statement, min) = current_statement(0, 0, balance);
            d.statement_fen = Some(statement);
            d.min_payment_fen = Some(min);
            sqlx::query("UPDATE accounts SET details = $1 WHERE id = $2")
                .bind(wire_body(&d).to_string())
                .bind(card_id)
                .execute(&mut **tx)
                .await?;
            let a = Account {
                id: card_id,
                kind: "credit_card".into(),
                last4: last4.clone(),
                currency: "CNY".into(),
                balance_fen: balance,
                opened_on: opened,
                sort_order: order,
                details: d,
            };
            let a = wire_body(&a);
            insert_change(tx, customer, "account", &card_id.to_string(), &a, at).await?;
        }
        insert_account(
            tx,
            customer,
            705,
            "credit_card",
            "信用卡",
            &last4,
            Some(card_id),
            at,
        )
        .await?;
        if let (true, Some(due)) = (statement > 0, due) {
            let row = BillRow {
                id: 7_100,
                bill_account_id: 705,
                period: month(1),
                amount_fen: statement,
                issued_on: (due - Days::new(25)).min(today).to_string(),
                due_on: due.to_string(),
                status: "unpaid".into(),
                paid_by: None,
                paid_at: None,
            };
            insert_bill(tx, customer, &row, at).await?;
        }
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO autopay_agreements (customer_id, bill_account_id, from_account_id, limit_fen, status, created_at) \
         VALUES ($1, 702, 1, 30000, 'active', $2) RETURNING id",
    )
    .bind(customer)
    .bind(at - 400 * 86_400)
    .fetch_one(&mut **tx)
    .await?;
    let data = wire_body(&agreement(id, 702, 1, 30_000, "active", at - 400 * 86_400));
    insert_change(tx, customer, "autopay", &id.to_string(), &data, at).await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_account(
    tx: &mut Tx<'_>,
    customer: &str,
    id: i64,
    kind: &str,
    provider: &str,
    last4: &str,
    pay_to: Option<i64>,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bill_accounts (id, customer_id, kind, provider, last4, pay_to_account) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(customer)
    .bind(kind)
    .bind(provider)
    .bind(last4)
    .bind(pay_to)
    .execute(&mut **tx)
    .await?;
    let data = wire_body(&BillAccount {
        id,
        kind: kind.into(),
        provider: provider.into(),
        last4: last4.into(),
    });
    insert_change(tx, customer, "bill_account", &id.to_string(), &data, at).await
}

async fn insert_bill(
    tx: &mut Tx<'_>,
    customer: &str,
    b: &BillRow,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO bills (id, bill_account_id, period, amount_fen, issued_on, due_on, status, paid_by, paid_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(b.id)
    .bind(b.bill_account_id)
    .bind(&b.period)
    .bind(b.amount_fen)
    .bind(&b.issued_on)
    .bind(&b.due_on)
    .bind(&b.status)
    .bind(&b.paid_by)
    .bind(b.paid_at)
    .execute(&mut **tx)
    .await?;
    insert_change(
        tx,
        customer,
        "bill",
        &b.id.to_string(),
        &wire_body(&b.wire()),
        at,
    )
    .await
}

/// Sandbox: a new bill for one of a customer's utility accounts (testers
/// use it to see a reminder and auto-pay at work).
#[utoipa::path(
    post,
    path = "/v1/sandbox/bill-accounts/{id}/bills",
    tag = "sandbox",
    summary = "Issue a new bill for a utility account (sandbox)",
    params(
        ("id" = i64, Path, description = "bill account id")
    ),
    request_body = IssueBill,
    responses(
        (status = 201, description = "the bill", body = BillPaid),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn sandbox_issue(
    State(state): State<AppState>,
    Path(account): Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let account: i64 = account.parse().map_err(|_| refusal(BillError::NotFound))?;
    let body = json_body(body)?;
    let IssueBill {
        amount_fen: amount,
        due_on: due,
    } = IssueBill::decode(&body)?;
    let now = state.now();
    let today = state.at().date_naive();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let customer: Option<String> =
        sqlx::query_scalar("SELECT customer_id FROM bill_accounts WHERE id = $1")
            .bind(account)
            .fetch_optional(&mut *tx)
            .await?;
    let customer = customer.ok_or_else(|| refusal(BillError::NotFound))?;
    let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM bills")
        .fetch_one(&mut *tx)
        .await?;
    let row = BillRow {
        id,
        bill_account_id: account,
        period: today.format("%Y-%m").to_string(),
        amount_fen: amount,
        issued_on: today.to_string(),
        due_on: due.to_string(),
        status: "unpaid".into(),
        paid_by: None,
        paid_at: None,
    };
    insert_bill(&mut tx, &customer, &row, now).await?;
    tx.commit().await?;
    let answer = BillPaid { bill: row.wire() };
    Ok((StatusCode::CREATED, Json(wire_body(&answer))).into_response())
}

/// Largest sandbox bill, in fen (¥1,000,000).
const MAX_BILL_FEN: i64 = 100_000_000;

/// `POST /v1/sandbox/bill-accounts/{id}/bills`: a new bill (testers only).
#[derive(ToSchema)]
pub struct IssueBill {
    /// Fen, 1–100000000.
    #[schema(minimum = 1, maximum = 100_000_000)]
    pub amount_fen: i64,
    /// `2026-12-10`.
    #[schema(value_type = String, format = Date)]
    pub due_on: NaiveDate,
}

impl IssueBill {
    /// The bill in `body`: `invalid_amount` (not 1 to [`MAX_BILL_FEN`]),
    /// `invalid_field` (no date).
    pub(crate) fn decode(body: &Value) -> Result<IssueBill, ApiError> {
        let amount_fen = body
            .get("amount_fen")
            .and_then(Value::as_i64)
            .filter(|a| (1..=MAX_BILL_FEN).contains(a))
            .ok_or_else(|| {
                ApiError::unprocessable("invalid_amount", "amount_fen must be from 1 to 100000000")
            })?;
        let due_on = body
            .get("due_on")
            .and_then(Value::as_str)
            .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
            .ok_or_else(|| {
                ApiError::unprocessable("invalid_field", "due_on must be a date, 2026-12-10")
            })?;
        Ok(IssueBill { amount_fen, due_on })
    }
}
