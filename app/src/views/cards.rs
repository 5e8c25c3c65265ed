//! 智能安全卫士 (card guard) and 我被骗了.
//!
//! Card guard: per card, four locks, each with its state in words. Locking
//! works offline (shown as waiting until the bank has it); unlocking needs
//! a connection and says so plainly when there is none.
//!
//! 我被骗了: from the home screen, a screen of its own asks once more; then
//! every card is frozen at the bank (queued if offline), waiting transfers
//! stop, her other phones are logged out and her family told; this screen
//! shows what was done, the numbers to call, and the way back (an unfreeze
//! a day after she asks, with her PIN and an SMS code, cancellable).

use crate::components::{CallLink, Frame};
use crate::context::{ANTI_FRAUD, HOTLINE, POLICE, use_companion};
use crate::state::{use_data_version, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::cards::{Card, CardKind, Lock, LockStatus};

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
    let companion = use_companion();
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
    let companion = use_companion();
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
/// 我被骗了: a screen of its own that asks once more (a slip of the finger
/// must not freeze her life), then freezes every card at the bank (queued
/// if offline), and shows what was done and the numbers to call. Opened
/// again while her cards are frozen: where they stand, and the way back
/// (an unfreeze, done a day after she asks, which she can cancel).
#[component]
pub fn Scammed() -> Element {
    let tr = use_tr();
    let nav = crate::state::use_nav();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut confirmed = use_signal(|| false);
    let mut failed = use_signal(|| None::<CompanionError>);
    let c = companion.clone();
    let state = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move {
            let frozen = c.cards_frozen().await.unwrap_or(false);
            let reports = c.scam_reports().await.unwrap_or_default();
            (frozen, reports)
        }
    });
    let Some((frozen, reports)) = state.read().clone() else {
        return rsx! {
            Frame { title: tr.t("tile-scammed"), speech: tr.t("loading"), back: true,
                p { class: "body", {tr.t("loading")} }
            }
        };
    };
    let pending = reports.first().is_some_and(|(_, s)| s == "waiting");
    if !frozen && !pending && !confirmed() {
        let c = companion.clone();
        return rsx! {
            Frame { title: tr.t("tile-scammed"), speech: tr.t("speech-scammed-ask"), back: true,
                section { class: "verdict danger", role: "alert", "data-testid": "scammed-ask",
                    h2 { {tr.t("scammed-ask-title")} }
                    p { class: "big", {tr.t("scammed-ask")} }
                    p { {tr.t("scammed-ask-what")} }
                }
                div { class: "decide",
                    button { class: "quietbtn", "data-testid": "scammed-back", onclick: move |_| nav.back(),
                        {tr.t("scammed-ask-no")} }
                    button {
                        class: "stop",
                        "data-testid": "scammed-confirm",
                        onclick: move |_| {
                            let c = c.clone();
                            async move {
                                confirmed.set(true);
                                failed.set(c.report_scam().await.err());
                                *version.write() += 1;
                                crate::state::wake_sync();
                            }
                        },
                        {tr.t("scammed-ask-yes")}
                    }
                }
            }
        };
    }
    let status = reports.first().map(|(_, s)| s.clone());
    let status_line = match status.as_deref() {
        Some("received") => tr.t("scammed-received"),
        Some("refused") => tr.t("scammed-refused"),
        Some(_) => tr.t("scammed-waiting"),
        None if frozen => tr.t("scammed-frozen"),
        None => tr.t("loading"),
    };
    rsx! {
        Frame { title: tr.t("tile-scammed"), speech: tr.t("speech-scammed"), back: true,
            if let Some(e) = failed() {
                p { class: "error", role: "alert", {tr.t(e.message_id())} }
            } else {
                section { class: "verdict danger", role: "status", "data-testid": "scammed-done",
                    h2 { {tr.t("scammed-done")} }
                    p { class: "big", "data-testid": "scammed-status", "{status_line}" }
                }
            }
            h2 { class: "body", {tr.t("scammed-next")} }
            CallLink { number: POLICE, testid: "call-110",
                label: tr.ta("scammed-call-police", &[("number", POLICE.into())]) }
            CallLink { number: ANTI_FRAUD, testid: "call-96110",
                label: tr.ta("scammed-call-antifraud", &[("number", ANTI_FRAUD.into())]) }
            CallLink { number: HOTLINE, testid: "call-bank",
                label: tr.ta("scammed-call-bank", &[("number", HOTLINE.into())]) }
            p { class: "body", {tr.t("scammed-keep")} }
            if frozen {
                UnfreezeSection {}
            }
        }
    }
}

/// 申请解冻: her ID number, the code the bank sends by SMS, under her PIN
/// login; done a day later, and cancellable until then.
#[component]
fn UnfreezeSection() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let target = try_consume_context::<crate::context::SyncTarget>();
    let c = companion.clone();
    let latest = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.unfreeze().await.ok().flatten() }
    });
    let mut asking = use_signal(|| false);
    let mut id_text = use_signal(String::new);
    let mut code_text = use_signal(String::new);
    let mut sent = use_signal(|| None::<happylife_core::auth::enrol::CodeSent>);
    let mut sms = use_signal(|| None::<String>);
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let waiting = (*latest.read())
        .clone()
        .flatten()
        .filter(|u| u.status == happylife_core::cards::unfreeze::UnfreezeStatus::Waiting);
    let problem_line = problem().map(|e| tr.t(e.message_id()));
    if let Some(u) = waiting {
        let c = companion.clone();
        return rsx! {
            section { class: "group", "data-testid": "unfreeze",
                h2 { {tr.t("unfreeze-title")} }
                p { class: "big", role: "status", "data-testid": "unfreeze-waiting",
                    {tr.ta("unfreeze-waiting", &[("time", tr.when(u.not_before, now).into())])} }
                button {
                    class: "stop",
                    "data-testid": "unfreeze-cancel",
                    disabled: busy(),
                    onclick: move |_| {
                        let c = c.clone();
                        async move {
                            busy.set(true);
                            problem.set(c.cancel_unfreeze(u.id).await.err());
                            busy.set(false);
                            *version.write() += 1;
                        }
                    },
                    {tr.t("unfreeze-cancel")}
                }
                if let Some(p) = problem_line {
                    p { class: "error", role: "alert", "data-testid": "unfreeze-error", "{p}" }
                }
            }
        };
    }
    let (c_send, c_submit) = (companion.clone(), companion.clone());
    let server = target.map(|t| t.server);
    rsx! {
        section { class: "group", "data-testid": "unfreeze",
            h2 { {tr.t("unfreeze-title")} }
            p { {tr.t("unfreeze-explain")} }
            if !asking() {
                button { class: "toggle", "data-testid": "unfreeze-start", onclick: move |_| asking.set(true),
                    {tr.t("unfreeze-start")} }
            } else if let Some(s) = sent() {
                crate::components::SmsCodeField { prefix: "unfreeze", phone_masked: s.phone_masked.clone(), code: code_text }
                button {
                    class: "wide",
                    "data-testid": "unfreeze-submit",
                    disabled: busy(),
                    onclick: move |_| {
                        let c = c_submit.clone();
                        async move {
                            busy.set(true);
                            match c.request_unfreeze(s.code_id, &code_text()).await {
                                Ok(_) => {
                                    problem.set(None);
                                    asking.set(false);
                                    sent.set(None);
                                    code_text.set(String::new());
                                }
                                Err(e) => problem.set(Some(e)),
                            }
                            busy.set(false);
                            *version.write() += 1;
                        }
                    },
                    {tr.t("unfreeze-submit")}
                }
                if let Some(text) = sms() {
                    section { class: "sandbox-sms", "data-testid": "unfreeze-sandbox-sms",
                        h2 { {tr.t("bind-sandbox-sms")} }
                        p { class: "body", "{text}" }
                    }
                }
            } else {
                label { r#for: "unfreeze-id", class: "field-label", {tr.t("bind-id-label")} }
                input {
                    id: "unfreeze-id",
                    class: "field short",
                    "data-testid": "unfreeze-id",
                    autocomplete: "off",
                    maxlength: "30",
                    value: "{id_text}",
                    oninput: move |e| id_text.set(e.value()),
                }
                button {
                    class: "wide",
                    "data-testid": "unfreeze-send",
                    disabled: busy(),
                    onclick: move |_| {
                        let (c, server) = (c_send.clone(), server.clone());
                        async move {
                            busy.set(true);
                            match c.request_unfreeze_code(&id_text()).await {
                                Ok(s) => {
                                    problem.set(None);
                                    if let Some(server) = &server {
                                        sms.set(c.sandbox_sms(server, s.code_id).await);
                                    }
                                    sent.set(Some(s));
                                }
                                Err(e) => problem.set(Some(e)),
                            }
                            busy.set(false);
                        }
                    },
                    {tr.t("bind-send")}
                }
            }
            if let Some(p) = problem_line {
                p { class: "error", role: "alert", "data-testid": "unfreeze-error", "{p}" }
            }
        }
    }
}
