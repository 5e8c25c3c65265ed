//! The elder UI on the phone: the library serves the same Dioxus screens
//! the desktop and the browser show (`happylife_app::host`, liveview) on
//! 127.0.0.1, and the shell's WebView opens the address it is given. The
//! address carries a secret made at each start: other apps on the phone
//! can reach the port but not the UI. One UI everywhere; the shell adds
//! only what the phone can do (its capabilities).

use crate::{HappyLife, MobileError};
use happylife_app::context::SyncTarget;
use happylife_app::host::UiHost;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

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
