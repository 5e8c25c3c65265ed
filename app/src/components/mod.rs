//! Pieces every screen shares.

mod frame;

pub use frame::{Frame, Money};
