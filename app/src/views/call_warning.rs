//! 来电预警: a call is ringing from a number the scam list on this phone
//! names. The whole screen says so in words, over everything (the lock
//! screen too), with 挂断 (where the phone lets the app end the call) and a
//! call to her family instead.

use crate::components::CallLink;
use crate::context::use_companion;
use crate::state::use_tr;
use dioxus::prelude::*;
use happylife_core::phone::CallWarning;

/// The warning about the call ringing now, kept in step with the core.
pub fn use_call_warning() -> Signal<Option<CallWarning>> {
    let companion = use_companion();
    let mut warning = use_signal(|| None::<CallWarning>);
    use_future(move || {
        let mut changes = companion.call_warnings();
        async move {
            warning.set(changes.borrow_and_update().clone());
            while changes.changed().await.is_ok() {
                warning.set(changes.borrow_and_update().clone());
            }
        }
    });
    warning
}

/// The full-screen warning.
#[component]
pub fn CallWarningScreen(warning: CallWarning) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut cannot_end = use_signal(|| false);
    let c = companion.clone();
    let family = use_resource(move || {
        let c = c.clone();
        async move {
            c.family_members()
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|l| l.status == happylife_core::family::LinkStatus::Active)
                .find_map(|l| l.member_phone.map(|p| (l.member_name, p)))
        }
    });
    let family = family.read().clone().flatten();
    let scam = tr.t(&warning.category.name_id());
    let c_end = companion.clone();
    let c_seen = companion.clone();
    rsx! {
        section { class: "call-warning verdict danger", role: "alertdialog", "aria-labelledby": "call-warning-title",
            "data-testid": "call-warning",
            h1 { id: "call-warning-title", {tr.t("call-warning-title")} }
            p { class: "big", "data-testid": "call-warning-body", {tr.t("call-warning-body")} }
            p { class: "body", "data-testid": "call-warning-number",
                {tr.ta("call-warning-number", &[("number", warning.number.clone().into()), ("scam", scam.into())])} }
            p { class: "body", {tr.t("call-warning-do")} }
            button { class: "stop wide", "data-testid": "call-warning-hang-up",
                onclick: move |_| cannot_end.set(!c_end.hang_up()),
                {tr.t("call-warning-hang-up")} }
            if cannot_end() {
                p { class: "error", role: "alert", {tr.t("call-warning-hang-up-yourself")} }
            }
            if let Some((name, phone)) = family {
                CallLink { number: phone, testid: "call-warning-family",
                    label: tr.ta("call-warning-family", &[("name", name.into())]) }
            }
            button { class: "quietbtn wide", "data-testid": "call-warning-seen",
                onclick: move |_| c_seen.call_ended(),
                {tr.t("call-warning-seen")} }
        }
    }
}
