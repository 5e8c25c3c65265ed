//! 朗读 out loud: a screen's script spoken, not only shown.
//!
//! On a phone, the shell's voice speaks (a capability it registers). In
//! the browser (liveview) and any webview with it, the page's own
//! `speechSynthesis` speaks, in the app's language and a little slower than
//! usual. The desktop build first tries `espeak-ng` (Debian's offline
//! synthesiser) when it is installed, since the Linux webview has no voices;
//! without either, the script is still shown on the screen. A new script
//! stops the one being said, and hiding the text stops the voice.

use dioxus::prelude::*;
use happylife_core::Language;

/// Says `text` aloud in `lang`, stopping whatever was being said: with
/// the phone's voice when the shell gives one (through `companion`), else
/// espeak-ng on the desktop, else the page's own voice.
pub fn say(companion: &happylife_core::Companion, text: &str, lang: Language) {
    if companion.speak(text) {
        return;
    }
    #[cfg(feature = "desktop")]
    if espeak::say(text, lang) {
        return;
    }
    let (text, tag) = (json(text), json(lang.tag()));
    document::eval(&format!(
        "if (window.speechSynthesis) {{ speechSynthesis.cancel(); \
         const u = new SpeechSynthesisUtterance({text}); u.lang = {tag}; u.rate = 0.85; \
         speechSynthesis.speak(u); }}"
    ));
}

/// Stops the voice.
pub fn hush() {
    #[cfg(feature = "desktop")]
    espeak::hush();
    document::eval("if (window.speechSynthesis) { speechSynthesis.cancel(); }");
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

#[cfg(feature = "desktop")]
mod espeak {
    use happylife_core::Language;
    use std::process::{Child, Command, Stdio};
    use std::sync::Mutex;

    static SPEAKING: Mutex<Option<Child>> = Mutex::new(None);

    /// Starts espeak-ng on `text`; false when it is not installed.
    pub fn say(text: &str, lang: Language) -> bool {
        hush();
        let voice = match lang {
            Language::ZhCn | Language::ZhTw => "cmn",
            Language::En => "en",
        };
        let child = Command::new("espeak-ng")
            .args(["-v", voice, "-s", "140", "--", text])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match child {
            Ok(child) => {
                *SPEAKING.lock().unwrap_or_else(|e| e.into_inner()) = Some(child);
                true
            }
            Err(_) => false,
        }
    }

    /// Stops the voice being spoken, if any.
    pub fn hush() {
        if let Some(mut child) = SPEAKING.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
