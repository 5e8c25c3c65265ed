-- The published anti-fraud list: one row per version. Version 1 is the
-- generated base (synthetic list of base_size entries from base_seed plus
-- the named demo entries); every later version stores its signed delta.
CREATE TABLE blocklist_versions (
    version      BIGINT PRIMARY KEY,
    published_at BIGINT NOT NULL,
    entry_count  BIGINT NOT NULL,
    checksum     BIGINT NOT NULL,         -- u64 bit pattern
    base_seed    BIGINT,
    base_size    BIGINT,
    delta        BYTEA
);
