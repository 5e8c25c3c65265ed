-- 举报: the numbers, accounts and sites she reported, and where each stands.
CREATE TABLE fraud_reports (
    local_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id  INTEGER UNIQUE,
    outbox_key TEXT UNIQUE,
    target     TEXT NOT NULL,
    note       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('waiting', 'received', 'confirmed', 'rejected')),
    created_at INTEGER NOT NULL
) STRICT;
