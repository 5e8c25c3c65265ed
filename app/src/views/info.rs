//! Information screens: the human agent with the hotline.

use crate::components::{CallLink, Frame};
use crate::context::HOTLINE;
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;

/// 人工客服: the hotline, a call button and the anti-fraud numbers.
#[component]
pub fn Agent() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let speech = tr.ta("speech-agent", &[("number", HOTLINE.into())]);
    rsx! {
        Frame { title: tr.t("tile-agent"), speech, back: true,
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
