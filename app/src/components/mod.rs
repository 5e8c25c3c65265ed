//! Pieces every screen shares.

mod confirm;
mod frame;

pub use confirm::{ConfirmCard, ConfirmRow};
pub use frame::{Frame, Money};
