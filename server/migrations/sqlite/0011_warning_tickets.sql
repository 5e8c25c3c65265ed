-- A warning's acknowledgement is a ticket the bank issued with the warning
-- (issue 18): for this customer, this phone and these very terms, good
-- only after the warning's wait (by seconds that really passed at the
-- bank) and only once. Only the ticket's SHA-256 is kept.
CREATE TABLE warning_tickets (
    id          TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    device_id   TEXT NOT NULL REFERENCES devices(id),
    terms       TEXT NOT NULL,
    decision    TEXT NOT NULL,
    reasons     TEXT NOT NULL,
    ready_ms    INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL,
    used_at     INTEGER
);
CREATE INDEX warning_tickets_customer ON warning_tickets (customer_id, expires_ms);
