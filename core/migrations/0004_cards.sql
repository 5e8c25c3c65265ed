-- Cards as the bank holds them (locks, freeze), mirrored from the change
-- log; locks queued offline live in the outbox until the bank confirms.
CREATE TABLE cards (
    id            INTEGER PRIMARY KEY NOT NULL,
    account_id    INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('debit', 'credit')),
    number_last4  TEXT NOT NULL CHECK (length(number_last4) = 4),
    home_region   TEXT NOT NULL,
    region_lock   INTEGER NOT NULL CHECK (region_lock IN (0, 1)),
    overseas_lock INTEGER NOT NULL CHECK (overseas_lock IN (0, 1)),
    night_lock    INTEGER NOT NULL CHECK (night_lock IN (0, 1)),
    online_lock   INTEGER NOT NULL CHECK (online_lock IN (0, 1)),
    night_from    INTEGER NOT NULL,
    night_to      INTEGER NOT NULL,
    frozen        INTEGER NOT NULL CHECK (frozen IN (0, 1))
) STRICT;

-- "我被骗了" reports: kept on the device at once, sent when online.
CREATE TABLE scam_reports (
    local_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id  INTEGER UNIQUE,
    outbox_key TEXT UNIQUE,
    created_at INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('waiting', 'received', 'refused'))
) STRICT;
