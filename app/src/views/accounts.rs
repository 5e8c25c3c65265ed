//! Accounts: every account, its masked number, its balance and the facts
//! of its kind (maturity, pension date, amount due).

use crate::components::Frame;
use crate::state::{Screen, Tr, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::{Account, AccountKind, Companion, voice};

/// The accounts screen.
#[component]
pub fn Accounts() -> Element {
    let tr = use_tr();
    let version = crate::state::use_data_version();
    let nav = use_nav();
    let companion = use_context::<Companion>();
    let accounts = use_resource(move || {
        let _reload = version();
        let c = companion.clone();
        async move { c.accounts().await }
    });
    let list = accounts.read().clone();
    let (speech, body) = match list {
        None => (String::new(), rsx! { p { {tr.t("loading")} } }),
        Some(Err(e)) => (
            tr.t(e.message_id()),
            rsx! { p { class: "error", role: "alert", {tr.t(e.message_id())} } },
        ),
        Some(Ok(list)) => (
            voice::accounts(tr.i18n(), tr.lang(), &list),
            rsx! {
                ul { class: "cards",
                    for a in list {
                        li { key: "{a.id.0}", class: "card", "data-testid": "account",
                            AccountCard { account: a.clone() }
                            button {
                                class: "open",
                                "data-testid": "open-account",
                                onclick: move |_| nav.push(Screen::AccountDetail(a.id)),
                                {tr.t("account-open-detail")}
                            }
                        }
                    }
                }
            },
        ),
    };
    rsx! {
        Frame { title: tr.t("accounts-title"), speech, back: true, {body} }
    }
}

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
