//! The risk check: the decision, its reasons in plain words, the wait.

use crate::components::{CallLink, Frame};
use crate::context::{ANTI_FRAUD, HOTLINE, use_flow};
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::transfers::{Assessment, Decision};

/// The reasons and the scam's explanation, and for a block, whom to call.
#[component]
pub(super) fn RiskExplained(assessment: Assessment) -> Element {
    let tr = use_tr();
    let heading = tr.t(&format!("decision-{}", assessment.decision.code()));
    rsx! {
        section { class: "verdict danger", role: "alert", "data-testid": "risk",
            "data-decision": assessment.decision.code(),
            h2 { "{heading}" }
            if let Some(scam) = assessment.category {
                p { class: "big", "data-testid": "risk-scam", {tr.ta("transfer-looks-like", &[("scam", tr.t(&scam.name_id()).into())])} }
                p { class: "body", "data-testid": "risk-explain", {tr.t(&scam.explain_id())} }
            }
            h3 { class: "body", {tr.t("transfer-reasons")} }
            ul { class: "reasons",
                for r in assessment.reasons.iter() {
                    li { key: "{r.code()}", "data-testid": "reason-{r.code()}", {tr.t(&r.message_id())} }
                }
            }
        }
        if assessment.decision == Decision::Block {
            CallLink { number: ANTI_FRAUD, testid: "call-96110",
                label: tr.ta("scammed-call-antifraud", &[("number", ANTI_FRAUD.into())]) }
            CallLink { number: HOTLINE, testid: "call-bank",
                label: tr.ta("scammed-call-bank", &[("number", HOTLINE.into())]) }
        }
    }
}

/// Warn (read, wait, then go on), co-sign (submit and wait), block (stop).
#[component]
pub fn Check() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut flow = use_flow();
    let f = flow.read().clone();
    let Some(assessment) = f.assessment.clone() else {
        return rsx! { Frame { title: tr.t("tile-transfer"), speech: String::new(), back: true } };
    };
    let wait = assessment.wait_seconds;
    let mut left = use_signal(move || wait);
    use_future(move || async move {
        while left() > 0 {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            left.set(left().saturating_sub(1));
        }
    });
    let decision = assessment.decision;
    let speech = tr.t(&format!("decision-{}", decision.code()));
    rsx! {
        Frame { title: tr.t("transfer-check-title"), speech, back: true,
            RiskExplained { assessment }
            if decision == Decision::Warn {
                p { class: "body", role: "timer", "data-testid": "wait",
                    if left() > 0 { {tr.ta("transfer-wait", &[("seconds", i64::from(left()).into())])} } else { {tr.t("transfer-wait-done")} }
                }
            }
            if decision == Decision::Cosign {
                p { class: "body", "data-testid": "cosign-note", {tr.t("transfer-cosign-note")} }
            }
            div { class: "decide",
                button {
                    class: "stop",
                    "data-testid": "check-stop",
                    onclick: move |_| nav.home(),
                    {tr.t("transfer-stop")}
                }
                if decision == Decision::Warn || decision == Decision::Cosign {
                    button {
                        class: "quietbtn",
                        "data-testid": "check-continue",
                        disabled: left() > 0,
                        onclick: move |_| {
                            flow.write().acknowledged = true;
                            nav.replace(Screen::TransferConfirm);
                        },
                        if decision == Decision::Warn { {tr.t("transfer-go-on-warned")} } else { {tr.t("transfer-go-on-cosign")} }
                    }
                }
            }
        }
    }
}
