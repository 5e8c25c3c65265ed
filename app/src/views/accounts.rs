//! Accounts: every account, its masked number, its balance and the facts
//! of its kind (maturity, pension date, amount due).

use crate::components::{AccountCard, Frame};
use crate::context::use_companion;
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::voice;

/// The accounts screen.
#[component]
pub fn Accounts() -> Element {
    let tr = use_tr();
    let version = crate::state::use_data_version();
    let nav = use_nav();
    let companion = use_companion();
    let accounts = use_resource(move || {
        let _reload = version();
        let c = companion.clone();
        async move { c.accounts().await }
    });
    let list = accounts.read().clone();
    let (speech, body) = match list {
        None => (String::new(), rsx! { p { {tr.t("loading")} } }),
        Some(Err(e)) => (
            tr.t(e.message_id()),
            rsx! { p { class: "error", role: "alert", {tr.t(e.message_id())} } },
        ),
        Some(Ok(list)) => (
            voice::accounts(tr.i18n(), tr.lang(), &list),
            rsx! {
                ul { class: "cards",
                    for a in list {
                        li { key: "{a.id.0}", class: "card", "data-testid": "account",
                            AccountCard { account: a.clone() }
                            button {
                                class: "open",
                                "data-testid": "open-account",
                                onclick: move |_| nav.push(Screen::AccountDetail(a.id)),
                                {tr.t("account-open-detail")}
                            }
                        }
                    }
                }
            },
        ),
    };
    rsx! {
        Frame { title: tr.t("accounts-title"), speech, back: true, {body} }
    }
}
