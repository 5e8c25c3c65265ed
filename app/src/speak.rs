//! 朗读 out loud: a screen's script spoken, not only shown.
//!
//! A voice registered with the [`Companion`](happylife_core::Companion)
//! speaks first: the phone shell's, or on the desktop window espeak-ng
//! (Debian's offline synthesiser, [`crate::desktop_voice`]), since the
//! Linux webview has no voices. Otherwise (the browser, a webview with
//! voices) the page's own `speechSynthesis` speaks, in the app's language
//! and a little slower than usual; without any, the script is still shown
//! on the screen. A new script stops the one being said, and hiding the
//! text stops the voice.

use dioxus::prelude::*;
use happylife_core::Language;

/// Says `text` aloud in `lang`, stopping whatever was being said: with
/// the registered voice (the phone's, espeak-ng on the desktop), else the
/// page's own.
pub fn say(companion: &happylife_core::Companion, text: &str, lang: Language) {
    if companion.speak(text) {
        return;
    }
    let (text, tag) = (json(text), json(lang.tag()));
    // Her pace and loudness (说慢一点, 大声一点) on the page's usual 0.85.
    let style = companion.settings().speech;
    let (rate, volume) = (0.85 * style.rate(), style.volume());
    document::eval(&format!(
        "if (window.speechSynthesis) {{ speechSynthesis.cancel(); \
         const u = new SpeechSynthesisUtterance({text}); u.lang = {tag}; u.rate = {rate:.2}; \
         u.volume = {volume:.2}; speechSynthesis.speak(u); }}"
    ));
}

/// Stops the voice.
pub fn hush(companion: &happylife_core::Companion) {
    companion.hush();
    document::eval("if (window.speechSynthesis) { speechSynthesis.cancel(); }");
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}
