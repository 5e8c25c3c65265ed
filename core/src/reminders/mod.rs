//! Reminders (提醒): one list, newest first, each with a one-tap action.
//!
//! Owns: which reminders are due, from the device's own copy of the bank
//! (so the list works offline), and the ones she has put away (知道了).
//! - a utility bill not yet paid and not covered by auto-pay → pay it;
//! - a credit-card statement not yet repaid → repay it;
//! - a time deposit maturing within [`DEPOSIT_DAYS`] days → look at it;
//! - the ID document expiring within [`ID_DAYS`] days → how to update it;
//! - the pension credited in the last [`PENSION_DAYS`] days → look at it.
//!
//! Each reminder is dated by when it became relevant; the list is newest
//! first. A reminder put away stays away (its key names the bill, the
//! maturity or the credit, so the next one is a new reminder).

mod facade;

use crate::accounts::{AccountId, AccountKind};
use crate::bills::{Autopay, Bill, BillKind};
use crate::money::Money;
use chrono::{Days, NaiveDate};

/// A time deposit is mentioned this many days before it matures.
pub const DEPOSIT_DAYS: u64 = 60;
/// The ID document is mentioned this many days before it expires.
pub const ID_DAYS: u64 = 90;
/// A pension credit is mentioned for this many days.
pub const PENSION_DAYS: u64 = 31;

/// What the reminder is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReminderKind {
    /// A utility bill to pay.
    BillDue,
    /// The credit card's statement to repay.
    CardDue,
    /// A time deposit matures.
    DepositMatures,
    /// The ID document expires: the bank needs the new one.
    IdExpiring,
    /// The pension has arrived.
    PensionCredited,
}

impl ReminderKind {
    /// Stable code (tests, `data-kind`).
    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::BillDue => "bill_due",
            ReminderKind::CardDue => "card_due",
            ReminderKind::DepositMatures => "deposit_matures",
            ReminderKind::IdExpiring => "id_expiring",
            ReminderKind::PensionCredited => "pension_credited",
        }
    }
}

/// The one tap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Pay (or repay) this bill: the confirmation screen.
    PayBill(i64),
    /// Open this account.
    OpenAccount(AccountId),
    /// How to bring the new ID document to the bank.
    UpdateId,
}

/// One reminder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// Stable key (what 知道了 remembers).
    pub key: String,
    /// What it is about.
    pub kind: ReminderKind,
    /// When it became relevant (the list is newest first).
    pub raised_on: NaiveDate,
    /// The date that matters (due, maturity, expiry, credit).
    pub on: NaiveDate,
    /// The amount, when there is one.
    pub amount: Option<Money>,
    /// The bill's kind, for bill reminders.
    pub bill_kind: Option<BillKind>,
    /// The company, for bill reminders.
    pub provider: Option<String>,
    /// The tap.
    pub action: Action,
}

impl Reminder {
    /// The reminder in one sentence in `lang` (`燃气费 ¥65.00 请在 12月8日
    /// 前交。`), and the Fluent id of its button's words.
    pub fn sentence(&self, i18n: &crate::I18n, lang: crate::Language) -> (String, &'static str) {
        use crate::Arg;
        let date = i18n.date_short(lang, self.on);
        let what = self
            .bill_kind
            .map(|k| i18n.tr(lang, k.message_id()))
            .unwrap_or_default();
        let amount = self.amount.map(|a| a.format_grouped()).unwrap_or_default();
        let (text, button) = match self.kind {
            ReminderKind::BillDue => ("reminder-bill-due", "bill-pay"),
            ReminderKind::CardDue => ("reminder-card-due", "bill-repay"),
            ReminderKind::DepositMatures => ("reminder-deposit", "reminder-look"),
            ReminderKind::IdExpiring => ("reminder-id", "reminder-how"),
            ReminderKind::PensionCredited => ("reminder-pension", "reminder-look"),
        };
        let args = [
            ("date", Arg::from(date)),
            ("amount", Arg::from(amount)),
            ("what", Arg::from(what)),
        ];
        (i18n.tr_args(lang, text, &args), button)
    }
}

/// What the reminders are worked out from (all read from the device).
pub struct Facts<'a> {
    /// Today in Beijing.
    pub today: NaiveDate,
    /// Every bill kept here.
    pub bills: &'a [Bill],
    /// Active agreements.
    pub autopays: &'a [Autopay],
    /// Her accounts: (id, kind).
    pub accounts: &'a [(AccountId, AccountKind)],
    /// The ID document's expiry, when the bank has told us.
    pub id_expires_on: Option<NaiveDate>,
    /// The latest pension credit: (transaction id, account, amount, date).
    pub last_pension: Option<(i64, AccountId, Money, NaiveDate)>,
    /// Keys she has put away.
    pub done: &'a [String],
}

/// The reminders due today, newest first.
pub fn due(f: &Facts<'_>) -> Vec<Reminder> {
    let mut out = Vec::new();
    for b in f.bills.iter().filter(|b| b.is_open()) {
        let covered = f.autopays.iter().any(|a| a.covers(b));
        let (kind, key) = match b.account.kind {
            BillKind::CreditCard => (ReminderKind::CardDue, format!("card:{}", b.id)),
            _ if covered => continue,
            _ => (ReminderKind::BillDue, format!("bill:{}", b.id)),
        };
        out.push(Reminder {
            key,
            kind,
            raised_on: b.issued_on,
            on: b.due_on,
            amount: Some(b.amount),
            bill_kind: Some(b.account.kind),
            provider: Some(b.account.provider.clone()),
            action: Action::PayBill(b.id),
        });
    }
    for (id, kind) in f.accounts {
        if let AccountKind::TimeDeposit { maturity_on, .. } = kind {
            let from = *maturity_on - Days::new(DEPOSIT_DAYS);
            if from <= f.today && f.today <= *maturity_on + Days::new(30) {
                out.push(Reminder {
                    key: format!("deposit:{}:{maturity_on}", id.0),
                    kind: ReminderKind::DepositMatures,
                    raised_on: from,
                    on: *maturity_on,
                    amount: None,
                    bill_kind: None,
                    provider: None,
                    action: Action::OpenAccount(*id),
                });
            }
        }
    }
    if let Some(expires) = f.id_expires_on {
        let from = expires - Days::new(ID_DAYS);
        if from <= f.today {
            out.push(Reminder {
                key: format!("id:{expires}"),
                kind: ReminderKind::IdExpiring,
                raised_on: from,
                on: expires,
                amount: None,
                bill_kind: None,
                provider: None,
                action: Action::UpdateId,
            });
        }
    }
    if let Some((txn, account, amount, day)) = f.last_pension
        && day <= f.today
        && f.today <= day + Days::new(PENSION_DAYS)
    {
        out.push(Reminder {
            key: format!("pension:{txn}"),
            kind: ReminderKind::PensionCredited,
            raised_on: day,
            on: day,
            amount: Some(amount),
            bill_kind: None,
            provider: None,
            action: Action::OpenAccount(account),
        });
    }
    out.retain(|r| !f.done.contains(&r.key));
    out.sort_by(|a, b| b.raised_on.cmp(&a.raised_on).then(a.key.cmp(&b.key)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bills::{BillAccount, BillStatus, PaidBy};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(if m >= 10 { 2026 } else { 2027 }, m, day).unwrap()
    }

    fn bill(id: i64, kind: BillKind, fen: i64, issued: NaiveDate, status: BillStatus) -> Bill {
        Bill {
            id,
            account: BillAccount {
                id: id * 10,
                kind,
                provider: "公司".into(),
                last4: "1234".into(),
            },
            period: "2026-11".into(),
            amount: Money::cny(fen),
            issued_on: issued,
            due_on: issued + Days::new(15),
            status,
        }
    }

    #[test]
    fn every_kind_newest_first_and_auto_paid_bills_left_out() {
        let bills = vec![
            bill(1, BillKind::Water, 3_850, d(11, 20), BillStatus::Unpaid),
            bill(
                2,
                BillKind::Electricity,
                12_630,
                d(11, 21),
                BillStatus::Unpaid,
            ),
            bill(
                3,
                BillKind::Gas,
                6_500,
                d(11, 22),
                BillStatus::Paid {
                    by: PaidBy::Customer,
                    at: 1,
                },
            ),
            bill(
                4,
                BillKind::CreditCard,
                123_400,
                d(11, 10),
                BillStatus::Unpaid,
            ),
            bill(5, BillKind::Phone, 5_800, d(11, 18), BillStatus::Checking),
        ];
        let elec = Autopay {
            id: 1,
            account: bills[1].account.clone(),
            from_account_id: 1,
            limit: Money::cny(30_000),
            created_at: 0,
            cancel_waiting: false,
        };
        let accounts = [(
            AccountId(3),
            AccountKind::TimeDeposit {
                maturity_on: d(1, 4),
                rate_bp: 210,
            },
        )];
        let f = Facts {
            today: d(11, 25),
            bills: &bills,
            autopays: std::slice::from_ref(&elec),
            accounts: &accounts,
            id_expires_on: Some(d(1, 20)),
            last_pension: Some((77, AccountId(2), Money::cny(531_100), d(11, 15))),
            done: &[],
        };
        let list = due(&f);
        let kinds: Vec<_> = list.iter().map(|r| (r.kind, r.raised_on)).collect();
        assert_eq!(
            kinds,
            vec![
                (ReminderKind::BillDue, d(11, 20)),
                (ReminderKind::PensionCredited, d(11, 15)),
                (ReminderKind::CardDue, d(11, 10)),
                (ReminderKind::DepositMatures, d(11, 5)),
                (ReminderKind::IdExpiring, d(10, 22)),
            ]
        );
        assert_eq!(list[0].action, Action::PayBill(1));
        assert_eq!(list[1].action, Action::OpenAccount(AccountId(2)));

        // Over the agreement's limit, she must pay it herself: reminded.
        let low = Autopay {
            limit: Money::cny(10_000),
            ..elec.clone()
        };
        let f2 = Facts {
            autopays: std::slice::from_ref(&low),
            ..f
        };
        assert!(due(&f2).iter().any(|r| r.key == "bill:2"));

        // 知道了 puts one away for good.
        let done = vec!["pension:77".to_string()];
        let f3 = Facts { done: &done, ..f2 };
        assert!(
            !due(&f3)
                .iter()
                .any(|r| r.kind == ReminderKind::PensionCredited)
        );
    }

    #[test]
    fn nothing_before_its_time() {
        let accounts = [(
            AccountId(3),
            AccountKind::TimeDeposit {
                maturity_on: d(3, 1),
                rate_bp: 210,
            },
        )];
        let f = Facts {
            today: d(11, 25),
            bills: &[],
            autopays: &[],
            accounts: &accounts,
            id_expires_on: Some(d(6, 1)),
            last_pension: Some((1, AccountId(2), Money::cny(1), d(10, 15))),
            done: &[],
        };
        assert_eq!(due(&f), vec![], "maturity, expiry too far; pension too old");
    }
}
