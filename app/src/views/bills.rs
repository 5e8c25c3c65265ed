//! 缴费: water, electricity, gas, phone and the credit card's statement.
//! Pay now (through the same 请核对 screen as a transfer), or sign an
//! auto-pay (代扣) agreement with a limit per bill; see and cancel them.
//! Paying and signing need a live connection; cancelling works offline.

use crate::components::loading;
use crate::components::{ConfirmCard, ConfirmRow, Frame, capital_words};
use crate::context::{Done, LiveResult, debit, show_result, use_companion};
use crate::state::{Screen, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::bills::{Bill, BillKind, BillStatus, LiveOutcome, PaidBy, suggested_limit};
use happylife_core::{CompanionError, Money};

fn date_words(tr: &crate::state::Tr, d: chrono::NaiveDate) -> String {
    tr.i18n().date_short(tr.lang(), d)
}

/// 缴费: each utility with its open bill and its agreement.
#[component]
pub fn Bills() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut version = use_data_version();
    let c = companion.clone();
    let data = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move {
            (
                c.bill_accounts().await.unwrap_or_default(),
                c.bills().await.unwrap_or_default(),
                c.autopays().await.unwrap_or_default(),
            )
        }
    });
    let (accounts, bills, autopays) = data.read().clone().unwrap_or_default();
    let mut cancelled = use_signal(|| None::<Result<(), CompanionError>>);
    let open: Vec<&Bill> = bills
        .iter()
        .filter(|b| !matches!(b.status, BillStatus::Paid { .. }))
        .collect();
    let speech = tr.ta(
        "speech-bills",
        &[(
            "count",
            happylife_core::Arg::Num(open.iter().filter(|b| b.is_open()).count() as i64),
        )],
    );
    let card_bill = open
        .iter()
        .find(|b| b.account.kind == BillKind::CreditCard)
        .map(|b| (*b).clone());
    let paid: Vec<Bill> = bills
        .iter()
        .filter(|b| matches!(b.status, BillStatus::Paid { .. }))
        .take(6)
        .cloned()
        .collect();
    let now = companion.now();
    rsx! {
        Frame { title: tr.t("tile-bills"), speech, back: true,
            if let Some(r) = cancelled() {
                match r {
                    Ok(()) => rsx! { p { class: "notice", role: "status", "data-testid": "autopay-cancelled", {tr.t("autopay-cancelled")} } },
                    Err(e) => rsx! { p { class: "error", role: "alert", {tr.t(e.message_id())} } },
                }
            }
            ul { class: "cards",
                for a in accounts {
                    {
                        let bill = open.iter().find(|b| b.account.id == a.id).map(|b| (*b).clone());
                        let agreement = autopays.iter().find(|p| p.account.id == a.id).cloned();
                        let kind = a.kind.code();
                        rsx! {
                            li { key: "{a.id}", class: "card", "data-testid": "bill-account-{kind}",
                                h2 { {tr.t(a.kind.message_id())} }
                                p { class: "muted", {tr.ta("bill-provider", &[("provider", a.provider.clone().into()), ("last4", a.last4.clone().into())])} }
                                match &bill {
                                    Some(b) => rsx! {
                                        p { class: "balance", "data-testid": "bill-amount", {b.amount.format_grouped()} }
                                        p { {tr.ta("bill-due", &[("date", date_words(&tr, b.due_on).into())])} }
                                        if b.status == BillStatus::Checking {
                                            p { class: "status", "data-testid": "bill-checking", {tr.t("bill-checking")} }
                                        }
                                    },
                                    None => rsx! { p { class: "status", "data-testid": "bill-none", {tr.t("bill-nothing-due")} } },
                                }
                                match &agreement {
                                    Some(p) if p.cancel_waiting => rsx! {
                                        p { class: "status", "data-testid": "autopay-cancel-waiting", {tr.t("autopay-cancel-waiting")} }
                                    },
                                    Some(p) => rsx! {
                                        p { class: "status", "data-testid": "autopay-on",
                                            {tr.ta("autopay-on", &[("limit", p.limit.format_grouped().into())])}
                                        }
                                        if bill.as_ref().is_some_and(|b| !p.covers(b)) {
                                            p { class: "error", {tr.t("autopay-over-limit")} }
                                        }
                                    },
                                    None => rsx! {},
                                }
                                if let Some(b) = bill.clone() {
                                    button {
                                        class: "toggle",
                                        "data-testid": "pay-{kind}",
                                        onclick: move |_| nav.push(Screen::BillPay(b.id)),
                                        if b.status == BillStatus::Checking { {tr.t("bill-ask-again")} } else { {tr.t("bill-pay")} }
                                    }
                                }
                                match agreement {
                                    Some(p) if !p.cancel_waiting => rsx! {
                                        button {
                                            class: "quietbtn",
                                            "data-testid": "autopay-cancel-{kind}",
                                            onclick: {
                                                let c = companion.clone();
                                                move |_| {
                                                let c = c.clone();
                                                async move {
                                                    let r = c.cancel_autopay(p.id).await;
                                                    cancelled.set(Some(r));
                                                    *version.write() += 1;
                                                    crate::state::wake_sync();
                                                }
                                            }},
                                            {tr.t("autopay-cancel")}
                                        }
                                    },
                                    Some(_) => rsx! {},
                                    None => rsx! {
                                        button {
                                            class: "quietbtn",
                                            "data-testid": "autopay-setup-{kind}",
                                            onclick: move |_| nav.push(Screen::AutopaySetup(a.id)),
                                            {tr.t("autopay-setup")}
                                        }
                                    },
                                }
                            }
                        }
                    }
                }
            }
            if let Some(b) = card_bill {
                section { class: "group", "data-testid": "card-statement",
                    h2 { {tr.t("bill-kind-credit-card")} }
                    p { class: "balance", {b.amount.format_grouped()} }
                    p { {tr.ta("bill-due", &[("date", date_words(&tr, b.due_on).into())])} }
                    button {
                        class: "toggle",
                        "data-testid": "pay-credit_card",
                        onclick: move |_| nav.push(Screen::BillPay(b.id)),
                        {tr.t("bill-repay")}
                    }
                }
            }
            if !paid.is_empty() {
                section { class: "group",
                    h2 { {tr.t("bills-paid")} }
                    ul { class: "txns",
                        for b in paid {
                            li { key: "{b.id}", class: "txn", "data-testid": "bill-paid",
                                p { class: "what", {tr.t(b.account.kind.message_id())} " " {b.amount.format_grouped()} }
                                p { class: "when",
                                    match b.status {
                                        BillStatus::Paid { by: PaidBy::Autopay, at } => tr.ta("bill-paid-autopay", &[("when", tr.when(at, now).into())]),
                                        BillStatus::Paid { by: PaidBy::Family, at } => tr.ta("bill-paid-family", &[("when", tr.when(at, now).into())]),
                                        BillStatus::Paid { at, .. } => tr.ta("bill-paid-by-you", &[("when", tr.when(at, now).into())]),
                                        _ => String::new(),
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 请核对 for one bill.
#[component]
pub fn BillPay(bill_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let sending = use_signal(|| false);
    let c = companion.clone();
    let data = use_resource(move || {
        let c = c.clone();
        async move { (c.bill(bill_id).await.ok(), debit(&c).await) }
    });
    let Some((Some(bill), Some(from))) = data.read().clone() else {
        return loading(&tr, "bill-confirm-title");
    };
    let figures = bill.amount.format_grouped();
    let capital = capital_words(bill.amount, tr.lang());
    let what = tr.t(bill.account.kind.message_id());
    let speech = tr.ta(
        "speech-bill-confirm",
        &[
            ("what", what.clone().into()),
            ("amount", figures.clone().into()),
            ("words", capital.clone().into()),
        ],
    );
    let mut rows = crate::components::bill_rows(
        &tr,
        what,
        bill.account.provider.clone(),
        &bill.account.last4,
        figures,
        capital,
    );
    rows.push(ConfirmRow::new(
        tr.t("bill-confirm-from"),
        from.number.masked(),
        "confirm-from",
    ));
    let amount = bill.amount.fen();
    rsx! {
        Frame { title: tr.t("bill-confirm-title"), speech, back: true,
            ConfirmCard {
                rows,
                cancel_label: tr.t("bill-cancel"),
                confirm_label: tr.t("bill-confirm-send"),
                sending_label: tr.t("transfer-sending"),
                sending,
                on_cancel: move |_| nav.back(),
                on_confirm: move |_| {
                    let c = companion.clone();
                    spawn(async move {
                        let out = c.pay_bill(bill_id, from.id.0).await;
                        show_result(Done::Bill(amount), out);
                    });
                },
            }
        }
    }
}

/// 签代扣: how it works and the limit per bill.
#[component]
pub fn AutopaySetup(account_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let c = companion.clone();
    let data = use_resource(move || {
        let c = c.clone();
        async move {
            let account = c.bill_account(account_id).await.ok();
            let recent: Vec<Money> = c
                .bills()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|b| b.account.id == account_id)
                .map(|b| b.amount)
                .collect();
            (account, suggested_limit(&recent))
        }
    });
    let mut chosen = use_signal(|| None::<i64>);
    let Some((Some(account), suggested)) = data.read().clone() else {
        return loading(&tr, "autopay-setup");
    };
    let limit = chosen().unwrap_or(suggested.fen());
    let mut options = vec![suggested.fen(), 10_000, 20_000, 50_000];
    options.sort_unstable();
    options.dedup();
    let what = tr.t(account.kind.message_id());
    let speech = tr.ta("speech-autopay-setup", &[("what", what.clone().into())]);
    rsx! {
        Frame { title: tr.ta("autopay-setup-title", &[("what", what.clone().into())]), speech, back: true,
            p { class: "body", {tr.ta("autopay-explain", &[("provider", account.provider.clone().into())])} }
            section { class: "group",
                h2 { {tr.t("autopay-limit-question")} }
                div { class: "choices", role: "group", "aria-label": tr.t("autopay-limit-question"),
                    for fen in options {
                        button {
                            key: "{fen}",
                            class: "choice",
                            "data-testid": "limit-{fen}",
                            "aria-pressed": limit == fen,
                            onclick: move |_| chosen.set(Some(fen)),
                            {Money::cny(fen).format_grouped()}
                        }
                    }
                }
                p { class: "body", {tr.t("autopay-limit-explain")} }
            }
            button {
                class: "wide",
                "data-testid": "autopay-next",
                onclick: move |_| nav.push(Screen::AutopayConfirm(account_id, limit)),
                {tr.t("next-step")}
            }
        }
    }
}

/// 请核对 for an agreement.
#[component]
pub fn AutopayConfirm(account_id: i64, limit_fen: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let sending = use_signal(|| false);
    let c = companion.clone();
    let data = use_resource(move || {
        let c = c.clone();
        async move { (c.bill_account(account_id).await.ok(), debit(&c).await) }
    });
    let Some((Some(account), Some(from))) = data.read().clone() else {
        return loading(&tr, "bill-confirm-title");
    };
    let limit = Money::cny(limit_fen);
    let what = tr.t(account.kind.message_id());
    let speech = tr.ta(
        "speech-autopay-confirm",
        &[
            ("what", what.clone().into()),
            ("limit", limit.format_grouped().into()),
        ],
    );
    let mut rows = vec![
        ConfirmRow::new(
            tr.t("bill-confirm-what"),
            tr.ta("autopay-of", &[("what", what.into())]),
            "confirm-name",
        ),
        ConfirmRow::new(
            tr.t("bill-confirm-payee"),
            account.provider.clone(),
            "confirm-payee",
        ),
        ConfirmRow::new(
            tr.t("bill-confirm-number"),
            format!("**** {}", account.last4),
            "confirm-account",
        ),
    ];
    rows.extend(ConfirmRow::amount(
        tr.t("autopay-confirm-limit"),
        limit.format_grouped(),
        tr.t("transfer-confirm-words"),
        capital_words(limit, tr.lang()),
    ));
    rows.push(ConfirmRow::new(
        tr.t("bill-confirm-from"),
        from.number.masked(),
        "confirm-from",
    ));
    rows.push(ConfirmRow::new(
        tr.t("autopay-confirm-when"),
        tr.t("autopay-when"),
        "confirm-when",
    ));
    rsx! {
        Frame { title: tr.t("bill-confirm-title"), speech, back: true,
            ConfirmCard {
                rows,
                cancel_label: tr.t("autopay-cancel-confirm"),
                confirm_label: tr.t("autopay-confirm-send"),
                sending_label: tr.t("transfer-sending"),
                sending,
                on_cancel: move |_| { nav.back(); nav.back(); },
                on_confirm: move |_| {
                    let c = companion.clone();
                    spawn(async move {
                        let out = c.set_up_autopay(account_id, from.id.0, limit_fen).await;
                        show_result(Done::Autopay, out);
                    });
                },
            }
        }
    }
}

/// What a payment, agreement or order came to.
#[component]
pub fn LiveResultView() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let result = use_context::<LiveResult>().0;
    let (class, heading, body) = match result.read().clone() {
        Some((done, Ok(LiveOutcome::Done(_)))) => (
            "verdict clear",
            match done {
                Done::Bill(fen) => tr.ta(
                    "bill-done",
                    &[("amount", Money::cny(fen).format_grouped().into())],
                ),
                Done::Autopay => tr.t("autopay-done"),
                Done::Order(fen) => tr.ta(
                    "order-done",
                    &[("amount", Money::cny(fen).format_grouped().into())],
                ),
                Done::FamilyBill(fen) => tr.ta(
                    "family-bill-done",
                    &[("amount", Money::cny(fen).format_grouped().into())],
                ),
            },
            String::new(),
        ),
        Some((_, Ok(LiveOutcome::Unknown))) => (
            "verdict",
            tr.t("transfer-unknown"),
            tr.t("live-unknown-body"),
        ),
        Some((_, Err(e))) => ("verdict danger", tr.t("live-failed"), tr.t(e.message_id())),
        None => ("verdict", tr.t("loading"), String::new()),
    };
    rsx! {
        Frame { title: tr.t("transfer-result-title"), speech: format!("{heading} {body}"), back: false,
            section { class: "{class}", role: "status", "data-testid": "live-result",
                h2 { "{heading}" }
                if !body.is_empty() { p { class: "big", "{body}" } }
            }
            button {
                class: "wide",
                "data-testid": "result-back",
                onclick: move |_| nav.back_to(|s| matches!(s, Screen::Bills | Screen::Wealth | Screen::Reminders | Screen::FamilyElder(_))),
                {tr.t("nav-back")}
            }
            button { class: "wide", "data-testid": "result-home", onclick: move |_| nav.home(), {tr.t("nav-home")} }
        }
    }
}
