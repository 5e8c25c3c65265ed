//! One file per screen.

pub mod account_detail;
pub mod accounts;
pub mod bills;
pub mod bind;
pub mod biometric;
pub mod call_warning;
pub mod cards;
pub mod classroom;
pub mod complaints;
pub mod family;
pub mod fraud_check;
pub mod home;
pub mod info;
pub mod phones;
pub mod pin;
pub mod reminders;
pub mod report;
pub mod search;
pub mod settings;
pub mod statement;
pub mod transfer;
pub mod voice;
pub mod voiceprint;
pub mod wealth;
