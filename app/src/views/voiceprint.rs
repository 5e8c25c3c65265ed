//! 声纹登录 in the UI: turned on in settings after a PIN login, with her
//! consent (what is kept, why, that it never opens the account alone),
//! from three prompts of digits shown huge and read out; each recording is
//! judged at once and a problem is said in words ("周围太吵了…"). Offered on
//! the lock screen when it is on. Only where the shell registered a
//! microphone and recogniser (a phone): the desktop and the browser never
//! show it. Her voice opens nothing by itself: it releases this phone's
//! key, which the bank checks.

use crate::components::Frame;
use crate::context::{Unlocked, use_companion};
use crate::state::{Screen, use_data_version, use_nav, use_tr};
use dioxus::prelude::*;
use happylife_core::auth::enrol::CodeSent;
use happylife_core::auth::voiceprint::{
    ENROL_UTTERANCES, VoicePrompt, VoiceSample, VoiceprintState, digits,
};
use happylife_core::{Companion, CompanionError};

const STEPS: u32 = ENROL_UTTERANCES as u32;

/// A fresh prompt, shown and read out.
fn new_prompt(c: &Companion, lang: happylife_core::Language) -> VoicePrompt {
    let prompt = c.voiceprint_prompt();
    crate::speak::say(c, &c.voiceprint_prompt_text(&prompt), lang);
    prompt
}

/// The digits to read, as big as the screen allows, with the sentence that
/// asks for them.
#[component]
fn PromptDigits(prompt: VoicePrompt, text: String) -> Element {
    let tr = use_tr();
    rsx! {
        p { class: "body", "data-testid": "voiceprint-ask", {tr.t("voiceprint-read-these")} }
        p {
            class: "prompt-digits",
            "data-testid": "voiceprint-digits",
            "aria-label": "{text}",
            {digits::spaced(&prompt.digits)}
        }
    }
}

/// The digits to read and the button that starts the recording (its label
/// says it is listening while `busy`).
#[component]
fn AskAndRecord(prompt: VoicePrompt, busy: bool, on_record: EventHandler<()>) -> Element {
    let tr = use_tr();
    let text = use_companion().voiceprint_prompt_text(&prompt);
    rsx! {
        PromptDigits { prompt, text }
        button {
            class: "toggle",
            "data-testid": "voiceprint-record",
            disabled: busy,
            onclick: move |_| on_record.call(()),
            if busy { {tr.t("voiceprint-listening")} } else { {tr.t("voiceprint-record")} }
        }
    }
}

/// Whether the lock screen may offer her voice: the shell can record and
/// voice login is on (read once per screen).
fn use_voice_login_on() -> bool {
    let companion = use_companion();
    let c = companion.clone();
    let state = use_resource(move || {
        let c = c.clone();
        async move { c.voiceprint_state().await.ok() }
    });
    companion.can_capture_voice() && *state.read() == Some(Some(VoiceprintState::On))
}

/// The settings group: where voiceprint login stands, one sentence on
/// what it is, and the button that opens [`VoiceprintSetup`] or turns it off.
#[component]
pub fn VoiceprintSettings() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let c = companion.clone();
    let state = use_resource(move || {
        let _reload = version();
        let c = c.clone();
        async move { c.voiceprint_state().await.ok() }
    });
    if !companion.can_capture_voice() {
        return rsx! {};
    }
    let Some(Some(state)) = *state.read() else {
        return rsx! {};
    };
    let (state_id, on, label) = match state {
        VoiceprintState::On => (
            "settings-voiceprint-on",
            true,
            "settings-voiceprint-turn-off",
        ),
        VoiceprintState::Off => (
            "settings-voiceprint-off",
            false,
            "settings-voiceprint-turn-on",
        ),
        VoiceprintState::Paused => (
            "settings-voiceprint-paused",
            true,
            "settings-voiceprint-turn-off",
        ),
        // Made by an earlier model: recorded again from the start (the new
        // one replaces it), meanwhile the PIN and the fingerprint.
        VoiceprintState::RecordAgain => (
            "settings-voiceprint-record-again",
            false,
            "settings-voiceprint-record",
        ),
        // No model on this device: not offered, and said why.
        VoiceprintState::Unavailable => {
            return rsx! {
                section { class: "group", "data-testid": "voiceprint-settings",
                    h2 { {tr.t("settings-voiceprint")} }
                    p { class: "body", "data-testid": "voiceprint-unavailable",
                        {tr.t("error-voiceprint-model-unavailable")}
                    }
                }
            };
        }
    };
    rsx! {
        section { class: "group", "data-testid": "voiceprint-settings",
            h2 { {tr.t("settings-voiceprint")} }
            p { class: "body", {tr.t("settings-voiceprint-explain")} }
            p { "data-testid": "voiceprint-state", {tr.t(state_id)} }
            button {
                class: "toggle",
                "data-testid": "voiceprint-toggle",
                "aria-pressed": on,
                disabled: busy(),
                onclick: move |_| {
                    problem.set(None);
                    if !on {
                        nav.push(Screen::VoiceprintSetup);
                        return;
                    }
                    let c = companion.clone();
                    spawn(async move {
                        busy.set(true);
                        problem.set(c.delete_voiceprint().await.err());
                        version += 1;
                        busy.set(false);
                    });
                },
                {tr.t(label)}
            }
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "voiceprint-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// Where turning it on stands.
#[derive(Clone, Copy, PartialEq)]
enum Stage {
    /// What is kept and why, before anything is recorded.
    Consent,
    /// Recording prompt `n` of [`ENROL_UTTERANCES`].
    Recording(u32),
    /// Turned on.
    Done,
}

/// 开通声纹登录, a screen of its own (opened from settings, so it starts at
/// the top, one task on it): her consent first, then three prompts of
/// digits shown huge and read out, each recording judged at once.
#[component]
pub fn VoiceprintSetup() -> Element {
    let tr = use_tr();
    let nav = use_nav();
    let companion = use_companion();
    let mut version = use_data_version();
    let mut stage = use_signal(|| Stage::Consent);
    let mut prompt = use_signal(|| None::<VoicePrompt>);
    let mut answers = use_signal(Vec::<(u64, VoiceSample)>::new);
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    let lang = tr.lang();
    let title = tr.t("voiceprint-setup-title");
    let body = match stage() {
        Stage::Consent => {
            let c = companion.clone();
            // The agreeing button is the strong one; not now is plainly second.
            rsx! {
                p { class: "body", "data-testid": "voiceprint-consent", {tr.t("voiceprint-consent")} }
                button {
                    class: "toggle",
                    "data-testid": "voiceprint-agree",
                    onclick: move |_| {
                        answers.write().clear();
                        problem.set(None);
                        prompt.set(Some(new_prompt(&c, lang)));
                        stage.set(Stage::Recording(1));
                    },
                    {tr.t("voiceprint-agree")}
                }
                button {
                    class: "wide",
                    "data-testid": "voiceprint-not-now",
                    onclick: move |_| nav.back(),
                    {tr.t("voiceprint-not-now")}
                }
            }
        }
        Stage::Recording(step) => {
            let Some(p) = prompt() else {
                return rsx! {};
            };
            let c = companion.clone();
            let asked = p.clone();
            rsx! {
                p { class: "big", "data-testid": "voiceprint-step",
                    {tr.ta("voiceprint-step", &[("step", i64::from(step).into()), ("steps", i64::from(STEPS).into())])}
                }
                AskAndRecord {
                    prompt: p,
                    busy: busy(),
                    on_record: move |_| {
                        let c = c.clone();
                        let asked = asked.clone();
                        spawn(async move {
                            busy.set(true);
                            problem.set(None);
                            match c.record_answer(&asked, step, STEPS).await {
                                Ok(sample) => {
                                    answers.write().push((asked.id, sample));
                                    if step < STEPS {
                                        prompt.set(Some(new_prompt(&c, lang)));
                                        stage.set(Stage::Recording(step + 1));
                                    } else {
                                        let taken = std::mem::take(&mut *answers.write());
                                        match c.enrol_voiceprint(true, &taken).await {
                                            Ok(()) => {
                                                stage.set(Stage::Done);
                                                version += 1;
                                            }
                                            // The prompts are used: all three again.
                                            Err(e) => {
                                                problem.set(Some(e));
                                                prompt.set(Some(new_prompt(&c, lang)));
                                                stage.set(Stage::Recording(1));
                                            }
                                        }
                                    }
                                }
                                // This recording again, with new digits.
                                Err(e) => {
                                    problem.set(Some(e));
                                    prompt.set(Some(new_prompt(&c, lang)));
                                }
                            }
                            busy.set(false);
                        });
                    },
                }
                button {
                    class: "wide",
                    "data-testid": "voiceprint-not-now",
                    disabled: busy(),
                    onclick: move |_| nav.back(),
                    {tr.t("voiceprint-not-now")}
                }
            }
        }
        Stage::Done => rsx! {
            section { class: "verdict clear", role: "status", "data-testid": "voiceprint-done",
                p { class: "big", {tr.t("voiceprint-done")} }
            }
            button { class: "toggle", "data-testid": "voiceprint-back", onclick: move |_| nav.back(), {tr.t("voiceprint-back")} }
        },
    };
    let speech = match stage() {
        Stage::Consent => tr.t("voiceprint-consent"),
        Stage::Recording(_) => tr.t("voiceprint-read-these"),
        Stage::Done => tr.t("voiceprint-done"),
    };
    rsx! {
        Frame { title, speech, back: stage() != Stage::Done,
            {body}
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "voiceprint-error", {tr.t(e.message_id())} }
            }
        }
    }
}

/// On the lock screen, when voiceprint login is on: new digits shown huge
/// and read out, then her voice.
#[component]
pub fn VoiceprintUnlock() -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let mut unlocked = use_context::<Unlocked>().0;
    let mut prompt = use_signal(|| None::<VoicePrompt>);
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut busy = use_signal(|| false);
    if !use_voice_login_on() {
        return rsx! {};
    }
    let lang = tr.lang();
    let body = match prompt() {
        None => {
            let c = companion.clone();
            rsx! {
                button {
                    class: "wide",
                    "data-testid": "pin-voiceprint",
                    onclick: move |_| {
                        problem.set(None);
                        prompt.set(Some(new_prompt(&c, lang)));
                    },
                    {tr.t("pin-voiceprint-login")}
                }
            }
        }
        Some(p) => {
            let c = companion.clone();
            let asked = p.clone();
            rsx! {
                AskAndRecord {
                    prompt: p,
                    busy: busy(),
                    on_record: move |_| {
                        let c = c.clone();
                        let asked = asked.clone();
                        spawn(async move {
                            busy.set(true);
                            problem.set(None);
                            let login = async {
                                let sample = c.record_answer(&asked, 1, 1).await?;
                                c.login_with_voiceprint(asked.id, &sample).await
                            };
                            match login.await {
                                Ok(_) => {
                                    prompt.set(None);
                                    unlocked.set(true);
                                    crate::state::wake_sync();
                                }
                                Err(e) => {
                                    let stop = matches!(
                                        e,
                                        CompanionError::Voiceprint(
                                            happylife_core::auth::voiceprint::VoiceprintError::Paused
                                        )
                                    );
                                    problem.set(Some(e));
                                    // New digits for another try (none once paused).
                                    prompt.set((!stop).then(|| new_prompt(&c, lang)));
                                }
                            }
                            busy.set(false);
                        });
                    },
                }
            }
        }
    };
    rsx! {
        {body}
        if let Some(e) = problem() {
            p { class: "error", role: "alert", "data-testid": "voiceprint-error", {tr.t(e.message_id())} }
        }
    }
}

/// Where a PIN reset stands.
#[derive(Clone, PartialEq)]
enum Reset {
    /// Her ID number, for the bank to send the code.
    Id,
    /// The code from the SMS.
    Code(CodeSent),
    /// The new PIN, then again.
    NewPin {
        sent: CodeSent,
        code: String,
        first: Option<String>,
    },
    /// Her voice, the last step.
    Voice {
        sent: CodeSent,
        code: String,
        pin: String,
        prompt: VoicePrompt,
    },
}

/// 忘记密码 on the lock screen, when voiceprint login is on: her voice,
/// her ID number and a code the bank sends by SMS, all three (the core
/// decides; the voice alone never resets anything). `on_done(true)`: the
/// PIN was changed; `false`: she went back.
#[component]
pub fn VoiceReset(on_done: EventHandler<bool>) -> Element {
    let tr = use_tr();
    let companion = use_companion();
    let server = try_consume_context::<crate::context::SyncTarget>().map(|t| t.server);
    let mut stage = use_signal(|| Reset::Id);
    let mut id_text = use_signal(String::new);
    let code_text = use_signal(String::new);
    let mut sms = use_signal(|| None::<String>);
    let mut problem = use_signal(|| None::<CompanionError>);
    let mut mismatch = use_signal(|| false);
    let mut busy = use_signal(|| false);
    let lang = tr.lang();
    let body = match stage() {
        Reset::Id => {
            let c = companion.clone();
            rsx! {
                p { class: "body", "data-testid": "reset-intro", {tr.t("reset-intro")} }
                label { r#for: "reset-id", class: "field-label", {tr.t("bind-id-label")} }
                input {
                    id: "reset-id",
                    class: "field short",
                    "data-testid": "reset-id",
                    autocomplete: "off",
                    maxlength: "30",
                    value: "{id_text}",
                    oninput: move |e| id_text.set(e.value()),
                }
                button {
                    class: "toggle",
                    "data-testid": "reset-send",
                    disabled: busy(),
                    onclick: move |_| {
                        let (c, server) = (c.clone(), server.clone());
                        spawn(async move {
                            busy.set(true);
                            match c.request_pin_reset_code(&id_text()).await {
                                Ok(s) => {
                                    problem.set(None);
                                    if let Some(server) = server {
                                        sms.set(c.sandbox_sms(&server, s.code_id).await);
                                    }
                                    stage.set(Reset::Code(s));
                                }
                                Err(e) => problem.set(Some(e)),
                            }
                            busy.set(false);
                        });
                    },
                    {tr.t("bind-send")}
                }
            }
        }
        Reset::Code(sent) => rsx! {
            crate::components::SmsCodeField { prefix: "reset", phone_masked: sent.phone_masked.clone(), code: code_text }
            button {
                class: "toggle",
                "data-testid": "reset-next",
                onclick: move |_| {
                    problem.set(None);
                    stage.set(Reset::NewPin { sent: sent.clone(), code: code_text(), first: None });
                },
                {tr.t("reset-next")}
            }
            if let Some(text) = sms() {
                section { class: "sandbox-sms", "data-testid": "reset-sandbox-sms",
                    h2 { {tr.t("bind-sandbox-sms")} }
                    p { class: "body", "{text}" }
                }
            }
        },
        Reset::NewPin { sent, code, first } => {
            let c = companion.clone();
            let ask = if first.is_none() {
                "reset-new-pin"
            } else {
                "reset-new-pin-again"
            };
            rsx! {
                p { class: "big", "data-testid": "reset-pin-ask", {tr.t(ask)} }
                if mismatch() {
                    p { class: "error", role: "alert", "data-testid": "reset-mismatch", {tr.t("reset-pin-mismatch")} }
                }
                super::pin::PinPad {
                    busy: false,
                    on_complete: move |pin: String| {
                        let (sent, code) = (sent.clone(), code.clone());
                        match &first {
                            None => {
                                mismatch.set(false);
                                stage.set(Reset::NewPin { sent, code, first: Some(pin) });
                            }
                            Some(f) if *f != pin => {
                                mismatch.set(true);
                                stage.set(Reset::NewPin { sent, code, first: None });
                            }
                            Some(_) => {
                                mismatch.set(false);
                                let prompt = new_prompt(&c, lang);
                                stage.set(Reset::Voice { sent, code, pin, prompt });
                            }
                        }
                    }
                }
            }
        }
        Reset::Voice {
            sent,
            code,
            pin,
            prompt,
        } => {
            let c = companion.clone();
            let asked = prompt.clone();
            rsx! {
                p { class: "big", {tr.t("reset-voice")} }
                AskAndRecord {
                    prompt: prompt,
                    busy: busy(),
                    on_record: move |_| {
                        let (c, asked, sent, code, pin) =
                            (c.clone(), asked.clone(), sent.clone(), code.clone(), pin.clone());
                        spawn(async move {
                            busy.set(true);
                            problem.set(None);
                            let reset = async {
                                let sample = c.record_answer(&asked, 1, 1).await?;
                                c.reset_pin(sent.code_id, &code, asked.id, &sample, &pin).await
                            };
                            match reset.await {
                                Ok(()) => on_done.call(true),
                                Err(e) => {
                                    use happylife_core::auth::enrol::EnrolError;
                                    use happylife_core::auth::voiceprint::VoiceprintError;
                                    let next = match &e {
                                        // The code is wrong or spent: type it again, or a new one.
                                        CompanionError::Enrol(EnrolError::WrongCode { .. }) => {
                                            Reset::Code(sent)
                                        }
                                        CompanionError::Enrol(_) => Reset::Id,
                                        // The new PIN breaks a rule: choose another.
                                        CompanionError::Pin(_) => {
                                            Reset::NewPin { sent, code, first: None }
                                        }
                                        CompanionError::Voiceprint(VoiceprintError::Paused) => {
                                            Reset::Id
                                        }
                                        // Her voice again, with new digits.
                                        _ => Reset::Voice {
                                            sent,
                                            code,
                                            pin,
                                            prompt: new_prompt(&c, lang),
                                        },
                                    };
                                    problem.set(Some(e));
                                    stage.set(next);
                                }
                            }
                            busy.set(false);
                        });
                    },
                }
            }
        }
    };
    rsx! {
        section { class: "group", "data-testid": "voice-reset",
            {body}
            if let Some(e) = problem() {
                p { class: "error", role: "alert", "data-testid": "reset-error", {tr.t(e.message_id())} }
            }
            button {
                class: "wide",
                "data-testid": "reset-cancel",
                disabled: busy(),
                onclick: move |_| on_done.call(false),
                {tr.t("reset-cancel")}
            }
        }
    }
}

/// The lock screen's way into [`VoiceReset`]: only when voiceprint login
/// is on and the shell can record.
#[component]
pub fn VoiceResetOffer(on_open: EventHandler<()>) -> Element {
    let tr = use_tr();
    if !use_voice_login_on() {
        return rsx! {};
    }
    rsx! {
        button {
            class: "wide",
            "data-testid": "pin-forgot-voice",
            onclick: move |_| on_open.call(()),
            {tr.t("pin-forgot-voice")}
        }
    }
}
