//! Voice: what each screen says when the elder taps 朗读 (read aloud).
//! Speech recognition and intents come with the voice-assistant issue.
//!
//! Owns: the read-aloud script of each screen, built from the same data the
//! screen shows, so what is heard always matches what is seen.

pub mod amount;
pub mod assistant;
mod facade;
pub mod intent;

use crate::accounts::{Account, Transaction};
use crate::i18n::{Arg, I18n, Language};
use crate::money::Money;
use chrono::{DateTime, FixedOffset, Timelike};

/// The part of the day for a greeting: `morning`, `afternoon` or `evening`.
pub fn day_part(now: DateTime<FixedOffset>) -> &'static str {
    match now.hour() {
        5..=11 => "morning",
        12..=17 => "afternoon",
        _ => "evening",
    }
}

/// The greeting on the home screen: `王秀兰，上午好`.
pub fn greeting(i18n: &I18n, lang: Language, name: &str, now: DateTime<FixedOffset>) -> String {
    i18n.tr_args(
        lang,
        "home-greeting",
        &[("name", name.into()), ("part", day_part(now).into())],
    )
}

/// Home: greeting, freshness and what can be done.
fn home(i18n: &I18n, lang: Language, greeting: &str, freshness: &str) -> String {
    i18n.tr_args(
        lang,
        "speech-home",
        &[
            ("greeting", greeting.into()),
            ("freshness", freshness.into()),
        ],
    )
}

/// Home's script from her name and how fresh the figures are (either may
/// be missing: a phone not yet bound, data never pulled).
pub fn home_for(
    i18n: &I18n,
    lang: Language,
    name: Option<&str>,
    freshness: Option<&crate::sync::Freshness>,
    now: DateTime<FixedOffset>,
) -> String {
    let greeting = name
        .map(|n| greeting(i18n, lang, n, now))
        .unwrap_or_default();
    let fresh = freshness
        .map(|f| f.line(i18n, lang, now))
        .unwrap_or_default();
    home(i18n, lang, &greeting, &fresh)
}

/// The account's name and masked number as spoken: `借记卡，尾号 1234`.
pub fn account_label(i18n: &I18n, lang: Language, account: &Account) -> (String, String) {
    (
        i18n.tr(lang, account.kind.message_id()),
        i18n.tr_args(
            lang,
            "account-number",
            &[("last4", account.number.last4().into())],
        ),
    )
}

/// The account list: every account with its balance.
pub fn accounts(i18n: &I18n, lang: Language, accounts: &[Account]) -> String {
    let items: Vec<String> = accounts
        .iter()
        .map(|a| {
            let (name, number) = account_label(i18n, lang, a);
            i18n.tr_args(
                lang,
                "speech-account-item",
                &[
                    ("name", name.into()),
                    ("number", number.into()),
                    ("amount", a.balance.format_grouped().into()),
                ],
            )
        })
        .collect();
    let list = items.join(&i18n.tr(lang, "list-separator"));
    i18n.tr_args(
        lang,
        "speech-accounts",
        &[
            ("count", Arg::Num(accounts.len() as i64)),
            ("list", list.into()),
        ],
    )
}

/// The plain-language description of a transaction: `在东门菜市场买菜`.
pub fn describe(i18n: &I18n, lang: Language, txn: &Transaction) -> String {
    let mut args = Vec::new();
    if let Some(arg) = txn.category.counterparty_arg() {
        args.push((arg, Arg::Str(txn.counterparty.clone().unwrap_or_default())));
    }
    i18n.tr_args(lang, &txn.category.message_id(), &args)
}

/// One transaction as spoken: date, what, in or out, amount.
pub fn transaction(i18n: &I18n, lang: Language, txn: &Transaction) -> String {
    let direction = if txn.amount.is_negative() {
        "txn-out"
    } else {
        "txn-in"
    };
    i18n.tr_args(
        lang,
        "speech-txn",
        &[
            ("date", i18n.date(lang, txn.posted_at.date_naive()).into()),
            ("description", describe(i18n, lang, txn).into()),
            ("direction", i18n.tr(lang, direction).into()),
            ("amount", txn.amount.abs().format_grouped().into()),
        ],
    )
}

/// Account detail: name, balance, count and the newest transaction shown.
pub fn account_detail(
    i18n: &I18n,
    lang: Language,
    account: &Account,
    total: u32,
    newest: Option<&Transaction>,
) -> String {
    let (name, number) = account_label(i18n, lang, account);
    let latest = newest
        .map(|t| transaction(i18n, lang, t))
        .unwrap_or_default();
    i18n.tr_args(
        lang,
        "speech-detail",
        &[
            ("name", name.into()),
            ("number", number.into()),
            ("amount", account.balance.format_grouped().into()),
            (
                "count",
                i18n.tr_args(lang, "txn-count", &[("count", Arg::Num(i64::from(total)))])
                    .into(),
            ),
            ("latest", latest.into()),
        ],
    )
}

/// Formats an amount for speech and screens alike.
pub fn amount(m: Money) -> String {
    m.format_grouped()
}
