-- HappyLife Companion device store, version 1.
-- application_id marks the file as ours ("HLC1"), so a foreign SQLite file
-- at the database path is recognised and never written into.
PRAGMA application_id = 1212957489;

CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    birth_date TEXT NOT NULL            -- ISO date
) STRICT;

CREATE TABLE accounts (
    id                INTEGER PRIMARY KEY NOT NULL,
    customer_id       TEXT NOT NULL REFERENCES customers(id),
    kind              TEXT NOT NULL CHECK (kind IN ('debit', 'pension', 'time_deposit', 'credit_card')),
    number_last4      TEXT NOT NULL CHECK (length(number_last4) = 4),
    currency          TEXT NOT NULL,
    balance_fen       INTEGER NOT NULL,
    opened_on         TEXT NOT NULL,
    sort_order        INTEGER NOT NULL,
    -- time deposit
    maturity_on       TEXT,
    rate_bp           INTEGER,
    -- pension
    monthly_fen       INTEGER,
    next_credit_on    TEXT,
    -- credit card
    limit_fen         INTEGER,
    statement_fen     INTEGER,
    min_payment_fen   INTEGER,
    due_on            TEXT
) STRICT;

CREATE TABLE transactions (
    id                INTEGER PRIMARY KEY NOT NULL,
    account_id        INTEGER NOT NULL REFERENCES accounts(id),
    posted_at         INTEGER NOT NULL,  -- unix seconds
    amount_fen        INTEGER NOT NULL,  -- signed: + money in, - money out
    balance_after_fen INTEGER NOT NULL,
    category          TEXT NOT NULL,
    counterparty      TEXT
) STRICT;

CREATE INDEX transactions_by_account_time
    ON transactions (account_id, posted_at DESC, id DESC);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
