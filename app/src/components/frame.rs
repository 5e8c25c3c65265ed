//! The frame of every screen: the back button always in the same place, the
//! title, the freshness line, and 朗读 (read aloud) with its text; below the
//! screen, what waits to be sent.

use crate::context::use_companion;
use crate::state::{use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::Money as CoreMoney;

/// The screen frame. `speech` is the read-aloud script of the screen.
#[component]
pub fn Frame(
    title: String,
    speech: String,
    back: bool,
    children: Element,
    on_title_mounted: Option<EventHandler<()>>,
) -> Element {
    let tr = use_tr();
    let version = crate::state::use_data_version();
    let nav = use_nav();
    let companion = use_companion();
    // Opened by voice ("再说一遍"): the screen starts with its script shown.
    let mut read_next = try_consume_context::<crate::context::ReadAloudNext>().map(|r| r.0);
    let mut show_speech = use_signal(move || {
        let asked = read_next.as_mut().is_some_and(|r| r());
        if let Some(r) = read_next.as_mut().filter(|_| asked) {
            r.set(false);
        }
        asked
    });
    // Shown is said: the script out loud while its text is open, again
    // when it changes (the figures arrived), stopped by 收起 and by going to
    // another screen.
    let quiet = companion.clone();
    use_hook(move || {
        if !show_speech() {
            crate::speak::hush(&quiet);
        }
    });
    let lang = tr.lang();
    let script = speech.clone();
    let voice = companion.clone();
    let hush_voice = companion.clone();
    use_effect(use_reactive!(|(script, lang)| {
        if show_speech() {
            crate::speak::say(&voice, &script, lang);
        }
    }));
    let freshness = use_resource(move || {
        let _reload = version();
        let c = companion.clone();
        async move { c.freshness().await.ok().flatten().map(|f| (f, c.now())) }
    });
    let target = try_consume_context::<crate::context::SyncTarget>();
    let c2 = use_companion();
    let pending = use_resource(move || {
        let _reload = version();
        let c = c2.clone();
        async move {
            c.unsettled_actions()
                .await
                .map(|items| {
                    items
                        .iter()
                        .filter(|i| i.state == happylife_core::sync::outbox::OutboxState::Pending)
                        .count()
                })
                .unwrap_or(0)
        }
    });
    let pending = (*pending.read()).unwrap_or(0);
    let fresh_line = (*freshness.read())
        .flatten()
        .map(|(f, now)| f.line(tr.i18n(), tr.lang(), now));
    rsx! {
        header { class: "topbar",
            if back {
                button { class: "back", "data-testid": "back", onclick: move |_| nav.back(), {tr.t("nav-back")} }
            }
            h1 {
                "data-testid": "title",
                onmounted: move |_| {
                    if let Some(h) = on_title_mounted {
                        h.call(());
                    }
                },
                "{title}"
            }
        }
        div { class: "fresh-row",
            if let Some(line) = fresh_line {
                p { class: "freshness", "data-testid": "freshness", "{line}" }
            }
            if let Some(t) = target {
                button {
                    class: "refresh",
                    "data-testid": "refresh",
                    onclick: move |_| t.wake.notify_one(),
                    {tr.t("refresh")}
                }
            }
        }
        button {
            class: "readaloud",
            "data-testid": "read-aloud",
            "aria-expanded": show_speech(),
            onclick: move |_| {
                show_speech.toggle();
                if !show_speech() {
                    crate::speak::hush(&hush_voice);
                }
            },
            if show_speech() { {tr.t("read-aloud-hide")} } else { {tr.t("read-aloud")} }
        }
        if show_speech() {
            section { class: "speech", "aria-live": "polite", "data-testid": "speech",
                h2 { {tr.t("read-aloud-heading")} }
                p { "{speech}" }
            }
        }
        main { {children} }
        // Below the screen's own content: it comes and goes with each sync,
        // and nothing she is about to tap may move when it does.
        if pending > 0 {
            p { class: "pending", "data-testid": "pending", role: "status",
                {tr.ta("pending-actions", &[("count", happylife_core::Arg::Num(pending as i64))])}
            }
        }
    }
}

/// An amount with its sign and a word for the direction, so colour is never
/// the only cue: `支出 -¥35.20`.
#[component]
pub fn Money(amount: CoreMoney, in_word: String, out_word: String) -> Element {
    let (class, word) = if amount.is_negative() {
        ("amount out", out_word)
    } else {
        ("amount in", in_word)
    };
    rsx! {
        span { class: "{class}", "{word} {amount.format_signed()}" }
    }
}
