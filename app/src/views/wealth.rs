//! 理财: the shelf with each product's risk level in words, what she may buy
//! and why not (said kindly: at 65 and over nothing above PR2), the risk
//! questionnaire, and buying through the same 请核对 screen.

use crate::components::loading;
use crate::components::{ConfirmCard, ConfirmRow, Frame, capital_words};
use crate::context::{Done, debit, show_result, use_companion};
use crate::state::{Screen, Tr, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::wealth::{Offer, Product, ProductKind, QUESTIONS, WealthError};
use happylife_core::{Arg, Money};

fn risk_words(tr: &Tr, p: &Product) -> String {
    format!("{} · {}", p.risk.label(), tr.t(p.risk.message_id()))
}

fn facts(tr: &Tr, p: &Product) -> String {
    let rate = format!("{}.{:02}%", p.rate_bp / 100, p.rate_bp % 100);
    let term = if p.term_days == 0 {
        tr.t("product-any-day")
    } else {
        tr.ta("product-term", &[("days", Arg::Num(p.term_days))])
    };
    let rate_id = if p.kind == ProductKind::Deposit {
        "product-rate-fixed"
    } else {
        "product-rate-expected"
    };
    if p.rate_bp == 0 {
        format!("{term} · {}", tr.t("product-rate-none"))
    } else {
        format!("{term} · {}", tr.ta(rate_id, &[("rate", rate.into())]))
    }
}

fn why_not(tr: &Tr, e: &WealthError) -> String {
    match e {
        WealthError::AboveProfile { profile } => tr.ta(
            "product-above-profile",
            &[("profile", tr.t(profile.message_id()).into())],
        ),
        other => tr.t(other.message_id()),
    }
}

/// 理财.
#[component]
pub fn Wealth() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let version = use_data_version();
    let c = companion.clone();
    let data = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move {
            let age = c.age_today().await.unwrap_or(0);
            (
                c.offers().await.unwrap_or_default(),
                c.risk_profile().await.unwrap_or((None, None)),
                c.holdings().await.unwrap_or_default(),
                age,
            )
        }
    });
    let Some((offers, (profile, pending), holdings, age)) = data.read().clone() else {
        return loading(&tr, "tile-wealth");
    };
    let shown = pending.or(profile);
    let profile_line = match (shown, pending.is_some()) {
        (Some(p), false) => tr.ta(
            "wealth-profile",
            &[("profile", tr.t(p.message_id()).into())],
        ),
        (Some(p), true) => tr.ta(
            "wealth-profile-waiting",
            &[("profile", tr.t(p.message_id()).into())],
        ),
        (None, _) => tr.t("wealth-no-profile"),
    };
    let over_cap = happylife_core::wealth::age_capped(age);
    let speech = format!(
        "{profile_line} {}",
        tr.ta("speech-wealth", &[("count", Arg::Num(offers.len() as i64))])
    );
    let lang = tr.lang();
    rsx! {
        Frame { title: tr.t("tile-wealth"), speech, back: true,
            section { class: "group",
                p { class: "body", "data-testid": "risk-profile", "{profile_line}" }
                if over_cap {
                    p { class: "notice", "data-testid": "age-cap-note", {tr.t("wealth-age-cap-note")} }
                }
                button {
                    class: "toggle",
                    "data-testid": "open-questionnaire",
                    onclick: move |_| nav.push(Screen::RiskQuiz),
                    if shown.is_some() { {tr.t("wealth-redo-questionnaire")} } else { {tr.t("wealth-do-questionnaire")} }
                }
            }
            ul { class: "cards",
                for Offer { product, verdict } in offers {
                    li { key: "{product.id}", class: "card", "data-testid": "product", "data-risk": product.risk.number(),
                        h2 { {product.name(lang).to_string()} }
                        p { class: "status", "data-testid": "product-risk", {risk_words(&tr, &product)} }
                        if product.min_age > 0 {
                            p { class: "notice", "data-testid": "elder-only", {tr.t("product-elder-only")} }
                        }
                        p { {tr.t(product.kind.message_id())} " · " {facts(&tr, &product)} }
                        p { {tr.ta("product-min", &[("amount", product.min_amount.format_grouped().into())])} }
                        match verdict {
                            Ok(()) => rsx! {
                                button {
                                    class: "toggle",
                                    "data-testid": "buy",
                                    onclick: move |_| nav.push(Screen::WealthBuy(product.id)),
                                    {tr.t("product-buy")}
                                }
                            },
                            Err(e) => rsx! { p { class: "muted", "data-testid": "why-not", {why_not(&tr, &e)} } },
                        }
                    }
                }
            }
            if !holdings.is_empty() {
                section { class: "group",
                    h2 { {tr.t("wealth-holdings")} }
                    ul { class: "txns",
                        for (i, (p, amount, _at)) in holdings.into_iter().enumerate() {
                            li { key: "{i}", class: "txn", "data-testid": "holding",
                                p { class: "what", {p.name(lang).to_string()} }
                                p { class: "balance", {amount.format_grouped()} }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 风险测评: five questions, one at a time.
#[component]
pub fn RiskQuiz() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut answers = use_signal(Vec::<u8>::new);
    let mut error = use_signal(|| None::<String>);
    let n = answers.read().len();
    let total = QUESTIONS.len();
    if n >= total {
        return loading(&tr, "questionnaire-title");
    }
    let q = n + 1;
    let question = tr.t(&format!("risk-q{q}"));
    let options: Vec<(u8, String)> = (1..=QUESTIONS[n])
        .map(|o| (o, tr.t(&format!("risk-q{q}-{o}"))))
        .collect();
    let speech = format!(
        "{} {question} {}",
        tr.ta(
            "questionnaire-step",
            &[("n", Arg::Num(q as i64)), ("of", Arg::Num(total as i64))]
        ),
        options
            .iter()
            .map(|(_, o)| o.as_str())
            .collect::<Vec<_>>()
            .join("，")
    );
    rsx! {
        Frame { title: tr.t("questionnaire-title"), speech, back: true,
            p { class: "status", "data-testid": "questionnaire-step",
                {tr.ta("questionnaire-step", &[("n", Arg::Num(q as i64)), ("of", Arg::Num(total as i64))])}
            }
            h2 { class: "big", "data-testid": "question", "{question}" }
            div { class: "choices stacked", role: "group", "aria-label": "{question}",
                for (o, text) in options {
                    button {
                        key: "{q}-{o}",
                        class: "choice",
                        "data-testid": "answer-{o}",
                        onclick: {
                            let c = companion.clone();
                            move |_| {
                            answers.write().push(o);
                            let all = answers.read().clone();
                            if all.len() == total {
                                let c = c.clone();
                                spawn(async move {
                                    match c.answer_questionnaire(&all).await {
                                        Ok(_) => {
                                            *version.write() += 1;
                                            crate::state::wake_sync();
                                            nav.back();
                                        }
                                        Err(e) => {
                                            error.set(Some(e.message_id().to_string()));
                                            answers.set(Vec::new());
                                        }
                                    }
                                });
                            }
                        }},
                        "{text}"
                    }
                }
            }
            if let Some(id) = error() {
                p { class: "error", role: "alert", {tr.t(&id)} }
            }
        }
    }
}

/// 购买: how much (from the minimum), then 请核对.
#[component]
pub fn WealthBuy(product_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let c = companion.clone();
    let data = use_resource(move || {
        let c = c.clone();
        async move {
            let p = c.offer(product_id).await.ok();
            (p, debit(&c).await)
        }
    });
    let Some((Some(offer), Some(from))) = data.read().clone() else {
        return loading(&tr, "product-buy");
    };
    let p = offer.product;
    let min = p.min_amount.fen().max(1);
    let options: Vec<i64> = [1, 2, 5, 10]
        .iter()
        .map(|k| min * k)
        .filter(|a| *a <= from.balance.fen())
        .collect();
    let name = p.name(tr.lang()).to_string();
    let speech = tr.ta("speech-wealth-buy", &[("name", name.clone().into())]);
    rsx! {
        Frame { title: tr.t("product-buy"), speech, back: true,
            h2 { "{name}" }
            p { class: "status", {risk_words(&tr, &p)} }
            p { {tr.ta("product-balance", &[("amount", from.balance.format_grouped().into())])} }
            if options.is_empty() {
                p { class: "error", role: "alert", {tr.t("error-insufficient-funds")} }
            }
            div { class: "choices stacked", role: "group", "aria-label": tr.t("product-how-much"),
                for fen in options {
                    button {
                        key: "{fen}",
                        class: "choice",
                        "data-testid": "amount-{fen}",
                        onclick: move |_| nav.push(Screen::WealthConfirm(product_id, fen)),
                        {Money::cny(fen).format_grouped()}
                    }
                }
            }
        }
    }
}

/// 请核对 for an order.
#[component]
pub fn WealthConfirm(product_id: i64, amount_fen: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let sending = use_signal(|| false);
    let c = companion.clone();
    let data = use_resource(move || {
        let c = c.clone();
        async move {
            (
                c.check_order(product_id, amount_fen).await.ok(),
                debit(&c).await,
            )
        }
    });
    let Some((Some(p), Some(from))) = data.read().clone() else {
        return loading(&tr, "bill-confirm-title");
    };
    let amount = Money::cny(amount_fen);
    let name = p.name(tr.lang()).to_string();
    let figures = amount.format_grouped();
    let capital = capital_words(amount, tr.lang());
    let speech = tr.ta(
        "speech-wealth-confirm",
        &[
            ("name", name.clone().into()),
            ("amount", figures.clone().into()),
            ("words", capital.clone().into()),
        ],
    );
    let mut rows = vec![
        ConfirmRow::new(tr.t("product-confirm-name"), name, "confirm-name"),
        ConfirmRow::new(
            tr.t("product-confirm-risk"),
            risk_words(&tr, &p),
            "confirm-risk",
        ),
    ];
    rows.extend(ConfirmRow::amount(
        tr.t("transfer-confirm-amount"),
        figures,
        tr.t("transfer-confirm-words"),
        capital,
    ));
    rows.push(ConfirmRow::new(
        tr.t("bill-confirm-from"),
        from.number.masked(),
        "confirm-from",
    ));
    rsx! {
        Frame { title: tr.t("bill-confirm-title"), speech, back: true,
            ConfirmCard {
                rows,
                cancel_label: tr.t("product-cancel"),
                confirm_label: tr.t("product-confirm-send"),
                sending_label: tr.t("transfer-sending"),
                sending,
                on_cancel: move |_| { nav.back(); nav.back(); },
                on_confirm: move |_| {
                    let c = companion.clone();
                    spawn(async move {
                        let out = c.buy_product(product_id, from.id.0, amount_fen).await;
                        show_result(Done::Order(amount_fen), out);
                    });
                },
            }
        }
    }
}
