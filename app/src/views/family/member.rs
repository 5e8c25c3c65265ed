//! One family member, from the elder's side, and her audit list.

use crate::components::{CallLink, Frame};
use crate::context::use_companion;
use crate::state::{use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::CompanionError;
use happylife_core::family::{LinkStatus, Role};

use super::role_name;

/// One family member, from the elder's side: change the role, or remove.
#[component]
pub fn FamilyMember(link_id: i64) -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut version = use_data_version();
    let c = companion.clone();
    let link = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.family_link(link_id).await.ok() }
    });
    let mut error = use_signal(|| None::<CompanionError>);
    let mut sure = use_signal(|| false);
    let mut busy = use_signal(|| false);
    let Some(Some(l)) = link.read().clone() else {
        return rsx! { Frame { title: tr.t("family-member-title"), speech: String::new(), back: true } };
    };
    if l.status != LinkStatus::Active {
        return rsx! {
            Frame { title: l.member_name.clone(), speech: tr.t("family-member-removed"), back: true,
                p { class: "big", role: "status", "data-testid": "member-removed", {tr.t("family-member-removed")} }
                button { class: "wide", onclick: move |_| nav.back(), {tr.t("nav-back")} }
            }
        };
    }
    let name = l.member_name.clone();
    let c_remove = companion.clone();
    rsx! {
        Frame { title: name.clone(), speech: tr.ta("family-member-role", &[("role", role_name(&tr, l.role).into())]), back: true,
            p { class: "big", "data-testid": "member-role", {tr.ta("family-member-role", &[("role", role_name(&tr, l.role).into())])} }
            if let Some(phone) = l.member_phone.clone() {
                CallLink {
                    number: phone.clone(),
                    label: tr.ta("family-call-member-number", &[("name", name.clone().into()), ("phone", happylife_core::auth::mask_phone(&phone).into())]),
                    testid: "member-call",
                }
            }
            p { class: "body", {tr.t(l.role.explain_id())} }
            h2 { class: "body", {tr.t("family-member-change")} }
            div { class: "choices", role: "group", "aria-label": tr.t("family-member-change"),
                for role in Role::ALL {
                    {
                        let c = companion.clone();
                        rsx! {
                            button {
                                key: "{role.code()}",
                                class: "choice",
                                "data-testid": "role-{role.code()}",
                                "aria-pressed": l.role == role,
                                disabled: busy() || l.role == role,
                                onclick: move |_| {
                                    let c = c.clone();
                                    async move {
                                        busy.set(true);
                                        error.set(c.change_role(link_id, role).await.err());
                                        busy.set(false);
                                        *version.write() += 1;
                                    }
                                },
                                {role_name(&tr, role)}
                            }
                        }
                    }
                }
            }
            if sure() {
                section { class: "verdict danger", role: "alert",
                    p { class: "big", {tr.ta("family-member-remove-sure", &[("name", name.clone().into())])} }
                    div { class: "decide",
                        button { class: "quietbtn", "data-testid": "remove-cancel", onclick: move |_| sure.set(false), {tr.t("transfer-cancel")} }
                        button {
                            class: "stop",
                            "data-testid": "remove-yes",
                            disabled: busy(),
                            onclick: move |_| {
                                let c = c_remove.clone();
                                async move {
                                    busy.set(true);
                                    error.set(c.remove_link(link_id).await.err());
                                    busy.set(false);
                                    sure.set(false);
                                    *version.write() += 1;
                                }
                            },
                            {tr.t("family-member-remove-yes")}
                        }
                    }
                }
            } else {
                button { class: "stop", "data-testid": "member-remove", onclick: move |_| sure.set(true), {tr.t("family-member-remove")} }
            }
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "family-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// 家人做过什么: every look and every action of a family member.
#[component]
pub fn FamilyAudit() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let version = use_data_version();
    let c = companion.clone();
    let entries = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.family_audit().await.unwrap_or_default() }
    });
    let entries = entries.read().clone().unwrap_or_default();
    let now = companion.now();
    rsx! {
        Frame { title: tr.t("family-audit-title"), speech: tr.t("speech-family-audit"), back: true,
            if entries.is_empty() {
                p { class: "body", {tr.t("family-audit-none")} }
            }
            ul { class: "txns", "data-testid": "audit",
                for a in entries {
                    li { key: "{a.id}", class: "txn", "data-testid": "audit-line",
                        p { class: "what", {a.text(tr.i18n(), tr.lang())} }
                        p { class: "when", {tr.when(a.at, now)} }
                    }
                }
            }
        }
    }
}
