//! 防骗课堂: a short card for each scam type (the same list the risk check
//! names), with a picture, how to recognise it and what to do; and a
//! five-question quiz that says why after every answer.

use crate::components::Frame;
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::Arg;
use happylife_core::fraud::ScamCategory;
use happylife_core::fraud::classroom::{Card, OPTIONS, QUIZ, cards, mark};

/// The card's picture (decorative: the words say it all).
pub fn art(slug: &str) -> &'static str {
    match slug {
        "police-impersonation" => include_str!("../../assets/classroom/police-impersonation.svg"),
        "service-refund" => include_str!("../../assets/classroom/service-refund.svg"),
        "order-brushing" => include_str!("../../assets/classroom/order-brushing.svg"),
        "investment" => include_str!("../../assets/classroom/investment.svg"),
        "loan-fee" => include_str!("../../assets/classroom/loan-fee.svg"),
        "relative-impersonation" => {
            include_str!("../../assets/classroom/relative-impersonation.svg")
        }
        "elder-care" => include_str!("../../assets/classroom/elder-care.svg"),
        "phishing" => include_str!("../../assets/classroom/phishing.svg"),
        "lottery" => include_str!("../../assets/classroom/lottery.svg"),
        _ => include_str!("../../assets/classroom/romance.svg"),
    }
}

/// 防骗课堂: the cards and the quiz.
#[component]
pub fn Classroom() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let all = cards();
    let speech = tr.t("speech-classroom");
    rsx! {
        Frame { title: tr.t("tile-classroom"), speech, back: true,
            p { class: "body", {tr.t("classroom-intro")} }
            button { class: "wide", "data-testid": "open-quiz", onclick: move |_| nav.push(Screen::Quiz), {tr.t("quiz-open")} }
            ul { class: "lessons",
                for (i, card) in all.into_iter().enumerate() {
                    li { key: "{card.slug}",
                        button {
                            class: "lesson",
                            "data-testid": "lesson-{card.slug}",
                            onclick: move |_| nav.push(Screen::Lesson(i)),
                            span { class: "art", "aria-hidden": "true", dangerous_inner_html: art(&card.slug) }
                            span { {tr.t(&card.title_id())} }
                        }
                    }
                }
            }
        }
    }
}

/// One card.
#[component]
pub fn Lesson(index: usize) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let category = ScamCategory::ALL[index.min(ScamCategory::ALL.len() - 1)];
    let card = Card::of(category);
    let title = tr.t(&card.title_id());
    let signs: Vec<String> = card.sign_ids().iter().map(|id| tr.t(id)).collect();
    let speech = format!(
        "{title}。{} {} {}",
        tr.t(&card.explain_id()),
        signs.join(" "),
        tr.t(&card.do_id())
    );
    let next = (index + 1) % ScamCategory::ALL.len();
    rsx! {
        Frame { title: title.clone(), speech, back: true,
            div { class: "art big-art", "aria-hidden": "true", dangerous_inner_html: art(&card.slug) }
            p { class: "body", "data-testid": "lesson-explain", {tr.t(&card.explain_id())} }
            section { class: "group",
                h2 { {tr.t("lesson-signs")} }
                ul { class: "steps",
                    for (i, s) in signs.into_iter().enumerate() {
                        li { key: "{i}", "{s}" }
                    }
                }
            }
            section { class: "notice",
                h2 { {tr.t("lesson-do")} }
                p { "data-testid": "lesson-do", {tr.t(&card.do_id())} }
            }
            button { class: "wide", "data-testid": "lesson-next", onclick: move |_| nav.replace(Screen::Lesson(next)), {tr.t("lesson-next")} }
        }
    }
}

/// 小测验: five questions, one at a time, with why after each answer.
#[component]
pub fn Quiz() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let mut answers = use_signal(Vec::<char>::new);
    // The answer just given, shown with why before the next question.
    let mut shown = use_signal(|| None::<char>);
    let given = answers.read().clone();
    let n = given.len();
    if n >= QUIZ.len() && shown().is_none() {
        let score = mark(&given);
        let text = tr.ta(
            "quiz-score",
            &[
                ("right", Arg::Num(score.right as i64)),
                ("of", Arg::Num(score.of as i64)),
            ],
        );
        let missed: Vec<(usize, String)> = score
            .missed
            .iter()
            .map(|q| {
                let card = Card::of(q.category);
                let i = ScamCategory::ALL
                    .iter()
                    .position(|c| *c == q.category)
                    .unwrap_or(0);
                (i, tr.t(&card.title_id()))
            })
            .collect();
        let praise = if score.missed.is_empty() {
            tr.t("quiz-all-right")
        } else {
            tr.t("quiz-read-again")
        };
        return rsx! {
            Frame { title: tr.t("quiz-title"), speech: format!("{text} {praise}"), back: true,
                section { class: "verdict clear", role: "status", "data-testid": "quiz-score",
                    h2 { "{text}" }
                    p { class: "big", "{praise}" }
                }
                for (i, name) in missed {
                    button { key: "{i}", class: "wide", "data-testid": "quiz-missed", onclick: move |_| nav.push(Screen::Lesson(i)), "{name}" }
                }
                button { class: "wide", "data-testid": "quiz-again", onclick: move |_| answers.set(Vec::new()), {tr.t("quiz-again")} }
            }
        };
    }
    // While the why is shown, the question is the last one answered.
    let index = if shown().is_some() { n - 1 } else { n };
    let q = QUIZ[index];
    let question = tr.t(&format!("quiz-q{}", q.number));
    let step = tr.ta(
        "questionnaire-step",
        &[
            ("n", Arg::Num(i64::from(q.number))),
            ("of", Arg::Num(QUIZ.len() as i64)),
        ],
    );
    let options: Vec<(char, String)> = OPTIONS
        .iter()
        .map(|o| (*o, tr.t(&format!("quiz-q{}-{o}", q.number))))
        .collect();
    let why = tr.t(&format!("quiz-q{}-why", q.number));
    let speech = match shown() {
        Some(a) if a == q.right => format!("{} {why}", tr.t("quiz-right")),
        Some(_) => format!("{} {why}", tr.t("quiz-wrong")),
        None => format!(
            "{step} {question} {}",
            options
                .iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("，")
        ),
    };
    rsx! {
        Frame { title: tr.t("quiz-title"), speech, back: true,
            p { class: "status", "data-testid": "quiz-step", "{step}" }
            h2 { class: "big", "data-testid": "quiz-question", "{question}" }
            match shown() {
                None => rsx! {
                    div { class: "choices stacked", role: "group", "aria-label": "{question}",
                        for (o, text) in options {
                            button {
                                key: "{o}",
                                class: "choice",
                                "data-testid": "quiz-answer-{o}",
                                onclick: move |_| {
                                    answers.write().push(o);
                                    shown.set(Some(o));
                                },
                                "{text}"
                            }
                        }
                    }
                },
                Some(a) => rsx! {
                    section {
                        class: if a == q.right { "verdict clear" } else { "verdict danger" },
                        role: "status",
                        "data-testid": "quiz-feedback",
                        h2 { if a == q.right { {tr.t("quiz-right")} } else { {tr.t("quiz-wrong")} } }
                        p { "{why}" }
                    }
                    button { class: "wide", "data-testid": "quiz-next", onclick: move |_| shown.set(None), {tr.t("quiz-next")} }
                },
            }
        }
    }
}
