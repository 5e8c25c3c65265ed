//! A number she can call: the phone's own dialer when the shell gives one
//! (the UI asks core, core asks the shell), else a `tel:` link (a browser,
//! the desktop). Either way she presses call herself in the phone app.

use crate::context::use_companion;
use crate::state::use_tr;
use dioxus::prelude::*;

/// A button that opens the dialer with `number` (as shown: `95588`,
/// `400-820-0000`), labelled `label`.
#[component]
pub fn CallLink(
    #[props(into)] number: String,
    #[props(into)] label: String,
    #[props(into, default)] testid: String,
) -> Element {
    let companion = use_companion();
    let tr = use_tr();
    let mut failed = use_signal(|| None::<&'static str>);
    if companion.can_dial() {
        let dial = number.clone();
        rsx! {
            button {
                class: "button call",
                "data-testid": "{testid}",
                onclick: move |_| {
                    if let Err(e) = companion.dial(&dial) {
                        failed.set(Some(e.message_id()));
                    }
                },
                "{label}"
            }
            if let Some(id) = failed() {
                p { class: "error", role: "alert", {tr.t(id)} }
            }
        }
    } else {
        let tel = format!(
            "tel:{}",
            happylife_core::phone::dial_digits(&number).unwrap_or_default()
        );
        rsx! {
            a { class: "button call", href: "{tel}", "data-testid": "{testid}", "{label}" }
        }
    }
}
