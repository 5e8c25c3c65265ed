-- Elder services on the device: bills and auto-pay agreements as the bank
-- holds them, payments sent from this phone whose answer is not in yet,
-- wealth products with their risk level, the customer's risk profile and
-- holdings, reminders she has put away, the ID document's expiry, and the
-- bank's reply to a complaint.

ALTER TABLE customers ADD COLUMN id_expires_on TEXT;   -- ISO date
ALTER TABLE complaints ADD COLUMN reply TEXT;
ALTER TABLE complaints ADD COLUMN updated_at INTEGER;

CREATE TABLE bill_accounts (
    id       INTEGER PRIMARY KEY NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('water', 'electricity', 'gas', 'phone', 'credit_card')),
    provider TEXT NOT NULL,
    last4    TEXT NOT NULL
) STRICT;

CREATE TABLE bills (
    id              INTEGER PRIMARY KEY NOT NULL,
    bill_account_id INTEGER NOT NULL,
    period          TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    issued_on       TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('unpaid', 'paid')),
    paid_by         TEXT CHECK (paid_by IN ('customer', 'autopay')),
    paid_at         INTEGER
) STRICT;
CREATE INDEX bills_by_account ON bills (bill_account_id, due_on);

CREATE TABLE autopay (
    id              INTEGER PRIMARY KEY NOT NULL,
    bill_account_id INTEGER NOT NULL,
    from_account_id INTEGER NOT NULL,
    limit_fen       INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
    created_at      INTEGER NOT NULL,
    cancel_key      TEXT                 -- the outbox key of a cancellation not yet confirmed
) STRICT;

-- A payment, agreement or order sent from this phone: the idempotency key is
-- written before the request leaves, so a retry after a lost answer (or a
-- killed process) is the same request and the bank never does it twice.
CREATE TABLE live_attempts (
    client_key TEXT PRIMARY KEY NOT NULL,
    what       TEXT NOT NULL CHECK (what IN ('bill', 'autopay', 'order')),
    ref_id     INTEGER NOT NULL,
    request    TEXT NOT NULL,            -- JSON, as sent
    state      TEXT NOT NULL CHECK (state IN ('sending', 'unknown')),
    created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX live_attempts_one_per_thing ON live_attempts (what, ref_id);

CREATE TABLE products (
    id        INTEGER PRIMARY KEY NOT NULL,
    code      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('deposit', 'wealth', 'fund')),
    risk      INTEGER NOT NULL CHECK (risk BETWEEN 1 AND 5),
    names     TEXT NOT NULL,             -- JSON {"zh-CN": …, "zh-TW": …, "en": …}
    min_fen   INTEGER NOT NULL,
    term_days INTEGER NOT NULL,
    rate_bp   INTEGER NOT NULL,
    min_age   INTEGER NOT NULL,
    on_sale   INTEGER NOT NULL
) STRICT;

CREATE TABLE risk_profile (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    level         INTEGER CHECK (level BETWEEN 1 AND 5),   -- as the bank holds it
    assessed_at   INTEGER,
    pending_level INTEGER CHECK (pending_level BETWEEN 1 AND 5), -- answered here, not yet confirmed
    pending_key   TEXT
) STRICT;

CREATE TABLE holdings (
    id         INTEGER PRIMARY KEY NOT NULL,
    product_id INTEGER NOT NULL,
    amount_fen INTEGER NOT NULL,
    bought_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE reminders_done (
    key     TEXT PRIMARY KEY NOT NULL,
    done_at INTEGER NOT NULL
) STRICT;
