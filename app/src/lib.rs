//! HappyLife elder layout (Dioxus 0.7). This crate only shows and asks:
//! every rule and every piece of text comes from `happylife-core`.
//!
//! `views/` holds the screens (a file per feature, or a folder for the
//! larger ones: `transfer/`, `family/`), `components/` the pieces they share
//! (the frame, 请核对, words for amounts and approvals), `context.rs` what
//! they share through the root context (the [`Companion`] via
//! `use_companion()`, the transfer being prepared, the hotlines), `state.rs`
//! navigation, settings and translation, and `style.css` the elder-mode
//! tokens. Screens never import each other; no rule lives in a view (amount
//! limits come from core's `Money` and transfer maximum, counts from core).
//! The two launchers in `bin/` (desktop and liveview) both render [`App`]
//! with a [`Companion`] in its root context.

pub mod components;
pub mod context;
#[cfg(feature = "desktop")]
pub mod desktop_voice;
#[cfg(feature = "liveview")]
pub mod host;
#[cfg(feature = "launcher")]
pub mod launch;
pub mod speak;
pub mod state;
pub mod views;

use crate::context::use_companion;
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
    let companion = use_companion();
    let settings = use_context_provider(|| Signal::new(companion.settings()));
    let nav = use_context_provider(|| Nav::new(Signal::new(vec![Screen::Home])));
    let data_version = use_context_provider(|| state::DataVersion(Signal::new(0)));
    use_context_provider(|| Signal::new(context::Flow::default()));
    use_context_provider(|| context::LiveResult(Signal::new(None)));
    use_context_provider(|| context::FamilyBillChoice(Signal::new(None)));
    let target = try_consume_context::<context::SyncTarget>();
    // The testers' shortcut logs in with the sandbox's demo PIN for them:
    // they land on her home. Binding by hand is the real first run.
    let shortcut = target.as_ref().is_some_and(|t| t.customer_id.is_some());
    let unlocked = use_context_provider(|| context::Unlocked(Signal::new(shortcut)));
    let just_bound = use_context_provider(|| context::Bound(Signal::new(false)));
    use_context_provider(|| context::Prefill(Signal::new(None)));
    use_context_provider(|| context::ScamReport(Signal::new(None)));
    use_context_provider(|| context::ReadAloudNext(Signal::new(false)));
    let c_pin = companion.clone();
    // Asked at opening, after binding and after a PIN screen: with a PIN
    // set, the app opens on the lock screen.
    let pin_set = use_resource(move || {
        let c = c_pin.clone();
        let _after_bind = just_bound.0();
        let _after_pin = unlocked.0();
        async move { c.pin_is_set().await.unwrap_or(false) }
    });
    let c_bank_pin = companion.clone();
    let bank_has_pin = use_resource(move || {
        let c = c_bank_pin.clone();
        let _after_bind = just_bound.0();
        async move { c.bank_has_pin().await.ok().flatten() }
    });
    // Binding by hand: until the phone is bound, the first-run screen.
    let by_hand = target
        .as_ref()
        .filter(|t| t.customer_id.is_none())
        .map(|t| t.server.clone());
    let c_bound = companion.clone();
    let is_bound = use_resource(move || {
        let c = c_bound.clone();
        let _after = just_bound.0();
        async move { c.is_bound().await.unwrap_or(false) }
    });
    let binding = by_hand.filter(|_| (*is_bound.read()) == Some(false));
    // Until it is known whether a PIN is set, nothing private is shown.
    let pin_known = pin_set.read().is_some() && is_bound.read().is_some();
    let locked = (*pin_set.read()).unwrap_or(false) && !unlocked.0();
    // A bound phone with no PIN on it shows nothing of hers before one:
    // the PIN she has at the bank, or her first.
    let first_pin = (!shortcut
        && (*is_bound.read()) == Some(true)
        && (*pin_set.read()) == Some(false)
        && !unlocked.0())
    .then(|| (*bank_has_pin.read()).flatten() == Some(true));
    // On login (the app opened, or the PIN just entered): offer the 幸福生活
    // layout once to a customer of 55 or more on the standard layout. Asked
    // again after each sync (her age comes with the first), but not once she
    // has chosen a layout in this session (the offer, or settings).
    let mut offer_answered = use_context_provider(|| context::LayoutChosen(Signal::new(false))).0;
    let c_offer = companion.clone();
    let offer = use_resource(move || {
        let c = c_offer.clone();
        let _login = unlocked.0();
        let _sync = data_version.0();
        async move { c.elder_mode_offer().await.unwrap_or(false) }
    });
    let offering = !locked && !offer_answered() && (*offer.read()).unwrap_or(false);
    let screen_id = if !pin_known {
        "opening"
    } else if binding.is_some() {
        "bind"
    } else if first_pin == Some(true) {
        "pin-first-run"
    } else if first_pin == Some(false) {
        "pin-first"
    } else if locked {
        "pin-lock"
    } else if offering {
        "mode-offer"
    } else {
        nav.current().id()
    };
    // A shake the phone felt opens the voice assistant (once she is in).
    let c_shake = companion.clone();
    use_future(move || {
        let mut requests = c_shake.assistant_requests();
        async move {
            while requests.changed().await.is_ok() {
                if unlocked.0() {
                    nav.push(Screen::Voice);
                }
            }
        }
    });
    let c = companion.clone();
    use_future(move || {
        let (c, target) = (c.clone(), target.clone());
        async move {
            if let Some(target) = target {
                // The bank's events wake the sync at once; the sync loop
                // still pulls every 30 seconds whatever they say.
                tokio::join!(
                    sync_loop(c.clone(), target.clone(), data_version),
                    events_loop(c, target)
                );
            }
        }
    });
    // A family alert a sync brought: a notification where the page can
    // show one (a browser, the desktop); the phone's shell has its own.
    let c_alerts = companion.clone();
    use_future(move || {
        let mut alerts = c_alerts.family_alert_events();
        async move {
            loop {
                match alerts.recv().await {
                    Ok((alert, text)) => notify_in_page(&alert, &text),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                }
            }
        }
    });
    let s = settings();
    let scale = f32::from(s.text_scale.percent()) / 100.0;
    // The offer itself is in large text: it speaks to someone of 55 or more.
    let standard = s.layout == happylife_core::settings::Layout::Standard && !offering;
    let font_px = if standard { 17.0 } else { 24.0 } * scale;
    let class = match (s.high_contrast, standard) {
        (true, true) => "app hc standard",
        (true, false) => "app hc",
        (false, true) => "app standard",
        (false, false) => "app",
    };
    let screen = nav.current();
    let call_warning = views::call_warning::use_call_warning();
    rsx! {
        style { {STYLE} }
        div {
            class: "{class}",
            lang: s.language.tag(),
            style: "font-size: {font_px}px;",
            "data-screen": screen_id,
            "data-text-scale": s.text_scale.percent(),
            if let Some(w) = call_warning() {
                views::call_warning::CallWarningScreen { warning: w }
            } else if !pin_known {
                p { class: "body", {companion.i18n().tr(s.language, "loading")} }
            } else if let Some(server) = binding {
                views::bind::Bind { server }
            } else if let Some(has_pin) = first_pin {
                if has_pin {
                    views::pin::PinLock { first_run: true }
                } else {
                    views::pin::PinSetup { first: true }
                }
            } else if locked {
                views::pin::PinLock { first_run: false }
            } else if offering {
                views::settings::ModeOffer { on_answer: move |_| offer_answered.set(true) }
            } else {
            match screen {
                Screen::Home => rsx! { views::home::Home {} },
                Screen::Accounts => rsx! { views::accounts::Accounts {} },
                Screen::AccountDetail(id) => rsx! { views::account_detail::AccountDetail { id: id.0 } },
                Screen::Settings => rsx! { views::settings::SettingsView {} },
                Screen::Agent => rsx! { views::info::Agent {} },
                Screen::Complaints => rsx! { views::complaints::Complaints {} },
                Screen::FraudCheck => rsx! { views::fraud_check::FraudCheck {} },
                Screen::CardGuard => rsx! { views::cards::CardGuard {} },
                Screen::Scammed => rsx! { views::cards::Scammed {} },
                Screen::Transfer => rsx! { views::transfer::Transfer {} },
                Screen::TransferNewPayee => rsx! { views::transfer::NewPayee {} },
                Screen::TransferAmount => rsx! { views::transfer::Amount {} },
                Screen::TransferCheck => rsx! { views::transfer::Check {} },
                Screen::TransferConfirm => rsx! { views::transfer::Confirm {} },
                Screen::TransferResult => rsx! { views::transfer::Outcome {} },
                Screen::Family => rsx! { views::family::Family {} },
                Screen::FamilyInvite => rsx! { views::family::FamilyInvite {} },
                Screen::FamilyJoin => rsx! { views::family::FamilyJoin {} },
                Screen::FamilyMember(id) => rsx! { views::family::FamilyMember { link_id: id } },
                Screen::FamilyAudit => rsx! { views::family::FamilyAudit {} },
                Screen::Report => rsx! { views::report::Report {} },
                Screen::FamilyStatement(link) => rsx! { views::statement::StatementView { account_id: 0, elder_link: Some(link) } },
                Screen::Statement(id) => rsx! { views::statement::StatementView { account_id: id } },
                Screen::FamilyElder(id) => rsx! { views::family::FamilyElder { link_id: id } },
                Screen::FamilyBillPay(id) => rsx! { views::family::FamilyBillPay { link_id: id } },
                Screen::PinSetup => rsx! { views::pin::PinSettings {} },
                Screen::VoiceprintSetup => rsx! { views::voiceprint::VoiceprintSetup {} },
                Screen::Phones => rsx! { views::phones::Phones {} },
                Screen::Voice => rsx! { views::voice::Voice {} },
                Screen::Bills => rsx! { views::bills::Bills {} },
                Screen::BillPay(id) => rsx! { views::bills::BillPay { bill_id: id } },
                Screen::AutopaySetup(id) => rsx! { views::bills::AutopaySetup { account_id: id } },
                Screen::AutopayConfirm(id, limit) => rsx! { views::bills::AutopayConfirm { account_id: id, limit_fen: limit } },
                Screen::LiveResult => rsx! { views::bills::LiveResultView {} },
                Screen::Reminders => rsx! { views::reminders::Reminders {} },
                Screen::IdUpdate => rsx! { views::reminders::IdUpdate {} },
                Screen::Wealth => rsx! { views::wealth::Wealth {} },
                Screen::RiskQuiz => rsx! { views::wealth::RiskQuiz {} },
                Screen::WealthBuy(id) => rsx! { views::wealth::WealthBuy { product_id: id } },
                Screen::WealthConfirm(id, fen) => rsx! { views::wealth::WealthConfirm { product_id: id, amount_fen: fen } },
                Screen::Classroom => rsx! { views::classroom::Classroom {} },
                Screen::Lesson(i) => rsx! { views::classroom::Lesson { index: i } },
                Screen::Quiz => rsx! { views::classroom::Quiz {} },
                Screen::Search => rsx! { views::search::Search {} },
            }
            }
        }
    }
}

/// Keeps the device in step with the bank: sync now, then every 30 s, or at
/// once when 刷新 is pressed; after a failure wait 1 s, 2 s, 4 s … 60 s.
/// Shows a family alert as a notification of the page (the Web
/// Notifications API), asking once for permission; nothing where there is
/// no such API (a phone's WebView: the shell's notifier shows it).
fn notify_in_page(alert: &happylife_core::family::Alert, text: &str) {
    let title = serde_json::to_string(&alert.elder_name).unwrap_or_default();
    let body = serde_json::to_string(text).unwrap_or_default();
    let tag = serde_json::to_string(&format!("happylife-alert-{}", alert.id)).unwrap_or_default();
    let js = format!(
        "if ('Notification' in window) {{ \
           const show = () => new Notification({title}, {{ body: {body}, tag: {tag} }}); \
           if (Notification.permission === 'granted') show(); \
           else if (Notification.permission !== 'denied') \
             Notification.requestPermission().then((p) => {{ if (p === 'granted') show(); }}); \
         }}"
    );
    let _ = document::eval(&js);
}

/// Follows the bank's event stream for as long as the app is open: each
/// event wakes the sync loop. A stream the bank ended is followed again at
/// once; one that could not open (offline, no session yet) after a wait.
async fn events_loop(companion: Companion, target: context::SyncTarget) {
    let mut failures = 0u32;
    loop {
        let wake = target.wake.clone();
        let wait = match companion
            .follow_bank_events(move || wake.notify_one())
            .await
        {
            Ok(()) => {
                failures = 0;
                std::time::Duration::from_millis(100)
            }
            Err(e) => {
                tracing::debug!(code = e.code(), "no event stream from the bank for now");
                failures += 1;
                happylife_core::sync::backoff(failures - 1)
            }
        };
        tokio::time::sleep(wait).await;
    }
}

async fn sync_loop(
    companion: Companion,
    target: context::SyncTarget,
    mut version: state::DataVersion,
) {
    let mut failures = 0u32;
    loop {
        let connected = match &target.customer_id {
            Some(customer) => {
                companion
                    .bind_in_sandbox(&target.server, customer, "HappyLife")
                    .await
            }
            // Bound by hand: only the bank's address may have moved.
            None => match companion.is_bound().await {
                Ok(true) => companion.set_bank_address(&target.server).await,
                Ok(false) => Err(happylife_core::CompanionError::NotConnected),
                Err(e) => Err(e),
            },
        };
        let result = match connected {
            Ok(()) => companion.sync().await.map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(e) = &result {
            tracing::info!(code = e.code(), "sync did not complete");
        }
        *version.0.write() += 1;
        let wait = match result {
            Ok(()) => {
                failures = 0;
                std::time::Duration::from_secs(30)
            }
            Err(_) => {
                failures += 1;
                happylife_core::sync::backoff(failures - 1)
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = target.wake.notified() => {}
        }
    }
}
