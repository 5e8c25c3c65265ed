//! What screens share through the root context, and the numbers she can
//! call: the companion ([`use_companion`]), the transfer being prepared
//! ([`Flow`]), a money request's result ([`LiveResult`]), the voice
//! assistant's hand-over to the next screen ([`Prefill`],
//! [`ReadAloudNext`]), and whether the phone is bound and unlocked
//! ([`Bound`], [`Unlocked`]). [`crate::App`] provides each once; screens
//! only read them here, never from each other.

use dioxus::prelude::*;
use happylife_core::bills::LiveOutcome;
use happylife_core::transfers::{
    Assessment, Delay, Payee, PayeeChoice, TransferDraft, TransferOutcome,
};
use happylife_core::{Account, Companion, CompanionError, Money};
use std::sync::Arc;

/// The bank's customer-service hotline.
pub const HOTLINE: &str = "400-800-9555";
/// The national anti-fraud hotline.
pub const ANTI_FRAUD: &str = "96110";
/// The police.
pub const POLICE: &str = "110";

/// The companion every screen reads and acts through.
pub fn use_companion() -> Companion {
    use_context::<Companion>()
}

/// The transfer being prepared, shared by the steps.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flow {
    /// What the elder has entered so far.
    pub draft: Option<TransferDraft>,
    /// The draft this transfer continues (deleted once it is sent).
    pub replaces: Option<i64>,
    /// Payee's name and masked number, for the screens.
    pub payee_label: Option<(String, Option<String>, String)>,
    /// The last risk check.
    pub assessment: Option<Assessment>,
    /// The elder read the warning and chose to go on.
    pub acknowledged: bool,
    /// What sending gave.
    pub outcome: Option<Result<TransferOutcome, CompanionError>>,
}

impl Flow {
    /// A new transfer from account `from` to a saved payee, starting at
    /// `amount` (the keypad's, or what she said to the voice assistant).
    pub fn to_saved(from: i64, payee: &Payee, amount: Money) -> Flow {
        Flow {
            draft: Some(TransferDraft {
                from_account_id: from,
                payee: PayeeChoice::Saved { id: payee.id },
                amount,
                note: String::new(),
                delay: Delay::None,
            }),
            payee_label: Some(saved_label(payee)),
            ..Flow::default()
        }
    }
}

/// A saved payee as the screens show it: name, relationship, masked number.
pub(crate) fn saved_label(p: &Payee) -> (String, Option<String>, String) {
    (p.name.clone(), p.relationship.clone(), p.number.masked())
}

/// The transfer being prepared (see [`Flow`]).
pub fn use_flow() -> Signal<Flow> {
    use_context::<Signal<Flow>>()
}

/// What a money request from these screens came to, for the result screen.
#[derive(Clone, Copy)]
pub struct LiveResult(pub Signal<Option<(Done, Result<LiveOutcome, CompanionError>)>>);

/// Which request the result is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// A bill paid (amount, in fen).
    Bill(i64),
    /// An auto-pay agreement signed.
    Autopay,
    /// A product bought (amount, in fen).
    Order(i64),
    /// One of an elder's bills paid by her helper (amount, in fen).
    FamilyBill(i64),
}

/// The bill a helper chose to pay for an elder, for its 请核对 screen
/// (kept only while the screens are open; never stored).
#[derive(Clone, Copy)]
pub struct FamilyBillChoice(pub Signal<Option<FamilyBill>>);

/// One of her bills, with whose it is and the account it leaves from.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyBill {
    /// Her customer id.
    pub elder_id: String,
    /// Her name, as the link shows it.
    pub elder_name: String,
    /// The bill.
    pub bill: happylife_core::family::ElderBill,
    /// Her debit account.
    pub from: happylife_core::family::ElderDebit,
}

/// After 请核对: keeps what the request came to and shows it (the confirmation
/// is replaced: there is no going back to it).
pub fn show_result(done: Done, out: Result<LiveOutcome, CompanionError>) {
    let mut result = consume_context::<LiveResult>().0;
    let mut version = consume_context::<crate::state::DataVersion>().0;
    result.set(Some((done, out)));
    *version.write() += 1;
    consume_context::<crate::state::Nav>().replace(crate::state::Screen::LiveResult);
}

/// The debit account money leaves from, as the confirmation shows it.
pub async fn debit(c: &Companion) -> Option<Account> {
    let id = c.debit_account().await.ok().flatten()?;
    c.account(id).await.ok()
}

/// Text for the next screen to start with (the number to check).
#[derive(Clone, Copy)]
pub struct Prefill(pub Signal<Option<String>>);

/// A scam number, account or site she reported to the voice assistant:
/// the complaint form opens on 诈骗与风险 with it written in (empty: she
/// named none).
#[derive(Clone, Copy)]
pub struct ScamReport(pub Signal<Option<String>>);

/// Set when the next screen should open with its read-aloud text shown.
#[derive(Clone, Copy)]
pub struct ReadAloudNext(pub Signal<bool>);

/// Whether the person at the phone has given the PIN since the app opened.
#[derive(Clone, Copy)]
pub struct Unlocked(pub Signal<bool>);

/// Set when she answers the 幸福生活 offer, or chooses a layout herself in
/// settings: either way she has chosen, and the offer does not come again
/// while the app is open (it is for a login, not for every sync).
#[derive(Clone, Copy)]
pub struct LayoutChosen(pub Signal<bool>);

/// Set once the phone is bound, so the app goes on to the PIN.
#[derive(Clone, Copy)]
pub struct Bound(pub Signal<bool>);

/// Where the app syncs, put in the UI's root context.
#[derive(Clone, Debug)]
pub struct SyncTarget {
    /// The gateway's base URL.
    pub server: String,
    /// The customer the testers' shortcut binds this device to; `None`:
    /// she binds it herself on the first-run screen.
    pub customer_id: Option<String>,
    /// Wakes the sync loop at once (the 刷新 button).
    pub wake: Arc<tokio::sync::Notify>,
}

/// The page title (the desktop window's, the served page's).
pub const WINDOW_TITLE: &str = "幸福生活 · HappyLife";
