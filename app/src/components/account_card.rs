//! One account as the accounts list and its detail screen show it.

use crate::state::{Tr, use_tr};
use dioxus::prelude::*;
use happylife_core::{Account, AccountKind, voice};

/// Name, masked number, balance and kind-specific facts of one account.
#[component]
pub fn AccountCard(account: Account) -> Element {
    let tr = use_tr();
    let (name, number) = voice::account_label(tr.i18n(), tr.lang(), &account);
    let facts = facts(&tr, &account);
    let balance_label = match account.kind {
        AccountKind::CreditCard { .. } => tr.t("label-available"),
        _ => tr.t("label-balance"),
    };
    let balance = account.available_credit().unwrap_or(account.balance);
    rsx! {
        h2 { "{name}" }
        p { class: "number", "data-testid": "masked-number", "{number}" }
        p { "{balance_label}" }
        p { class: "balance", "data-testid": "balance", "{balance.format_grouped()}" }
        if !facts.is_empty() {
            dl { class: "facts",
                for (label, value) in facts {
                    div {
                        dt { "{label}" }
                        dd { "{value}" }
                    }
                }
            }
        }
    }
}

fn facts(tr: &Tr, account: &Account) -> Vec<(String, String)> {
    let (i18n, lang) = (tr.i18n(), tr.lang());
    match &account.kind {
        AccountKind::Debit => vec![],
        AccountKind::Pension {
            monthly,
            next_credit_on,
        } => vec![
            (tr.t("label-monthly-pension"), monthly.format_grouped()),
            (tr.t("label-next-credit"), i18n.date(lang, *next_credit_on)),
        ],
        AccountKind::TimeDeposit {
            maturity_on,
            rate_bp,
        } => vec![
            (tr.t("label-maturity"), i18n.date(lang, *maturity_on)),
            (
                tr.t("label-rate"),
                tr.ta(
                    "rate-percent",
                    &[(
                        "rate",
                        format!("{}.{:02}", rate_bp / 100, rate_bp % 100).into(),
                    )],
                ),
            ),
        ],
        AccountKind::CreditCard {
            limit,
            statement,
            min_payment,
            due_on,
        } => vec![
            (tr.t("label-statement"), statement.format_grouped()),
            (tr.t("label-min-payment"), min_payment.format_grouped()),
            (tr.t("label-due-date"), i18n.date(lang, *due_on)),
            (tr.t("label-credit-limit"), limit.format_grouped()),
        ],
    }
}
