-- Sync: the outbox of user intents waiting to be sent, and complaints.

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    body            TEXT NOT NULL,              -- JSON, as sent
    created_at      INTEGER NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    result_code     TEXT,                       -- the server's error code when refused
    sent_at         INTEGER
) STRICT;

CREATE TABLE complaints (
    local_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id   INTEGER UNIQUE,
    outbox_key  TEXT UNIQUE,
    category    TEXT NOT NULL,
    text        TEXT NOT NULL,
    status      TEXT NOT NULL,                  -- 'waiting' until the bank confirms
    created_at  INTEGER NOT NULL
) STRICT;
