//! Transfers: the risk check before every confirmation screen.
//! (Payees, drafts and sending come with the server side of transfers.)

pub mod request;
pub mod risk;

pub use risk::{Assessment, Decision, Reason, TransferFacts, assess};
