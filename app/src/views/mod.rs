//! One file per screen.

pub mod account_detail;
pub mod accounts;
pub mod complaints;
pub mod home;
pub mod info;
pub mod settings;
