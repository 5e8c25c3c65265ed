//! 智能安全卫士 (card guard) and 我被骗了.
//!
//! Card guard: per card, four locks, each with its state in words. Locking
//! works offline (shown as waiting until the bank has it); unlocking needs
//! a connection and says so plainly when there is none.
//!
//! 我被骗了: one tap on the home screen freezes every card and stops online
//! payments (queued if offline), then this screen shows what was done and
//! the numbers to call.

use crate::components::Frame;
use crate::state::{use_data_version, use_tr};
use crate::views::fraud_check::{ANTI_FRAUD, POLICE};
use crate::views::info::HOTLINE;
use dioxus::prelude::*;
use happylife_core::cards::{Card, CardKind, Lock, LockStatus};
use happylife_core::{Companion, CompanionError};

fn lock_name_id(lock: Lock) -> &'static str {
    match lock {
        Lock::Overseas => "lock-overseas",
        Lock::Online => "lock-online",
        Lock::Night => "lock-night",
        Lock::Region => "lock-region",
    }
}

/// The card guard screen.
#[component]
pub fn CardGuard() -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let version = use_data_version();
    let c = companion.clone();
    let cards = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.cards().await.unwrap_or_default() }
    });
    let cards: Vec<Card> = cards.read().clone().unwrap_or_default();
    let speech = tr.t("speech-card-guard");
    rsx! {
        Frame { title: tr.t("tile-card-guard"), speech, back: true,
            p { class: "body", {tr.t("card-guard-intro")} }
            if cards.is_empty() {
                p { class: "body", {tr.t("card-guard-none")} }
            }
            for card in cards {
                CardLocks { key: "{card.id()}", card }
            }
        }
    }
}

#[component]
fn CardLocks(card: Card) -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let mut version = use_data_version();
    let mut error = use_signal(|| None::<CompanionError>);
    let kind = match card.kind {
        CardKind::Debit => tr.t("card-debit"),
        CardKind::Credit => tr.t("card-credit"),
    };
    let region = tr.t(&format!("region-{}", card.state.home_region));
    let id = card.id();
    rsx! {
        section { class: "group", "data-testid": "card-{id}",
            h2 { "{kind} {card.number.masked()}" }
            if card.state.frozen {
                p { class: "error", "data-testid": "card-frozen", {tr.t("card-frozen")} }
            } else if card.freeze_queued {
                p { class: "error", {tr.t("card-freeze-waiting")} }
            }
            for lock in Lock::ALL {
                {
                    let status = card.lock_status(lock);
                    let name = if lock == Lock::Region {
                        tr.ta("lock-region", &[("region", region.clone().into())])
                    } else {
                        tr.t(lock_name_id(lock))
                    };
                    let state_word = match status {
                        LockStatus::Off => tr.t("lock-state-off"),
                        LockStatus::Waiting => tr.t("lock-state-waiting"),
                        LockStatus::On => tr.t("lock-state-on"),
                    };
                    let c = companion.clone();
                    let frozen = card.state.frozen || card.freeze_queued;
                    rsx! {
                        div { key: "{lock.code()}", class: "lockrow", "data-testid": "lock-{id}-{lock.code()}",
                            p { class: "what", "{name}" }
                            p { class: "status", "data-testid": "lock-state", "{state_word}" }
                            if !frozen {
                                button {
                                    class: if status == LockStatus::Off { "toggle" } else { "quietbtn" },
                                    "data-testid": "lock-toggle",
                                    "aria-pressed": status != LockStatus::Off,
                                    "aria-label": if status == LockStatus::Off {
                                        tr.ta("lock-do", &[("what", name.clone().into())])
                                    } else {
                                        tr.ta("unlock-do", &[("what", name.clone().into())])
                                    },
                                    onclick: move |_| {
                                        let c = c.clone();
                                        async move {
                                            let result = if status == LockStatus::Off {
                                                c.lock_card(id, lock).await
                                            } else {
                                                c.unlock_card(id, lock).await
                                            };
                                            error.set(result.err());
                                            *version.write() += 1;
                                            crate::state::wake_sync();
                                        }
                                    },
                                    if status == LockStatus::Off { {tr.t("lock-button")} } else { {tr.t("unlock-button")} }
                                }
                            }
                        }
                    }
                }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "card-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// 我被骗了: what was done, and whom to call now.
#[component]
pub fn Scammed() -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let mut version = use_data_version();
    let c = companion.clone();
    // One tap from home: the report is made as this screen opens.
    let reported = use_resource(move || {
        let c = c.clone();
        async move {
            let r = c.report_scam().await;
            *version.write() += 1;
            crate::state::wake_sync();
            r
        }
    });
    let c = companion.clone();
    let reports = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.scam_reports().await.unwrap_or_default() }
    });
    let status = reports
        .read()
        .as_ref()
        .and_then(|r| r.first().map(|(_, s)| s.clone()));
    let failed = reported.read().as_ref().and_then(|r| r.clone().err());
    let status_line = match status.as_deref() {
        Some("received") => tr.t("scammed-received"),
        Some("refused") => tr.t("scammed-refused"),
        Some(_) => tr.t("scammed-waiting"),
        None => tr.t("loading"),
    };
    let tel = |n: &str| format!("tel:{}", n.replace('-', ""));
    rsx! {
        Frame { title: tr.t("tile-scammed"), speech: tr.t("speech-scammed"), back: true,
            if let Some(e) = failed {
                p { class: "error", role: "alert", {tr.t(e.message_id())} }
            } else {
                section { class: "verdict danger", role: "status", "data-testid": "scammed-done",
                    h2 { {tr.t("scammed-done")} }
                    p { class: "big", "data-testid": "scammed-status", "{status_line}" }
                }
            }
            h2 { class: "body", {tr.t("scammed-next")} }
            a { class: "button call", href: "{tel(POLICE)}", "data-testid": "call-110",
                {tr.ta("scammed-call-police", &[("number", POLICE.into())])} }
            a { class: "button call", href: "{tel(ANTI_FRAUD)}", "data-testid": "call-96110",
                {tr.ta("scammed-call-antifraud", &[("number", ANTI_FRAUD.into())])} }
            a { class: "button call", href: "{tel(HOTLINE)}", "data-testid": "call-bank",
                {tr.ta("scammed-call-bank", &[("number", HOTLINE.into())])} }
            p { class: "body", {tr.t("scammed-keep")} }
        }
    }
}
