//! 我的手机: the phones bound to her account, as the bank lists them (when
//! each was bound, when last used), and removing one she does not know or
//! no longer has: it is logged out at the bank at once and must be bound
//! again to be used. The list comes from the bank (it needs a connection).

use crate::components::Frame;
use crate::context::use_companion;
use crate::state::use_tr;
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::auth::phones::Phone;

/// The phones screen.
#[component]
pub fn Phones() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut reload = use_signal(|| 0u32);
    let c = companion.clone();
    let phones = use_resource(move || {
        let _again = reload();
        let c = c.clone();
        async move { c.phones().await }
    });
    let mut asking = use_signal(|| None::<Phone>);
    let mut done = use_signal(|| None::<String>);
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let now = companion.now();
    let listed = phones.read().clone();
    let speech = tr.t("phones-intro");
    rsx! {
        Frame { title: tr.t("phones-title"), speech: speech.clone(), back: true,
            p { class: "body", "{speech}" }
            if let Some(name) = done() {
                p { class: "big", role: "status", "data-testid": "phone-removed",
                    {tr.ta("phones-removed", &[("name", name.into())])} }
            }
            match listed {
                None => rsx! { p { class: "body", {tr.t("loading")} } },
                Some(Err(e)) => rsx! {
                    p { class: "error", role: "alert", "data-testid": "phones-error", {tr.t(e.message_id())} }
                },
                Some(Ok(list)) => rsx! {
                    for p in list {
                        section { key: "{p.id}", class: "group", "data-testid": "phone",
                            h2 {
                                "{p.name}"
                                if p.this {
                                    span { class: "tag", "data-testid": "phone-this", {tr.t("phones-this")} }
                                }
                            }
                            p { "data-testid": "phone-bound",
                                {tr.ta("phones-bound-at", &[("time", tr.when(p.bound_at, now).into())])} }
                            p { "data-testid": "phone-used",
                                match p.last_used_at {
                                    Some(at) => tr.ta("phones-last-used", &[("time", tr.when(at, now).into())]),
                                    None => tr.t("phones-never-used"),
                                }
                            }
                            if !p.this {
                                if asking().is_some_and(|a| a.id == p.id) {
                                    section { class: "verdict danger", role: "alert", "data-testid": "phone-remove-ask",
                                        p { class: "big", {tr.ta("phones-remove-ask", &[("name", p.name.clone().into())])} }
                                        div { class: "decide",
                                            button {
                                                class: "quietbtn",
                                                "data-testid": "phone-remove-no",
                                                onclick: move |_| asking.set(None),
                                                {tr.t("phones-remove-no")}
                                            }
                                            button {
                                                class: "stop",
                                                "data-testid": "phone-remove-yes",
                                                disabled: busy(),
                                                onclick: {
                                                    let (c, p) = (companion.clone(), p.clone());
                                                    move |_| {
                                                        let (c, p) = (c.clone(), p.clone());
                                                        spawn(async move {
                                                            busy.set(true);
                                                            match c.remove_phone(&p.id).await {
                                                                Ok(()) => {
                                                                    problem.set(None);
                                                                    done.set(Some(p.name.clone()));
                                                                    asking.set(None);
                                                                    reload += 1;
                                                                }
                                                                Err(e) => problem.set(Some(e)),
                                                            }
                                                            busy.set(false);
                                                        });
                                                    }
                                                },
                                                {tr.t("phones-remove-yes")}
                                            }
                                        }
                                    }
                                } else {
                                    button {
                                        class: "stop",
                                        "data-testid": "phone-remove",
                                        onclick: {
                                            let p = p.clone();
                                            move |_| {
                                                done.set(None);
                                                asking.set(Some(p.clone()));
                                            }
                                        },
                                        {tr.t("phones-remove")}
                                    }
                                }
                            }
                        }
                    }
                },
            }
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "phones-error", {tr.t(e.message_id())} }
            }
        }
    }
}
