//! Account views: what the elder owns and what happened to it.
//!
//! Owns: the account kinds (debit, pension, time deposit, credit card), their
//! masked numbers, the transaction history with plain-language descriptions,
//! and the queries every account screen uses. Only the last four digits of
//! an account number are ever on the device.
//!
//! Files: `mod.rs` types and queries; `demo.rs` the deterministic demo bank.

pub mod demo;
mod facade;

use crate::clock::china_offset;
use crate::money::{Currency, Money};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;

/// Database id of an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(pub i64);

/// The bank's customer this device belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// Bank customer id.
    pub id: String,
    /// Full name, as the bank has it.
    pub name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
}

impl Customer {
    /// Age in whole years on `today`.
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        age_on(self.birth_date, today)
    }
}

/// Age in whole years on `today` of someone born on `birth`.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut age = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    u32::try_from(age).unwrap_or(0)
}

/// A masked account number: only the last four digits, shown as `**** 1234`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MaskedNumber {
    last4: String,
}

impl MaskedNumber {
    /// Masks a full account number (spaces ignored); `None` when it has
    /// fewer than four digits or anything but digits.
    pub fn from_full(number: &str) -> Option<MaskedNumber> {
        let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() < 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(MaskedNumber {
            last4: digits[digits.len() - 4..].to_string(),
        })
    }

    /// The last four digits.
    pub fn last4(&self) -> &str {
        &self.last4
    }

    /// `**** 1234`.
    pub fn masked(&self) -> String {
        format!("**** {}", self.last4)
    }
}

impl std::fmt::Debug for MaskedNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.masked())
    }
}

/// What kind of account, with the facts that kind has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccountKind {
    /// Everyday debit card (活期).
    Debit,
    /// The account the pension is paid into.
    Pension {
        /// The monthly pension.
        monthly: Money,
        /// When the next one arrives.
        next_credit_on: NaiveDate,
    },
    /// A time deposit (定期) that matures on a date.
    TimeDeposit {
        /// When it matures.
        maturity_on: NaiveDate,
        /// Yearly rate in basis points (260 = 2.60 %).
        rate_bp: i64,
    },
    /// A credit card: the balance is what is owed (negative).
    CreditCard {
        /// Credit limit.
        limit: Money,
        /// Amount due on the current statement.
        statement: Money,
        /// Minimum payment of the current statement.
        min_payment: Money,
        /// Due date of the current statement.
        due_on: NaiveDate,
    },
}

impl AccountKind {
    /// Fluent id of the kind's name.
    pub fn message_id(&self) -> &'static str {
        match self {
            AccountKind::Debit => "account-kind-debit",
            AccountKind::Pension { .. } => "account-kind-pension",
            AccountKind::TimeDeposit { .. } => "account-kind-time-deposit",
            AccountKind::CreditCard { .. } => "account-kind-credit-card",
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AccountKind::Debit => "debit",
            AccountKind::Pension { .. } => "pension",
            AccountKind::TimeDeposit { .. } => "time_deposit",
            AccountKind::CreditCard { .. } => "credit_card",
        }
    }
}

/// One account as the screens show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    /// Database id.
    pub id: AccountId,
    /// Kind and kind-specific facts.
    pub kind: AccountKind,
    /// Masked number.
    pub number: MaskedNumber,
    /// Balance; for a credit card, negative = owed.
    pub balance: Money,
    /// When it was opened.
    pub opened_on: NaiveDate,
}

impl Account {
    /// For a credit card, how much can still be spent.
    pub fn available_credit(&self) -> Option<Money> {
        match &self.kind {
            AccountKind::CreditCard { limit, .. } => limit.checked_add(self.balance).ok(),
            _ => None,
        }
    }
}

/// What a transaction was, in words the elder uses. Each has a Fluent id;
/// some take the counterparty (`place` or `who`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Monthly pension paid in.
    PensionCredit,
    /// Market food shopping.
    Groceries,
    /// Supermarket shopping.
    Supermarket,
    /// Breakfast stall.
    Breakfast,
    /// Pharmacy.
    Pharmacy,
    /// Clinic or hospital.
    Hospital,
    /// Water bill.
    Water,
    /// Electricity bill.
    Electricity,
    /// Gas bill.
    Gas,
    /// Phone bill.
    Phone,
    /// Cash from an ATM.
    Cash,
    /// Money from a person.
    TransferIn,
    /// Money to a person.
    TransferOut,
    /// Credit card repayment leaving the debit card.
    CardRepayment,
    /// Credit card repayment arriving on the card.
    CardRepaymentReceived,
    /// Interest.
    Interest,
    /// Money placed in a time deposit (on the deposit).
    DepositOpened,
    /// Money moved to a time deposit (on the debit card).
    ToTimeDeposit,
    /// Pension moved to the debit card (on the pension account).
    PensionToDebit,
    /// Money arriving from the pension account (on the debit card).
    FromPension,
    /// A deposit or wealth product bought (理财).
    WealthPurchase,
    /// A delayed transfer cancelled in time: the money came back.
    TransferReturned,
}

impl Category {
    const ALL: [(Category, &'static str); 22] = [
        (Category::PensionCredit, "pension_credit"),
        (Category::Groceries, "groceries"),
        (Category::Supermarket, "supermarket"),
        (Category::Breakfast, "breakfast"),
        (Category::Pharmacy, "pharmacy"),
        (Category::Hospital, "hospital"),
        (Category::Water, "water"),
        (Category::Electricity, "electricity"),
        (Category::Gas, "gas"),
        (Category::Phone, "phone"),
        (Category::Cash, "cash"),
        (Category::TransferIn, "transfer_in"),
        (Category::TransferOut, "transfer_out"),
        (Category::CardRepayment, "card_repayment"),
        (Category::CardRepaymentReceived, "card_repayment_received"),
        (Category::Interest, "interest"),
        (Category::DepositOpened, "deposit_opened"),
        (Category::ToTimeDeposit, "to_time_deposit"),
        (Category::PensionToDebit, "pension_to_debit"),
        (Category::FromPension, "from_pension"),
        (Category::TransferReturned, "transfer_returned"),
        (Category::WealthPurchase, "wealth_purchase"),
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        Category::ALL
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, s)| *s)
            .unwrap_or("unknown")
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Category> {
        Category::ALL
            .iter()
            .find(|(_, s)| *s == code)
            .map(|(c, _)| *c)
    }

    /// Fluent id of the description (`txn-groceries`).
    pub fn message_id(self) -> String {
        format!("txn-{}", self.code().replace('_', "-"))
    }

    /// Name of the Fluent argument the counterparty fills, if any.
    pub fn counterparty_arg(self) -> Option<&'static str> {
        match self {
            Category::Groceries
            | Category::Supermarket
            | Category::Breakfast
            | Category::Pharmacy
            | Category::Hospital => Some("place"),
            Category::TransferIn | Category::TransferOut | Category::TransferReturned => {
                Some("who")
            }
            _ => None,
        }
    }
}

/// One line of history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// Database id.
    pub id: i64,
    /// The account it belongs to.
    pub account_id: AccountId,
    /// When it was posted (China Standard Time).
    pub posted_at: DateTime<FixedOffset>,
    /// Signed amount: positive money in, negative money out.
    pub amount: Money,
    /// The account balance right after it.
    pub balance_after: Money,
    /// What it was.
    pub category: Category,
    /// The shop, clinic or person, when there is one.
    pub counterparty: Option<String>,
}

/// One page of history, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransactionPage {
    /// The transactions on this page.
    pub items: Vec<Transaction>,
    /// Zero-based page index actually returned (clamped into range).
    pub page: u32,
    /// Number of pages (at least 1).
    pub page_count: u32,
    /// Number of transactions in the account.
    pub total: u32,
}

/// Why an account query failed.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// No such account on this device.
    #[error("account not found")]
    NotFound,
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AccountsError {
    fn from(e: sqlx::Error) -> Self {
        AccountsError::Store(StoreError::Sqlx(e))
    }
}

/// Largest page the screens may ask for.
pub const MAX_PAGE_SIZE: u32 = 100;

fn parse_date(s: Option<String>) -> Result<NaiveDate, StoreError> {
    s.as_deref()
        .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .ok_or(StoreError::Invalid("date"))
}

fn account_from_row(row: &SqliteRow) -> Result<Account, AccountsError> {
    let currency = Currency::from_code(row.try_get::<String, _>("currency")?.as_str())
        .map_err(|_| StoreError::Invalid("currency"))?;
    let money = |col: &str| -> Result<Money, AccountsError> {
        let fen: Option<i64> = row.try_get(col)?;
        fen.map(|f| Money::from_fen(f, currency))
            .ok_or(AccountsError::Store(StoreError::Invalid("amount")))
    };
    let kind_code: String = row.try_get("kind")?;
    let kind = match kind_code.as_str() {
        "debit" => AccountKind::Debit,
        "pension" => AccountKind::Pension {
            monthly: money("monthly_fen")?,
            next_credit_on: parse_date(row.try_get("next_credit_on")?)?,
        },
        "time_deposit" => AccountKind::TimeDeposit {
            maturity_on: parse_date(row.try_get("maturity_on")?)?,
            rate_bp: row
                .try_get::<Option<i64>, _>("rate_bp")?
                .ok_or(StoreError::Invalid("rate"))?,
        },
        "credit_card" => AccountKind::CreditCard {
            limit: money("limit_fen")?,
            statement: money("statement_fen")?,
            min_payment: money("min_payment_fen")?,
            due_on: parse_date(row.try_get("due_on")?)?,
        },
        _ => return Err(StoreError::Invalid("account kind").into()),
    };
    let last4: String = row.try_get("number_last4")?;
    Ok(Account {
        id: AccountId(row.try_get("id")?),
        kind,
        number: MaskedNumber::from_full(&last4).ok_or(StoreError::Invalid("number"))?,
        balance: money("balance_fen")?,
        opened_on: parse_date(row.try_get("opened_on")?)?,
    })
}

fn transaction_from_row(row: &SqliteRow, currency: Currency) -> Result<Transaction, AccountsError> {
    let posted: i64 = row.try_get("posted_at")?;
    Ok(Transaction {
        id: row.try_get("id")?,
        account_id: AccountId(row.try_get("account_id")?),
        posted_at: DateTime::from_timestamp(posted, 0)
            .ok_or(StoreError::Invalid("timestamp"))?
            .with_timezone(&china_offset()),
        amount: Money::from_fen(row.try_get("amount_fen")?, currency),
        balance_after: Money::from_fen(row.try_get("balance_after_fen")?, currency),
        category: Category::from_code(&row.try_get::<String, _>("category")?)
            .ok_or(StoreError::Invalid("category"))?,
        counterparty: row.try_get("counterparty")?,
    })
}

/// The customer of this device, if the store has one.
pub async fn customer(store: &Store) -> Result<Option<Customer>, AccountsError> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, name, birth_date FROM customers ORDER BY id LIMIT 1")
            .fetch_optional(store.pool())
            .await?;
    row.map(|(id, name, birth)| {
        Ok(Customer {
            id,
            name,
            birth_date: parse_date(Some(birth))?,
        })
    })
    .transpose()
}

/// Every account, in the bank's display order.
pub async fn list(store: &Store) -> Result<Vec<Account>, AccountsError> {
    let rows = sqlx::query("SELECT * FROM accounts ORDER BY sort_order, id")
        .fetch_all(store.pool())
        .await?;
    rows.iter().map(account_from_row).collect()
}

/// One account.
pub async fn get(store: &Store, id: AccountId) -> Result<Account, AccountsError> {
    let row = sqlx::query("SELECT * FROM accounts WHERE id = ?")
        .bind(id.0)
        .fetch_optional(store.pool())
        .await?
        .ok_or(AccountsError::NotFound)?;
    account_from_row(&row)
}

/// One page of an account's history, newest first. `page` is clamped into
/// range and `page_size` into 1..=[`MAX_PAGE_SIZE`], so a hand-made request
/// can never ask for the whole table.
pub async fn transactions(
    store: &Store,
    id: AccountId,
    page: u32,
    page_size: u32,
) -> Result<TransactionPage, AccountsError> {
    let account = get(store, id).await?;
    let size = page_size.clamp(1, MAX_PAGE_SIZE);
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM transactions WHERE account_id = ?")
        .bind(id.0)
        .fetch_one(store.pool())
        .await?;
    let total = u32::try_from(total).unwrap_or(u32::MAX);
    let page_count = total.div_ceil(size).max(1);
    let page = page.min(page_count - 1);
    let rows = sqlx::query(
        "SELECT * FROM transactions WHERE account_id = ? \
         ORDER BY posted_at DESC, id DESC LIMIT ? OFFSET ?",
    )
    .bind(id.0)
    .bind(i64::from(size))
    .bind(i64::from(page) * i64::from(size))
    .fetch_all(store.pool())
    .await?;
    let items = rows
        .iter()
        .map(|r| transaction_from_row(r, account.balance.currency()))
        .collect::<Result<_, _>>()?;
    Ok(TransactionPage {
        items,
        page,
        page_count,
        total,
    })
}

/// An account's transactions posted from `start` (included) to `end`
/// (excluded), in unix seconds, oldest first: a statement's rows.
pub async fn between(
    store: &Store,
    id: AccountId,
    start: i64,
    end: i64,
) -> Result<Vec<Transaction>, AccountsError> {
    let account = get(store, id).await?;
    let rows = sqlx::query(
        "SELECT * FROM transactions WHERE account_id = ? AND posted_at >= ? AND posted_at < ? \
         ORDER BY posted_at, id",
    )
    .bind(id.0)
    .bind(start)
    .bind(end)
    .fetch_all(store.pool())
    .await?;
    rows.iter()
        .map(|r| transaction_from_row(r, account.balance.currency()))
        .collect()
}

/// The balance just before `at` (unix seconds): after the last transaction
/// before it, else before the first one after it; `None` when the account
/// has no transactions at all.
pub async fn balance_at(
    store: &Store,
    id: AccountId,
    at: i64,
) -> Result<Option<Money>, AccountsError> {
    let account = get(store, id).await?;
    let currency = account.balance.currency();
    let before: Option<i64> = sqlx::query_scalar(
        "SELECT balance_after_fen FROM transactions WHERE account_id = ? AND posted_at < ? \
         ORDER BY posted_at DESC, id DESC LIMIT 1",
    )
    .bind(id.0)
    .bind(at)
    .fetch_optional(store.pool())
    .await?;
    if let Some(fen) = before {
        return Ok(Some(Money::from_fen(fen, currency)));
    }
    let after: Option<(i64, i64)> = sqlx::query_as(
        "SELECT balance_after_fen, amount_fen FROM transactions WHERE account_id = ? AND posted_at >= ? \
         ORDER BY posted_at, id LIMIT 1",
    )
    .bind(id.0)
    .bind(at)
    .fetch_optional(store.pool())
    .await?;
    Ok(after.map(|(balance, amount)| Money::from_fen(balance - amount, currency)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_only_four_digits() {
        let m = MaskedNumber::from_full("6217 0000 1234 5678").unwrap();
        assert_eq!(m.masked(), "**** 5678");
        assert_eq!(format!("{m:?}"), "**** 5678");
        assert!(MaskedNumber::from_full("12a4").is_none());
        assert!(MaskedNumber::from_full("123").is_none());
    }

    #[test]
    fn categories_round_trip_and_have_message_ids() {
        for (c, code) in Category::ALL {
            assert_eq!(Category::from_code(code), Some(c));
            assert!(c.message_id().starts_with("txn-"));
        }
        assert_eq!(Category::PensionCredit.message_id(), "txn-pension-credit");
        assert_eq!(Category::from_code("bitcoin"), None);
    }

    #[test]
    fn age_counts_birthdays() {
        let c = Customer {
            id: "c".into(),
            name: "n".into(),
            birth_date: NaiveDate::from_ymd_opt(1954, 3, 8).unwrap(),
        };
        assert_eq!(c.age_on(NaiveDate::from_ymd_opt(2026, 3, 7).unwrap()), 71);
        assert_eq!(c.age_on(NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()), 72);
    }
}
