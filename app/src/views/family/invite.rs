//! 邀请家人 (the elder invites) and 我是家属 (a family member joins).

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::{use_data_version, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::family::{self, Invite, Role};

use super::role_name;

/// 邀请家人: pick what the family member may do, then show the code and QR.
#[component]
pub fn FamilyInvite() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut invite = use_signal(|| None::<Invite>);
    let mut error = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let speech = match invite() {
        Some(i) => format!(
            "{} {}",
            tr.t("family-invite-code"),
            i.code
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" ")
        ),
        None => tr.t("speech-family-invite"),
    };
    rsx! {
        Frame { title: tr.t("family-invite-title"), speech, back: true,
            if let Some(i) = invite() {
                section { class: "verdict clear", "data-testid": "invite",
                    h2 { {tr.t("family-invite-code")} }
                    p { class: "code", "data-testid": "invite-code", "aria-label": i.code.clone(), {family::spaced_code(&i.code)} }
                    p { {tr.ta("family-invite-for", &[("role", role_name(&tr, i.role).into())])} }
                    p { class: "big", "data-testid": "invite-expires", {tr.ta("family-invite-expires", &[("time", tr.when(i.expires_at, now).into())])} }
                }
                div { class: "qr", role: "img", "aria-label": tr.t("family-invite-qr"), "data-testid": "invite-qr",
                    dangerous_inner_html: family::invite_qr_svg(&i.code) }
                p { class: "body", {tr.t("family-invite-how")} }
                p { class: "notice", {tr.t("family-invite-never")} }
            } else {
                h2 { class: "body", {tr.t("family-invite-pick")} }
                div { class: "choices", role: "group", "aria-label": tr.t("family-invite-pick"),
                    for role in Role::ALL {
                        {
                            let c = companion.clone();
                            rsx! {
                                button {
                                    key: "{role.code()}",
                                    class: "choice role",
                                    "data-testid": "invite-role-{role.code()}",
                                    disabled: busy(),
                                    onclick: move |_| {
                                        let c = c.clone();
                                        async move {
                                            if busy() {
                                                return;
                                            }
                                            busy.set(true);
                                            match c.create_invite(role).await {
                                                Ok(i) => invite.set(Some(i)),
                                                Err(e) => error.set(Some(e)),
                                            }
                                            busy.set(false);
                                        }
                                    },
                                    span { class: "rolename", {role_name(&tr, role)} }
                                    span { class: "roleexplain", {tr.t(role.explain_id())} }
                                }
                            }
                        }
                    }
                }
                if let Some(e) = error() {
                    p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} }
                }
            }
        }
    }
}

/// 我是家属: enter the elder's code.
#[component]
pub fn FamilyJoin() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut code = use_signal(String::new);
    let mut error = use_signal(|| None::<CompanionError>);
    let mut sent = use_signal(|| false);
    let mut busy = use_signal(|| false);
    rsx! {
        Frame { title: tr.t("family-join-title"), speech: tr.t("speech-family-join"), back: true,
            if sent() {
                section { class: "verdict clear", role: "status", "data-testid": "join-sent",
                    p { class: "big", {tr.t("family-join-sent")} }
                }
            } else {
                label { r#for: "invite-code", class: "field-label", {tr.t("family-join-code")} }
                input { id: "invite-code", class: "field short code", "data-testid": "join-code", inputmode: "numeric",
                    autocomplete: "off", maxlength: "20", value: "{code}", oninput: move |e| code.set(e.value()) }
                button {
                    class: "toggle wide",
                    "data-testid": "join-send",
                    disabled: busy(),
                    onclick: move |_| {
                        let c = companion.clone();
                        async move {
                            if busy() {
                                return;
                            }
                            busy.set(true);
                            match c.accept_invite(&code()).await {
                                Ok(()) => {
                                    error.set(None);
                                    sent.set(true);
                                }
                                Err(e) => error.set(Some(e)),
                            }
                            busy.set(false);
                            *version.write() += 1;
                        }
                    },
                    {tr.t("family-join-send")}
                }
                if let Some(e) = error() {
                    p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} }
                }
            }
        }
    }
}
