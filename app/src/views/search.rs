//! 搜索: type (or say) what you are looking for; 长辈版, 关怀版, 亲情版 and
//! 大字版 all find the 幸福生活 layout. The finding is the core's.

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::AccountId;
use happylife_core::search::{Destination, MAX_QUERY_CHARS, find};

fn screen_of(d: Destination, debit: Option<AccountId>) -> Screen {
    match d {
        Destination::ElderMode | Destination::Settings => Screen::Settings,
        Destination::Balance => Screen::Accounts,
        Destination::History => debit.map(Screen::AccountDetail).unwrap_or(Screen::Accounts),
        Destination::Transfer => Screen::Transfer,
        Destination::Bills => Screen::Bills,
        Destination::Reminders => Screen::Reminders,
        Destination::Wealth => Screen::Wealth,
        Destination::FraudCheck => Screen::FraudCheck,
        Destination::Classroom => Screen::Classroom,
        Destination::CardGuard => Screen::CardGuard,
        Destination::Family => Screen::Family,
        Destination::Agent => Screen::Agent,
        Destination::Complaints => Screen::Complaints,
    }
}

/// 搜索.
#[component]
pub fn Search() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    // Said to the voice assistant ("搜一下养老金怎么领"): what to find.
    let mut prefill = use_context::<crate::context::Prefill>().0;
    let mut query = use_signal(move || prefill.take().unwrap_or_default());
    let debit = use_resource(move || {
        let c = companion.clone();
        async move { c.debit_account().await.ok().flatten() }
    });
    let debit = (*debit.read()).flatten();
    let q = query();
    let results = find(&q);
    let speech = tr.t("speech-search");
    rsx! {
        Frame { title: tr.t("tile-search"), speech, back: true,
            label { r#for: "search-text", class: "field-label", {tr.t("search-label")} }
            input {
                id: "search-text",
                class: "field",
                "data-testid": "search-text",
                r#type: "search",
                maxlength: "{MAX_QUERY_CHARS}",
                value: "{q}",
                oninput: move |e| query.set(e.value()),
            }
            p { class: "muted", {tr.t("search-hint")} }
            if !q.trim().is_empty() && results.is_empty() {
                p { class: "body", role: "status", "data-testid": "search-none", {tr.t("search-none")} }
            }
            ul { class: "cards", role: "list",
                for d in results {
                    li { key: "{d.code()}",
                        button {
                            class: "wide",
                            "data-testid": "search-result",
                            "data-dest": d.code(),
                            onclick: move |_| nav.push(screen_of(d, debit)),
                            {tr.t(d.message_id())}
                        }
                    }
                }
            }
        }
    }
}
