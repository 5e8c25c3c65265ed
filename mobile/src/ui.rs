//! The elder UI on the phone: the library serves the same Dioxus screens
//! the desktop and the browser show (`happylife_app::host`, liveview) on
//! 127.0.0.1, and the shell's WebView opens the address it is given. The
//! address carries a secret made at each start: other apps on the phone
//! can reach the port but not the UI. One UI everywhere; the shell adds
//! only what the phone can do (its capabilities: [`Dialer`], [`Sharer`],
//! the [`Speaker`], and those of `phone.rs`, `biometric.rs`, `voice.rs`),
//! registered once at start.

use crate::voice::Speaker;
use crate::{HappyLife, MobileError};
use happylife_app::context::SyncTarget;
use happylife_app::host::UiHost;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// The shell's phone app (Android `Intent.ACTION_DIAL`, iOS `tel:` through
/// `UIApplication.open`): the number filled in, she presses call herself.
#[uniffi::export(with_foreign)]
pub trait Dialer: Send + Sync {
    /// Opens the dialer with `number` (digits, maybe a leading `+`).
    fn dial(&self, number: String);
}

/// The shell's share sheet (Android `Intent.ACTION_SEND` in a chooser, iOS
/// `UIActivityViewController` with a print formatter): a receipt to her
/// family's chat, or to a printer.
#[uniffi::export(with_foreign)]
pub trait Sharer: Send + Sync {
    /// Offers `text` (subject `title`) to her apps and printer.
    fn share(&self, title: String, text: String);
    /// Offers a file (a statement's PDF) to her apps and printer: the shell
    /// writes `bytes` as `file_name` into its cache and shares that.
    fn share_file(&self, title: String, file_name: String, mime: String, bytes: Vec<u8>);
}

struct ShellSharer(Arc<dyn Sharer>);

impl happylife_core::phone::Sharer for ShellSharer {
    fn share(&self, title: &str, text: &str) {
        self.0.share(title.to_string(), text.to_string());
    }

    fn share_file(&self, title: &str, file_name: &str, mime: &str, bytes: &[u8]) {
        self.0.share_file(
            title.to_string(),
            file_name.to_string(),
            mime.to_string(),
            bytes.to_vec(),
        );
    }
}

struct ShellDialer(Arc<dyn Dialer>);

impl happylife_core::phone::Dialer for ShellDialer {
    fn dial(&self, number: &str) {
        self.0.dial(number.to_string());
    }
}

struct ShellVoice(Arc<dyn Speaker>);

impl happylife_core::phone::SpeechOutput for ShellVoice {
    fn speak(
        &self,
        text: &str,
        language: happylife_core::Language,
        style: happylife_core::settings::SpeechStyle,
    ) {
        self.0.speak(
            text.to_string(),
            language.tag().to_string(),
            style.rate(),
            style.volume(),
        );
    }
}

#[uniffi::export]
impl HappyLife {
    /// The UI's call buttons open the shell's dialer (without one, they are
    /// `tel:` links the WebView hands to the system).
    pub fn set_dialer(&self, dialer: Arc<dyn Dialer>) {
        self.companion.use_dialer(Arc::new(ShellDialer(dialer)));
    }

    /// The UI's 分享或打印 buttons open the shell's share sheet (without
    /// one, the UI offers neither).
    pub fn set_sharer(&self, sharer: Arc<dyn Sharer>) {
        self.companion.use_sharer(Arc::new(ShellSharer(sharer)));
    }

    /// The UI's 朗读 speaks with the shell's voice (without one, with the
    /// WebView's own `speechSynthesis`).
    pub fn set_speaker(&self, speaker: Arc<dyn Speaker>) {
        self.companion
            .use_speech_output(Arc::new(ShellVoice(speaker)));
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl HappyLife {
    /// Serves the UI for this app, syncing with the bank at `server`, and
    /// answers the address (with its secret) for the shell's WebView to
    /// open; give it to nothing else. A second call answers the address of
    /// the UI already being served.
    pub async fn start_ui(&self, server: String) -> Result<String, MobileError> {
        let mut ui = self.ui.lock().await;
        if let Some(host) = ui.as_ref() {
            return Ok(host.url());
        }
        if !happylife_core::bank::tls::allowed(&server) {
            return Err(MobileError::from(
                happylife_core::CompanionError::InsecureConnection,
            ));
        }
        let target = SyncTarget {
            server,
            // She binds the phone herself on the first-run screen.
            customer_id: None,
            wake: Arc::new(tokio::sync::Notify::new()),
        };
        let listen = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let host = UiHost::start(self.companion.clone(), target, listen, None)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "the UI could not be served");
                MobileError::Failed {
                    code: "ui_not_started".to_string(),
                    message_id: "error-ui-not-started".to_string(),
                }
            })?;
        let url = host.url();
        *ui = Some(host);
        tracing::info!("the UI is served on loopback");
        Ok(url)
    }

    /// Stops serving the UI (the shell's activity is finishing).
    pub async fn stop_ui(&self) {
        if let Some(host) = self.ui.lock().await.take() {
            let _ = host.stop().await;
        }
    }
}
