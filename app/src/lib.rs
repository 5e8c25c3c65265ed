//! HappyLife elder layout (Dioxus 0.7). This crate only shows and asks:
//! every rule and every piece of text comes from `happylife-core`.
//!
//! `views/` holds one file per screen, `components/` the shared frame, and
//! `style.css` the elder-mode tokens. The two launchers in `bin/` (desktop
//! and liveview) both render [`App`] with a [`Companion`] in its root context.

pub mod components;
pub mod launch;
pub mod state;
pub mod views;

use dioxus::prelude::*;
use happylife_core::Companion;
use state::{Nav, Screen};

/// The stylesheet, inlined into the page so both launchers use the same one.
pub const STYLE: &str = include_str!("style.css");

/// Called with the home title once the home heading is mounted in the real
/// page: the desktop smoke test uses it to know the window shows the app.
#[derive(Clone)]
pub struct OnHomeMounted(pub std::sync::Arc<dyn Fn(String) + Send + Sync>);

/// The root component. Needs a [`Companion`] in the root context.
#[component]
pub fn App() -> Element {
    let companion = use_context::<Companion>();
    let settings = use_context_provider(|| Signal::new(companion.settings()));
    let nav = use_context_provider(|| Nav::new(Signal::new(vec![Screen::Home])));
    let s = settings();
    let scale = f32::from(s.text_scale.percent()) / 100.0;
    let font_px = 24.0 * scale;
    let class = if s.high_contrast { "app hc" } else { "app" };
    let screen = nav.current();
    rsx! {
        style { {STYLE} }
        div {
            class: "{class}",
            lang: s.language.tag(),
            style: "font-size: {font_px}px;",
            "data-screen": screen.id(),
            "data-text-scale": s.text_scale.percent(),
            match screen {
                Screen::Home => rsx! { views::home::Home {} },
                Screen::Accounts => rsx! { views::accounts::Accounts {} },
                Screen::AccountDetail(id) => rsx! { views::account_detail::AccountDetail { id: id.0 } },
                Screen::Settings => rsx! { views::settings::SettingsView {} },
                Screen::NotYet(feature) => rsx! { views::info::NotYet { feature } },
                Screen::Agent => rsx! { views::info::Agent {} },
            }
        }
    }
}
