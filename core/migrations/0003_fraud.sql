-- The anti-fraud blocklist on the device: 64-bit keys of listed phones,
-- accounts and domains (the key is the rowid: ~15 bytes an entry on disk),
-- the binary fuse filter built over them, and the keys added since that
-- filter was built (looked up beside it until the next rebuild).
-- Version, count, checksum and date live in `meta` (blocklist_*).

CREATE TABLE blocklist (
    key      INTEGER PRIMARY KEY,                 -- u64 key, stored as its i64 bit pattern
    category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 255)
) STRICT;

CREATE TABLE blocklist_overlay (
    key INTEGER PRIMARY KEY
) STRICT;

CREATE TABLE blocklist_filter (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    descriptor   BLOB NOT NULL,
    fingerprints BLOB NOT NULL
) STRICT;
