-- The published anti-fraud list: one row per version. Version 1 is the
-- generated base (synthetic list of base_size entries from base_seed plus
-- the named demo entries); every later version stores its signed delta.
CREATE TABLE blocklist_versions (
    version      INTEGER PRIMARY KEY,
    published_at INTEGER NOT NULL,
    entry_count  INTEGER NOT NULL,
    checksum     INTEGER NOT NULL,        -- u64 bit pattern
    base_seed    INTEGER,
    base_size    INTEGER,
    delta        BLOB
);
