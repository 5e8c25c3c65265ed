//! What the shell knows about the phone: calls and screen sharing
//! ([`CallState`], read by the core's risk check and its refusal of
//! security changes during a call), shakes ([`ShakeDetector`], debounced by
//! the core into voice-assistant requests), and going to the background
//! (the PIN again after five minutes away).

use crate::HappyLife;
use happylife_core::phone::PhoneSignals;
use std::sync::Arc;

/// The shell's call and screen state (Android `TelephonyManager` and
/// `MediaProjection`; iOS `CXCallObserver` and `UIScreen.isCaptured`).
#[uniffi::export(with_foreign)]
pub trait CallState: Send + Sync {
    /// A phone or VoIP call is in progress.
    fn in_call(&self) -> bool;
    /// The screen is being shared, recorded or mirrored.
    fn screen_shared(&self) -> bool;
    /// Ends the ringing or current call (来电预警's 挂断): `false` when the
    /// platform does not let an app (iOS), or there was nothing to end.
    fn hang_up(&self) -> bool;
}

struct Signals(Arc<dyn CallState>);

impl PhoneSignals for Signals {
    fn on_call(&self) -> bool {
        self.0.in_call()
    }
    fn screen_shared(&self) -> bool {
        self.0.screen_shared()
    }
    fn hang_up(&self) -> bool {
        self.0.hang_up()
    }
}

/// The shell's accelerometer (Android `SensorManager`, iOS `CoreMotion`).
#[uniffi::export(with_foreign)]
pub trait ShakeDetector: Send + Sync {
    /// Starts reporting shakes to `listener`.
    fn start(&self, listener: Arc<ShakeListener>);
    /// Stops.
    fn stop(&self);
}

/// Where the shell reports shakes.
#[derive(uniffi::Object)]
pub struct ShakeListener {
    companion: happylife_core::Companion,
}

#[uniffi::export]
impl ShakeListener {
    /// A shake now: `true` when it opens the voice assistant (a long shake
    /// counts once). The UI the library serves opens it by itself.
    pub fn on_shake(&self) -> bool {
        self.companion.shake_felt()
    }
}

#[uniffi::export]
impl HappyLife {
    /// Gives the core the shell's call and screen state.
    pub fn set_call_state(&self, call_state: Arc<dyn CallState>) {
        self.companion
            .use_phone_signals(Arc::new(Signals(call_state)));
    }

    /// Shake-to-talk on or off: on starts the shell's detector with a
    /// listener that says when to open the voice assistant.
    pub fn set_shake_to_talk(&self, detector: Arc<dyn ShakeDetector>, on: bool) {
        if on {
            detector.start(Arc::new(ShakeListener {
                companion: self.companion.clone(),
            }));
        } else {
            detector.stop();
        }
    }

    /// The call ended: the warning goes.
    pub fn call_ended(&self) {
        self.companion.call_ended();
    }

    /// The app went to the background.
    pub fn went_to_background(&self) {
        self.companion.went_to_background();
    }

    /// The app came back: `true` when the session was ended and the PIN
    /// (or biometric, or voice) is needed again.
    pub fn came_to_foreground(&self) -> bool {
        self.companion.came_to_foreground()
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl HappyLife {
    /// 来电预警: a call is ringing from `number` (Android's call screening
    /// gives it; iOS gives apps no caller number). Checked offline against
    /// the scam list; a listed number brings the UI's full-screen warning.
    /// Answers the scam's code when listed.
    pub async fn incoming_call(
        &self,
        number: String,
    ) -> Result<Option<String>, crate::MobileError> {
        Ok(self
            .companion
            .incoming_call(&number)
            .await?
            .map(|c| c.code().to_string()))
    }
}
