//! 登录密码: setting the 6-digit PIN on a big keypad, and the lock screen
//! that asks for it when the app opens. The rules (which PINs, how many
//! tries, how long the lock) are the core's; this only shows them.

use crate::components::Frame;
use crate::state::{use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::auth::pin::{PIN_DIGITS, PinError};
use happylife_core::{Companion, CompanionError};

/// Whether the person at the phone has given the PIN since the app opened.
#[derive(Clone, Copy)]
pub struct Unlocked(pub Signal<bool>);

const KEYS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "⌫"];

/// Six dots and a keypad; calls `on_complete` with the six digits.
#[component]
fn PinPad(on_complete: EventHandler<String>, busy: bool) -> Element {
    let tr = use_tr();
    let mut typed = use_signal(String::new);
    let n = typed().len();
    rsx! {
        p {
            class: "pindots",
            role: "status",
            "data-testid": "pin-dots",
            "aria-label": tr.ta("pin-typed", &[("count", (n as i64).into())]),
            for i in 0..PIN_DIGITS {
                span { key: "{i}", if i < n { "●" } else { "○" } }
            }
        }
        div { class: "keypad", role: "group", "aria-label": tr.t("pin-keypad"),
            for k in KEYS {
                if k.is_empty() {
                    span { key: "{k}-blank" }
                } else {
                    button {
                        key: "{k}",
                        class: "key",
                        "data-testid": if k == "⌫" { "pin-del".to_string() } else { format!("pin-{k}") },
                        "aria-label": if k == "⌫" { tr.t("pin-key-delete") } else { k.to_string() },
                        disabled: busy,
                        onclick: move |_| {
                            let mut t = typed();
                            if k == "⌫" {
                                t.pop();
                            } else if t.len() < PIN_DIGITS {
                                t.push_str(k);
                            }
                            if t.len() == PIN_DIGITS {
                                typed.set(String::new());
                                on_complete.call(t);
                            } else {
                                typed.set(t);
                            }
                        },
                        "{k}"
                    }
                }
            }
        }
    }
}

/// A PIN error in words, with the tries left or the time it opens again.
fn pin_problem(
    tr: &crate::state::Tr,
    e: &CompanionError,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> String {
    match e {
        CompanionError::Pin(PinError::Wrong { left }) => {
            tr.ta("pin-wrong-left", &[("left", i64::from(*left).into())])
        }
        CompanionError::Pin(PinError::Locked { until }) => {
            tr.ta("pin-locked-until", &[("time", tr.when(*until, now).into())])
        }
        other => tr.t(other.message_id()),
    }
}

/// The lock screen: shown instead of everything else until the PIN is given.
#[component]
pub fn PinLock() -> Element {
    let tr = use_tr();
    let companion = use_context::<Companion>();
    let mut unlocked = use_context::<Unlocked>().0;
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    rsx! {
        Frame { title: tr.t("pin-lock-title"), speech: tr.t("speech-pin-lock"), back: false,
            p { class: "body", {tr.t("pin-lock-ask")} }
            PinPad {
                busy: busy(),
                on_complete: move |pin: String| {
                    let c = companion.clone();
                    spawn(async move {
                        busy.set(true);
                        match c.check_pin(&pin).await {
                            Ok(()) => {
                                problem.set(None);
                                unlocked.set(true);
                                // The bank session opens when it can; the app
                                // works offline without it.
                                let c2 = c.clone();
                                spawn(async move {
                                    if let Err(e) = c2.open_session().await {
                                        tracing::info!(code = e.code(), "no bank session yet");
                                    }
                                });
                            }
                            Err(e) => problem.set(Some(e)),
                        }
                        busy.set(false);
                    });
                }
            }
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "pin-error", {pin_problem(&tr, &e, now)} }
            }
            p { class: "body", "data-testid": "pin-forgot", {tr.ta("pin-forgot", &[("number", crate::views::info::HOTLINE.into())])} }
        }
    }
}

/// 设置登录密码: the new PIN twice.
#[component]
pub fn PinSetup() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_context::<Companion>();
    let mut unlocked = use_context::<Unlocked>().0;
    let mut first = use_signal(|| None::<String>);
    let mut problem = use_signal(|| None::<String>);
    let mut done = use_signal(|| false);
    let mut busy = use_signal(|| false);
    if done() {
        return rsx! {
            Frame { title: tr.t("pin-setup-title"), speech: tr.t("pin-setup-done"), back: false,
                section { class: "verdict clear", role: "status", "data-testid": "pin-set",
                    h2 { {tr.t("pin-setup-done-title")} }
                    p { class: "big", {tr.t("pin-setup-done")} }
                }
                button { class: "wide", "data-testid": "pin-home", onclick: move |_| nav.home(), {tr.t("nav-home")} }
            }
        };
    }
    let ask = if first().is_some() {
        tr.t("pin-setup-again")
    } else {
        tr.t("pin-setup-new")
    };
    rsx! {
        Frame { title: tr.t("pin-setup-title"), speech: ask.clone(), back: true,
            p { class: "big", "data-testid": "pin-ask", "{ask}" }
            p { class: "body", {tr.t("pin-setup-rules")} }
            PinPad {
                busy: busy(),
                on_complete: move |pin: String| {
                    let Some(before) = first() else {
                        // Check the rules before asking again.
                        match happylife_core::auth::pin::check_new(&pin) {
                            Ok(()) => {
                                problem.set(None);
                                first.set(Some(pin));
                            }
                            Err(e) => problem.set(Some(tr.t(e.message_id()))),
                        }
                        return;
                    };
                    if before != pin {
                        first.set(None);
                        problem.set(Some(tr.t("pin-setup-mismatch")));
                        return;
                    }
                    let c = companion.clone();
                    let tr = tr.clone();
                    spawn(async move {
                        busy.set(true);
                        match c.set_pin(&pin).await {
                            Ok(()) => {
                                unlocked.set(true);
                                done.set(true);
                            }
                            Err(e) => {
                                first.set(None);
                                problem.set(Some(tr.t(e.message_id())));
                            }
                        }
                        busy.set(false);
                    });
                }
            }
            if let Some(p) = problem() {
                p { class: "error", role: "alert", "data-testid": "pin-error", "{p}" }
            }
        }
    }
}
