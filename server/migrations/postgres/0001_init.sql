-- Sandbox bank gateway, version 1 (postgres). Kept identical in meaning to the
-- other database's file: the same tables, columns and constraints.

CREATE TABLE customers (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    birth_date TEXT NOT NULL
);

CREATE TABLE accounts (
    id              BIGINT PRIMARY KEY NOT NULL,
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    kind            TEXT NOT NULL,
    number_last4    TEXT NOT NULL,
    currency        TEXT NOT NULL,
    balance_fen     BIGINT NOT NULL,
    opened_on       TEXT NOT NULL,
    sort_order      BIGINT NOT NULL,
    details         TEXT NOT NULL          -- JSON: the kind's own facts
);

CREATE TABLE transactions (
    id                BIGINT PRIMARY KEY NOT NULL,
    account_id        BIGINT NOT NULL REFERENCES accounts(id),
    posted_at         BIGINT NOT NULL,
    amount_fen        BIGINT NOT NULL,
    balance_after_fen BIGINT NOT NULL,
    category          TEXT NOT NULL,
    counterparty      TEXT
);

-- Registered devices; only a hash of the session token is kept.
CREATE TABLE devices (
    id          TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);

-- The change log a device pulls, per customer, in seq order.
CREATE TABLE changes (
    seq         BIGSERIAL PRIMARY KEY,
    customer_id TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    data        TEXT NOT NULL,             -- JSON
    created_at  BIGINT NOT NULL
);
CREATE INDEX changes_by_customer ON changes (customer_id, seq);

-- Commands sent from device outboxes (user intents).
CREATE TABLE commands (
    id          BIGSERIAL PRIMARY KEY,
    device_id   TEXT NOT NULL REFERENCES devices(id),
    kind        TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Idempotency keys (Stripe-style): the first response, replayed; the same
-- key with a different request is refused. Kept at least 24 hours.
CREATE TABLE idempotency_keys (
    device_id    TEXT NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       BIGINT NOT NULL,
    response     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (device_id, key)
);

CREATE TABLE settings (
    device_id  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (device_id, key)
);

CREATE TABLE complaints (
    id         BIGSERIAL PRIMARY KEY,
    device_id  TEXT NOT NULL,
    category   TEXT NOT NULL,
    text       TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
