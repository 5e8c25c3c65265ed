//! Bills (缴费): the elder's utility accounts (water, electricity, gas,
//! phone), each month's bill, auto-pay (代扣) agreements, and the
//! credit-card statement, which is paid the same way.
//!
//! Owns: the bill kinds and their words, the rules for an auto-pay
//! agreement (a limit per bill; a bill above it is never taken
//! automatically), and the device's copy of what the bank holds. Paying and
//! signing an agreement move money, so they need a live connection and the
//! confirmation screen (see [`crate::Companion::pay_bill`]); cancelling an
//! agreement is the safe direction and may be queued offline.
//!
//! Files: `mod.rs` types and rules; `store.rs` the device's tables.

pub(crate) mod facade;
pub mod store;

pub use facade::LiveOutcome;

use crate::money::Money;
use chrono::NaiveDate;

/// Most an auto-pay agreement may take for one bill: ¥5,000.00.
pub const AUTOPAY_MAX_LIMIT_FEN: i64 = 500_000;

/// What a bill is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BillKind {
    /// 水费
    Water,
    /// 电费
    Electricity,
    /// 燃气费
    Gas,
    /// 话费
    Phone,
    /// 信用卡还款: the card's statement.
    CreditCard,
}

impl BillKind {
    /// The utility kinds shown on 缴费, in order.
    pub const UTILITIES: [BillKind; 4] = [
        BillKind::Water,
        BillKind::Electricity,
        BillKind::Gas,
        BillKind::Phone,
    ];

    /// Stable code (JSON, SQL).
    pub fn code(self) -> &'static str {
        match self {
            BillKind::Water => "water",
            BillKind::Electricity => "electricity",
            BillKind::Gas => "gas",
            BillKind::Phone => "phone",
            BillKind::CreditCard => "credit_card",
        }
    }

    /// Parses [`BillKind::code`].
    pub fn from_code(code: &str) -> Option<BillKind> {
        [
            BillKind::Water,
            BillKind::Electricity,
            BillKind::Gas,
            BillKind::Phone,
            BillKind::CreditCard,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    /// Fluent id of its name (水费, 电费…).
    pub fn message_id(self) -> &'static str {
        match self {
            BillKind::Water => "bill-kind-water",
            BillKind::Electricity => "bill-kind-electricity",
            BillKind::Gas => "bill-kind-gas",
            BillKind::Phone => "bill-kind-phone",
            BillKind::CreditCard => "bill-kind-credit-card",
        }
    }
}

/// One of the elder's accounts at a utility (缴费户号), as the bank holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillAccount {
    /// Bank id.
    pub id: i64,
    /// What it is for.
    pub kind: BillKind,
    /// The company (北京自来水集团…).
    pub provider: String,
    /// Last four characters of the utility account number.
    pub last4: String,
}

/// Who paid a bill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaidBy {
    /// She paid it in the app.
    Customer,
    /// The auto-pay agreement took it.
    Autopay,
    /// A family member (helper or guardian) paid it from her account; who
    /// is in her audit list.
    Family,
}

/// Where a bill stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillStatus {
    /// Not paid yet.
    Unpaid,
    /// Sent from this phone; the bank's answer was lost. Never sent twice:
    /// the next sync finds out.
    Checking,
    /// Paid, by whom and when (unix seconds).
    Paid {
        /// Who paid.
        by: PaidBy,
        /// When.
        at: i64,
    },
}

/// One bill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bill {
    /// Bank id.
    pub id: i64,
    /// The utility account it is for.
    pub account: BillAccount,
    /// The month it covers, `2026-11`.
    pub period: String,
    /// What is owed.
    pub amount: Money,
    /// When the bank received it from the company.
    pub issued_on: NaiveDate,
    /// Last day to pay.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: BillStatus,
}

impl Bill {
    /// Still to be paid by someone (unpaid and not being checked).
    pub fn is_open(&self) -> bool {
        self.status == BillStatus::Unpaid
    }
}

/// An auto-pay agreement (代扣协议).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Autopay {
    /// Bank id.
    pub id: i64,
    /// The utility account it pays.
    pub account: BillAccount,
    /// The debit account it takes the money from.
    pub from_account_id: i64,
    /// The most it takes for one bill.
    pub limit: Money,
    /// Signed on (unix seconds).
    pub created_at: i64,
    /// Cancelled on this phone, not yet confirmed by the bank (it will not
    /// be used once the bank has it).
    pub cancel_waiting: bool,
}

impl Autopay {
    /// Whether this agreement will take `bill` on its due date.
    pub fn covers(&self, bill: &Bill) -> bool {
        !self.cancel_waiting
            && self.account.id == bill.account.id
            && bill.amount.fen() <= self.limit.fen()
    }
}

/// Why an auto-pay agreement cannot be set up as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BillError {
    /// The bill or utility account is not hers (or not on this phone).
    #[error("bill not found")]
    NotFound,
    /// The bill was already paid (by her, on another phone, or by auto-pay).
    #[error("bill already paid")]
    AlreadyPaid,
    /// The limit is not between ¥0.01 and [`AUTOPAY_MAX_LIMIT_FEN`].
    #[error("auto-pay limit out of range")]
    LimitOutOfRange,
    /// There is already an auto-pay agreement for this account.
    #[error("already on auto-pay")]
    AlreadyOnAutopay,
    /// A credit card's statement cannot be set up for auto-pay here.
    #[error("not a utility")]
    NotAUtility,
}

impl BillError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            BillError::NotFound => "bill_not_found",
            BillError::AlreadyPaid => "bill_already_paid",
            BillError::LimitOutOfRange => "autopay_limit_out_of_range",
            BillError::AlreadyOnAutopay => "already_on_autopay",
            BillError::NotAUtility => "not_a_utility",
        }
    }

    /// Fluent id of the plain sentence.
    pub fn message_id(&self) -> &'static str {
        match self {
            BillError::NotFound => "error-bill-not-found",
            BillError::AlreadyPaid => "error-bill-already-paid",
            BillError::LimitOutOfRange => "error-autopay-limit",
            BillError::AlreadyOnAutopay => "error-already-on-autopay",
            BillError::NotAUtility => "error-not-a-utility",
        }
    }

    /// The error the bank's code stands for.
    pub fn from_code(code: &str) -> Option<BillError> {
        [
            BillError::NotFound,
            BillError::AlreadyPaid,
            BillError::LimitOutOfRange,
            BillError::AlreadyOnAutopay,
            BillError::NotAUtility,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }
}

/// Checks an auto-pay limit in fen (the device and the bank use this one rule).
pub fn check_limit(limit_fen: i64) -> Result<Money, BillError> {
    if (1..=AUTOPAY_MAX_LIMIT_FEN).contains(&limit_fen) {
        Ok(Money::cny(limit_fen))
    } else {
        Err(BillError::LimitOutOfRange)
    }
}

/// A suggested limit for a new agreement: twice the highest of the recent
/// bills, rounded up to ¥50, at least ¥100 and never above the maximum.
pub fn suggested_limit(recent: &[Money]) -> Money {
    let top = recent.iter().map(|m| m.fen()).max().unwrap_or(0);
    let doubled = top.clamp(0, AUTOPAY_MAX_LIMIT_FEN);
    let doubled = doubled * 2;
    let rounded = (doubled + 4_999) / 5_000 * 5_000;
    Money::cny(rounded.clamp(10_000, AUTOPAY_MAX_LIMIT_FEN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: i64) -> BillAccount {
        BillAccount {
            id,
            kind: BillKind::Electricity,
            provider: "国网北京电力".into(),
            last4: "0451".into(),
        }
    }

    fn bill(account_id: i64, fen: i64) -> Bill {
        let d = NaiveDate::from_ymd_opt(2026, 12, 10).unwrap();
        Bill {
            id: 1,
            account: account(account_id),
            period: "2026-11".into(),
            amount: Money::cny(fen),
            issued_on: d,
            due_on: d,
            status: BillStatus::Unpaid,
        }
    }

    #[test]
    fn an_agreement_never_takes_more_than_its_limit() {
        let a = Autopay {
            id: 7,
            account: account(3),
            from_account_id: 1,
            limit: Money::cny(30_000),
            created_at: 0,
            cancel_waiting: false,
        };
        assert!(a.covers(&bill(3, 12_630)));
        assert!(a.covers(&bill(3, 30_000)));
        assert!(
            !a.covers(&bill(3, 30_001)),
            "above the limit: she pays it herself"
        );
        assert!(!a.covers(&bill(4, 100)), "another account's bill");
        let cancelled = Autopay {
            cancel_waiting: true,
            ..a
        };
        assert!(!cancelled.covers(&bill(3, 100)), "cancelled on the phone");
    }

    #[test]
    fn limits_are_checked_and_suggested() {
        assert_eq!(check_limit(0), Err(BillError::LimitOutOfRange));
        assert_eq!(
            check_limit(AUTOPAY_MAX_LIMIT_FEN + 1),
            Err(BillError::LimitOutOfRange)
        );
        assert_eq!(check_limit(30_000).unwrap().fen(), 30_000);
        assert_eq!(suggested_limit(&[]).fen(), 10_000);
        assert_eq!(
            suggested_limit(&[Money::cny(12_630), Money::cny(9_800)]).fen(),
            30_000
        );
        assert_eq!(
            suggested_limit(&[Money::cny(400_000)]).fen(),
            AUTOPAY_MAX_LIMIT_FEN
        );
    }

    #[test]
    fn codes_round_trip() {
        for k in BillKind::UTILITIES {
            assert_eq!(BillKind::from_code(k.code()), Some(k));
        }
        assert_eq!(
            BillKind::from_code("credit_card"),
            Some(BillKind::CreditCard)
        );
        assert_eq!(BillKind::from_code("tv"), None);
        assert_eq!(
            BillError::from_code("bill_already_paid"),
            Some(BillError::AlreadyPaid)
        );
    }
}
