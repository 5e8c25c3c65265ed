//! The sandbox's demo bank, written on first start and only with
//! `--sandbox` (the bank seeds nobody): the elder 王秀兰 with two years of
//! history, her cards and saved payees, her daughter 李娜 (a customer of
//! the same bank, not linked yet), their ID and mobile numbers, the
//! elder's bills and the product shelf, and both customers' demo PIN.
//! Each feature writes its own rows (`cards::seed`, `bills::seed`…); this
//! module decides what the demo bank holds and in what order.

use crate::AppState;
use crate::db::{Db, insert_change};
use happylife_core::AccountKind;
use happylife_core::accounts::demo::{self, DemoAccount};
use happylife_core::auth::bank_pin;
use happylife_core::bank::wire::{self, wire_body};

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Writes the demo bank if there is no customer yet (and, into a bank
/// written before them, the parts added since).
pub async fn demo_bank(
    db: &Db,
    seed: u64,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    db.lock_change_log(&mut tx).await?;
    let existing: i64 = sqlx::query_scalar("SELECT count(*) FROM customers")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        // A bank written before the family demo existed gets it now,
        // and one from before binding codes gets the ID numbers.
        daughter(&mut tx, now.timestamp()).await?;
        crate::enrolment::seed(&mut tx).await?;
        seed_elder_services(&mut tx, now).await?;
        return tx.commit().await;
    }
    let bank = demo::generate(seed, now);
    let c = &bank.customer;
    let at = now.timestamp();
    let expires = id_expiry(now);
    sqlx::query(
        "INSERT INTO customers (id, name, birth_date, id_expires_on) VALUES ($1, $2, $3, $4)",
    )
    .bind(&c.id)
    .bind(&c.name)
    .bind(c.birth_date.to_string())
    .bind(&expires)
    .execute(&mut *tx)
    .await?;
    let customer = wire::Customer {
        id: c.id.clone(),
        name: c.name.clone(),
        birth_date: c.birth_date.to_string(),
        id_expires_on: Some(expires.clone()),
    };
    insert_change(&mut tx, &c.id, "customer", &c.id, &wire_body(&customer), at).await?;
    for (order, a) in bank.accounts.iter().enumerate() {
        let details = account_details(a);
        sqlx::query(
            "INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order, details) \
             VALUES ($1, $2, $3, $4, 'CNY', $5, $6, $7, $8)",
        )
        .bind(a.id)
        .bind(&c.id)
        .bind(kind_code(&a.kind))
        .bind(&a.last4)
        .bind(a.balance_fen)
        .bind(a.opened_on.to_string())
        .bind(order as i64)
        .bind(wire_body(&details).to_string())
        .execute(&mut *tx)
        .await?;
        let data = wire::Account {
            id: a.id,
            kind: kind_code(&a.kind).into(),
            last4: a.last4.clone(),
            currency: "CNY".into(),
            balance_fen: a.balance_fen,
            opened_on: a.opened_on.to_string(),
            sort_order: order as i64,
            details,
        };
        insert_change(
            &mut tx,
            &c.id,
            "account",
            &a.id.to_string(),
            &wire_body(&data),
            at,
        )
        .await?;
    }
    for (i, t) in bank.transactions.iter().enumerate() {
        let id = i as i64 + 1;
        sqlx::query(
            "INSERT INTO transactions (id, account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(t.account_id)
        .bind(t.posted_at)
        .bind(t.amount_fen)
        .bind(t.balance_after_fen)
        .bind(t.category.code())
        .bind(t.counterparty.clone())
        .execute(&mut *tx)
        .await?;
        let data = wire::Transaction {
            id,
            account_id: t.account_id,
            posted_at: t.posted_at,
            amount_fen: t.amount_fen,
            balance_after_fen: t.balance_after_fen,
            category: t.category.code().into(),
            counterparty: t.counterparty.clone(),
        };
        insert_change(
            &mut tx,
            &c.id,
            "transaction",
            &id.to_string(),
            &wire_body(&data),
            at,
        )
        .await?;
    }
    crate::cards::seed(&mut tx, &bank, at).await?;
    payees(&mut tx, &c.id, at).await?;
    daughter(&mut tx, at).await?;
    crate::enrolment::seed(&mut tx).await?;
    seed_elder_services(&mut tx, now).await?;
    tx.commit().await?;
    tracing::info!(transactions = bank.transactions.len(), "demo bank written");
    Ok(())
}

/// The demo elder's ID card expires in 56 days (so 提醒 has it to say).
fn id_expiry(now: chrono::DateTime<chrono::FixedOffset>) -> String {
    (now.with_timezone(&happylife_core::clock::china_offset())
        .date_naive()
        + chrono::Days::new(56))
    .to_string()
}

/// The demo elder's bills, the product shelf and her ID document's expiry
/// (in 56 days, so 提醒 has something to say). Each part is written once,
/// also into a bank from before they existed.
async fn seed_elder_services(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(), sqlx::Error> {
    let today = now
        .with_timezone(&happylife_core::clock::china_offset())
        .date_naive();
    let at = now.timestamp();
    let elder: Option<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, birth_date, id_expires_on FROM customers WHERE id = $1")
            .bind(demo::DEMO_CUSTOMER_ID)
            .fetch_optional(&mut **tx)
            .await?;
    let Some((id, name, birth, expires)) = elder else {
        return Ok(());
    };
    if expires.is_none() {
        let expires = id_expiry(now);
        sqlx::query("UPDATE customers SET id_expires_on = $1 WHERE id = $2")
            .bind(&expires)
            .bind(&id)
            .execute(&mut **tx)
            .await?;
        let c = wire::Customer {
            id: id.clone(),
            name,
            birth_date: birth,
            id_expires_on: Some(expires),
        };
        insert_change(tx, &id, "customer", &id, &wire_body(&c), at).await?;
    }
    crate::bills::seed(tx, &id, today, at).await?;
    crate::wealth::seed(tx, &[demo::DEMO_CUSTOMER_ID, demo::DAUGHTER.id], at).await?;
    Ok(())
}

/// The demo family: the elder's daughter 李娜, a customer of the same bank
/// (her own debit account is the elder's saved payee), not linked yet.
async fn daughter(tx: &mut Tx<'_>, at: i64) -> Result<(), sqlx::Error> {
    use happylife_core::accounts::demo::{DAUGHTER, DAUGHTER_ACCOUNT};
    let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM customers WHERE id = $1")
        .bind(DAUGHTER.id)
        .fetch_one(&mut **tx)
        .await?;
    if exists > 0 {
        return Ok(());
    }
    sqlx::query("INSERT INTO customers (id, name, birth_date) VALUES ($1, $2, $3)")
        .bind(DAUGHTER.id)
        .bind(DAUGHTER.name)
        .bind(DAUGHTER.birth_date)
        .execute(&mut **tx)
        .await?;
    let c = wire::Customer {
        id: DAUGHTER.id.into(),
        name: DAUGHTER.name.into(),
        birth_date: DAUGHTER.birth_date.into(),
        id_expires_on: None,
    };
    insert_change(tx, DAUGHTER.id, "customer", DAUGHTER.id, &wire_body(&c), at).await?;
    let (id, number, balance, opened) = DAUGHTER_ACCOUNT;
    let last4 = &number[number.len() - 4..];
    sqlx::query(
        "INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order, details, number) \
         VALUES ($1, $2, 'debit', $3, 'CNY', $4, $5, 0, '{}', $6)",
    )
    .bind(id)
    .bind(DAUGHTER.id)
    .bind(last4)
    .bind(balance)
    .bind(opened)
    .bind(number)
    .execute(&mut **tx)
    .await?;
    let a = wire::Account {
        id,
        kind: "debit".into(),
        last4: last4.into(),
        currency: "CNY".into(),
        balance_fen: balance,
        opened_on: opened.into(),
        sort_order: 0,
        details: wire::AccountDetails::default(),
    };
    insert_change(
        tx,
        DAUGHTER.id,
        "account",
        &id.to_string(),
        &wire_body(&a),
        at,
    )
    .await?;
    Ok(())
}

/// Writes the demo bank's saved payees (caller holds the change-log lock).
async fn payees(tx: &mut Tx<'_>, customer: &str, at: i64) -> Result<(), sqlx::Error> {
    for (name, account, relationship) in DEMO_PAYEES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO payees (customer_id, name, account, relationship, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(customer)
        .bind(name)
        .bind(account)
        .bind(relationship)
        // Saved long ago: the demo bank's payees are known ones.
        .bind(at - 365 * 24 * 3600)
        .fetch_one(&mut **tx)
        .await?;
        let p = wire::Payee {
            id,
            name: name.to_string(),
            relationship: Some(relationship.to_string()),
            last4: crate::transfers::last4(account),
        };
        insert_change(tx, customer, "payee", &id.to_string(), &wire_body(&p), at).await?;
    }
    Ok(())
}

/// The demo elder's saved payees: her daughter and her grandson.
pub const DEMO_PAYEES: [(&str, &str, &str); 2] = [
    (
        happylife_core::accounts::demo::DAUGHTER.name,
        happylife_core::accounts::demo::DAUGHTER_ACCOUNT.1,
        "女儿",
    ),
    ("李小明", "6222021234567890", "孙子"),
];

/// Gives the sandbox's demo customers the demo PIN
/// ([`happylife_core::accounts::demo::DEMO_PIN`]) at the bank, once.
pub async fn demo_pins(state: &AppState) -> Result<(), sqlx::Error> {
    use happylife_core::accounts::demo::{DAUGHTER, DEMO_CUSTOMER_ID, DEMO_PIN};
    for customer in [DEMO_CUSTOMER_ID, DAUGHTER.id] {
        let exists: i64 = sqlx::query_scalar("SELECT count(*) FROM customers WHERE id = $1")
            .bind(customer)
            .fetch_one(&state.db.pool)
            .await?;
        if exists == 0 {
            continue;
        }
        let keys = state.secrets.clone();
        let who = customer.to_string();
        let record = tokio::task::spawn_blocking(move || {
            bank_pin::register_here(keys.opaque(), &who, DEMO_PIN)
        })
        .await
        .ok()
        .and_then(Result::ok);
        let Some(record) = record else {
            tracing::error!("the demo PIN could not be registered");
            continue;
        };
        sqlx::query(
            "INSERT INTO customer_pins (customer_id, record, failures, set_at) VALUES ($1, $2, 0, $3) \
             ON CONFLICT (customer_id) DO NOTHING",
        )
        .bind(customer)
        .bind(record)
        .bind(state.now())
        .execute(&state.db.pool)
        .await?;
    }
    Ok(())
}

fn kind_code(kind: &AccountKind) -> &'static str {
    match kind {
        AccountKind::Debit => "debit",
        AccountKind::Pension { .. } => "pension",
        AccountKind::TimeDeposit { .. } => "time_deposit",
        AccountKind::CreditCard { .. } => "credit_card",
    }
}

fn account_details(a: &DemoAccount) -> wire::AccountDetails {
    match &a.kind {
        AccountKind::Debit => wire::AccountDetails::default(),
        AccountKind::Pension {
            monthly,
            next_credit_on,
        } => wire::AccountDetails {
            monthly_fen: Some(monthly.fen()),
            next_credit_on: Some(next_credit_on.to_string()),
            ..Default::default()
        },
        AccountKind::TimeDeposit {
            maturity_on,
            rate_bp,
        } => wire::AccountDetails {
            maturity_on: Some(maturity_on.to_string()),
            rate_bp: Some(*rate_bp),
            ..Default::default()
        },
        AccountKind::CreditCard {
            limit,
            statement,
            min_payment,
            due_on,
        } => {
            // What she owes now is this month's statement when the last one
            // was repaid (the card and its 提醒 agree).
            let (statement, min_payment) =
                crate::bills::current_statement(statement.fen(), min_payment.fen(), a.balance_fen);
            wire::AccountDetails {
                limit_fen: Some(limit.fen()),
                statement_fen: Some(statement),
                min_payment_fen: Some(min_payment),
                due_on: Some(due_on.to_string()),
                ..Default::default()
            }
        }
    }
}
