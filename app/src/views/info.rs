//! 人工客服: a person at the bank in writing (the conversation, her place
//! in the queue), and the hotline.

use crate::components::{CallLink, Frame};
use crate::context::{HOTLINE, use_companion};
use crate::state::{Screen, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::chat::Queue;
use happylife_core::{Arg, CompanionError};

/// 人工客服: the hotline, a call button and the anti-fraud numbers.
#[component]
pub fn Agent() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let speech = tr.ta("speech-agent", &[("number", HOTLINE.into())]);
    rsx! {
        Frame { title: tr.t("tile-agent"), speech, back: true,
            Chat {}
            h2 { class: "body", {tr.t("agent-phone-heading")} }
            p { class: "body", {tr.t("agent-body")} }
            p { class: "body", "data-testid": "hotline", {tr.ta("agent-hotline", &[("number", HOTLINE.into())])} }
            CallLink { number: HOTLINE, testid: "call", label: tr.ta("agent-call", &[("number", HOTLINE.into())]) }
            p { class: "body", {tr.t("agent-fraud")} }
            button {
                class: "wide",
                "data-testid": "open-complaints",
                onclick: move |_| nav.push(Screen::Complaints),
                {tr.t("complaints-open")}
            }
        }
    }
}

/// The written conversation: her lines and the agent's, what waits for the
/// network, her place in the queue, and a box to write in.
#[component]
fn Chat() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let version = use_data_version();
    let mut text = use_signal(String::new);
    let mut error = use_signal(|| None::<CompanionError>);
    let c = companion.clone();
    let lines = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.chat().await.unwrap_or_default() }
    });
    let c = companion.clone();
    let queue = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.chat_queue().await }
    });
    let lines = lines.read().clone().unwrap_or_default();
    let now = companion.now();
    let waiting_here = lines.iter().any(|l| l.waiting);
    let queue_line = match queue.read().clone() {
        Some(Ok(Queue::Waiting { ahead, minutes })) => Some(tr.ta(
            "chat-queue-waiting",
            &[("ahead", Arg::Num(ahead)), ("minutes", Arg::Num(minutes))],
        )),
        Some(Ok(Queue::Open)) => Some(tr.t("chat-queue-open")),
        Some(Err(_)) if waiting_here => Some(tr.t("chat-offline")),
        _ => None,
    };
    let mut version_w = use_data_version();
    // On a phone: she speaks, the phone's recogniser writes it in the box.
    let can_listen = companion.can_capture_voice();
    let mut listening = use_signal(|| false);
    let c_listen = companion.clone();
    let listen_prompt = tr.t("chat-listen-prompt");
    let listen = move |_| {
        let c = c_listen.clone();
        let prompt = listen_prompt.clone();
        spawn(async move {
            listening.set(true);
            match c.hear_words(&prompt).await {
                Ok(words) if !words.trim().is_empty() => {
                    let before = text();
                    text.set(if before.trim().is_empty() {
                        words
                    } else {
                        format!("{before}{words}")
                    });
                    error.set(None);
                }
                Ok(_) => {}
                Err(e) => error.set(Some(e)),
            }
            listening.set(false);
        });
    };
    let send = move |_| {
        let c = companion.clone();
        async move {
            match c.send_chat(&text()).await {
                Ok(()) => {
                    text.set(String::new());
                    error.set(None);
                    *version_w.write() += 1;
                    crate::state::wake_sync();
                }
                Err(e) => error.set(Some(e)),
            }
        }
    };
    rsx! {
        section { class: "group", "data-testid": "chat",
            h2 { {tr.t("chat-heading")} }
            p { class: "body", {tr.t("chat-intro")} }
            if let Some(line) = queue_line {
                p { class: "status", role: "status", "data-testid": "chat-queue", "{line}" }
            }
            ol { class: "chat", "data-testid": "chat-lines", "aria-live": "polite",
                for (i, l) in lines.into_iter().enumerate() {
                    li { key: "{i}", class: if l.from_agent { "chat-line agent" } else { "chat-line mine" },
                        "data-testid": if l.from_agent { "chat-agent" } else { "chat-mine" },
                        p { class: "who",
                            if l.from_agent { {tr.t("chat-from-agent")} } else { {tr.t("chat-from-me")} }
                            " · "
                            {tr.when(l.created_at, now)}
                        }
                        p { class: "what", "{l.text}" }
                        if l.waiting {
                            p { class: "status", "data-testid": "chat-waiting", {tr.t("chat-waiting")} }
                        }
                    }
                }
            }
            label { r#for: "chat-text", class: "field-label", {tr.t("chat-write")} }
            if can_listen {
                button { class: "toggle", "data-testid": "chat-listen", disabled: listening(), onclick: listen,
                    {tr.t("chat-listen")} }
            }
            textarea { id: "chat-text", class: "field", rows: "3", maxlength: "500", "data-testid": "chat-text",
                value: "{text}", oninput: move |e| text.set(e.value()) }
            button { class: "confirm-go wide", "data-testid": "chat-send", onclick: send, {tr.t("chat-send")} }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "chat-error", {tr.t(e.message_id())} }
            }
        }
    }
}
