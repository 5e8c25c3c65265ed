-- Cards and their locks (智能安全卫士), simulated authorisations, and
-- scam reports (我被骗了). Flags are 0/1.
CREATE TABLE cards (
    id            INTEGER PRIMARY KEY NOT NULL,
    customer_id   TEXT NOT NULL REFERENCES customers(id),
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    kind          TEXT NOT NULL,
    last4         TEXT NOT NULL,
    home_region   TEXT NOT NULL,
    region_lock   INTEGER NOT NULL DEFAULT 0,
    overseas_lock INTEGER NOT NULL DEFAULT 0,
    night_lock    INTEGER NOT NULL DEFAULT 0,
    online_lock   INTEGER NOT NULL DEFAULT 0,
    night_from    INTEGER NOT NULL,
    night_to      INTEGER NOT NULL,
    frozen        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE authorizations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id    INTEGER NOT NULL REFERENCES cards(id),
    channel    TEXT NOT NULL,
    country    TEXT NOT NULL,
    region     TEXT,
    amount_fen INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    approved   INTEGER NOT NULL,
    reason     TEXT
);

CREATE TABLE scam_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    device_id   TEXT NOT NULL REFERENCES devices(id),
    created_at  INTEGER NOT NULL
);
