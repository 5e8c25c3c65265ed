//! Pieces every screen shares.

mod confirm;
mod frame;

pub use confirm::{ConfirmCard, ConfirmRow, capital_words};
pub use frame::{Frame, Money};
