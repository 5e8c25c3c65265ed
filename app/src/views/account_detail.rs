//! One account and its history, ten lines a page, newest first.

use crate::components::{AccountCard, Frame, Money};
use crate::context::use_companion;
use crate::state::{Screen, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::{AccountId, Arg, voice};

/// Lines per page: few and large, so the elder never scrolls far.
pub const PAGE_SIZE: u32 = 10;

/// The account detail screen.
#[component]
pub fn AccountDetail(id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let version = crate::state::use_data_version();
    let companion = use_companion();
    let mut page = use_signal(|| 0u32);
    let c = companion.clone();
    let account = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.account(AccountId(id)).await }
    });
    let history = use_resource(move || {
        let _reload = version();
        let c = companion.clone();
        let p = page();
        async move { c.transactions(AccountId(id), p, PAGE_SIZE).await }
    });
    let account = account.read().clone();
    let history = history.read().clone();
    let title = tr.t("detail-title");
    let (speech, body) = match (account, history) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => (
            tr.t(e.message_id()),
            rsx! { p { class: "error", role: "alert", {tr.t(e.message_id())} } },
        ),
        (Some(Ok(account)), Some(Ok(h))) => {
            let speech =
                voice::account_detail(tr.i18n(), tr.lang(), &account, h.total, h.items.first());
            let count = tr.ta("txn-count", &[("count", Arg::Num(i64::from(h.total)))]);
            let page_info = tr.ta(
                "page-info",
                &[
                    ("page", Arg::Num(i64::from(h.page + 1))),
                    ("pages", Arg::Num(i64::from(h.page_count))),
                ],
            );
            let (shown, last) = (h.page, h.page_count.saturating_sub(1));
            (
                speech,
                rsx! {
                    section { class: "summary", AccountCard { account } }
                    button { class: "wide", "data-testid": "statement-open",
                        onclick: move |_| nav.push(Screen::Statement(id)),
                        {tr.t("statement-open")} }
                    p { "data-testid": "txn-count", "{count}" }
                    ol { class: "txns", "data-testid": "txns",
                        for t in h.items {
                            li { key: "{t.id}", class: "txn", "data-testid": "txn",
                                p { class: "what", {voice::describe(tr.i18n(), tr.lang(), &t)} }
                                p { Money { amount: t.amount, in_word: tr.t("txn-in"), out_word: tr.t("txn-out") } }
                                p { class: "when",
                                    {format!("{} {} · {}", tr.i18n().date(tr.lang(), t.posted_at.date_naive()), t.posted_at.format("%H:%M"),
                                        tr.ta("txn-balance-after", &[("amount", t.balance_after.format_grouped().into())]))}
                                }
                            }
                        }
                    }
                    p { class: "pageinfo", "data-testid": "page-info", "{page_info}" }
                    div { class: "pager",
                        button {
                            "data-testid": "page-newer",
                            disabled: shown == 0,
                            onclick: move |_| page.set(shown.saturating_sub(1)),
                            {tr.t("page-newer")}
                        }
                        button {
                            "data-testid": "page-older",
                            disabled: shown >= last,
                            onclick: move |_| page.set((shown + 1).min(last)),
                            {tr.t("page-older")}
                        }
                    }
                },
            )
        }
        _ => (String::new(), rsx! { p { {tr.t("loading")} } }),
    };
    rsx! {
        Frame { title, speech, back: true, {body} }
    }
}
