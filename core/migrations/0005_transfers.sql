-- Transfers on the device: saved payees and transfers as the bank holds
-- them (last four digits only), and the transfers started here: drafts kept
-- offline (never sent without a new check and confirmation) and requests
-- whose answer was lost (resolved by asking the bank about the key).
CREATE TABLE payees (
    id           INTEGER PRIMARY KEY NOT NULL,
    name         TEXT NOT NULL,
    relationship TEXT,
    last4        TEXT NOT NULL CHECK (length(last4) = 4)
) STRICT;

CREATE TABLE transfers (
    id              INTEGER PRIMARY KEY NOT NULL,
    client_key      TEXT,
    from_account_id INTEGER NOT NULL,
    payee_name      TEXT NOT NULL,
    last4           TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL,
    note            TEXT NOT NULL,
    status          TEXT NOT NULL,
    decision        TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    arrive_at       INTEGER,
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE transfer_attempts (
    local_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    client_key TEXT NOT NULL UNIQUE,
    state      TEXT NOT NULL CHECK (state IN ('draft', 'sending', 'unknown', 'done')),
    request    TEXT NOT NULL,               -- JSON: the draft as the elder entered it
    created_at INTEGER NOT NULL
) STRICT;
