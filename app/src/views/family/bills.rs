//! A helper pays the elder's bills: her unpaid bills (read live at the
//! bank on a tap, which her audit list records), then the same 请核对 card
//! as her own payments, then the result. The bank checks the role and pays
//! once, whatever is retried.

use crate::components::{ConfirmCard, ConfirmRow, Frame, capital_words};
use crate::context::{Done, FamilyBill, FamilyBillChoice, show_result, use_companion};
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::family::ElderBills;

/// Her unpaid bills, asked for on a tap, each with 替她交.
#[component]
pub fn ElderBillsPanel(link_id: i64, elder_id: String, elder_name: String) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut chosen = use_context::<FamilyBillChoice>().0;
    let mut shown = use_signal(|| None::<Result<ElderBills, CompanionError>>);
    let elder = elder_id.clone();
    rsx! {
        section { class: "group", "data-testid": "elder-bills",
            button {
                class: "wide",
                "data-testid": "see-bills",
                onclick: move |_| {
                    let (c, elder) = (companion.clone(), elder.clone());
                    async move { shown.set(Some(c.elder_bills(&elder).await)); }
                },
                {tr.t("family-see-bills")}
            }
            match shown() {
                Some(Ok(list)) => rsx! {
                    h2 { {tr.t("family-bills")} }
                    if list.bills.is_empty() {
                        p { class: "status", "data-testid": "elder-bills-none", {tr.t("family-bills-none")} }
                    } else if list.from.is_none() {
                        p { class: "error", "data-testid": "elder-bills-no-debit", {tr.t("family-bills-no-debit")} }
                    }
                    ul { class: "txns",
                        for bill in list.bills.clone() {
                            li { key: "{bill.id}", class: "txn", "data-testid": "elder-bill",
                                p { class: "what", {tr.t(bill.kind.message_id())} " · " {bill.provider.clone()} }
                                p { class: "when", {tr.ta("bill-due", &[("date", tr.i18n().date_short(tr.lang(), bill.due_on).into())])} }
                                p { class: "amount", "data-testid": "elder-bill-amount", {bill.amount.format_grouped()} }
                                if let Some(from) = list.from.clone() {
                                    button {
                                        class: "wide",
                                        "data-testid": "elder-bill-pay",
                                        onclick: {
                                            let choice = FamilyBill {
                                                elder_id: elder_id.clone(),
                                                elder_name: elder_name.clone(),
                                                bill: bill.clone(),
                                                from,
                                            };
                                            move |_| {
                                                chosen.set(Some(choice.clone()));
                                                nav.push(Screen::FamilyBillPay(link_id));
                                            }
                                        },
                                        {tr.t("family-bill-pay")}
                                    }
                                }
                            }
                        }
                    }
                },
                Some(Err(e)) => rsx! { p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} } },
                None => rsx! {},
            }
        }
    }
}

/// 请核对 for one of her bills: whose, what, to whom, how much (in figures
/// and in capitals), from which of her accounts.
#[component]
pub fn FamilyBillPay(link_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let sending = use_signal(|| false);
    let chosen = use_context::<FamilyBillChoice>().0;
    let Some(choice) = chosen() else {
        // Nothing chosen (the app was reopened here): back to her page.
        return rsx! {
            Frame { title: tr.t("bill-confirm-title"), speech: tr.t("family-bill-choose-again"), back: true,
                p { class: "big", role: "status", {tr.t("family-bill-choose-again")} }
                button { class: "wide", onclick: move |_| nav.replace(Screen::FamilyElder(link_id)), {tr.t("nav-back")} }
            }
        };
    };
    let FamilyBill {
        elder_id,
        elder_name,
        bill,
        from,
    } = choice;
    let figures = bill.amount.format_grouped();
    let capital = capital_words(bill.amount, tr.lang());
    let what = tr.t(bill.kind.message_id());
    let speech = tr.ta(
        "speech-family-bill-confirm",
        &[
            ("name", elder_name.clone().into()),
            ("what", what.clone().into()),
            ("amount", figures.clone().into()),
            ("words", capital.clone().into()),
        ],
    );
    let mut rows = vec![ConfirmRow::new(
        tr.t("family-bill-for"),
        elder_name,
        "confirm-elder",
    )];
    rows.extend(crate::components::bill_rows(
        &tr,
        what,
        bill.provider.clone(),
        &bill.last4,
        figures,
        capital,
    ));
    rows.push(ConfirmRow::new(
        tr.t("family-bill-from"),
        format!("**** {}", from.last4),
        "confirm-from",
    ));
    let amount = bill.amount.fen();
    rsx! {
        Frame { title: tr.t("bill-confirm-title"), speech, back: true,
            p { class: "body", "data-testid": "family-bill-note", {tr.t("family-bill-note")} }
            ConfirmCard {
                rows,
                cancel_label: tr.t("bill-cancel"),
                confirm_label: tr.t("bill-confirm-send"),
                sending_label: tr.t("transfer-sending"),
                sending,
                on_cancel: move |_| nav.back(),
                on_confirm: move |_| {
                    let (c, elder, bill) = (companion.clone(), elder_id.clone(), bill.clone());
                    let from = from.id;
                    spawn(async move {
                        let out = c.pay_elder_bill(&elder, &bill, from).await;
                        show_result(Done::FamilyBill(amount), out);
                    });
                },
            }
        }
    }
}
