//! The screen shown while its data is still being read from the phone.

use crate::components::Frame;
use dioxus::prelude::*;

/// A screen whose data is still being read from the phone.
pub fn loading(tr: &crate::state::Tr, title_id: &str) -> Element {
    rsx! {
        Frame { title: tr.t(title_id), speech: String::new(), back: true,
            p { class: "body", {tr.t("loading")} }
        }
    }
}
