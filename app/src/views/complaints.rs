//! Complaints and suggestions: choose a kind, write it, send. It is kept on
//! the device at once and sent when online; each one shows where it stands.

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::{use_data_version, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::complaints::CATEGORIES;

/// The complaints screen.
#[component]
pub fn Complaints() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let target = try_consume_context::<crate::context::SyncTarget>();
    let mut version = use_data_version();
    // Reported to the voice assistant (举报这个号码 …): 诈骗与风险, with
    // the number written in for her to send or change.
    let mut report = use_context::<crate::context::ScamReport>().0;
    let reported = use_hook(move || report.take());
    let mut category = use_signal(|| reported.as_ref().map(|_| "fraud"));
    let first_text = reported.map(|target| {
        if target.is_empty() {
            tr.t("complaint-report-scam")
        } else {
            tr.ta("complaint-report-scam-target", &[("target", target.into())])
        }
    });
    let mut text = use_signal(move || first_text.unwrap_or_default());
    let mut error = use_signal(|| None::<CompanionError>);
    let mut saved = use_signal(|| false);
    let c = companion.clone();
    let list = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.complaints().await.unwrap_or_default() }
    });
    let list = list.read().clone().unwrap_or_default();
    let status_word = |status: &str| match status {
        "waiting" => tr.t("complaint-status-waiting"),
        "refused" => tr.t("complaint-status-refused"),
        "in_progress" => tr.t("complaint-status-in-progress"),
        "answered" => tr.t("complaint-status-answered"),
        _ => tr.t("complaint-status-received"),
    };
    let now = companion.now();
    let speech = tr.ta(
        "speech-complaints",
        &[("count", happylife_core::Arg::Num(list.len() as i64))],
    );
    rsx! {
        Frame { title: tr.t("complaints-title"), speech, back: true,
            section { class: "group",
                h2 { {tr.t("complaints-category")} }
                div { class: "choices", role: "group", "aria-label": tr.t("complaints-category"),
                    for cat in CATEGORIES {
                        button {
                            key: "{cat}",
                            class: "choice",
                            "data-testid": "category-{cat}",
                            "aria-pressed": category() == Some(cat),
                            onclick: move |_| category.set(Some(cat)),
                            {tr.t(&format!("complaint-category-{cat}"))}
                        }
                    }
                }
                label { r#for: "complaint-text", class: "field-label", {tr.t("complaints-text-label")} }
                textarea {
                    id: "complaint-text",
                    class: "field",
                    "data-testid": "complaint-text",
                    rows: "4",
                    maxlength: "2000",
                    value: "{text}",
                    oninput: move |e| {
                        text.set(e.value());
                        saved.set(false);
                    },
                }
                button {
                    class: "toggle",
                    "data-testid": "complaint-submit",
                    onclick: move |_| {
                        let c = companion.clone();
                        let target = target.clone();
                        let (cat, body) = (category(), text());
                        async move {
                            let result = match cat {
                                Some(cat) => c.file_complaint(cat, &body).await,
                                None => Err(CompanionError::InvalidComplaint),
                            };
                            match result {
                                Ok(()) => {
                                    text.set(String::new());
                                    category.set(None);
                                    error.set(None);
                                    saved.set(true);
                                    *version.write() += 1;
                                    if let Some(t) = target {
                                        t.wake.notify_one();
                                    }
                                }
                                Err(e) => error.set(Some(e)),
                            }
                        }
                    },
                    {tr.t("complaints-submit")}
                }
                if saved() {
                    p { class: "body", role: "status", "data-testid": "complaint-saved", {tr.t("complaints-saved")} }
                }
                if let Some(e) = error() {
                    p { class: "error", role: "alert", "data-testid": "complaint-error", {tr.t(e.message_id())} }
                }
            }
            section { class: "group",
                h2 { {tr.t("complaints-mine")} }
                if list.is_empty() {
                    p { {tr.t("complaints-none")} }
                }
                ul { class: "txns",
                    for (i, c) in list.into_iter().enumerate() {
                        li { key: "{i}", class: "txn", "data-testid": "complaint",
                            p { class: "what", {tr.t(&format!("complaint-category-{}", c.category))} }
                            p { class: "when", {tr.when(c.created_at, now)} }
                            p { "{c.text}" }
                            p { class: "status", "data-testid": "complaint-status", {status_word(&c.status)} }
                            if let Some(reply) = c.reply {
                                div { class: "reply", "data-testid": "complaint-reply",
                                    p { class: "what", {tr.t("complaint-reply")} }
                                    p { "{reply}" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
