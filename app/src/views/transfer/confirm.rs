//! 请核对 (everything she must see before the money moves), then what happened.

use super::check::RiskExplained;
use super::context;
use crate::components::{ConfirmCard, ConfirmRow, Frame, capital_words};
use crate::context::{use_companion, use_flow};
use crate::state::{Screen, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::transfers::{TransferOutcome, TransferStatus};

/// 请核对: everything the elder must see before the money moves.
#[component]
pub fn Confirm() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut sending = use_signal(|| false);
    let f = flow.read().clone();
    let Some(draft) = f.draft.clone() else {
        return rsx! { Frame { title: tr.t("tile-transfer"), speech: String::new(), back: true } };
    };
    let (name, rel, masked) = f.payee_label.clone().unwrap_or_default();
    if name.is_empty() || masked.is_empty() {
        // Never ask to confirm without saying who gets the money.
        return rsx! { Frame { title: tr.t("transfer-confirm-title"), speech: String::new(), back: true,
        p { class: "error", role: "alert", {tr.t("error-payee-not-found")} } } };
    }
    let figures = draft.amount.format_grouped();
    let capital = capital_words(draft.amount, tr.lang());
    let speech = tr.ta(
        "speech-transfer-confirm",
        &[
            ("name", name.clone().into()),
            ("amount", figures.clone().into()),
            ("words", capital.clone().into()),
        ],
    );
    let delay_word = tr.t(&format!("transfer-delay-{}", draft.delay.code()));
    let who = match rel {
        Some(r) => format!("{name} ({r})"),
        None => name.clone(),
    };
    let mut rows = vec![
        ConfirmRow::new(tr.t("transfer-confirm-payee"), who, "confirm-name"),
        ConfirmRow::new(tr.t("transfer-confirm-account"), masked, "confirm-account"),
    ];
    rows.extend(ConfirmRow::amount(
        tr.t("transfer-confirm-amount"),
        figures,
        tr.t("transfer-confirm-words"),
        capital,
    ));
    if !draft.note.is_empty() {
        rows.push(ConfirmRow::new(
            tr.t("transfer-note"),
            draft.note.clone(),
            "confirm-note",
        ));
    }
    rows.push(ConfirmRow::new(
        tr.t("transfer-delay"),
        delay_word,
        "confirm-delay",
    ));
    rsx! {
        Frame { title: tr.t("transfer-confirm-title"), speech, back: true,
            ConfirmCard {
                rows,
                cancel_label: tr.t("transfer-cancel"),
                confirm_label: tr.t("transfer-confirm-send"),
                sending_label: tr.t("transfer-sending"),
                sending,
                on_cancel: move |_| nav.home(),
                on_confirm: move |_| {
                    let c = companion.clone();
                    let f = flow.read().clone();
                    spawn(async move {
                        let Some(d) = f.draft.clone() else { return };
                        let shown = if f.acknowledged { f.assessment.as_ref() } else { None };
                        let out = c.send_transfer(&d, context(), shown, f.replaces).await;
                        if let Ok(TransferOutcome::NeedsConfirmation(a)) = &out {
                            // The bank knows more: show its warning, then confirm again.
                            let mut next = f.clone();
                            next.assessment = Some(a.clone());
                            next.acknowledged = false;
                            flow.set(next);
                            sending.set(false);
                            nav.replace(Screen::TransferCheck);
                            return;
                        }
                        flow.write().outcome = Some(out);
                        *version.write() += 1;
                        crate::state::wake_sync();
                        nav.replace(Screen::TransferResult);
                    });
                },
            }
        }
    }
}

/// What happened.
#[component]
pub fn Outcome() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let flow = use_flow();
    let companion = use_companion();
    let f = flow.read().clone();
    let now = companion.now();
    let (class, heading, body) = match &f.outcome {
        Some(Ok(TransferOutcome::Sent(t))) if t.status == TransferStatus::Scheduled => (
            "verdict clear",
            tr.t("transfer-done-scheduled"),
            tr.ta(
                "transfer-done-scheduled-body",
                &[
                    ("amount", t.amount.format_grouped().into()),
                    ("name", t.payee_name.clone().into()),
                    (
                        "when",
                        t.arrive_at
                            .map(|a| tr.when(a.timestamp(), now))
                            .unwrap_or_default()
                            .into(),
                    ),
                ],
            ),
        ),
        Some(Ok(TransferOutcome::Sent(t))) => (
            "verdict clear",
            tr.t("transfer-done"),
            tr.ta(
                "transfer-done-body",
                &[
                    ("amount", t.amount.format_grouped().into()),
                    ("name", t.payee_name.clone().into()),
                ],
            ),
        ),
        Some(Ok(TransferOutcome::AwaitingCosign(_))) => (
            "verdict",
            tr.t("transfer-cosign-waiting"),
            tr.t("transfer-cosign-note"),
        ),
        Some(Ok(TransferOutcome::SavedAsDraft)) => (
            "verdict",
            tr.t("transfer-draft-saved"),
            tr.t("transfer-drafts-note"),
        ),
        Some(Ok(TransferOutcome::Unknown)) => (
            "verdict",
            tr.t("transfer-unknown"),
            tr.t("transfer-unknown-body"),
        ),
        Some(Ok(TransferOutcome::Blocked(_))) => {
            ("verdict danger", tr.t("decision-block"), String::new())
        }
        Some(Ok(TransferOutcome::NeedsConfirmation(_))) | None => {
            ("verdict", tr.t("loading"), String::new())
        }
        Some(Err(e)) => (
            "verdict danger",
            tr.t("transfer-failed"),
            tr.t(e.message_id()),
        ),
    };
    let blocked = match &f.outcome {
        Some(Ok(TransferOutcome::Blocked(a))) => Some(a.clone()),
        _ => None,
    };
    // A receipt to share or print, for money that went (or will go) out:
    // her payee's name, the amount and when; no account number.
    let receipt = match &f.outcome {
        Some(Ok(TransferOutcome::Sent(t))) if companion.can_share() => Some(tr.ta(
            "transfer-receipt",
            &[
                ("name", t.payee_name.clone().into()),
                ("amount", t.amount.format_grouped().into()),
                ("when", tr.when(now.timestamp(), now).into()),
                ("status", heading.clone().into()),
            ],
        )),
        _ => None,
    };
    let c_share = companion.clone();
    let receipt_title = tr.t("transfer-receipt-title");
    rsx! {
        Frame { title: tr.t("transfer-result-title"), speech: format!("{heading} {body}"), back: false,
            section { class: "{class}", role: "status", "data-testid": "transfer-result",
                h2 { "{heading}" }
                if !body.is_empty() { p { class: "big", "{body}" } }
            }
            if let Some(a) = blocked {
                RiskExplained { assessment: a }
            }
            if let Some(text) = receipt {
                button {
                    class: "wide",
                    "data-testid": "share-receipt",
                    onclick: move |_| {
                        c_share.share(&receipt_title, &text);
                    },
                    {tr.t("transfer-share")}
                }
            }
            button { class: "wide", "data-testid": "result-transfers", onclick: move |_| { nav.home(); nav.push(Screen::Transfer); }, {tr.t("transfer-see-list")} }
            button { class: "wide", "data-testid": "result-home", onclick: move |_| nav.home(), {tr.t("nav-home")} }
        }
    }
}
