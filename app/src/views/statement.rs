//! 打印流水: choose a period, make the statement (a PDF, on the phone,
//! offline too), then save it, or share or print it where the phone can.

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::use_tr;
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use dioxus::prelude::*;
use happylife_core::statements::{Period, Statement, StatementError};
use happylife_core::{AccountId, Arg, CompanionError};

/// The period buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    ThisMonth,
    ThreeMonths,
    ThisYear,
    LastYear,
    Dates,
}

/// 打印流水 for one of her accounts, or (with `elder_link`) a helper's
/// statement of the elder's debit account, read at the bank.
#[component]
pub fn StatementView(account_id: i64, #[props(default)] elder_link: Option<i64>) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut choice = use_signal(|| Choice::ThisMonth);
    let mut from_text = use_signal(String::new);
    let mut to_text = use_signal(String::new);
    let mut busy = use_signal(|| false);
    let mut result = use_signal(|| None::<Result<Statement, CompanionError>>);
    let mut shared = use_signal(|| false);
    let year = companion.now().date_naive().year();
    let c_link = companion.clone();
    let elder_name = use_resource(move || {
        let c = c_link.clone();
        async move {
            match elder_link {
                Some(link) => c.family_link(link).await.ok().map(|l| l.elder_name),
                None => None,
            }
        }
    });
    let intro = match elder_name.read().clone().flatten() {
        Some(name) => tr.ta("statement-intro-family", &[("name", name.into())]),
        None => tr.t("statement-intro"),
    };
    let choices = [
        (
            Choice::ThisMonth,
            "this-month",
            tr.t("statement-this-month"),
        ),
        (
            Choice::ThreeMonths,
            "three-months",
            tr.t("statement-three-months"),
        ),
        (
            Choice::ThisYear,
            "this-year",
            tr.ta("statement-year", &[("year", Arg::Str(year.to_string()))]),
        ),
        (
            Choice::LastYear,
            "last-year",
            tr.ta(
                "statement-year",
                &[("year", Arg::Str((year - 1).to_string()))],
            ),
        ),
        (Choice::Dates, "dates", tr.t("statement-dates")),
    ];
    let c_make = companion.clone();
    let make = move |_| {
        let c = c_make.clone();
        async move {
            if busy() {
                return;
            }
            let period = match choice() {
                Choice::ThisMonth => Ok(Period::ThisMonth),
                Choice::ThreeMonths => Ok(Period::LastThreeMonths),
                Choice::ThisYear => Ok(Period::Year(year)),
                Choice::LastYear => Ok(Period::Year(year - 1)),
                Choice::Dates => {
                    let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
                    match (day(&from_text()), day(&to_text())) {
                        (Some(from), Some(to)) => Ok(Period::Dates(from, to)),
                        _ => Err(CompanionError::Statement(StatementError::InvalidPeriod)),
                    }
                }
            };
            busy.set(true);
            shared.set(false);
            let made = match (period, elder_link) {
                (Ok(p), Some(link)) => match c.family_link(link).await {
                    Ok(l) => c.elder_statement(&l.elder_id, &l.elder_name, p).await,
                    Err(e) => Err(e),
                },
                (Ok(p), None) => c.statement(AccountId(account_id), p).await,
                (Err(e), _) => Err(e),
            };
            result.set(Some(made));
            busy.set(false);
        }
    };
    let c_share = companion.clone();
    rsx! {
        Frame { title: tr.t("statement-screen-title"), speech: tr.t("speech-statement"), back: true,
            p { class: "body", "data-testid": "statement-intro", "{intro}" }
            div { class: "choices", role: "group", "aria-label": tr.t("statement-period-label"),
                for (c, key, label) in choices {
                    button {
                        key: "{key}",
                        class: "choice",
                        "data-testid": "period-{key}",
                        "aria-pressed": choice() == c,
                        onclick: move |_| {
                            choice.set(c);
                            result.set(None);
                        },
                        "{label}"
                    }
                }
            }
            if choice() == Choice::Dates {
                label { r#for: "statement-from", class: "field-label", {tr.t("statement-from")} }
                input { id: "statement-from", class: "field", r#type: "date", "data-testid": "statement-from",
                    value: "{from_text}", oninput: move |e| from_text.set(e.value()) }
                label { r#for: "statement-to", class: "field-label", {tr.t("statement-to")} }
                input { id: "statement-to", class: "field", r#type: "date", "data-testid": "statement-to",
                    value: "{to_text}", oninput: move |e| to_text.set(e.value()) }
            }
            button { class: "confirm-go wide", "data-testid": "statement-make", disabled: busy(), onclick: make,
                if busy() { {tr.t("statement-making")} } else { {tr.t("statement-make")} }
            }
            match result() {
                Some(Ok(s)) => {
                    let href = format!(
                        "data:application/pdf;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(&s.pdf)
                    );
                    let done = tr.ta(
                        "statement-done",
                        &[
                            ("from", Arg::Str(tr.i18n().date(tr.lang(), s.from))),
                            ("to", Arg::Str(tr.i18n().date(tr.lang(), s.to))),
                            ("count", Arg::Num(s.transactions as i64)),
                            ("opening", Arg::Str(s.opening.format_grouped())),
                            ("closing", Arg::Str(s.closing.format_grouped())),
                        ],
                    );
                    let (title, name) = (tr.t("statement-title"), s.file_name.clone());
                    let pdf = s.pdf.clone();
                    let c = c_share.clone();
                    rsx! {
                        section { class: "verdict clear", role: "status", "data-testid": "statement-done",
                            h2 { {tr.t("statement-done-title")} }
                            p { class: "big", "{done}" }
                        }
                        a { class: "button save", "data-testid": "statement-save", download: "{s.file_name}", href: "{href}",
                            {tr.t("statement-save")} }
                        if c.can_share_file() {
                            button { class: "wide", "data-testid": "statement-share",
                                onclick: move |_| {
                                    shared.set(c.share_file(&title, &name, "application/pdf", &pdf).unwrap_or(false));
                                },
                                {tr.t("statement-share")}
                            }
                        }
                        if shared() {
                            p { class: "status", role: "status", {tr.t("statement-shared")} }
                        }
                    }
                }
                Some(Err(e)) => rsx! { p { class: "error", role: "alert", "data-testid": "statement-error", {tr.t(e.message_id())} } },
                None => rsx! {},
            }
        }
    }
}
