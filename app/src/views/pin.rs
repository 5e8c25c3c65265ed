//! 登录密码: setting the 6-digit PIN on a big keypad, and the lock screen
//! that asks for it when the app opens. The rules (which PINs, how many
//! tries, how long the lock) are the core's; this only shows them.

use crate::components::Frame;
use crate::context::{HOTLINE, Unlocked, use_companion};
use crate::state::{use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::auth::pin::{PIN_DIGITS, PinError};

const KEYS: [&str; 12] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "⌫"];

/// Six dots and a keypad; calls `on_complete` with the six digits.
#[component]
pub(crate) fn PinPad(on_complete: EventHandler<String>, busy: bool) -> Element {
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
/// The bank checks the PIN when it can be reached (and opens a session);
/// when it cannot, the PIN on the phone opens her own copy. `first_run`:
/// a phone just bound for a customer who has a PIN at the bank already
/// (she types the PIN she uses on her other phone).
#[component]
pub fn PinLock(first_run: bool) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut unlocked = use_context::<Unlocked>().0;
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    // 忘记密码 by voice, ID number and SMS; then whether it was done.
    let mut resetting = use_signal(|| false);
    let mut reset_done = use_signal(|| false);
    // Biometric login read again after its failed try (it may have paused).
    let biometric_reload = use_signal(|| 0u32);
    let now = companion.now();
    if resetting() {
        return rsx! {
            Frame { title: tr.t("reset-title"), speech: tr.t("reset-intro"), back: false,
                super::voiceprint::VoiceReset {
                    on_done: move |changed: bool| {
                        reset_done.set(changed);
                        problem.set(None);
                        resetting.set(false);
                    }
                }
            }
        };
    }
    let ask = if first_run {
        tr.t("pin-first-run-ask")
    } else {
        tr.t("pin-lock-ask")
    };
    rsx! {
        Frame { title: tr.t("pin-lock-title"), speech: tr.t("speech-pin-lock"), back: false,
            if reset_done() {
                p { class: "big", role: "status", "data-testid": "reset-done", {tr.t("reset-done")} }
            }
            if !first_run {
                super::biometric::BiometricPaused { reload: biometric_reload }
            }
            p { class: "body", "data-testid": "pin-lock-ask", "{ask}" }
            PinPad {
                busy: busy(),
                on_complete: move |pin: String| {
                    let c = companion.clone();
                    spawn(async move {
                        busy.set(true);
                        match c.unlock_with_pin(&pin).await {
                            Ok(_) => {
                                problem.set(None);
                                unlocked.set(true);
                                crate::state::wake_sync();
                            }
                            // A new phone with no PIN on it yet and no bank
                            // to check one: it needs the connection.
                            Err(CompanionError::Pin(PinError::NotSet)) if first_run => {
                                problem.set(Some(CompanionError::NeedsConnection));
                            }
                            Err(e) => problem.set(Some(e)),
                        }
                        busy.set(false);
                    });
                }
            }
            if !first_run {
                super::biometric::BiometricUnlock { reload: biometric_reload }
                super::voiceprint::VoiceprintUnlock {}
            }
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "pin-error", {pin_problem(&tr, &e, now)} }
            }
            if !first_run {
                super::voiceprint::VoiceResetOffer { on_open: move |_| resetting.set(true) }
            }
            p { class: "body", "data-testid": "pin-forgot", {tr.ta("pin-forgot", &[("number", HOTLINE.into())])} }
        }
    }
}

/// Where the PIN screen is in its steps.
#[derive(Clone, PartialEq)]
enum Step {
    /// A change: the PIN she has now.
    Old,
    /// The new PIN (after the old one, in a change).
    New { old: Option<String> },
    /// The new PIN again.
    Again { old: Option<String>, new: String },
}

/// The PIN screen reached from settings: a change when a PIN is set (asked
/// now: the testers' shortcut may have set it since the app opened), else
/// the first.
#[component]
pub fn PinSettings() -> Element {
    let companion = use_companion();
    let set = use_resource(move || {
        let c = companion.clone();
        async move { c.pin_is_set().await.unwrap_or(false) }
    });
    let known = *set.read();
    match known {
        None => rsx! {},
        Some(set) => rsx! { PinSetup { first: !set } },
    }
}

/// 设置登录密码 / 修改登录密码. `first`: her first PIN (a new phone of a
/// customer with none at the bank): no way back, nothing of hers is shown
/// before it. Otherwise a change: the old PIN first (the bank checks it),
/// then the new one twice.
#[component]
pub fn PinSetup(first: bool) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut unlocked = use_context::<Unlocked>().0;
    let mut step = use_signal(move || {
        if first {
            Step::New { old: None }
        } else {
            Step::Old
        }
    });
    let mut problem = use_signal(|| None::<String>);
    let mut done = use_signal(|| false);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let title = if first {
        tr.t("pin-setup-title")
    } else {
        tr.t("pin-change-title")
    };
    if done() {
        return rsx! {
            Frame { title: title.clone(), speech: tr.t("pin-setup-done"), back: false,
                section { class: "verdict clear", role: "status", "data-testid": "pin-set",
                    h2 { {tr.t("pin-setup-done-title")} }
                    p { class: "big", {tr.t("pin-setup-done")} }
                }
                button { class: "wide", "data-testid": "pin-home", onclick: move |_| nav.home(), {tr.t("nav-home")} }
            }
        };
    }
    let ask = match step() {
        Step::Old => tr.t("pin-change-old"),
        Step::New { .. } => tr.t("pin-setup-new"),
        Step::Again { .. } => tr.t("pin-setup-again"),
    };
    rsx! {
        Frame { title: title.clone(), speech: ask.clone(), back: !first,
            if first {
                p { class: "body", "data-testid": "pin-first", {tr.t("pin-setup-first")} }
            }
            p { class: "big", "data-testid": "pin-ask", "{ask}" }
            p { class: "body", {tr.t("pin-setup-rules")} }
            PinPad {
                busy: busy(),
                on_complete: move |pin: String| {
                    match step() {
                        Step::Old => {
                            problem.set(None);
                            step.set(Step::New { old: Some(pin) });
                        }
                        Step::New { old } => {
                            // Check the rules before asking again.
                            match happylife_core::auth::pin::check_new(&pin) {
                                Ok(()) => {
                                    problem.set(None);
                                    step.set(Step::Again { old, new: pin });
                                }
                                Err(e) => problem.set(Some(tr.t(e.message_id()))),
                            }
                        }
                        Step::Again { old, new } => {
                            if new != pin {
                                step.set(Step::New { old });
                                problem.set(Some(tr.t("pin-setup-mismatch")));
                                return;
                            }
                            let c = companion.clone();
                            let tr = tr.clone();
                            spawn(async move {
                                busy.set(true);
                                let r = match &old {
                                    Some(old) => c.change_pin(old, &new).await,
                                    None => c.set_pin(&new).await,
                                };
                                match r {
                                    Ok(()) => {
                                        unlocked.set(true);
                                        done.set(true);
                                        crate::state::wake_sync();
                                    }
                                    Err(e) => {
                                        // A wrong old PIN: ask for it again.
                                        let wrong_old = matches!(
                                            e,
                                            CompanionError::Pin(PinError::Wrong { .. } | PinError::Locked { .. })
                                        );
                                        step.set(if wrong_old || old.is_some() && matches!(e, CompanionError::Pin(PinError::OldPinNeeded)) {
                                            Step::Old
                                        } else {
                                            Step::New { old: old.clone() }
                                        });
                                        problem.set(Some(pin_problem(&tr, &e, now)));
                                    }
                                }
                                busy.set(false);
                            });
                        }
                    }
                }
            }
            if let Some(p) = problem() {
                p { class: "error", role: "alert", "data-testid": "pin-error", "{p}" }
            }
        }
    }
}
