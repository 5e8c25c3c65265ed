//! happylife-server: the sandbox bank gateway (axum + sqlx, SQLite by
//! default, PostgreSQL when `DATABASE_URL` says so).
//!
//! Not built yet: it arrives with the offline-sync issue, which moves the
//! demo bank from the device seeder (`happylife_core::accounts::demo`) to
//! here and serves device registration, the change log and the command
//! outbox. Until then the app runs entirely on its embedded demo bank.
