//! Home: greeting, freshness, notices and the big tiles.

use crate::OnHomeMounted;
use crate::components::{CallLink, Frame};
use crate::context::use_companion;
use crate::state::{Screen, Tr, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::fraud::ScamCategory;
use happylife_core::voice;

/// An urgent family alert on her home: (alert id, link id, heading, what
/// happened, what to do, her number and the call button's label).
type UrgentBox = (i64, i64, String, String, String, Option<(String, String)>);

/// The home screen.
#[component]
pub fn Home() -> Element {
    let tr = use_tr();
    let version = crate::state::use_data_version();
    let nav = use_nav();
    let companion = use_companion();
    let mut answered = use_signal(|| 0u32);
    let on_mounted = try_consume_context::<OnHomeMounted>();
    let c = companion.clone();
    let data = use_resource(move || {
        let _reload = version();
        let _answered = answered();
        let c = c.clone();
        async move {
            let customer = c.customer().await.ok().flatten();
            let first_debit = c.debit_account().await.ok().flatten();
            let fresh = c.freshness().await.ok().flatten();
            let family = c.family_needs_you().await.unwrap_or(0);
            let reminders = c.reminders().await.map(|r| r.len()).unwrap_or(0);
            let new_phones = c.new_phones().await.unwrap_or_default();
            let urgent = c.urgent_family_alerts().await.unwrap_or_default();
            (
                customer,
                first_debit,
                fresh,
                family,
                reminders,
                new_phones,
                urgent,
            )
        }
    });
    let (customer, first_debit, fresh, family, reminders, new_phones, urgent) = data
        .read()
        .clone()
        .unwrap_or((None, None, None, 0, 0, Vec::new(), Vec::new()));
    let now = companion.now();
    let greeting = customer
        .as_ref()
        .map(|c| voice::greeting(tr.i18n(), tr.lang(), &c.name, now))
        .unwrap_or_default();
    let speech = voice::home_for(
        tr.i18n(),
        tr.lang(),
        customer.as_ref().map(|c| c.name.as_str()),
        fresh.as_ref(),
        now,
    );
    // 朗读本页 reads a new phone's notice first: it is the one thing on
    // this screen she must not miss.
    let new_phones: Vec<(String, String)> = new_phones
        .into_iter()
        .map(|p| {
            let body = tr.ta(
                "new-phone-body",
                &[
                    ("name", p.name.into()),
                    ("time", tr.when(p.bound_at, now).into()),
                ],
            );
            (p.id, body)
        })
        .collect();
    let speech = match new_phones.first() {
        Some((_, body)) => format!("{} {body} {speech}", tr.t("new-phone-heading")),
        None => speech,
    };
    // On a family member's phone: what happened to the elder she looks
    // after, and what to do, before anything else (read first too).
    let urgent: Vec<UrgentBox> = urgent
        .into_iter()
        .map(|(a, link)| {
            // Her number from the bank, to call her at once.
            let call = link.elder_phone.clone().map(|phone| {
                let label = tr.ta(
                    "family-call-elder",
                    &[("name", link.elder_name.clone().into())],
                );
                (phone, label)
            });
            let heading = tr.ta(
                "family-urgent-heading",
                &[("elder", a.elder_name.clone().into())],
            );
            let what = a.text(tr.i18n(), tr.lang());
            let todo = tr.t(&format!(
                "family-urgent-do-{}",
                a.kind.code().replace('_', "-")
            ));
            (a.id, link.id, heading, what, todo, call)
        })
        .collect();
    let speech = urgent
        .iter()
        .rev()
        .fold(speech, |s, (_, _, heading, what, todo, _)| {
            format!("{heading} {what} {todo} {s}")
        });
    let title = tr.t("app-title");
    let notices: Vec<String> = companion
        .notices()
        .iter()
        .map(|n| n.message(tr.i18n(), tr.lang()))
        .collect();
    let reminders_label = if reminders > 0 {
        tr.ta(
            "tile-reminders-count",
            &[("count", happylife_core::Arg::Num(reminders as i64))],
        )
    } else {
        tr.t("tile-reminders")
    };
    let tiles: Vec<(String, &str, Screen)> = vec![
        (tr.t("tile-balance"), "balance", Screen::Accounts),
        (
            tr.t("tile-history"),
            "history",
            first_debit
                .map(Screen::AccountDetail)
                .unwrap_or(Screen::Accounts),
        ),
        (tr.t("tile-transfer"), "transfer", Screen::Transfer),
        (tr.t("tile-bills"), "bills", Screen::Bills),
        (reminders_label, "reminders", Screen::Reminders),
        (tr.t("tile-fraud-check"), "fraud-check", Screen::FraudCheck),
        (tr.t("tile-card-guard"), "card-guard", Screen::CardGuard),
        (tr.t("tile-classroom"), "classroom", Screen::Classroom),
        (tr.t("tile-wealth"), "wealth", Screen::Wealth),
        (tr.t("tile-family"), "family", Screen::Family),
        (tr.t("tile-voice"), "voice", Screen::Voice),
        (tr.t("tile-agent"), "agent", Screen::Agent),
    ];
    let (tip, lesson) = tip(&tr, now.date_naive());
    let mounted_title = title.clone();
    rsx! {
        Frame {
            title: title.clone(),
            speech,
            back: false,
            on_title_mounted: move |_| {
                if let Some(cb) = &on_mounted {
                    (cb.0)(mounted_title.clone());
                }
            },
            if !greeting.is_empty() {
                p { class: "greeting", "data-testid": "greeting", "{greeting}" }
            }
            for (alert_id, link_id, heading, what, todo, call) in urgent {
                section {
                    key: "{alert_id}",
                    class: "verdict danger",
                    role: "alert",
                    "data-testid": "family-urgent",
                    h2 { "{heading}" }
                    p { class: "big", "data-testid": "family-urgent-what", "{what}" }
                    p { "data-testid": "family-urgent-do", "{todo}" }
                    if let Some((phone, label)) = call {
                        CallLink { number: phone, label, testid: "family-urgent-call" }
                    }
                    div { class: "decide",
                        button {
                            class: "quietbtn",
                            "data-testid": "family-urgent-seen",
                            onclick: {
                                let c = companion.clone();
                                move |_| {
                                    let c = c.clone();
                                    spawn(async move {
                                        if let Err(e) = c.mark_family_alert_seen(alert_id).await {
                                            tracing::warn!(error = %e, "could not keep an alert as seen");
                                        }
                                        answered += 1;
                                    });
                                }
                            },
                            {tr.t("family-urgent-seen")}
                        }
                        button {
                            class: "stop",
                            "data-testid": "family-urgent-open",
                            onclick: move |_| nav.push(Screen::FamilyElder(link_id)),
                            {tr.t("family-urgent-open")}
                        }
                    }
                }
            }
            for (phone_id, body) in new_phones {
                section {
                    key: "{phone_id}",
                    class: "verdict danger",
                    role: "alert",
                    "data-testid": "new-phone-notice",
                    h2 { {tr.t("new-phone-heading")} }
                    p { class: "big", "{body}" }
                    p { {tr.t("new-phone-warning")} }
                    div { class: "decide",
                        button {
                            class: "quietbtn",
                            "data-testid": "new-phone-mine",
                            onclick: {
                                let (c, id) = (companion.clone(), phone_id.clone());
                                move |_| {
                                    let (c, id) = (c.clone(), id.clone());
                                    spawn(async move {
                                        if let Err(e) = c.dismiss_new_phone(&id).await {
                                            tracing::warn!(error = %e, "could not keep her answer about a new phone");
                                        }
                                        answered += 1;
                                    });
                                }
                            },
                            {tr.t("new-phone-mine")}
                        }
                        button {
                            class: "stop",
                            "data-testid": "new-phone-not-mine",
                            onclick: move |_| nav.push(Screen::Phones),
                            {tr.t("new-phone-not-mine")}
                        }
                    }
                }
            }
            if !notices.is_empty() {
                section { class: "notice", role: "status", "data-testid": "notices",
                    h2 { {tr.t("notice-heading")} }
                    for n in notices {
                        p { "{n}" }
                    }
                }
            }
            if family > 0 {
                button {
                    class: "wide notice",
                    "data-testid": "family-needs-you",
                    onclick: move |_| nav.push(Screen::Family),
                    {tr.ta("family-needs-you-count", &[("count", happylife_core::Arg::Num(family as i64))])}
                }
            }
            button {
                class: "wide tip",
                "data-testid": "tip-of-day",
                onclick: move |_| nav.push(Screen::Lesson(lesson)),
                span { class: "tip-head", {tr.t("tip-of-day")} }
                span { "{tip}" }
            }
            nav { "aria-label": tr.t("home-tiles-label"),
                ul { class: "tiles",
                    for (label, testid, screen) in tiles {
                        li { key: "{testid}",
                            button {
                                class: "tile",
                                "data-testid": "tile-{testid}",
                                onclick: move |_| nav.push(screen),
                                "{label}"
                            }
                        }
                    }
                }
            }
            button {
                class: "wide scammed",
                "data-testid": "scammed",
                onclick: move |_| nav.push(Screen::Scammed),
                {tr.t("tile-scammed")}
            }
            button {
                class: "wide",
                "data-testid": "tile-search",
                onclick: move |_| nav.push(Screen::Search),
                {tr.t("tile-search")}
            }
            button {
                class: "wide",
                "data-testid": "tile-settings",
                onclick: move |_| nav.push(Screen::Settings),
                {tr.t("tile-settings")}
            }
        }
    }
}

/// The tip of the day, for home: its text and the card it opens.
fn tip(tr: &Tr, today: chrono::NaiveDate) -> (String, usize) {
    let card = happylife_core::fraud::classroom::tip_of_day(today);
    let index = ScamCategory::ALL
        .iter()
        .position(|c| *c == card.category)
        .unwrap_or(0);
    (tr.t(&card.tip_id()), index)
}
