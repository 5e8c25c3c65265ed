//! 转账, one task per screen:
//! whom to → (a new payee's details) → amount on a big keypad → the risk
//! check (warn with a wait, co-sign, block) → 请核对 (confirmation) → result.
//!
//! The decisions are the core's (`check_transfer`, `send_transfer`); these
//! screens only show them. The confirm button is disabled the moment it is
//! pressed, so one confirmation sends one request.
//!
//! `mod.rs` is the first screen (whom to, with drafts and recent transfers);
//! `payee.rs` a new payee, `amount.rs` the keypad, `check.rs` the risk
//! check, `confirm.rs` 请核对 and the result. The transfer being prepared
//! ([`crate::state::Flow`]) is shared through the root context.

mod amount;
mod check;
mod confirm;
mod payee;

pub use amount::{Amount, press};
pub use check::Check;
pub use confirm::{Confirm, Outcome};
pub use payee::NewPayee;

use crate::components::Frame;
use crate::context::{Flow, saved_label, use_companion, use_flow};
use crate::state::{Screen, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::transfers::{
    ContextFacts, PayeeChoice, TransferDraft, TransferRecord, TransferStatus,
};
use happylife_core::{CompanionError, Money};

/// What the native shell tells us about the phone (calls, screen sharing).
/// The desktop and web builds know none of it.
pub(super) fn context() -> ContextFacts {
    ContextFacts::default()
}

/// Whom to: saved payees, someone new, drafts, recent transfers.
#[component]
pub fn Transfer() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_companion();
    let version = use_data_version();
    let c = companion.clone();
    let data = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move {
            let payees = c.payees().await.unwrap_or_default();
            let drafts = c.transfer_drafts().await.unwrap_or_default();
            let unresolved = c.unresolved_transfers().await.unwrap_or_default();
            let recent = c.transfers().await.unwrap_or_default();
            let debit = c.debit_account().await.ok().flatten().map(|a| a.0);
            (payees, drafts, unresolved, recent, debit)
        }
    });
    let (payees, drafts, unresolved, recent, debit) = data.read().clone().unwrap_or_default();
    let saved = payees.clone();
    let now = companion.now();
    let mut start = move |draft: TransferDraft, replaces: Option<i64>, label| {
        flow.set(Flow {
            draft: Some(draft),
            replaces,
            payee_label: Some(label),
            ..Flow::default()
        });
        nav.push(Screen::TransferAmount);
    };
    rsx! {
        Frame { title: tr.t("tile-transfer"), speech: tr.t("speech-transfer"), back: true,
            h2 { class: "body", {tr.t("transfer-whom")} }
            if debit.is_none() {
                p { class: "body", {tr.t("transfer-no-account")} }
            }
            ul { class: "cards",
                for p in payees {
                    li { key: "{p.id}",
                        button {
                            class: "payee",
                            "data-testid": "payee-{p.id}",
                            disabled: debit.is_none(),
                            onclick: {
                                let p = p.clone();
                                move |_| {
                                    flow.set(Flow::to_saved(debit.unwrap_or_default(), &p, Money::cny(0)));
                                    nav.push(Screen::TransferAmount);
                                }
                            },
                            span { class: "avatar", "aria-hidden": "true", {p.name.chars().next().map(String::from).unwrap_or_default()} }
                            span { class: "who",
                                span { class: "name", "{p.name}" }
                                if let Some(r) = &p.relationship { span { class: "rel", "{r}" } }
                                span { class: "number", {tr.ta("transfer-masked", &[("last4", p.number.last4().into())])} }
                            }
                        }
                    }
                }
            }
            button {
                class: "wide",
                "data-testid": "new-payee",
                disabled: debit.is_none(),
                onclick: move |_| {
                    flow.set(Flow::default());
                    nav.push(Screen::TransferNewPayee);
                },
                {tr.t("transfer-new-payee")}
            }
            if !unresolved.is_empty() {
                section { class: "group", role: "status", "data-testid": "unresolved",
                    h2 { {tr.t("transfer-unresolved")} }
                    for d in unresolved {
                        p { key: "{d.local_id}", {tr.ta("transfer-unresolved-line", &[("amount", d.draft.amount.format_grouped().into())])} }
                    }
                }
            }
            if !drafts.is_empty() {
                section { class: "group", "data-testid": "drafts",
                    h2 { {tr.t("transfer-drafts")} }
                    p { {tr.t("transfer-drafts-note")} }
                    for d in drafts {
                        div { key: "{d.local_id}", class: "lockrow", "data-testid": "draft",
                            p { class: "what", {tr.ta("transfer-draft-line", &[("amount", d.draft.amount.format_grouped().into()), ("when", tr.when(d.created_at.timestamp(), now).into())])} }
                            button {
                                class: "toggle",
                                "data-testid": "draft-continue",
                                onclick: {
                                    let d = d.clone();
                                    let saved = saved.clone();
                                    move |_| {
                                        let label = match &d.draft.payee {
                                            PayeeChoice::New { name, account, relationship, .. } => (
                                                name.clone(),
                                                relationship.clone(),
                                                happylife_core::accounts::MaskedNumber::from_full(account)
                                                    .map(|m| m.masked())
                                                    .unwrap_or_default(),
                                            ),
                                            PayeeChoice::Saved { id } => match saved.iter().find(|p| p.id == *id) {
                                                Some(p) => saved_label(p),
                                                // A payee no longer saved: the draft cannot go on.
                                                None => return,
                                            },
                                        };
                                        start(d.draft.clone(), Some(d.local_id), label);
                                    }
                                },
                                {tr.t("transfer-draft-continue")}
                            }
                        }
                    }
                }
            }
            if !recent.is_empty() {
                section { class: "group",
                    h2 { {tr.t("transfer-recent")} }
                    ul { class: "txns",
                        for t in recent {
                            RecentTransfer { key: "{t.id}", t }
                        }
                    }
                }
            }
        }
    }
}

#[component]
fn RecentTransfer(t: TransferRecord) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut error = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let status = match t.status {
        TransferStatus::Completed => tr.t("transfer-status-completed"),
        TransferStatus::Scheduled => tr.ta(
            "transfer-status-scheduled",
            &[(
                "when",
                t.arrive_at
                    .map(|a| tr.when(a.timestamp(), now))
                    .unwrap_or_default()
                    .into(),
            )],
        ),
        TransferStatus::Cancelled => tr.t("transfer-status-cancelled"),
        TransferStatus::Blocked => tr.t("transfer-status-blocked"),
        TransferStatus::AwaitingCosign => tr.t("transfer-status-cosign"),
    };
    let can_cancel = t.status == TransferStatus::Scheduled
        && t.arrive_at.is_some_and(|a| a.timestamp() > now.timestamp());
    let id = t.id;
    // A co-sign transfer: who in the family decided, and when.
    let c = companion.clone();
    let approval = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.approval_for_transfer(id).await.ok().flatten() }
    });
    let decided = approval
        .read()
        .clone()
        .flatten()
        .map(|a| crate::components::approval_outcome(&tr, &a, now));
    rsx! {
        li { class: "txn", "data-testid": "recent-transfer",
            p { class: "what", {tr.ta("txn-transfer-out", &[("who", t.payee_name.clone().into())])} }
            p { class: "amount out", {t.amount.format_grouped()} }
            p { class: "status", "data-testid": "transfer-status", "{status}" }
            if let Some(line) = decided {
                p { class: "status", "data-testid": "transfer-decided", "{line}" }
            }
            if can_cancel {
                button {
                    class: "quietbtn",
                    "data-testid": "cancel-transfer",
                    disabled: busy(),
                    onclick: move |_| {
                        let c = companion.clone();
                        async move {
                            busy.set(true);
                            error.set(c.cancel_transfer(id).await.err());
                            busy.set(false);
                            *version.write() += 1;
                            crate::state::wake_sync();
                        }
                    },
                    {tr.t("transfer-cancel-delayed")}
                }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", {tr.t(e.message_id())} }
            }
        }
    }
}
