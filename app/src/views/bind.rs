//! 绑定这台手机: the first run of a phone the bank does not know yet. Her
//! ID-card number, then the 6-digit code the bank sends by SMS to the
//! mobile number it has for her; then the login PIN. The rules (what an ID
//! number is, the code's life and tries, refusing during a call) are the
//! core's; this shows them.
//!
//! Against a sandbox bank (no real SMS), a box shows the text the bank
//! sent, clearly marked as the tester's stand-in for her phone's messages.

use crate::components::Frame;
use crate::context::{Bound, use_companion};
use crate::state::use_tr;
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::auth::enrol::{CodeSent, EnrolError};

/// An error of a binding step, in words (with the tries left).
fn problem_text(tr: &crate::state::Tr, e: &CompanionError) -> String {
    match e {
        CompanionError::Enrol(EnrolError::WrongCode { tries_left }) => format!(
            "{} {}",
            tr.t(e.message_id()),
            tr.ta(
                "bind-tries-left",
                &[("left", i64::from(*tries_left).into())]
            )
        ),
        other => tr.t(other.message_id()),
    }
}

/// The binding screen.
#[component]
pub fn Bind(server: String) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut bound = use_context::<Bound>().0;
    let mut id_text = use_signal(String::new);
    let mut code_text = use_signal(String::new);
    let mut sent = use_signal(|| None::<CodeSent>);
    let mut sms = use_signal(|| None::<String>);
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let (c_send, c_bind) = (companion.clone(), companion.clone());
    let (s_send, s_bind) = (server.clone(), server.clone());
    let send = move |_| {
        let (c, server) = (c_send.clone(), s_send.clone());
        spawn(async move {
            busy.set(true);
            match c.request_bind_code(&server, &id_text()).await {
                Ok(s) => {
                    problem.set(None);
                    code_text.set(String::new());
                    sms.set(c.sandbox_sms(&server, s.code_id).await);
                    sent.set(Some(s));
                }
                Err(e) => problem.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let bind = move |_| {
        let (c, server) = (c_bind.clone(), s_bind.clone());
        let Some(s) = sent() else { return };
        spawn(async move {
            busy.set(true);
            match c.bind(&server, s.code_id, &code_text(), "HappyLife").await {
                Ok(()) => {
                    problem.set(None);
                    // The first run goes on to the login PIN (the app shows
                    // it: hers from the bank, or a first one).
                    bound.set(true);
                    crate::state::wake_sync();
                }
                Err(e) => {
                    // A dead code: back to asking for a new one.
                    if matches!(e, CompanionError::Enrol(EnrolError::CodeExpired)) {
                        sent.set(None);
                    }
                    problem.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    let speech = match sent() {
        None => tr.t("bind-id-ask"),
        Some(ref s) => tr.ta(
            "bind-code-sent",
            &[("phone", s.phone_masked.clone().into())],
        ),
    };
    rsx! {
        Frame { title: tr.t("bind-title"), speech: speech.clone(), back: false,
            p { class: "body", {tr.t("bind-intro")} }
            if let Some(s) = sent() {
                crate::components::SmsCodeField { prefix: "bind", phone_masked: s.phone_masked.clone(), code: code_text }
                p { class: "body",
                    {tr.ta("bind-code-valid", &[("time", tr.when(s.expires_at, now).into())])} }
                button { class: "wide", "data-testid": "bind-submit", disabled: busy(), onclick: bind,
                    {tr.t("bind-submit")} }
                p { class: "body", {tr.t("bind-code-warning")} }
                if let Some(text) = sms() {
                    section { class: "sandbox-sms", "data-testid": "bind-sandbox-sms",
                        h2 { {tr.t("bind-sandbox-sms")} }
                        p { class: "body", "{text}" }
                    }
                }
                if now.timestamp() >= s.resend_after {
                    button { class: "toggle", "data-testid": "bind-resend", disabled: busy(),
                        onclick: move |_| sent.set(None), {tr.t("bind-resend")} }
                } else {
                    p { class: "body muted", "data-testid": "bind-resend-wait",
                        {tr.ta("bind-resend-at", &[("time", tr.when(s.resend_after, now).into())])} }
                }
            } else {
                p { class: "big", {tr.t("bind-id-ask")} }
                label { r#for: "bind-id", class: "field-label", {tr.t("bind-id-label")} }
                input {
                    id: "bind-id",
                    class: "field short",
                    "data-testid": "bind-id",
                    autocomplete: "off",
                    maxlength: "30",
                    value: "{id_text}",
                    oninput: move |e| id_text.set(e.value()),
                }
                button { class: "wide", "data-testid": "bind-send", disabled: busy(), onclick: send,
                    {tr.t("bind-send")} }
            }
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "bind-error", {problem_text(&tr, &e)} }
            }
        }
    }
}
