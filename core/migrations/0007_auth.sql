-- The PIN of this device: an Argon2id hash (never the PIN), the wrong
-- tries since the last right one, and the lock. One row at most. Each
-- wrong try is committed before it is answered, so killing the app does
-- not give back a try.
CREATE TABLE auth_pin (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    hash         TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    set_at       INTEGER NOT NULL
) STRICT;
