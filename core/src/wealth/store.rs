//! The device's copy of the bank's products, her risk profile and holdings.

use super::{PROFILE_VALID_SECS, Product, ProductKind, Profile, RiskLevel};
use crate::bank::wire;
use crate::money::Money;
use crate::store::StoreError;
use serde::Deserialize;
use serde_json::Value;
use sqlx::{Row, SqliteConnection};

/// Applies a `product` change; `None` when it is not understood.
pub async fn upsert_product(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let p = wire::Product::deserialize(d).ok()?;
    let kind = ProductKind::from_code(&p.kind)?;
    let risk = RiskLevel::new(p.risk)?;
    if p.min_fen <= 0 || p.term_days < 0 || !(0..=150).contains(&p.min_age) {
        return None;
    }
    let names = serde_json::to_string(&p.names).ok()?;
    Some(
        sqlx::query(
            "INSERT INTO products (id, code, kind, risk, names, min_fen, term_days, rate_bp, min_age, on_sale) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET code = excluded.code, kind = excluded.kind, \
             risk = excluded.risk, names = excluded.names, min_fen = excluded.min_fen, term_days = excluded.term_days, \
             rate_bp = excluded.rate_bp, min_age = excluded.min_age, on_sale = excluded.on_sale",
        )
        .bind(p.id)
        .bind(&p.code)
        .bind(kind.code())
        .bind(i64::from(risk.number()))
        .bind(names)
        .bind(p.min_fen)
        .bind(p.term_days)
        .bind(p.rate_bp)
        .bind(p.min_age)
        .bind(p.on_sale)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(StoreError::from),
    )
}

/// Applies a `risk_profile` change: the bank's word replaces a pending one.
pub async fn upsert_profile(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let p = wire::RiskProfile::deserialize(d).ok()?;
    let level = Profile::new(p.level)?;
    Some(
        sqlx::query(
            "INSERT INTO risk_profile (id, level, assessed_at) VALUES (1, ?, ?) \
             ON CONFLICT(id) DO UPDATE SET level = excluded.level, assessed_at = excluded.assessed_at, \
             pending_level = NULL, pending_key = NULL",
        )
        .bind(i64::from(level.number()))
        .bind(p.assessed_at)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(StoreError::from),
    )
}

/// Applies a `holding` change (and settles the order that bought it).
pub async fn upsert_holding(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let h = wire::Holding::deserialize(d)
        .ok()
        .filter(|h| h.amount_fen > 0)?;
    Some(
        async {
            sqlx::query(
                "INSERT INTO holdings (id, product_id, amount_fen, bought_at) VALUES (?, ?, ?, ?) \
                 ON CONFLICT(id) DO UPDATE SET product_id = excluded.product_id, amount_fen = excluded.amount_fen, \
                 bought_at = excluded.bought_at",
            )
            .bind(h.id)
            .bind(h.product_id)
            .bind(h.amount_fen)
            .bind(h.bought_at)
            .execute(&mut *conn)
            .await?;
            if let Some(key) = &h.client_key {
                sqlx::query("DELETE FROM live_attempts WHERE client_key = ?")
                    .bind(key)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok::<(), sqlx::Error>(())
        }
        .await
        .map_err(StoreError::from),
    )
}

fn product_of(r: &sqlx::sqlite::SqliteRow) -> Option<Product> {
    let names: Value = serde_json::from_str(r.get::<&str, _>("names")).ok()?;
    let name = |tag: &str| names.get(tag).and_then(Value::as_str).map(String::from);
    Some(Product {
        id: r.get("id"),
        kind: ProductKind::from_code(r.get::<&str, _>("kind"))?,
        risk: RiskLevel::new(r.get("risk"))?,
        name_zh_cn: name("zh-CN")?,
        name_zh_tw: name("zh-TW")?,
        name_en: name("en")?,
        min_amount: Money::cny(r.get("min_fen")),
        term_days: r.get("term_days"),
        rate_bp: r.get("rate_bp"),
        min_age: u32::try_from(r.get::<i64, _>("min_age")).ok()?,
    })
}

/// Products on sale, lowest risk first.
pub async fn products(conn: &mut SqliteConnection) -> Result<Vec<Product>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, kind, risk, names, min_fen, term_days, rate_bp, min_age FROM products \
         WHERE on_sale ORDER BY risk, min_age DESC, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.iter().filter_map(product_of).collect())
}

/// Her risk profile as the bank holds it, when it is still current at
/// `now`, and the one her newer answers give while they wait to be sent.
pub async fn profile(
    conn: &mut SqliteConnection,
    now: i64,
) -> Result<(Option<Profile>, Option<Profile>), StoreError> {
    let row: Option<(Option<i64>, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT level, assessed_at, pending_level FROM risk_profile WHERE id = 1")
            .fetch_optional(&mut *conn)
            .await?;
    Ok(match row {
        None => (None, None),
        Some((level, at, pending)) => (
            level
                .and_then(Profile::new)
                .filter(|_| at.is_some_and(|at| now - at < PROFILE_VALID_SECS)),
            pending.and_then(Profile::new),
        ),
    })
}

/// What she holds: (product, amount, bought at).
pub async fn holdings(
    conn: &mut SqliteConnection,
) -> Result<Vec<(Product, Money, i64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT p.id, p.kind, p.risk, p.names, p.min_fen, p.term_days, p.rate_bp, p.min_age, \
         h.amount_fen, h.bought_at FROM holdings h JOIN products p ON p.id = h.product_id ORDER BY h.bought_at DESC, h.id DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some((
                product_of(r)?,
                Money::cny(r.get("amount_fen")),
                r.get("bought_at"),
            ))
        })
        .collect())
}
