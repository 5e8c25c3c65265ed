//! 防骗查询: type, paste or scan-as-text a phone number, account number,
//! web address, QR text or a whole SMS; the answer is one big sentence
//! (works offline): listed (on the scam list, with its date), suspicious
//! (a lookalike site or a scam script, each reason in a plain sentence, and
//! 举报 suggested), or clear (never "safe").

use crate::components::{CallLink, Frame};
use crate::context::{ANTI_FRAUD, POLICE, Prefill, use_companion};
use crate::state::{Screen, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::fraud::{MessageCheck, Verdict};

/// The lookup screen.
#[component]
pub fn FraudCheck() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    // Re-read the list's date and size after every sync.
    let _synced = use_data_version()();
    // Said to the voice assistant ("查一下 95588"): the text to check.
    let nav = use_nav();
    let mut report = use_context::<crate::context::ScamReport>().0;
    let mut prefill = use_context::<Prefill>().0;
    let mut text = use_signal(move || prefill.take().unwrap_or_default());
    let mut answer = use_signal(|| None::<MessageCheck>);
    let mut failed = use_signal(|| None::<happylife_core::CompanionError>);
    let info = companion.blocklist_info();
    let list_line = tr.ta(
        "fraud-check-list",
        &[
            (
                "date",
                tr.i18n()
                    .date(
                        tr.lang(),
                        info.published_at
                            .with_timezone(&happylife_core::clock::china_offset())
                            .date_naive(),
                    )
                    .into(),
            ),
            (
                "count",
                happylife_core::i18n::format::grouped(info.count).into(),
            ),
        ],
    );
    let sentence = answer
        .read()
        .as_ref()
        .map(|a| a.sentence(tr.i18n(), tr.lang(), &info));
    let verdict = answer.read().as_ref().map(|a| a.verdict);
    let listed = verdict == Some(Verdict::Listed);
    let danger = matches!(verdict, Some(Verdict::Listed | Verdict::Suspicious));
    let scam = answer.read().as_ref().and_then(|a| a.category);
    let sites = companion.real_sites();
    let reasons: Vec<String> = answer
        .read()
        .as_ref()
        .map(|a| {
            a.signals
                .iter()
                .map(|s| s.sentence(tr.i18n(), tr.lang(), &sites))
                .collect()
        })
        .unwrap_or_default();
    let speech = match &sentence {
        Some(s) => format!("{} {s}", tr.t("speech-fraud-check")),
        None => tr.t("speech-fraud-check"),
    };
    let check = move |_| {
        let c = companion.clone();
        let t = text();
        async move {
            match c.check_message(&t).await {
                Ok(a) => {
                    answer.set(Some(a));
                    failed.set(None);
                }
                Err(e) => failed.set(Some(e)),
            }
        }
    };
    rsx! {
        Frame { title: tr.t("tile-fraud-check"), speech, back: true,
            p { class: "body", {tr.t("fraud-check-intro")} }
            label { r#for: "fraud-text", class: "field-label", {tr.t("fraud-check-label")} }
            textarea {
                id: "fraud-text",
                class: "field",
                "data-testid": "fraud-text",
                rows: "3",
                maxlength: "8000",
                value: "{text}",
                oninput: move |e| {
                    text.set(e.value());
                    answer.set(None);
                },
            }
            button { class: "toggle", "data-testid": "fraud-submit", onclick: check, {tr.t("fraud-check-submit")} }
            div { role: "status", "aria-live": "polite",
                if let Some(s) = sentence {
                    section {
                        class: if danger { "verdict danger" } else { "verdict clear" },
                        "data-testid": "fraud-verdict",
                        "data-listed": listed,
                        "data-verdict": verdict.map(|v| v.code()).unwrap_or_default(),
                        h2 {
                            {match verdict {
                                Some(Verdict::Listed) => tr.t("fraud-check-danger"),
                                Some(Verdict::Suspicious) => tr.t("fraud-check-suspicious"),
                                _ => tr.t("fraud-check-clear"),
                            }}
                        }
                        p { class: "big", "{s}" }
                        if !reasons.is_empty() {
                            p { class: "body", {tr.t("fraud-check-why")} }
                            ul { class: "reasons", "data-testid": "fraud-reasons",
                                for r in reasons {
                                    li { class: "body", "{r}" }
                                }
                            }
                        }
                        if let Some(scam) = scam.filter(|_| danger) {
                            p { class: "body", {tr.t(&scam.explain_id())} }
                            if verdict == Some(Verdict::Suspicious) {
                                p { class: "body", "data-testid": "fraud-report-hint", {tr.t("fraud-check-report-this")} }
                            }
                            p { class: "body", {tr.t("fraud-check-if-paid")} }
                            CallLink { number: ANTI_FRAUD, testid: "call-96110",
                                label: tr.ta("fraud-call", &[("number", ANTI_FRAUD.into())]) }
                            CallLink { number: POLICE,
                                label: tr.ta("fraud-call", &[("number", POLICE.into())]) }
                        }
                    }
                }
            }
            if let Some(e) = failed() {
                p { class: "error", role: "alert", {tr.t(e.message_id())} }
            }
            p { class: "body muted", "data-testid": "fraud-list-info", "{list_line}" }
            button {
                class: "wide",
                "data-testid": "open-report",
                onclick: move |_| {
                    // What she checked goes with her to the report.
                    let checked = text().trim().to_string();
                    report.set(Some(checked));
                    nav.push(Screen::Report);
                },
                {tr.t("report-open")}
            }
        }
    }
}
