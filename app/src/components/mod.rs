//! Pieces every screen shares.

mod account_card;
mod approval;
mod call;
mod confirm;
mod frame;
mod loading;
mod sms_code;

pub use account_card::AccountCard;
pub use approval::approval_outcome;
pub use call::CallLink;
pub use confirm::{ConfirmCard, ConfirmRow, bill_rows, capital_words};
pub use frame::{Frame, Money};
pub use loading::loading;
pub use sms_code::SmsCodeField;
