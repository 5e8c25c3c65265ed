//! Cards and the scam list: an unfreeze (the way back after 我被骗了), as
//! the bank answers it and as the change log brings it, and the list's
//! manifest.

use serde::{Deserialize, Serialize};

/// An unfreeze of her cards (an answer, and an `unfreeze` change).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unfreeze {
    /// Id.
    pub id: i64,
    /// `waiting`, `cancelled` or `done`.
    pub status: String,
    /// Unix seconds: not done before then.
    pub not_before: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds: when it was done or cancelled.
    pub decided_at: Option<i64>,
}

/// An unfreeze asked for or cancelled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnfreezeAnswer {
    /// The unfreeze.
    pub unfreeze: Unfreeze,
}

/// The anti-fraud list's current version at the bank (`GET /v1/blocklist`);
/// the signed files themselves are bytes (`crate::fraud::list`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Version.
    pub version: u64,
    /// Entries (the phone checks the files it fetches, not this).
    #[serde(default)]
    pub count: u64,
    /// 16 hex digits (the phone checks the files it fetches, not this).
    #[serde(default)]
    pub checksum: String,
    /// Unix seconds.
    pub published_at: i64,
    /// Version of the real-site table (`GET /v1/blocklist/sites`); 0 from
    /// a gateway that publishes none.
    #[serde(default)]
    pub sites_version: u64,
}
