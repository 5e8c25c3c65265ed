//! The blocklist publisher: versions, signed deltas, snapshots.
//!
//! - `GET /v1/blocklist` → `{version, count, checksum, published_at}`
//! - `GET /v1/blocklist/snapshot` → the signed snapshot of the current
//!   version (`application/octet-stream`, format in `happylife_core::fraud::wire`)
//! - `GET /v1/blocklist/delta?from=V` → the signed delta V → V+1; 404
//!   `no_such_delta` when there is none (the device then takes a snapshot)
//! - `GET /v1/blocklist/sites` → the signed real-site table the phones tell
//!   lookalike sites from (format in `happylife_core::fraud::sites`); its
//!   version is the manifest's `sites_version`
//! - `POST /v1/blocklist/entries` `{add: [{value, category}], remove: [value]}`
//!   (an operator action: [`crate::operator`]) → publishes the next version
//!
//! Every file is signed with the deployment's own key
//! ([`crate::secrets::Secrets::list_signing_key`]): generated on first start
//! into the bank's data, or given by its configuration.
//!
//! Version 1 is written on first start: in the sandbox, `size` synthetic
//! entries from a seed plus the named demo entries; at the bank, empty. Later versions are deltas kept in the
//! database, so every gateway over the same PostgreSQL serves the same list;
//! each gateway keeps the current list in memory (sorted keys, 9 bytes an
//! entry) and catches up from the database when another gateway published.

use crate::AppState;
use crate::http::{ApiError, ErrorBody};
use axum::Json;
use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use happylife_core::bank::wire::Manifest;
use happylife_core::fraud::wire::{FileKind, ListFile};
use happylife_core::fraud::{ScamCategory, demo, list_checksum, normalize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use tokio::sync::RwLock;
use utoipa::ToSchema;

/// Most entries one published change may carry.
pub const MAX_CHANGE: usize = 100_000;

/// The list as published at one version.
struct Published {
    version: u64,
    published_at: i64,
    count: u64,
    checksum: u64,
    /// Sorted by key, unique. Shared, so a snapshot can be encoded from it
    /// while the lock is released and a dropped request cannot lose it.
    entries: Arc<Vec<(u64, ScamCategory)>>,
    snapshot: Option<Bytes>,
}

/// The publisher shared by the handlers.
#[derive(Clone)]
pub struct Publisher {
    seed: u64,
    size: u64,
    /// The sandbox's demo entries in version 1 (the bank starts empty).
    demo_entries: bool,
    current: Arc<RwLock<Option<Published>>>,
}

/// Removes first, then adds (an add of a listed key changes its category).
fn merge(
    entries: &[(u64, ScamCategory)],
    adds: &[(u64, ScamCategory)],
    removes: &[u64],
) -> Vec<(u64, ScamCategory)> {
    let removes: HashSet<u64> = removes.iter().copied().collect();
    let added: HashMap<u64, ScamCategory> = adds.iter().copied().collect();
    let mut out: Vec<(u64, ScamCategory)> = entries
        .iter()
        .copied()
        .filter(|(k, _)| !removes.contains(k) && !added.contains_key(k))
        .collect();
    out.extend(added);
    out.sort_unstable_by_key(|(k, _)| *k);
    out
}

fn generate_base(seed: u64, size: u64, demo_entries: bool) -> Vec<(u64, ScamCategory)> {
    if !demo_entries {
        return Vec::new();
    }
    let mut entries: Vec<(u64, ScamCategory)> = demo::synthetic_keys(seed, size)
        .chain(demo::named_keys())
        .collect();
    // Named entries last so they win over a synthetic key collision.
    entries.reverse();
    entries.sort_by_key(|(k, _)| *k);
    entries.dedup_by_key(|(k, _)| *k);
    entries
}

impl Publisher {
    /// A publisher whose base list is, with `demo_entries`, `size`
    /// synthetic entries from `seed` and the named demo entries; without,
    /// empty.
    pub fn new(seed: u64, size: u64, demo_entries: bool) -> Publisher {
        Publisher {
            seed,
            size,
            demo_entries,
            current: Arc::new(RwLock::new(None)),
        }
    }

    /// Brings the in-memory list up to the newest version in the database,
    /// generating version 1 on the very first start.
    async fn catch_up(&self, state: &AppState) -> Result<(), ApiError> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM blocklist_versions")
            .fetch_one(&state.db.pool)
            .await?;
        {
            let current = self.current.read().await;
            if let (Some(c), Some(n)) = (current.as_ref(), newest)
                && c.version as i64 >= n
            {
                return Ok(());
            }
        }
        let mut current = self.current.write().await;
        if current.is_none() {
            let base: Option<(i64, i64, i64, i64)> = sqlx::query_as(
                "SELECT published_at, entry_count, base_seed, base_size FROM blocklist_versions WHERE version = 1",
            )
            .fetch_optional(&state.db.pool)
            .await?;
            // A stored size below zero is the bank's empty first version
            // (whatever mode this gateway runs in now, the list is the
            // one that was published).
            let (seed, size, published_at) = match base {
                Some((at, _, seed, size)) => (seed as u64, size, at),
                None if self.demo_entries => (self.seed, self.size as i64, state.now()),
                None => (self.seed, -1, state.now()),
            };
            let entries = tokio::task::spawn_blocking(move || {
                generate_base(seed, size.max(0) as u64, size >= 0)
            })
            .await
            .map_err(|_| ApiError::internal())?;
            let count = entries.len() as u64;
            let sum = list_checksum(&entries);
            if base.is_none() {
                // Two gateways starting together: the second insert is ignored.
                sqlx::query(
                    "INSERT INTO blocklist_versions (version, published_at, entry_count, checksum, base_seed, base_size) \
                     VALUES (1, $1, $2, $3, $4, $5) ON CONFLICT (version) DO NOTHING",
                )
                .bind(published_at)
                .bind(count as i64)
                .bind(sum as i64)
                .bind(seed as i64)
                .bind(size)
                .execute(&state.db.pool)
                .await?;
                tracing::info!(entries = count, "blocklist version 1 generated");
            }
            *current = Some(Published {
                version: 1,
                published_at,
                count,
                checksum: sum,
                entries: Arc::new(entries),
                snapshot: None,
            });
        }
        let cur = current.as_mut().expect("just set");
        let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT version, delta FROM blocklist_versions WHERE version > $1 ORDER BY version",
        )
        .bind(cur.version as i64)
        .fetch_all(&state.db.pool)
        .await?;
        for (version, bytes) in rows {
            let file = match ListFile::decode(&bytes, &state.secrets.list_public_key()) {
                Ok(f) => f,
                // Signed with the key before this one (the deployment gave
                // a new one): read as the bank's own, and signed again so
                // phones with the new key can take it.
                Err(happylife_core::fraud::FraudError::BadSignature) => {
                    let f = ListFile::decode_unverified(&bytes).map_err(|e| {
                        tracing::error!(version, error = %e, "stored blocklist delta unreadable");
                        ApiError::internal()
                    })?;
                    sqlx::query("UPDATE blocklist_versions SET delta = $1 WHERE version = $2")
                        .bind(f.encode(state.secrets.list_signing_key()))
                        .bind(version)
                        .execute(&state.db.pool)
                        .await?;
                    tracing::info!(version, "stored blocklist delta signed with the new key");
                    f
                }
                Err(e) => {
                    tracing::error!(version, error = %e, "stored blocklist delta unreadable");
                    return Err(ApiError::internal());
                }
            };
            cur.entries = Arc::new(merge(&cur.entries, &file.adds, &file.removes));
            cur.version = file.to;
            cur.published_at = file.published_at;
            cur.count = file.count;
            cur.checksum = file.checksum;
            cur.snapshot = None;
        }
        Ok(())
    }

    /// Is this key listed, and for which scam?
    pub async fn lookup(
        &self,
        state: &AppState,
        key: u64,
    ) -> Result<Option<ScamCategory>, ApiError> {
        self.catch_up(state).await?;
        let current = self.current.read().await;
        Ok(current.as_ref().and_then(|c| {
            c.entries
                .binary_search_by_key(&key, |(k, _)| *k)
                .ok()
                .map(|i| c.entries[i].1)
        }))
    }

    async fn snapshot(&self, state: &AppState) -> Result<Bytes, ApiError> {
        self.catch_up(state).await?;
        let (header, entries) = {
            let current = self.current.read().await;
            let cur = current.as_ref().ok_or_else(ApiError::internal)?;
            if let Some(bytes) = &cur.snapshot {
                return Ok(bytes.clone());
            }
            let header = ListFile {
                kind: FileKind::Snapshot,
                from: 0,
                to: cur.version,
                published_at: cur.published_at,
                count: cur.count,
                checksum: cur.checksum,
                adds: Vec::new(),
                removes: Vec::new(),
            };
            (header, cur.entries.clone())
        };
        // Encoded from a shared copy: if the request is dropped half-way,
        // nothing of the published list is lost.
        let key = state.secrets.list_signing_key().clone();
        let bytes = tokio::task::spawn_blocking(move || {
            Bytes::from(header.encode_with(&entries, &[], &key))
        })
        .await
        .map_err(|_| ApiError::internal())?;
        let mut current = self.current.write().await;
        if let Some(cur) = current.as_mut()
            && cur.version == version_of(&bytes)
        {
            cur.snapshot = Some(bytes.clone());
        }
        Ok(bytes)
    }
}

/// The `to` version in an encoded file's header.
fn version_of(bytes: &[u8]) -> u64 {
    bytes
        .get(14..22)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .unwrap_or(0)
}

fn octets(bytes: Bytes) -> Response {
    (
        [(header::CONTENT_TYPE, "application/octet-stream")],
        Body::from(bytes),
    )
        .into_response()
}

/// `GET /v1/blocklist`.
#[utoipa::path(
    get,
    path = "/v1/blocklist",
    tag = "blocklist",
    summary = "The anti-fraud list's current version",
    responses(
        (status = 200, description = "the manifest", body = Manifest),
    )
)]
pub async fn manifest(State(state): State<AppState>) -> Result<Json<Manifest>, ApiError> {
    let p = state.blocklist.clone();
    p.catch_up(&state).await?;
    let current = p.current.read().await;
    let cur = current.as_ref().ok_or_else(ApiError::internal)?;
    Ok(Json(Manifest {
        version: cur.version,
        count: cur.count,
        checksum: format!("{:016x}", cur.checksum),
        published_at: cur.published_at,
        sites_version: state.real_sites.version,
    }))
}

/// The real-site table as this gateway publishes it: a deployment's own
/// table (`--real-sites`) or the one built into the app, signed with the
/// list key at start.
#[derive(Clone)]
pub struct RealSites {
    /// The table's version.
    pub version: u64,
    /// The signed file.
    pub file: Bytes,
}

/// `GET /v1/blocklist/sites`.
#[utoipa::path(
    get,
    path = "/v1/blocklist/sites",
    tag = "blocklist",
    summary = "The signed table of real sites (banks, payment apps, carriers, couriers, government)",
    responses(
        (status = 200, description = "the table (format in happylife_core::fraud::sites)", body = Vec<u8>, content_type = "application/octet-stream"),
    )
)]
pub async fn sites(State(state): State<AppState>) -> Response {
    octets(state.real_sites.file.clone())
}

/// `GET /v1/blocklist/snapshot`.
#[utoipa::path(
    get,
    path = "/v1/blocklist/snapshot",
    tag = "blocklist",
    summary = "The signed snapshot of the current version",
    responses(
        (status = 200, description = "the snapshot (format in happylife_core::fraud::wire)", body = Vec<u8>, content_type = "application/octet-stream"),
    )
)]
pub async fn snapshot(State(state): State<AppState>) -> Result<Response, ApiError> {
    let p = state.blocklist.clone();
    Ok(octets(p.snapshot(&state).await?))
}

/// `GET /v1/blocklist/delta?from=V`.
#[utoipa::path(
    get,
    path = "/v1/blocklist/delta",
    tag = "blocklist",
    summary = "The signed delta from one version to the next",
    params(
        ("from" = i64, Query, description = "the version the device has", minimum = 0)
    ),
    responses(
        (status = 200, description = "the delta", body = Vec<u8>, content_type = "application/octet-stream"),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn delta(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let from: i64 = q
        .get("from")
        .and_then(|v| v.parse().ok())
        .filter(|v| *v >= 0)
        .ok_or_else(|| ApiError::bad_request("bad_from", "from must be a version number ≥ 0"))?;
    let next = from
        .checked_add(1)
        .ok_or_else(|| ApiError::bad_request("bad_from", "from is too large"))?;
    let row: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT delta FROM blocklist_versions WHERE version = $1")
            .bind(next)
            .fetch_optional(&state.db.pool)
            .await?;
    match row.flatten() {
        Some(bytes) => Ok(octets(Bytes::from(bytes))),
        None => Err(ApiError::not_found(
            "no_such_delta",
            "no delta from this version; take the snapshot",
        )),
    }
}

/// A change to publish, checked: its adds (a category per key) and removes,
/// each sorted by key without repeats, as the signed delta holds them.
pub(crate) type Change = (Vec<(u64, ScamCategory)>, Vec<u64>);

/// Checks the body of `POST /v1/blocklist/entries` (nothing read from the
/// database or the list): the keys to add and remove.
pub(crate) fn change_request(body: &Value) -> Result<Change, ApiError> {
    Ok(ListChange::decode(body)?.keys())
}

/// The key of a value of the list, or `None` when it is not a phone
/// number, account number or web address.
fn key_of(text: &str) -> Option<u64> {
    normalize::normalize(text).map(|n| happylife_core::fraud::key(n.kind, &n.value))
}

impl ListChange {
    /// The change in `body`: `invalid_field` (not lists), `empty_change`,
    /// `change_too_large`, then per entry `invalid_category` and
    /// `invalid_entry` (not text, or not a number or address).
    fn decode(body: &Value) -> Result<ListChange, ApiError> {
        let list = |field: &str| -> Result<Vec<Value>, ApiError> {
            match body.get(field) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(a)) => Ok(a.clone()),
                Some(_) => Err(ApiError::unprocessable(
                    "invalid_field",
                    format!("{field} must be a list"),
                )),
            }
        };
        let (add, remove) = (list("add")?, list("remove")?);
        if add.is_empty() && remove.is_empty() {
            return Err(ApiError::unprocessable(
                "empty_change",
                "give entries to add or remove",
            ));
        }
        if add.len() + remove.len() > MAX_CHANGE {
            return Err(ApiError::unprocessable(
                "change_too_large",
                format!("at most {MAX_CHANGE} entries per change"),
            ));
        }
        let value = |v: Option<&Value>| -> Result<String, ApiError> {
            let text = v.and_then(Value::as_str).ok_or_else(|| {
                ApiError::unprocessable("invalid_entry", "each value must be text")
            })?;
            key_of(text).ok_or_else(|| {
                ApiError::unprocessable(
                    "invalid_entry",
                    "a value is not a phone number, account number or web address",
                )
            })?;
            Ok(text.to_string())
        };
        let mut adds = Vec::with_capacity(add.len());
        for a in &add {
            let category = a
                .get("category")
                .and_then(Value::as_str)
                .and_then(ScamCategory::from_code)
                .ok_or_else(|| {
                    ApiError::unprocessable("invalid_category", "unknown scam category")
                })?;
            adds.push(ListEntry {
                value: value(a.get("value"))?,
                category,
            });
        }
        let removes = remove
            .iter()
            .map(|v| value(Some(v)))
            .collect::<Result<Vec<String>, _>>()?;
        Ok(ListChange {
            add: Some(adds),
            remove: Some(removes),
        })
    }

    /// Its keys, each sorted without repeats, as the signed delta holds
    /// them. One spelling per key: the same number written twice counts
    /// once (the last category given wins), so the stored delta, the merge
    /// and its checksum agree everywhere it is replayed.
    fn keys(&self) -> Change {
        let last: HashMap<u64, ScamCategory> = self
            .add
            .iter()
            .flatten()
            .filter_map(|e| Some((key_of(&e.value)?, e.category)))
            .collect();
        let mut adds: Vec<(u64, ScamCategory)> = last.into_iter().collect();
        adds.sort_unstable_by_key(|(k, _)| *k);
        let mut removes: Vec<u64> = self
            .remove
            .iter()
            .flatten()
            .filter_map(|v| key_of(v))
            .collect();
        removes.sort_unstable();
        removes.dedup();
        (adds, removes)
    }
}

/// `POST /v1/blocklist/entries`: an operator publishes a change.
#[utoipa::path(
    post,
    path = "/v1/blocklist/entries",
    tag = "operator",
    summary = "Publish a change to the anti-fraud list (operator)",
    request_body = ListChange,
    security(("operator" = [])),
    responses(
        (status = 201, description = "the new version", body = PublishedVersion),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn publish(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(axum::http::StatusCode, Json<PublishedVersion>), ApiError> {
    state.operator.check(&headers)?;
    let body = crate::http::json_body(body)?;
    let (adds, removes) = change_request(&body)?;
    let published = publish_change(&state, adds, removes).await?;
    Ok((axum::http::StatusCode::CREATED, Json(published)))
}

/// Publishes one change (keys added with their category, keys removed) as
/// the next signed version.
pub(crate) async fn publish_change(
    state: &AppState,
    adds: Vec<(u64, ScamCategory)>,
    removes: Vec<u64>,
) -> Result<PublishedVersion, ApiError> {
    let p = state.blocklist.clone();
    p.catch_up(state).await?;
    let mut current = p.current.write().await;
    let cur = current.as_mut().ok_or_else(ApiError::internal)?;
    let entries = merge(&cur.entries, &adds, &removes);
    let file = ListFile {
        kind: FileKind::Delta,
        from: cur.version,
        to: cur.version + 1,
        published_at: state.now(),
        count: entries.len() as u64,
        checksum: list_checksum(&entries),
        adds,
        removes,
    };
    let bytes = file.encode(state.secrets.list_signing_key());
    let inserted = sqlx::query(
        "INSERT INTO blocklist_versions (version, published_at, entry_count, checksum, delta) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (version) DO NOTHING",
    )
    .bind(file.to as i64)
    .bind(file.published_at)
    .bind(file.count as i64)
    .bind(file.checksum as i64)
    .bind(bytes)
    .execute(&state.db.pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(ApiError::conflict(
            "version_taken",
            "another gateway published this version first; try again",
        ));
    }
    cur.entries = Arc::new(entries);
    cur.version = file.to;
    cur.published_at = file.published_at;
    cur.count = file.count;
    cur.checksum = file.checksum;
    cur.snapshot = None;
    Ok(PublishedVersion {
        version: cur.version,
        count: cur.count,
    })
}

/// The list key of a reported target (a phone number, account number or
/// web address), if it is one.
pub(crate) fn report_key(target: &str) -> Option<u64> {
    key_of(target)
}

// The operator's body and answer (the phone's manifest is core's
// `wire::Manifest`).

/// `POST /v1/blocklist/entries`.
#[derive(ToSchema)]
pub struct ListChange {
    /// Entries to add (or re-categorise).
    pub add: Option<Vec<ListEntry>>,
    /// Phone numbers, account numbers or web addresses to remove.
    pub remove: Option<Vec<String>>,
}

/// One entry.
#[derive(ToSchema)]
pub struct ListEntry {
    /// A phone number, account number or web address.
    pub value: String,
    /// The scam it is used for.
    pub category: ScamCategory,
}

/// The version published.
#[derive(serde::Serialize, ToSchema)]
pub struct PublishedVersion {
    /// The new version.
    pub version: u64,
    /// Its entries.
    pub count: u64,
}
