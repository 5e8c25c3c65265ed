-- Transfers: saved payees (the full account stays at the bank; devices get
-- the last four digits), every transfer attempt with the risk decision and
-- its reasons, and each customer's daily limit.
ALTER TABLE customers ADD COLUMN daily_limit_fen BIGINT NOT NULL DEFAULT 5000000;

CREATE TABLE payees (
    id           BIGSERIAL PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers(id),
    name         TEXT NOT NULL,
    account      TEXT NOT NULL,
    relationship TEXT,
    created_at   BIGINT NOT NULL,
    UNIQUE (customer_id, account)
);

CREATE TABLE transfers (
    id              BIGSERIAL PRIMARY KEY,
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    device_id       TEXT NOT NULL REFERENCES devices(id),
    client_key      TEXT NOT NULL,
    from_account_id BIGINT NOT NULL REFERENCES accounts(id),
    payee_id        BIGINT REFERENCES payees(id),
    payee_name      TEXT NOT NULL,
    payee_account   TEXT NOT NULL,
    amount_fen      BIGINT NOT NULL,
    note            TEXT NOT NULL,
    status          TEXT NOT NULL,      -- completed, scheduled, cancelled, blocked, awaiting_cosign
    decision        TEXT NOT NULL,      -- allow, warn, cosign, block
    reasons         TEXT NOT NULL,      -- JSON list of reason codes
    arrive_at       BIGINT,
    created_at      BIGINT NOT NULL,
    UNIQUE (customer_id, client_key)
);
CREATE INDEX transfers_by_customer ON transfers (customer_id, created_at);
