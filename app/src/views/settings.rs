//! Settings: the 幸福生活 layout, language, text size, high contrast, the
//! PIN, her phones, biometric login (on a phone that has it) and locking
//! now. Each change is saved at once and survives a restart; a change that
//! cannot be saved says so.

use crate::components::Frame;
use crate::context::{LayoutChosen, use_companion};
use crate::state::{use_settings, use_tr};
use dioxus::prelude::*;
use happylife_core::settings::Layout;
use happylife_core::{Companion, CompanionError, Language};

/// The settings screen.
#[component]
pub fn SettingsView() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let settings = use_settings();
    let error = use_signal(|| None::<CompanionError>);
    let s = settings();
    let percent = s.text_scale.percent();
    let contrast_state = if s.high_contrast {
        tr.t("settings-contrast-on")
    } else {
        tr.t("settings-contrast-off")
    };
    let speech = tr.ta(
        "speech-settings",
        &[
            ("language", s.language.native_name().into()),
            ("percent", i64::from(percent).into()),
            ("contrast", contrast_state.clone().into()),
        ],
    );
    let apply = move |result: Result<(), CompanionError>, c: &Companion| {
        let (mut settings, mut error) = (settings, error);
        settings.set(c.settings());
        error.set(result.err());
    };
    let c1 = companion.clone();
    let c2 = companion.clone();
    let c3 = companion.clone();
    let c4 = companion.clone();
    let nav = crate::state::use_nav();
    let version = crate::state::use_data_version();
    let c5 = companion.clone();
    let pin_set = use_resource(move || {
        let _reload = version();
        let c = c5.clone();
        async move { c.pin_is_set().await.unwrap_or(false) }
    });
    let pin_set = (*pin_set.read()).unwrap_or(false);
    let c6 = companion.clone();
    let c7 = companion.clone();
    let elder = s.layout == Layout::Elder;
    rsx! {
        Frame { title: tr.t("settings-title"), speech, back: true,
            section { class: "group", id: "elder-mode", "data-testid": "elder-mode",
                h2 { {tr.t("search-elder-mode")} }
                p { {tr.t("settings-layout-names")} }
                div { class: "choices", role: "group", "aria-label": tr.t("search-elder-mode"),
                    button {
                        class: "choice",
                        "data-testid": "layout-elder",
                        "aria-pressed": elder,
                        onclick: move |_| {
                            let c = c6.clone();
                            note_layout_chosen();
                            async move {
                                let r = c.set_layout(Layout::Elder).await;
                                apply(r, &c);
                            }
                        },
                        {tr.t("settings-layout-elder")}
                    }
                    button {
                        class: "choice",
                        "data-testid": "layout-standard",
                        "aria-pressed": !elder,
                        onclick: move |_| {
                            let c = c7.clone();
                            note_layout_chosen();
                            async move {
                                let r = c.set_layout(Layout::Standard).await;
                                apply(r, &c);
                            }
                        },
                        {tr.t("settings-layout-standard")}
                    }
                }
            }
            section { class: "group",
                h2 { {tr.t("settings-language")} }
                p { {tr.ta("settings-language-current", &[("name", s.language.native_name().into())])} }
                div { class: "choices", role: "group", "aria-label": tr.t("settings-language"),
                    for lang in Language::ALL {
                        button {
                            key: "{lang.tag()}",
                            class: "choice",
                            lang: lang.tag(),
                            "data-testid": "lang-{lang.tag()}",
                            "aria-pressed": lang == s.language,
                            onclick: {
                                let c = c1.clone();
                                move |_| {
                                    let c = c.clone();
                                    async move {
                                        let r = c.set_language(lang).await;
                                        apply(r, &c);
                                    }
                                }
                            },
                            {lang.native_name()}
                        }
                    }
                }
            }
            section { class: "group",
                h2 { {tr.t("settings-text-size")} }
                p { "data-testid": "text-size-value", {tr.ta("settings-text-size-value", &[("percent", i64::from(percent).into())])} }
                div { class: "row",
                    button {
                        "data-testid": "text-smaller",
                        disabled: s.text_scale.smaller().is_none(),
                        onclick: move |_| {
                            let c = c2.clone();
                            // Each tap steps from where the one before left it.
                            async move {
                                let r = c.step_text_scale(false).await.map(|_| ());
                                apply(r, &c);
                            }
                        },
                        {tr.t("settings-smaller")}
                    }
                    button {
                        "data-testid": "text-bigger",
                        disabled: s.text_scale.bigger().is_none(),
                        onclick: move |_| {
                            let c = c3.clone();
                            async move {
                                let r = c.step_text_scale(true).await.map(|_| ());
                                apply(r, &c);
                            }
                        },
                        {tr.t("settings-bigger")}
                    }
                }
                p { {tr.t("settings-sample")} }
            }
            section { class: "group",
                h2 { {tr.t("settings-contrast")} }
                p { "data-testid": "contrast-state", "{contrast_state}" }
                button {
                    class: "toggle",
                    "data-testid": "contrast-toggle",
                    "aria-pressed": s.high_contrast,
                    onclick: move |_| {
                        let c = c4.clone();
                        async move {
                            let r = c.toggle_high_contrast().await.map(|_| ());
                            apply(r, &c);
                        }
                    },
                    if s.high_contrast { {tr.t("settings-contrast-turn-off")} } else { {tr.t("settings-contrast-turn-on")} }
                }
            }
            section { class: "group",
                h2 { {tr.t("settings-pin")} }
                p { "data-testid": "pin-state", if pin_set { {tr.t("settings-pin-on")} } else { {tr.t("settings-pin-off")} } }
                button {
                    class: "toggle",
                    "data-testid": "pin-setup",
                    onclick: move |_| nav.push(crate::state::Screen::PinSetup),
                    if pin_set { {tr.t("settings-pin-change")} } else { {tr.t("settings-pin-set")} }
                }
                button {
                    class: "toggle",
                    "data-testid": "open-phones",
                    onclick: move |_| nav.push(crate::state::Screen::Phones),
                    {tr.t("settings-phones")}
                }
                if pin_set {
                    super::biometric::LockNow {}
                }
            }
            super::biometric::BiometricSettings {}
            super::voiceprint::VoiceprintSettings {}
            if let Some(e) = error() {
                p { class: "error", role: "alert", "data-testid": "settings-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// Offered once, on login, to a customer of 55 or more on the standard
/// layout: a screen of its own (never a pop-up), two big answers.
#[component]
pub fn ModeOffer(on_answer: EventHandler<()>) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut settings = use_settings();
    let speech = format!("{} {}", tr.t("mode-offer-title"), tr.t("mode-offer-body"));
    let c1 = companion.clone();
    let c2 = companion.clone();
    rsx! {
        Frame { title: tr.t("mode-offer-title"), speech, back: false,
            p { class: "body", "data-testid": "mode-offer-body", {tr.t("mode-offer-body")} }
            button {
                class: "confirm-go",
                "data-testid": "mode-offer-yes",
                onclick: move |_| {
                    let c = c1.clone();
                    async move {
                        let _ = c.answer_elder_mode_offer(true).await;
                        settings.set(c.settings());
                        on_answer.call(());
                    }
                },
                {tr.t("mode-offer-yes")}
            }
            button {
                class: "wide",
                "data-testid": "mode-offer-no",
                onclick: move |_| {
                    let c = c2.clone();
                    async move {
                        let _ = c.answer_elder_mode_offer(false).await;
                        on_answer.call(());
                    }
                },
                {tr.t("mode-offer-no")}
            }
            p { class: "muted", {tr.t("mode-offer-later")} }
        }
    }
}

/// She chose a layout herself: the 幸福生活 offer does not come again while
/// the app is open.
fn note_layout_chosen() {
    if let Some(mut chosen) = try_consume_context::<LayoutChosen>() {
        chosen.0.set(true);
    }
}
