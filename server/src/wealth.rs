//! Wealth products at the sandbox bank, sold under the suitability rule
//! (`happylife_core::wealth::check_purchase`, the same code the phone uses
//! to explain it).
//!
//! - command `risk_profile` `{answers: [1–4; 5]}`: the bank scores the
//!   answers itself and keeps the profile
//! - `POST /v1/wealth/orders` with `Idempotency-Key`,
//!   `{product_id, from_account_id, amount_fen}` → `{holding}`

use crate::AppState;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody, Idempotent};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use axum::response::Response;
use happylife_core::bank::wire::{self, CommandDone, OrderDone, OrderRequest, wire_body};
use happylife_core::money::Money;
use happylife_core::wealth::{
    self, PROFILE_VALID_SECS, Product, ProductKind, Profile, RiskLevel, WealthError,
};
use serde_json::Value;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// kind, risk, names, min fen, term days, rate bp, min age, on sale.
type ProductRow = (String, i64, String, i64, i64, i64, i64, i64);

/// One product on the sandbox shelf: (id, code, kind, risk, [zh-CN, zh-TW, en],
/// min fen, term days, rate bp, min age).
type ShelfItem = (
    i64,
    &'static str,
    &'static str,
    i64,
    [&'static str; 3],
    i64,
    i64,
    i64,
    i64,
);

/// The sandbox shelf.
const SHELF: [ShelfItem; 6] = [
    (
        801,
        "elder-deposit-3y",
        "deposit",
        1,
        [
            "安享存·养老专享三年定期",
            "安享存·樂齡專享三年定期",
            "Golden Years 3-year deposit (60+)",
        ],
        1_000_000,
        1095,
        285,
        60,
    ),
    (
        802,
        "deposit-1y",
        "deposit",
        1,
        ["一年期整存整取", "一年期整存整付", "1-year time deposit"],
        5_000,
        365,
        155,
        0,
    ),
    (
        803,
        "cash-plus",
        "wealth",
        1,
        [
            "天天利·现金管理",
            "天天利·現金管理",
            "Daily cash management",
        ],
        100,
        0,
        180,
        0,
    ),
    (
        804,
        "steady-180",
        "wealth",
        2,
        [
            "稳享180天固收理财",
            "穩享180天固收理財",
            "Steady 180-day fixed income",
        ],
        1_000_000,
        180,
        270,
        0,
    ),
    (
        805,
        "balanced-1y",
        "wealth",
        3,
        [
            "睿盈一年混合理财",
            "睿盈一年混合理財",
            "Balanced 1-year mixed fund",
        ],
        1_000_000,
        365,
        380,
        0,
    ),
    (
        806,
        "equity-fund",
        "fund",
        4,
        ["成长精选股票基金", "成長精選股票基金", "Growth equity fund"],
        100_000,
        0,
        0,
        0,
    ),
];

/// A shelf item as devices receive it.
fn product(p: &ShelfItem) -> wire::Product {
    wire::Product {
        id: p.0,
        code: p.1.into(),
        kind: p.2.into(),
        risk: p.3,
        names: wire::ProductNames {
            zh_cn: p.4[0].into(),
            zh_tw: p.4[1].into(),
            en: p.4[2].into(),
        },
        min_fen: p.5,
        term_days: p.6,
        rate_bp: p.7,
        min_age: p.8,
        on_sale: true,
    }
}

/// Puts the shelf in the bank and in every listed customer's change log. Written once.
pub async fn seed(tx: &mut Tx<'_>, customers: &[&str], at: i64) -> Result<(), sqlx::Error> {
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM products")
        .fetch_one(&mut **tx)
        .await?;
    if exists > 0 {
        return Ok(());
    }
    for p in &SHELF {
        sqlx::query(
            "INSERT INTO products (id, code, kind, risk, names, min_fen, term_days, rate_bp, min_age, on_sale) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)",
        )
        .bind(p.0)
        .bind(p.1)
        .bind(p.2)
        .bind(p.3)
        .bind(wire_body(&product(p).names).to_string())
        .bind(p.5)
        .bind(p.6)
        .bind(p.7)
        .bind(p.8)
        .execute(&mut **tx)
        .await?;
        for c in customers {
            insert_change(
                tx,
                c,
                "product",
                &p.0.to_string(),
                &wire_body(&product(p)),
                at,
            )
            .await?;
        }
    }
    Ok(())
}

/// Keeps the profile the answers give (inside the command's transaction).
pub(crate) async fn set_profile(
    tx: &mut Tx<'_>,
    customer: &str,
    answers: &[u8],
    now: i64,
) -> Result<CommandDone, ApiError> {
    let level = wealth::score(answers).map_err(|_| ApiError::internal())?;
    let text = serde_json::to_string(answers).unwrap_or_default();
    sqlx::query(
        "INSERT INTO risk_profiles (customer_id, level, answers, assessed_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (customer_id) DO UPDATE SET level = excluded.level, answers = excluded.answers, assessed_at = excluded.assessed_at",
    )
    .bind(customer)
    .bind(i64::from(level.number()))
    .bind(&text)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let profile = wire::RiskProfile {
        level: i64::from(level.number()),
        assessed_at: now,
    };
    insert_change(
        tx,
        customer,
        "risk_profile",
        customer,
        &wire_body(&profile),
        now,
    )
    .await?;
    Ok(CommandDone {
        risk_profile: Some(profile),
        ..CommandDone::new("applied")
    })
}

fn refusal(e: WealthError) -> ApiError {
    let message = match &e {
        WealthError::OverAgeCap => "customers aged 65 or over may buy products up to PR2",
        WealthError::AboveProfile { .. } => "the product is above the customer's risk profile",
        WealthError::NoProfile => "a current risk questionnaire is needed first",
        WealthError::ElderOnly => "this product is for customers aged 60 and over",
        WealthError::BelowMinimum { .. } => "the amount is below the product's minimum",
        WealthError::NotAvailable => "no such product on sale",
        WealthError::BadAnswers => "answers must be five options, 1–4",
    };
    let code = e.code();
    let err = if matches!(e, WealthError::NotAvailable) {
        ApiError::not_found(code, message)
    } else {
        ApiError::unprocessable(code, message)
    };
    match e {
        WealthError::AboveProfile { profile } => err.with("profile", i64::from(profile.number())),
        WealthError::BelowMinimum { min_fen } => err.with("min_fen", min_fen),
        _ => err,
    }
}

/// The checked body of `POST /v1/wealth/orders`: (product, from account,
/// amount in fen).
pub(crate) fn order_request(body: &Value) -> Result<(i64, i64, i64), ApiError> {
    let o = OrderRequest::decode(body)?;
    Ok((o.product_id, o.from_account_id, o.amount_fen))
}

/// `POST /v1/wealth/orders`
#[utoipa::path(
    post,
    path = "/v1/wealth/orders",
    tag = "wealth",
    summary = "Buy a wealth product, under the suitability rule",
    params(
        ("Idempotency-Key" = String, Header, description = "1–255 visible ASCII characters, new for each request; the same key and body again replay the stored answer", min_length = 1, max_length = 255, pattern = "^[!-~]+$")
    ),
    request_body = OrderRequest,
    security(("device" = [])),
    responses(
        (status = 201, description = "bought", body = OrderDone),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn order(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = match Idempotent::begin(&state, &headers, body, "order").await? {
        Ok(req) => req,
        Err(replay) => return Ok(replay),
    };
    let (customer, body) = (req.customer.clone(), &req.body);
    let (product_id, from, amount) = order_request(body)?;
    let now = state.now();
    let today = state.at().date_naive();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let row: Option<ProductRow> = sqlx::query_as(
        "SELECT kind, risk, names, min_fen, term_days, rate_bp, min_age, on_sale FROM products WHERE id = $1",
    )
    .bind(product_id)
    .fetch_optional(&mut *tx)
    .await?;
    let product = row
        .filter(|r| r.7 != 0)
        .and_then(|(kind, risk, names, min, term, rate, min_age, _on_sale)| {
            let names: Value = serde_json::from_str(&names).ok()?;
            let n = |t: &str| names[t].as_str().unwrap_or_default().to_string();
            Some(Product {
                id: product_id,
                kind: ProductKind::from_code(&kind)?,
                risk: RiskLevel::new(risk)?,
                name_zh_cn: n("zh-CN"),
                name_zh_tw: n("zh-TW"),
                name_en: n("en"),
                min_amount: Money::cny(min),
                term_days: term,
                rate_bp: rate,
                min_age: u32::try_from(min_age).ok()?,
            })
        })
        .ok_or_else(|| refusal(WealthError::NotAvailable))?;
    let birth: String = sqlx::query_scalar("SELECT birth_date FROM customers WHERE id = $1")
        .bind(&customer)
        .fetch_one(&mut *tx)
        .await?;
    let age = chrono::NaiveDate::parse_from_str(&birth, "%Y-%m-%d")
        .map(|b| happylife_core::accounts::age_on(b, today))
        .unwrap_or(0);
    let profile: Option<(i64, i64)> =
        sqlx::query_as("SELECT level, assessed_at FROM risk_profiles WHERE customer_id = $1")
            .bind(&customer)
            .fetch_optional(&mut *tx)
            .await?;
    let profile = profile
        .filter(|(_, at)| now - at < PROFILE_VALID_SECS)
        .and_then(|(l, _)| Profile::new(l));
    wealth::check_purchase(age, profile, &product, amount).map_err(refusal)?;
    let (kind, balance): (String, i64) =
        sqlx::query_as("SELECT kind, balance_fen FROM accounts WHERE id = $1 AND customer_id = $2")
            .bind(from)
            .bind(&customer)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| {
                ApiError::unprocessable(
                    "invalid_account",
                    "orders are paid from one of your debit accounts",
                )
            })?;
    if kind != "debit" {
        return Err(ApiError::unprocessable(
            "invalid_account",
            "orders are paid from one of your debit accounts",
        ));
    }
    if balance < amount {
        return Err(ApiError::conflict(
            "insufficient_funds",
            "the balance does not cover this order",
        ));
    }
    let name = product.name_zh_cn.clone();
    crate::ledger::post(
        &mut tx,
        &customer,
        from,
        -amount,
        "wealth_purchase",
        &name,
        now,
    )
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO holdings (customer_id, product_id, from_account_id, amount_fen, bought_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&customer)
    .bind(product_id)
    .bind(from)
    .bind(amount)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let holding = wire::Holding {
        id,
        product_id,
        amount_fen: amount,
        bought_at: now,
        client_key: Some(req.key.clone()),
    };
    let data = wire_body(&holding);
    insert_change(&mut tx, &customer, "holding", &id.to_string(), &data, now).await?;
    req.created(tx, wire_body(&OrderDone { holding }), now)
        .await
}
