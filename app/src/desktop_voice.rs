//! The desktop window's voice: espeak-ng (Debian's offline synthesiser;
//! `cargo xtask run` installs it), registered with the companion by the
//! desktop launcher as the phone shells register theirs, since the Linux
//! webview has no voices. The browser (liveview) never uses it: the page's
//! own voice speaks there, on the listener's machine.

use happylife_core::Language;
use happylife_core::phone::SpeechOutput;
use happylife_core::settings::SpeechStyle;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;

/// Set to a file path: what would be said is written there as a WAV
/// instead (a machine with no speakers: the desktop check under Xvfb).
pub const WAV_ENV: &str = "HAPPYLIFE_ESPEAK_WAV";

/// espeak-ng, one utterance at a time.
pub struct Espeak {
    speaking: Mutex<Option<Child>>,
    to_file: Option<std::path::PathBuf>,
}

impl Espeak {
    /// espeak-ng, when it is installed.
    pub fn if_installed() -> Option<Espeak> {
        let installed = Command::new("espeak-ng")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        installed.then(|| Espeak {
            speaking: Mutex::new(None),
            to_file: std::env::var_os(WAV_ENV).map(Into::into),
        })
    }
}

impl SpeechOutput for Espeak {
    fn speak(&self, text: &str, language: Language, style: SpeechStyle) {
        self.stop();
        let voice = match language {
            Language::ZhCn | Language::ZhTw => "cmn",
            Language::En => "en",
        };
        // 140 words a minute at her usual pace; amplitude 100 (espeak's
        // default) at the usual loudness, up to 125 at the loudest.
        let speed = (140.0 * style.rate()).round() as u32;
        let amplitude = (125.0 * style.volume()).round() as u32;
        let mut espeak = Command::new("espeak-ng");
        espeak.args([
            "-v",
            voice,
            "-s",
            &speed.to_string(),
            "-a",
            &amplitude.to_string(),
        ]);
        if let Some(wav) = &self.to_file {
            espeak.arg("-w").arg(wav);
        }
        let child = espeak
            .args(["--", text])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match child {
            Ok(child) => *self.speaking.lock().unwrap_or_else(|e| e.into_inner()) = Some(child),
            Err(e) => tracing::warn!(error = %e, "espeak-ng did not start"),
        }
    }

    fn stop(&self) {
        if let Some(mut child) = self
            .speaking
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The desktop window's notifier: each new family alert a sync brings is a
/// system notification (`notify-send`, libnotify's, where it is installed),
/// as the phone shells turn them into theirs. Nothing where it is missing:
/// the alert is on her home either way.
pub fn notify_family_alerts(companion: &happylife_core::Companion) {
    let installed = Command::new("notify-send")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !installed {
        return;
    }
    companion.on_family_alert(std::sync::Arc::new(|alert, text| {
        let shown = Command::new("notify-send")
            .args(["--app-name", "幸福生活", "--urgency"])
            .arg(if alert.kind.urgent() {
                "critical"
            } else {
                "normal"
            })
            .arg(&alert.elder_name)
            .arg(&text)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Err(e) = shown {
            tracing::warn!(error = %e, "a family alert could not be shown as a notification");
        }
    }));
}
