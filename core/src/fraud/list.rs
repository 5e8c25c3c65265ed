//! The blocklist on the device: SQLite rows (the exact store) and a binary
//! fuse filter in memory (the fast "certainly not listed" answer).
//!
//! Consistency: the rows, the filter's bytes, the overlay of keys added
//! since the filter was built, and the version/count/checksum in `meta` are
//! written in one transaction, so a process killed at any point leaves
//! either the old list or the new one. The in-memory index is swapped only
//! after the commit.
//!
//! Invariant: every listed key is in the filter or in the overlay. Removed
//! keys may stay in the filter (the table answers "no").

use super::wire::{FileKind, ListFile};
use super::{FraudError, Normalized, ScamCategory, checksum_of, demo, list_checksum, normalize};
use crate::store::{self, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{QueryBuilder, Row, SqliteConnection};
use std::collections::{HashMap, HashSet};
use std::sync::RwLock;
use xorf::{BinaryFuse8, DmaSerializable, Filter, FilterRef};

const META_VERSION: &str = "blocklist_version";
const META_COUNT: &str = "blocklist_count";
const META_CHECKSUM: &str = "blocklist_checksum";
const META_PUBLISHED: &str = "blocklist_published_at";

/// Rows per multi-row INSERT (two parameters each, well under SQLite's limit).
const INSERT_BATCH: usize = 4_000;

/// About the list on the device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListInfo {
    /// The bank's version; 0 is the built-in copy of the named entries.
    pub version: u64,
    /// Entries listed.
    pub count: u64,
    /// XOR of [`checksum_of`] over the entries.
    pub checksum: u64,
    /// When the bank published this version (the "date of the list").
    pub published_at: DateTime<Utc>,
}

/// The answer to "is this listed?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lookup {
    /// What the text was read as (`None`: nothing checkable in it).
    pub item: Option<Normalized>,
    /// The scam it is listed for, if listed.
    pub category: Option<ScamCategory>,
}

struct FilterBytes {
    descriptor: Vec<u8>,
    fingerprints: Vec<u8>,
}

impl FilterBytes {
    fn build(keys: &[u64]) -> Result<Option<FilterBytes>, FraudError> {
        if keys.is_empty() {
            return Ok(None);
        }
        let filter = BinaryFuse8::try_from(keys)
            .map_err(|_| FraudError::Storage("filter construction failed".into()))?;
        let mut descriptor = vec![0u8; BinaryFuse8::DESCRIPTOR_LEN];
        filter.dma_copy_descriptor_to(&mut descriptor);
        Ok(Some(FilterBytes {
            descriptor,
            fingerprints: filter.dma_fingerprints().to_vec(),
        }))
    }

    fn contains(&self, key: u64) -> bool {
        xorf::BinaryFuse8Ref::from_dma(&self.descriptor, &self.fingerprints).contains(&key)
    }
}

struct Index {
    info: ListInfo,
    filter: Option<FilterBytes>,
    overlay: HashSet<u64>,
    /// Entries held only in memory (a read-only store that never had a list).
    memory: HashMap<u64, ScamCategory>,
}

/// The blocklist: load once per open store, then look up and apply files.
pub struct Blocklist {
    index: RwLock<Index>,
}

impl std::fmt::Debug for Blocklist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blocklist")
            .field("info", &self.info())
            .finish()
    }
}

fn built_in_date() -> DateTime<Utc> {
    NaiveDate::parse_from_str(demo::BUILT_IN_DATE, "%Y-%m-%d")
        .expect("built-in date")
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
}

fn from_unix(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_else(built_in_date)
}

impl Blocklist {
    /// Loads the list from the store. A store that never had one gets the
    /// built-in named entries (version 0) so a lookup on a first start with
    /// no network still knows the best-known scams.
    pub async fn load(store: &Store) -> Result<Blocklist, FraudError> {
        let version = store.meta(META_VERSION).await?;
        if version.is_none() {
            let entries = demo::named_keys();
            if store.ensure_writable().is_ok() {
                let checksum = list_checksum(&entries);
                install_staged(store, 0, built_in_date().timestamp(), entries, checksum).await?;
            } else {
                let info = ListInfo {
                    version: 0,
                    count: entries.len() as u64,
                    checksum: list_checksum(&entries),
                    published_at: built_in_date(),
                };
                return Ok(Blocklist {
                    index: RwLock::new(Index {
                        info,
                        filter: None,
                        overlay: HashSet::new(),
                        memory: entries.into_iter().collect(),
                    }),
                });
            }
        }
        let mut conn = store.acquire().await?;
        let index = read_index(&mut conn).await?;
        Ok(Blocklist {
            index: RwLock::new(index),
        })
    }

    /// Version, count, checksum and date of the list on the device.
    pub fn info(&self) -> ListInfo {
        self.index.read().expect("index lock").info.clone()
    }

    /// Bytes the in-memory part takes (filter and overlay), for benchmarks.
    pub fn memory_bytes(&self) -> usize {
        let index = self.index.read().expect("index lock");
        index
            .filter
            .as_ref()
            .map_or(0, |f| f.descriptor.len() + f.fingerprints.len())
            + index.overlay.capacity() * 16
            + index.memory.capacity() * 24
    }

    /// The category of the first listed key among `keys`, if any.
    pub async fn lookup_keys(
        &self,
        store: &Store,
        keys: &[u64],
    ) -> Result<Option<ScamCategory>, FraudError> {
        let candidates: Vec<u64> = {
            let index = self.index.read().expect("index lock");
            if let Some(c) = keys.iter().find_map(|k| index.memory.get(k)) {
                return Ok(Some(*c));
            }
            keys.iter()
                .copied()
                .filter(|k| {
                    index.overlay.contains(k)
                        || index.filter.as_ref().is_some_and(|f| f.contains(*k))
                })
                .collect()
        };
        if candidates.is_empty() {
            return Ok(None);
        }
        let mut conn = store.acquire().await?;
        for k in candidates {
            let row: Option<i64> =
                sqlx::query_scalar("SELECT category FROM blocklist WHERE key = ?")
                    .bind(k as i64)
                    .fetch_optional(&mut *conn)
                    .await?;
            if let Some(c) = row
                .and_then(|c| u8::try_from(c).ok())
                .and_then(ScamCategory::from_id)
            {
                return Ok(Some(c));
            }
        }
        Ok(None)
    }

    /// Checks one normalised item.
    pub async fn lookup(
        &self,
        store: &Store,
        item: &Normalized,
    ) -> Result<Option<ScamCategory>, FraudError> {
        self.lookup_keys(store, &item.keys()).await
    }

    /// Checks what the elder typed, pasted or scanned. A longer text may hold
    /// several items: the first listed one is the answer; if none is listed,
    /// the first item found.
    pub async fn check(&self, store: &Store, text: &str) -> Result<Lookup, FraudError> {
        Ok(self.check_items(store, text).await?.0)
    }

    /// [`Blocklist::check`], with every item found in the text and whether
    /// the whole text was one item (not a message).
    pub async fn check_items(
        &self,
        store: &Store,
        text: &str,
    ) -> Result<(Lookup, Vec<Normalized>, bool), FraudError> {
        let whole = normalize::whole_item(text);
        let bare = whole.is_some();
        let mut items: Vec<Normalized> = whole.into_iter().collect();
        for extra in normalize::extract(text) {
            if !items.contains(&extra) {
                items.push(extra);
            }
        }
        for item in &items {
            if let Some(category) = self.lookup(store, item).await? {
                let lookup = Lookup {
                    item: Some(item.clone()),
                    category: Some(category),
                };
                return Ok((lookup, items, bare));
            }
        }
        let lookup = Lookup {
            item: items.first().cloned(),
            category: None,
        };
        Ok((lookup, items, bare))
    }

    /// Applies a verified file from the bank. A snapshot replaces the list;
    /// a delta must start at the device's version and must produce the
    /// published count and checksum, or nothing of it is kept
    /// ([`FraudError::ChecksumMismatch`]: fetch a snapshot instead).
    ///
    /// The file is taken, so a snapshot's millions of entries are freed
    /// once written, before the filter is built (the peak of a first sync).
    pub async fn apply(&self, store: &Store, file: ListFile) -> Result<ListInfo, FraudError> {
        store.ensure_writable()?;
        if file.kind == FileKind::Snapshot {
            if list_checksum(&file.adds) != file.checksum || file.adds.len() as u64 != file.count {
                return Err(FraudError::ChecksumMismatch { version: file.to });
            }
            install_staged(store, file.to, file.published_at, file.adds, file.checksum).await?;
            return self.reload(store).await;
        }
        let file = &file;
        let mut tx = store.begin().await?;
        match file.kind {
            FileKind::Snapshot => unreachable!("handled above"),
            FileKind::Delta => {
                let have = read_info(&mut tx).await?;
                if file.from != have.version {
                    return Err(FraudError::VersionGap {
                        from: file.from,
                        have: have.version,
                    });
                }
                let (count, checksum) = apply_delta(&mut tx, &have, file).await?;
                if count != file.count || checksum != file.checksum {
                    // Dropping the transaction rolls it back: nothing is kept.
                    return Err(FraudError::ChecksumMismatch { version: file.to });
                }
                write_info(&mut tx, file.to, count, checksum, file.published_at).await?;
            }
        }
        tx.commit().await?;
        self.reload(store).await
    }

    /// Re-reads the index after a change, folding a large overlay into a new filter.
    async fn reload(&self, store: &Store) -> Result<ListInfo, FraudError> {
        let mut conn = store.acquire().await?;
        let mut index = read_index(&mut conn).await?;
        drop(conn);
        if index.overlay.len() > (index.info.count as usize / 16).max(4_096) {
            let mut tx = store.begin().await?;
            rebuild_filter(&mut tx).await?;
            tx.commit().await?;
            let mut conn = store.acquire().await?;
            index = read_index(&mut conn).await?;
        }
        let info = index.info.clone();
        *self.index.write().expect("index lock") = index;
        Ok(info)
    }

    /// Rebuilds the filter over every listed key and empties the overlay.
    pub async fn rebuild(&self, store: &Store) -> Result<(), FraudError> {
        store.ensure_writable()?;
        let mut tx = store.begin().await?;
        rebuild_filter(&mut tx).await?;
        tx.commit().await?;
        let mut conn = store.acquire().await?;
        let index = read_index(&mut conn).await?;
        *self.index.write().expect("index lock") = index;
        Ok(())
    }
}

/// Rows per short transaction while a snapshot is staged.
const STAGE_BATCH: usize = 20_000;

/// Replaces the whole list without holding the database for long: the
/// rows go into a staging table in short transactions (the elder's own
/// actions are never kept waiting behind a big download), then one short
/// transaction swaps the tables and writes the filter and the version. A
/// process killed before the swap leaves the old list whole; the staging
/// table is rebuilt by the next snapshot.
async fn install_staged(
    store: &Store,
    version: u64,
    published_at: i64,
    entries: Vec<(u64, ScamCategory)>,
    checksum: u64,
) -> Result<(), FraudError> {
    let mut tx = store.begin().await?;
    sqlx::query("DROP TABLE IF EXISTS blocklist_next")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "CREATE TABLE blocklist_next (key INTEGER PRIMARY KEY, \
         category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 255)) STRICT",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    for stage in entries.chunks(STAGE_BATCH) {
        let mut tx = store.begin().await?;
        for chunk in stage.chunks(INSERT_BATCH) {
            let mut q = QueryBuilder::new("INSERT INTO blocklist_next (key, category) ");
            q.push_values(chunk, |mut row, (k, c)| {
                row.push_bind(*k as i64).push_bind(i64::from(c.id()));
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        // Let a waiting writer (a tap on a setting) in between batches.
        tokio::task::yield_now().await;
    }
    let count = entries.len() as u64;
    let keys: Vec<u64> = entries.iter().map(|(k, _)| *k).collect();
    // The entries are in the database now; the filter needs only the keys.
    drop(entries);
    let filter = tokio::task::spawn_blocking(move || FilterBytes::build(&keys))
        .await
        .map_err(|_| FraudError::Storage("filter build stopped".into()))??;
    let mut tx = store.begin().await?;
    sqlx::query("DROP TABLE blocklist")
        .execute(&mut *tx)
        .await?;
    sqlx::query("ALTER TABLE blocklist_next RENAME TO blocklist")
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM blocklist_overlay")
        .execute(&mut *tx)
        .await?;
    write_filter(&mut tx, filter).await?;
    write_info(&mut tx, version, count, checksum, published_at).await?;
    tx.commit().await?;
    Ok(())
}

/// Rows per `IN (…)` batch of a delta.
const DELTA_BATCH: usize = 2_000;

async fn apply_delta(
    tx: &mut SqliteConnection,
    have: &ListInfo,
    file: &ListFile,
) -> Result<(u64, u64), FraudError> {
    let mut count = have.count;
    let mut checksum = have.checksum;
    for chunk in file.removes.chunks(DELTA_BATCH) {
        let mut q = QueryBuilder::new("DELETE FROM blocklist WHERE key IN (");
        let mut keys = q.separated(", ");
        for k in chunk {
            keys.push_bind(*k as i64);
        }
        q.push(") RETURNING key, category");
        let gone: Vec<(i64, i64)> = q.build_query_as().fetch_all(&mut *tx).await?;
        for (k, c) in gone {
            checksum ^= checksum_of(k as u64, c as u8);
            count -= 1;
        }
    }
    for chunk in file.adds.chunks(DELTA_BATCH) {
        let mut q = QueryBuilder::new("SELECT key, category FROM blocklist WHERE key IN (");
        let mut keys = q.separated(", ");
        for (k, _) in chunk {
            keys.push_bind(*k as i64);
        }
        q.push(")");
        let existing: HashMap<u64, u8> = q
            .build_query_as::<(i64, i64)>()
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(k, c)| (k as u64, c as u8))
            .collect();
        let mut fresh: Vec<(u64, ScamCategory)> = Vec::with_capacity(chunk.len());
        for &(k, c) in chunk {
            match existing.get(&k) {
                Some(old) if *old == c.id() => {}
                Some(old) => {
                    sqlx::query("UPDATE blocklist SET category = ? WHERE key = ?")
                        .bind(i64::from(c.id()))
                        .bind(k as i64)
                        .execute(&mut *tx)
                        .await?;
                    checksum ^= checksum_of(k, *old) ^ checksum_of(k, c.id());
                }
                None => fresh.push((k, c)),
            }
        }
        if fresh.is_empty() {
            continue;
        }
        let mut q = QueryBuilder::new("INSERT INTO blocklist (key, category) ");
        q.push_values(&fresh, |mut row, (k, c)| {
            row.push_bind(*k as i64).push_bind(i64::from(c.id()));
        });
        q.build().execute(&mut *tx).await?;
        let mut q = QueryBuilder::new("INSERT OR IGNORE INTO blocklist_overlay (key) ");
        q.push_values(&fresh, |mut row, (k, _)| {
            row.push_bind(*k as i64);
        });
        q.build().execute(&mut *tx).await?;
        for (k, c) in &fresh {
            checksum ^= checksum_of(*k, c.id());
            count += 1;
        }
    }
    Ok((count, checksum))
}

async fn rebuild_filter(tx: &mut SqliteConnection) -> Result<(), FraudError> {
    let keys: Vec<u64> = sqlx::query_scalar::<_, i64>("SELECT key FROM blocklist")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|k| k as u64)
        .collect();
    write_filter(tx, FilterBytes::build(&keys)?).await?;
    sqlx::query("DELETE FROM blocklist_overlay")
        .execute(&mut *tx)
        .await?;
    Ok(())
}

async fn write_filter(
    tx: &mut SqliteConnection,
    filter: Option<FilterBytes>,
) -> Result<(), FraudError> {
    sqlx::query("DELETE FROM blocklist_filter")
        .execute(&mut *tx)
        .await?;
    if let Some(f) = filter {
        sqlx::query("INSERT INTO blocklist_filter (id, descriptor, fingerprints) VALUES (1, ?, ?)")
            .bind(f.descriptor)
            .bind(f.fingerprints)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn write_info(
    tx: &mut SqliteConnection,
    version: u64,
    count: u64,
    checksum: u64,
    published_at: i64,
) -> Result<(), FraudError> {
    store::set_meta(tx, META_VERSION, &version.to_string()).await?;
    store::set_meta(tx, META_COUNT, &count.to_string()).await?;
    store::set_meta(tx, META_CHECKSUM, &checksum.to_string()).await?;
    store::set_meta(tx, META_PUBLISHED, &published_at.to_string()).await?;
    Ok(())
}

async fn read_info(conn: &mut SqliteConnection) -> Result<ListInfo, FraudError> {
    let get =
        async |conn: &mut SqliteConnection, key: &str| -> Result<Option<String>, FraudError> {
            Ok(store::meta_in(conn, key).await?)
        };
    let num = |v: Option<String>| v.and_then(|v| v.parse::<u64>().ok());
    let version = num(get(conn, META_VERSION).await?).unwrap_or(0);
    let count = num(get(conn, META_COUNT).await?).unwrap_or(0);
    let checksum = num(get(conn, META_CHECKSUM).await?).unwrap_or(0);
    let published_at = get(conn, META_PUBLISHED)
        .await?
        .and_then(|v| v.parse::<i64>().ok())
        .map_or_else(built_in_date, from_unix);
    Ok(ListInfo {
        version,
        count,
        checksum,
        published_at,
    })
}

async fn read_index(conn: &mut SqliteConnection) -> Result<Index, FraudError> {
    let info = read_info(conn).await?;
    let filter = sqlx::query("SELECT descriptor, fingerprints FROM blocklist_filter WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .map(|row| FilterBytes {
            descriptor: row.get(0),
            fingerprints: row.get(1),
        });
    let overlay = sqlx::query_scalar::<_, i64>("SELECT key FROM blocklist_overlay")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|k| k as u64)
        .collect();
    Ok(Index {
        info,
        filter,
        overlay,
        memory: HashMap::new(),
    })
}
