//! One file per screen.

pub mod account_detail;
pub mod accounts;
pub mod bind;
pub mod cards;
pub mod complaints;
pub mod family;
pub mod fraud_check;
pub mod home;
pub mod info;
pub mod pin;
pub mod settings;
pub mod transfer;
pub mod voice;
