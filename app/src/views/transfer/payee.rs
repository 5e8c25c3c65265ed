//! A new payee: name, account number, relationship.

use crate::components::Frame;
use crate::context::{Flow, use_companion, use_flow};
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::transfers::{Delay, PayeeChoice, TransferDraft};
use happylife_core::{CompanionError, Money};

/// A new payee: name, account number, relationship, save.
#[component]
pub fn NewPayee() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_companion();
    let mut name = use_signal(String::new);
    let mut account = use_signal(String::new);
    let mut relationship = use_signal(String::new);
    let mut save = use_signal(|| true);
    let mut error = use_signal(|| None::<CompanionError>);
    rsx! {
        Frame { title: tr.t("transfer-new-payee"), speech: tr.t("speech-transfer-new-payee"), back: true,
            label { r#for: "payee-name", class: "field-label", {tr.t("transfer-payee-name")} }
            input { id: "payee-name", class: "field short", "data-testid": "payee-name", maxlength: "40",
                value: "{name}", oninput: move |e| name.set(e.value()) }
            label { r#for: "payee-account", class: "field-label", {tr.t("transfer-payee-account")} }
            input { id: "payee-account", class: "field short", "data-testid": "payee-account", inputmode: "numeric",
                maxlength: "40", value: "{account}", oninput: move |e| account.set(e.value()) }
            label { r#for: "payee-rel", class: "field-label", {tr.t("transfer-payee-relationship")} }
            input { id: "payee-rel", class: "field short", "data-testid": "payee-relationship", maxlength: "20",
                value: "{relationship}", oninput: move |e| relationship.set(e.value()) }
            button {
                class: "choice",
                "aria-pressed": save(),
                "data-testid": "payee-save",
                onclick: move |_| save.set(!save()),
                {tr.t("transfer-payee-save")}
            }
            button {
                class: "toggle",
                "data-testid": "payee-next",
                onclick: move |_| {
                    let c = companion.clone();
                    async move {
                        let Some(n) = happylife_core::fraud::normalize::account(&account()) else {
                            error.set(Some(CompanionError::InvalidPayeeAccount));
                            return;
                        };
                        let who = name().trim().to_string();
                        if who.is_empty() || who.chars().count() > 40 {
                            error.set(Some(CompanionError::InvalidPayeeName));
                            return;
                        }
                        let debit = c
                            .debit_account()
                            .await
                            .ok()
                            .flatten()
                            .map(|a| a.0)
                            .unwrap_or_default();
                        let rel = Some(relationship().trim().to_string()).filter(|r| !r.is_empty());
                        let masked = happylife_core::accounts::MaskedNumber::from_full(&n.value)
                            .map(|m| m.masked())
                            .unwrap_or_default();
                        flow.set(Flow {
                            draft: Some(TransferDraft {
                                from_account_id: debit,
                                payee: PayeeChoice::New {
                                    account: n.value,
                                    name: who.clone(),
                                    relationship: rel.clone(),
                                    save: save(),
                                },
                                amount: Money::cny(0),
                                note: String::new(),
                                delay: Delay::TwoHours,
                            }),
                            payee_label: Some((who, rel, masked)),
                            ..Flow::default()
                        });
                        error.set(None);
                        nav.push(Screen::TransferAmount);
                    }
                },
                {tr.t("transfer-next")}
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "payee-error", {tr.t(e.message_id())} }
            }
        }
    }
}
