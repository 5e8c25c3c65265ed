//! The embedded demo bank: one 72-year-old customer, four accounts and two
//! years of everyday history, generated from a seed.
//!
//! Deterministic: the same seed and the same anchor moment give the same
//! bank, byte for byte, so tests and screenshots are repeatable. The history
//! ends at the anchor (the moment the store was first opened) and balances
//! always equal the opening balance plus every transaction.

use super::{AccountKind, Category, Customer};
use crate::clock::china_offset;
use crate::money::Money;
use crate::store::StoreError;
use chrono::{DateTime, Datelike, Days, FixedOffset, Months, NaiveDate, NaiveTime, TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The seed the app uses when nobody chooses one.
pub const DEFAULT_SEED: u64 = 19_540_308;

/// Days of history.
pub const HISTORY_DAYS: u64 = 731;

/// Customer id of the demo elder.
pub const DEMO_CUSTOMER_ID: &str = "demo-elder-0001";

/// The PIN a sandbox bank gives its demo customers (the elder and her
/// daughter), and the testers' shortcut logs in with. A real bank has no
/// such thing.
pub const DEMO_PIN: &str = "583920";

/// A family member in the sandbox bank: a customer of her own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoPerson {
    /// Customer id.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Birth date (ISO).
    pub birth_date: &'static str,
}

/// The demo elder's daughter 李娜, who installs the app on her own phone
/// and links to her mother (亲情账户). Not linked until the elder invites her.
pub const DAUGHTER: DemoPerson = DemoPerson {
    id: "demo-daughter-0001",
    name: "李娜",
    birth_date: "1980-06-12",
};

/// The daughter's debit account: (id, full number, balance fen, opened on).
/// The number is the elder's saved payee "李娜 女儿".
pub const DAUGHTER_ACCOUNT: (i64, &str, i64, &str) =
    (9001, "6217000012345678", 3_865_000, "2012-03-01");

/// A generated account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    /// Database id.
    pub id: i64,
    /// Kind and facts.
    pub kind: AccountKind,
    /// Last four digits of the number.
    pub last4: String,
    /// Balance at the anchor, fen.
    pub balance_fen: i64,
    /// Opening date.
    pub opened_on: NaiveDate,
}

/// A generated transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoTransaction {
    /// Account id.
    pub account_id: i64,
    /// Unix seconds.
    pub posted_at: i64,
    /// Signed fen.
    pub amount_fen: i64,
    /// Balance right after, fen.
    pub balance_after_fen: i64,
    /// What it was.
    pub category: Category,
    /// Shop, clinic or person.
    pub counterparty: Option<String>,
}

/// The whole demo bank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoBank {
    /// The elder.
    pub customer: Customer,
    /// Her accounts, in display order.
    pub accounts: Vec<DemoAccount>,
    /// Every transaction, oldest first.
    pub transactions: Vec<DemoTransaction>,
}

const DEBIT: i64 = 1;
const PENSION: i64 = 2;
const DEPOSIT: i64 = 3;
const CARD: i64 = 4;

const OPENING_DEBIT_FEN: i64 = 6_200_000;
const OPENING_PENSION_FEN: i64 = 300_000;
const DEPOSIT_FEN: i64 = 5_000_000;
const CARD_LIMIT_FEN: i64 = 2_000_000;
const PENSION_START_FEN: i64 = 486_000;
const PENSION_TO_DEBIT_FEN: i64 = 450_000;

struct Event {
    account: i64,
    time: NaiveTime,
    amount_fen: i64,
    category: Category,
    counterparty: Option<&'static str>,
}

impl Event {
    fn new(account: i64, time: NaiveTime, amount_fen: i64, category: Category) -> Event {
        Event {
            account,
            time,
            amount_fen,
            category,
            counterparty: None,
        }
    }

    fn at(self, counterparty: &'static str) -> Event {
        Event {
            counterparty: Some(counterparty),
            ..self
        }
    }
}

/// A spending habit of the demo elder: how often, when, how much, where.
struct Habit {
    chance: f64,
    hours: (u32, u32),
    yuan: (i64, i64),
    places: &'static [&'static str],
    category: Category,
    account: i64,
}

const HABITS: &[Habit] = &[
    Habit {
        chance: 0.35,
        hours: (6, 8),
        yuan: (6, 18),
        places: &["老街豆浆铺", "张记包子铺"],
        category: Category::Breakfast,
        account: DEBIT,
    },
    Habit {
        chance: 0.8,
        hours: (7, 10),
        yuan: (15, 70),
        places: &["东门菜市场", "幸福路菜市场"],
        category: Category::Groceries,
        account: DEBIT,
    },
    Habit {
        chance: 0.3,
        hours: (15, 18),
        yuan: (25, 180),
        places: &["永辉超市", "社区便民超市"],
        category: Category::Supermarket,
        account: DEBIT,
    },
    Habit {
        chance: 0.1,
        hours: (9, 17),
        yuan: (20, 260),
        places: &["益丰大药房", "社区药店"],
        category: Category::Pharmacy,
        account: DEBIT,
    },
    Habit {
        chance: 0.03,
        hours: (8, 11),
        yuan: (50, 600),
        places: &["社区卫生服务中心", "市第一人民医院"],
        category: Category::Hospital,
        account: DEBIT,
    },
    Habit {
        chance: 0.22,
        hours: (10, 20),
        yuan: (30, 250),
        places: &["永辉超市", "国美电器"],
        category: Category::Supermarket,
        account: CARD,
    },
    Habit {
        chance: 0.08,
        hours: (10, 20),
        yuan: (30, 250),
        places: &["老百姓大药房"],
        category: Category::Pharmacy,
        account: CARD,
    },
];

struct Sim {
    rng: ChaCha8Rng,
    balances: [i64; 5],
    txns: Vec<DemoTransaction>,
    declined: u32,
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl Sim {
    fn time(&mut self, from_h: u32, to_h: u32) -> NaiveTime {
        let h = self.rng.random_range(from_h..to_h);
        let m = self.rng.random_range(0..60);
        hm(h, m)
    }

    fn yuan(&mut self, from: i64, to: i64) -> i64 {
        // Whole yuan with a random jiao/fen part, as shop tills produce.
        self.rng.random_range(from * 100..=to * 100)
    }

    fn pick(&mut self, options: &[&'static str]) -> &'static str {
        options[self.rng.random_range(0..options.len())]
    }
}

/// Generates the demo bank for `seed`, with history ending at `anchor`.
pub fn generate(seed: u64, anchor: DateTime<FixedOffset>) -> DemoBank {
    let tz = china_offset();
    let anchor = anchor.with_timezone(&tz);
    let today = anchor.date_naive();
    let start = today - Days::new(HISTORY_DAYS - 1);
    let mut sim = Sim {
        rng: ChaCha8Rng::seed_from_u64(seed),
        balances: [0, OPENING_DEBIT_FEN, OPENING_PENSION_FEN, 0, 0],
        txns: Vec::new(),
        declined: 0,
    };
    let last4: Vec<String> = (0..4)
        .map(|_| format!("{:04}", sim.rng.random_range(0..10_000)))
        .collect();

    let deposit_opened = start + Days::new(40);
    let deposit_matures = deposit_opened + Months::new(24);
    let mut pension_fen = PENSION_START_FEN;
    let mut statement_fen = 0i64;
    let mut last_statement_day = start;

    let mut day = start;
    while day <= today {
        let mut events: Vec<Event> = Vec::new();
        let (m, d) = (day.month(), day.day());

        if day == deposit_opened {
            events.push(Event::new(
                DEBIT,
                hm(10, 0),
                -DEPOSIT_FEN,
                Category::ToTimeDeposit,
            ));
            events.push(Event::new(
                DEPOSIT,
                hm(10, 0),
                DEPOSIT_FEN,
                Category::DepositOpened,
            ));
        }
        if m == 1 && d == 1 && day != start {
            // Yearly pension adjustment, rounded to whole yuan.
            pension_fen = (pension_fen * 103 / 100) / 100 * 100;
        }
        if d == 15 {
            events.push(Event::new(
                PENSION,
                hm(9, 0),
                pension_fen,
                Category::PensionCredit,
            ));
        }
        if d == 16 {
            events.push(Event::new(
                PENSION,
                hm(10, 30),
                -PENSION_TO_DEBIT_FEN,
                Category::PensionToDebit,
            ));
            events.push(Event::new(
                DEBIT,
                hm(10, 30),
                PENSION_TO_DEBIT_FEN,
                Category::FromPension,
            ));
        }
        if d == 20 && sim.rng.random_bool(0.5) {
            let amount = if sim.rng.random_bool(0.5) {
                50_000
            } else {
                100_000
            };
            let t = sim.time(9, 11);
            events.push(Event::new(PENSION, t, -amount, Category::Cash));
        }
        if d == 8 {
            let winter = matches!(m, 12 | 1 | 2);
            let summer = matches!(m, 7 | 8);
            let water = sim.yuan(25, 60);
            let elec = if summer || winter {
                sim.yuan(150, 240)
            } else {
                sim.yuan(60, 130)
            };
            let gas = if winter {
                sim.yuan(110, 180)
            } else {
                sim.yuan(40, 90)
            };
            events.push(Event::new(DEBIT, hm(8, 30), -water, Category::Water));
            events.push(Event::new(DEBIT, hm(8, 31), -elec, Category::Electricity));
            events.push(Event::new(DEBIT, hm(8, 32), -gas, Category::Gas));
            events.push(Event::new(DEBIT, hm(8, 33), -5_800, Category::Phone));
        }
        if d == 21 && matches!(m, 3 | 6 | 9 | 12) {
            let interest = sim.yuan(8, 20);
            events.push(Event::new(DEBIT, hm(2, 0), interest, Category::Interest));
        }
        if (m, d) == (2, 1) {
            events.push(Event::new(DEBIT, hm(19, 0), 200_000, Category::TransferIn).at("女儿李娜"));
            events
                .push(Event::new(DEBIT, hm(20, 0), -100_000, Category::TransferOut).at("孙子小明"));
        }
        if (m, d) == (3, 8) {
            events.push(Event::new(DEBIT, hm(12, 0), 88_800, Category::TransferIn).at("女儿李娜"));
        }
        if (m, d) == (9, 15) {
            events.push(Event::new(DEBIT, hm(18, 0), 100_000, Category::TransferIn).at("女儿李娜"));
        }
        if d == 5 {
            statement_fen = -sim.balances[CARD as usize];
            last_statement_day = day;
        }
        if d == 20 && statement_fen > 0 {
            events.push(Event::new(
                DEBIT,
                hm(8, 0),
                -statement_fen,
                Category::CardRepayment,
            ));
            events.push(Event::new(
                CARD,
                hm(8, 0),
                statement_fen,
                Category::CardRepaymentReceived,
            ));
            statement_fen = 0;
        }

        // Everyday life.
        for habit in HABITS {
            if sim.rng.random_bool(habit.chance) {
                let time = sim.time(habit.hours.0, habit.hours.1);
                let fen = sim.yuan(habit.yuan.0, habit.yuan.1);
                let place = sim.pick(habit.places);
                events.push(Event::new(habit.account, time, -fen, habit.category).at(place));
            }
        }

        events.sort_by_key(|e| (e.time, e.account));
        for e in events {
            let Some(posted) = tz.from_local_datetime(&day.and_time(e.time)).single() else {
                continue;
            };
            if posted > anchor {
                continue;
            }
            let balance = &mut sim.balances[e.account as usize];
            let after = *balance + e.amount_fen;
            let overdrawn = e.account != CARD && after < 0;
            let over_limit = e.account == CARD && after < -CARD_LIMIT_FEN;
            if overdrawn || over_limit {
                sim.declined += 1;
                continue; // Declined: the demo elder never goes into overdraft.
            }
            *balance = after;
            sim.txns.push(DemoTransaction {
                account_id: e.account,
                posted_at: posted.timestamp(),
                amount_fen: e.amount_fen,
                balance_after_fen: after,
                category: e.category,
                counterparty: e.counterparty.map(str::to_string),
            });
        }
        day = day + Days::new(1);
    }

    let next_pension = if today.day() < 15 {
        today.with_day(15)
    } else {
        (today + Months::new(1)).with_day(15)
    }
    .unwrap_or(today);
    let min_payment = if statement_fen == 0 {
        0
    } else {
        (statement_fen / 10).max(statement_fen.min(10_000))
    };
    // Repaid (or nothing to pay): the next statement's due date.
    let due_month = if statement_fen == 0 {
        last_statement_day + Months::new(1)
    } else {
        last_statement_day
    };
    let due_on = due_month.with_day(20).unwrap_or(due_month);
    let birth_year = if (today.month(), today.day()) >= (3, 8) {
        today.year() - 72
    } else {
        today.year() - 73
    };
    tracing::debug!(
        declined = sim.declined,
        "demo purchases declined for lack of funds"
    );
    let b = sim.balances;
    let accounts = vec![
        DemoAccount {
            id: DEBIT,
            kind: AccountKind::Debit,
            last4: last4[0].clone(),
            balance_fen: b[1],
            opened_on: start - Days::new(3650),
        },
        DemoAccount {
            id: PENSION,
            kind: AccountKind::Pension {
                monthly: Money::cny(pension_fen),
                next_credit_on: next_pension,
            },
            last4: last4[1].clone(),
            balance_fen: b[2],
            opened_on: start - Days::new(4380),
        },
        DemoAccount {
            id: DEPOSIT,
            kind: AccountKind::TimeDeposit {
                maturity_on: deposit_matures,
                rate_bp: 210,
            },
            last4: last4[2].clone(),
            balance_fen: b[3],
            opened_on: deposit_opened,
        },
        DemoAccount {
            id: CARD,
            kind: AccountKind::CreditCard {
                limit: Money::cny(CARD_LIMIT_FEN),
                statement: Money::cny(statement_fen),
                min_payment: Money::cny(min_payment),
                due_on,
            },
            last4: last4[3].clone(),
            balance_fen: b[4],
            opened_on: start - Days::new(1200),
        },
    ];
    DemoBank {
        customer: Customer {
            id: DEMO_CUSTOMER_ID.to_string(),
            name: "王秀兰".to_string(),
            birth_date: NaiveDate::from_ymd_opt(birth_year, 3, 8).unwrap_or(start),
        },
        accounts,
        transactions: sim.txns,
    }
}

/// Opening balance of an account, fen (what the history starts from).
pub fn opening_balance_fen(account_id: i64) -> i64 {
    match account_id {
        DEBIT => OPENING_DEBIT_FEN,
        PENSION => OPENING_PENSION_FEN,
        _ => 0,
    }
}

/// Writes the demo bank generated from `seed` (accounts, history, cards)
/// in one transaction, when the store is writable and has no customer yet:
/// a first start on the embedded demo bank.
pub async fn seed_if_new(
    store: &crate::store::Store,
    seed: u64,
    now: DateTime<FixedOffset>,
) -> Result<(), super::AccountsError> {
    if store.mode() == crate::store::StoreMode::ReadOnly || super::customer(store).await?.is_some()
    {
        return Ok(());
    }
    let bank = generate(seed, now);
    let mut tx = store.begin().await?;
    insert(&mut tx, &bank).await?;
    crate::cards::store::insert_demo(&mut tx, &bank).await?;
    crate::store::set_meta(&mut tx, crate::META_DATA_AS_OF, &now.to_rfc3339()).await?;
    crate::store::set_meta(&mut tx, "demo_seed", &seed.to_string()).await?;
    tx.commit().await.map_err(StoreError::from)?;
    tracing::info!(transactions = bank.transactions.len(), "demo bank written");
    Ok(())
}

/// Writes the bank into the store, inside the caller's transaction, so a
/// killed process leaves either all of it or none of it.
pub async fn insert(conn: &mut sqlx::SqliteConnection, bank: &DemoBank) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO customers (id, name, birth_date) VALUES (?, ?, ?)")
        .bind(&bank.customer.id)
        .bind(&bank.customer.name)
        .bind(bank.customer.birth_date.to_string())
        .execute(&mut *conn)
        .await?;
    for (order, a) in bank.accounts.iter().enumerate() {
        let (mut maturity, mut rate, mut monthly, mut next_credit) = (None, None, None, None);
        let (mut limit, mut statement, mut min_pay, mut due) = (None, None, None, None);
        match &a.kind {
            AccountKind::Debit => {}
            AccountKind::Pension {
                monthly: m,
                next_credit_on,
            } => {
                monthly = Some(m.fen());
                next_credit = Some(next_credit_on.to_string());
            }
            AccountKind::TimeDeposit {
                maturity_on,
                rate_bp,
            } => {
                maturity = Some(maturity_on.to_string());
                rate = Some(*rate_bp);
            }
            AccountKind::CreditCard {
                limit: l,
                statement: s,
                min_payment,
                due_on,
            } => {
                limit = Some(l.fen());
                statement = Some(s.fen());
                min_pay = Some(min_payment.fen());
                due = Some(due_on.to_string());
            }
        }
        sqlx::query(
            "INSERT INTO accounts (id, customer_id, kind, number_last4, currency, balance_fen, opened_on, sort_order, \
             maturity_on, rate_bp, monthly_fen, next_credit_on, limit_fen, statement_fen, min_payment_fen, due_on) \
             VALUES (?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(a.id)
        .bind(&bank.customer.id)
        .bind(a.kind.code())
        .bind(&a.last4)
        .bind(a.balance_fen)
        .bind(a.opened_on.to_string())
        .bind(order as i64)
        .bind(maturity)
        .bind(rate)
        .bind(monthly)
        .bind(next_credit)
        .bind(limit)
        .bind(statement)
        .bind(min_pay)
        .bind(due)
        .execute(&mut *conn)
        .await?;
    }
    for t in &bank.transactions {
        sqlx::query(
            "INSERT INTO transactions (account_id, posted_at, amount_fen, balance_after_fen, category, counterparty) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(t.account_id)
        .bind(t.posted_at)
        .bind(t.amount_fen)
        .bind(t.balance_after_fen)
        .bind(t.category.code())
        .bind(&t.counterparty)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};

    fn anchor() -> DateTime<FixedOffset> {
        FixedClock::at(2026, 11, 25, 9, 30).unwrap().now()
    }

    #[test]
    fn same_seed_same_bank() {
        assert_eq!(generate(7, anchor()), generate(7, anchor()));
    }

    #[test]
    fn different_seed_different_history() {
        assert_ne!(
            generate(7, anchor()).transactions,
            generate(8, anchor()).transactions
        );
    }

    #[test]
    fn two_years_and_enough_transactions() {
        let bank = generate(DEFAULT_SEED, anchor());
        assert!(
            bank.transactions.len() >= 1_500,
            "only {}",
            bank.transactions.len()
        );
        let first = bank.transactions.first().unwrap().posted_at;
        let last = bank.transactions.last().unwrap().posted_at;
        assert!(
            last - first >= 2 * 365 * 86_400 - 3 * 86_400,
            "span {} days",
            (last - first) / 86_400
        );
        assert!(
            last <= anchor().timestamp(),
            "history must not run past the anchor"
        );
    }

    #[test]
    fn balances_equal_opening_plus_every_transaction() {
        let bank = generate(DEFAULT_SEED, anchor());
        for a in &bank.accounts {
            let mut running = opening_balance_fen(a.id);
            for t in bank.transactions.iter().filter(|t| t.account_id == a.id) {
                running += t.amount_fen;
                assert_eq!(
                    running, t.balance_after_fen,
                    "account {} txn at {}",
                    a.id, t.posted_at
                );
            }
            assert_eq!(running, a.balance_fen, "account {}", a.id);
            if a.id != CARD {
                assert!(a.balance_fen >= 0);
            }
        }
    }

    #[test]
    fn the_elder_is_72_and_has_every_account_kind() {
        let bank = generate(DEFAULT_SEED, anchor());
        assert_eq!(bank.customer.age_on(anchor().date_naive()), 72);
        let kinds: Vec<_> = bank.accounts.iter().map(|a| a.kind.code()).collect();
        assert_eq!(kinds, ["debit", "pension", "time_deposit", "credit_card"]);
        let AccountKind::TimeDeposit { maturity_on, .. } = bank.accounts[2].kind else {
            panic!()
        };
        assert!(
            maturity_on > anchor().date_naive(),
            "deposit has not matured yet"
        );
        assert_eq!(bank.accounts[2].balance_fen, DEPOSIT_FEN);
        let pension_credits = bank
            .transactions
            .iter()
            .filter(|t| t.category == Category::PensionCredit)
            .count();
        assert!(
            (23..=25).contains(&pension_credits),
            "{pension_credits} pension credits"
        );
    }
}
