//! 指纹/面容登录 in the UI: turned on in settings (after a PIN login, so a
//! stranger holding the phone cannot add their face), offered on the lock
//! screen when it is on. Only where the shell registered a biometric prompt
//! (a phone); the desktop and the browser never show it. The prompt alone
//! opens nothing: the bank checks the hardware key's signature.

use crate::context::{Unlocked, use_companion};
use crate::state::{use_data_version, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::auth::biometric::BiometricState;

/// The settings group: where biometric login stands, one sentence on what
/// it is, turning it on or off, and locking the app now.
#[component]
pub fn BiometricSettings() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let c = companion.clone();
    let state = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.biometric_state().await.ok() }
    });
    if !companion.can_use_biometric() {
        return rsx! {};
    }
    let Some(Some(state)) = *state.read() else {
        return rsx! {};
    };
    let (state_id, on) = match state {
        BiometricState::On => ("settings-biometric-on", true),
        BiometricState::Off => ("settings-biometric-off", false),
        BiometricState::Paused => ("settings-biometric-paused", false),
    };
    let c = companion.clone();
    rsx! {
        section { class: "group", "data-testid": "biometric-settings",
            h2 { {tr.t("settings-biometric")} }
            p { class: "body", {tr.t("settings-biometric-explain")} }
            p { "data-testid": "biometric-state", {tr.t(state_id)} }
            button {
                class: "toggle",
                "data-testid": "biometric-toggle",
                "aria-pressed": on,
                disabled: busy(),
                onclick: move |_| {
                    let c = c.clone();
                    spawn(async move {
                        busy.set(true);
                        let r = if on {
                            c.disable_biometric().await
                        } else {
                            c.enable_registered_biometric().await
                        };
                        problem.set(r.err());
                        version += 1;
                        busy.set(false);
                    });
                },
                if on { {tr.t("settings-biometric-turn-off")} } else { {tr.t("settings-biometric-turn-on")} }
            }
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "biometric-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// 锁上: ends the session and shows the lock screen now (she hands the
/// phone to someone, or puts it down).
#[component]
pub fn LockNow() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut unlocked = use_context::<Unlocked>().0;
    rsx! {
        button {
            class: "toggle",
            "data-testid": "lock-now",
            onclick: move |_| {
                companion.logout();
                unlocked.set(false);
            },
            {tr.t("settings-lock-now")}
        }
    }
}

/// Biometric login as the lock screen reads it, read again when `reload`
/// moves (after a failed try: it may have paused).
fn use_biometric_state(reload: Signal<u32>) -> Option<BiometricState> {
    let companion = use_companion();
    let c = companion.clone();
    let state = use_resource(move || {
        let _again = reload();
        let c = c.clone();
        async move { c.biometric_state().await.ok() }
    });
    if !companion.can_use_biometric() {
        return None;
    }
    (*state.read()).flatten()
}

/// Above the PIN pad, where she reads first: a fingerprint or face was
/// added on the phone, so biometric login waits for the PIN and for being
/// turned on again in settings (a stranger's finger added to her phone must
/// not open her bank).
#[component]
pub fn BiometricPaused(reload: Signal<u32>) -> Element {
    let tr = use_tr();
    if use_biometric_state(reload) != Some(BiometricState::Paused) {
        return rsx! {};
    }
    rsx! {
        p { class: "notice", role: "status", "data-testid": "biometric-paused", {tr.t("pin-biometric-paused")} }
    }
}

/// On the lock screen, when biometric login is on: one touch or look.
/// A failed try moves `reload`.
#[component]
pub fn BiometricUnlock(reload: Signal<u32>) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut unlocked = use_context::<Unlocked>().0;
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let mut reload = reload;
    if use_biometric_state(reload) != Some(BiometricState::On) {
        return rsx! {};
    }
    rsx! {
        button {
            class: "wide",
            "data-testid": "pin-biometric",
            disabled: busy(),
            onclick: move |_| {
                let c = companion.clone();
                spawn(async move {
                    busy.set(true);
                    match c.login_with_registered_biometric().await {
                        Ok(_) => {
                            problem.set(None);
                            unlocked.set(true);
                            crate::state::wake_sync();
                        }
                        Err(e) => {
                            problem.set(Some(e));
                            reload += 1;
                        }
                    }
                    busy.set(false);
                });
            },
            {tr.t("pin-biometric-login")}
        }
        if let Some(e) = problem() {
            p { class: "error", role: "alert", "data-testid": "biometric-error", {tr.t(e.message_id())} }
        }
    }
}
