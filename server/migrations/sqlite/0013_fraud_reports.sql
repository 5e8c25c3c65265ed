-- 举报: what customers reported (a number, account or site and what
-- happened). Staff confirm a report (it is published into the signed scam
-- list) or reject it; the customer's phone hears either way.
CREATE TABLE fraud_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    target      TEXT NOT NULL,
    note        TEXT NOT NULL,
    status      TEXT NOT NULL,          -- received, confirmed, rejected
    category    TEXT,                   -- confirmed: the scam it is used for
    client_key  TEXT,
    created_at  BIGINT NOT NULL,
    decided_at  BIGINT
);
CREATE INDEX fraud_reports_by_status ON fraud_reports (status, created_at);
