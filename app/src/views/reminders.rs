//! 提醒: one list, newest first, each with one tap (pay, repay, look, how
//! to update the ID card) and 知道了. Worked out from the phone's own data,
//! so it is the same offline.

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::{Screen, Tr, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::Arg;
use happylife_core::reminders::{Action, Reminder};

/// The reminder in one sentence, and its button's words.
pub fn sentence(tr: &Tr, r: &Reminder) -> (String, String) {
    let (text, button) = r.sentence(tr.i18n(), tr.lang());
    (text, tr.t(button))
}

/// 提醒.
#[component]
pub fn Reminders() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut version = use_data_version();
    let c = companion.clone();
    let list = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.reminders().await.unwrap_or_default() }
    });
    let list = list.read().clone().unwrap_or_default();
    let lines: Vec<(Reminder, String, String)> = list
        .into_iter()
        .map(|r| {
            let (s, b) = sentence(&tr, &r);
            (r, s, b)
        })
        .collect();
    let speech = if lines.is_empty() {
        tr.t("reminders-none")
    } else {
        let all: Vec<&str> = lines.iter().map(|(_, s, _)| s.as_str()).collect();
        format!(
            "{} {}",
            tr.ta(
                "speech-reminders",
                &[("count", Arg::Num(lines.len() as i64))]
            ),
            all.join(" ")
        )
    };
    rsx! {
        Frame { title: tr.t("tile-reminders"), speech, back: true,
            if lines.is_empty() {
                p { class: "body", "data-testid": "reminders-none", {tr.t("reminders-none")} }
            }
            ul { class: "cards",
                for (r, text, button) in lines {
                    li { key: "{r.key}", class: "card", "data-testid": "reminder", "data-kind": r.kind.code(),
                        p { class: "body", "{text}" }
                        button {
                            class: "toggle",
                            "data-testid": "reminder-act",
                            onclick: move |_| match r.action {
                                Action::PayBill(id) => nav.push(Screen::BillPay(id)),
                                Action::OpenAccount(id) => nav.push(Screen::AccountDetail(id)),
                                Action::UpdateId => nav.push(Screen::IdUpdate),
                            },
                            "{button}"
                        }
                        button {
                            class: "quietbtn",
                            "data-testid": "reminder-done",
                            onclick: {
                                let key = r.key.clone();
                                let c = companion.clone();
                                move |_| {
                                    let (key, c) = (key.clone(), c.clone());
                                    async move {
                                        if c.put_away_reminder(&key).await.is_ok() {
                                            *version.write() += 1;
                                        }
                                    }
                                }
                            },
                            {tr.t("reminder-put-away")}
                        }
                    }
                }
            }
        }
    }
}

/// 更新身份证信息: what to bring and where (the bank needs to see the card).
#[component]
pub fn IdUpdate() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let speech = format!(
        "{} {} {}",
        tr.t("id-update-body"),
        tr.t("id-update-step-1"),
        tr.t("id-update-step-2")
    );
    rsx! {
        Frame { title: tr.t("id-update-title"), speech, back: true,
            p { class: "body", {tr.t("id-update-body")} }
            ol { class: "steps",
                li { {tr.t("id-update-step-1")} }
                li { {tr.t("id-update-step-2")} }
                li { {tr.t("id-update-step-3")} }
            }
            button { class: "wide", "data-testid": "id-update-agent", onclick: move |_| nav.push(Screen::Agent), {tr.t("tile-agent")} }
        }
    }
}
