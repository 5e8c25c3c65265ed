//! 举报: she reports a number, account or site with a few words of what
//! happened (written in for her when she came from 防骗查询 or said it to the
//! assistant). Kept at once, sent when online; her reports below say where
//! each stands, in words.

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::{use_data_version, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;

/// 举报.
#[component]
pub fn Report() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut given = use_context::<crate::context::ScamReport>().0;
    let first = use_hook(move || given.take().unwrap_or_default());
    let mut target = use_signal(move || first.clone());
    let mut note = use_signal(String::new);
    let mut error = use_signal(|| None::<CompanionError>);
    let mut saved = use_signal(|| false);
    let c = companion.clone();
    let mine = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.fraud_reports().await.unwrap_or_default() }
    });
    let mine = mine.read().clone().unwrap_or_default();
    let now = companion.now();
    let send = move |_| {
        let c = companion.clone();
        async move {
            match c.report_fraud(&target(), &note()).await {
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                    target.set(String::new());
                    note.set(String::new());
                    *version.write() += 1;
                    crate::state::wake_sync();
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        }
    };
    rsx! {
        Frame { title: tr.t("report-title"), speech: tr.t("speech-report"), back: true,
            p { class: "body", {tr.t("report-intro")} }
            label { r#for: "report-target", class: "field-label", {tr.t("report-target")} }
            input { id: "report-target", class: "field", "data-testid": "report-target", maxlength: "200",
                value: "{target}", oninput: move |e| target.set(e.value()) }
            label { r#for: "report-note", class: "field-label", {tr.t("report-note")} }
            textarea { id: "report-note", class: "field", rows: "3", maxlength: "200", "data-testid": "report-note",
                value: "{note}", oninput: move |e| note.set(e.value()) }
            button { class: "confirm-go wide", "data-testid": "report-send", onclick: send, {tr.t("report-send")} }
            if saved() {
                p { class: "status", role: "status", "data-testid": "report-saved", {tr.t("report-saved")} }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "report-error", {tr.t(e.message_id())} }
            }
            if !mine.is_empty() {
                section { class: "group", "data-testid": "my-reports",
                    h2 { {tr.t("report-mine")} }
                    ul { class: "txns",
                        for (i, r) in mine.into_iter().enumerate() {
                            li { key: "{i}", class: "txn", "data-testid": "my-report",
                                p { class: "what", "{r.target}" }
                                p { class: "when", {tr.when(r.created_at, now)} }
                                p { class: "status", "data-testid": "my-report-status",
                                    {tr.t(&format!("report-status-{}", r.status))} }
                            }
                        }
                    }
                }
            }
        }
    }
}
