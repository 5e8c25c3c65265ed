-- Cards and their locks (智能安全卫士), simulated authorisations, and
-- scam reports (我被骗了). Flags are 0/1.
CREATE TABLE cards (
    id            BIGINT PRIMARY KEY NOT NULL,
    customer_id   TEXT NOT NULL REFERENCES customers(id),
    account_id    BIGINT NOT NULL REFERENCES accounts(id),
    kind          TEXT NOT NULL,
    last4         TEXT NOT NULL,
    home_region   TEXT NOT NULL,
    region_lock   BIGINT NOT NULL DEFAULT 0,
    overseas_lock BIGINT NOT NULL DEFAULT 0,
    night_lock    BIGINT NOT NULL DEFAULT 0,
    online_lock   BIGINT NOT NULL DEFAULT 0,
    night_from    BIGINT NOT NULL,
    night_to      BIGINT NOT NULL,
    frozen        BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE authorizations (
    id         BIGSERIAL PRIMARY KEY,
    card_id    BIGINT NOT NULL REFERENCES cards(id),
    channel    TEXT NOT NULL,
    country    TEXT NOT NULL,
    region     TEXT,
    amount_fen BIGINT NOT NULL,
    at         BIGINT NOT NULL,
    approved   BIGINT NOT NULL,
    reason     TEXT
);

CREATE TABLE scam_reports (
    id          BIGSERIAL PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    device_id   TEXT NOT NULL REFERENCES devices(id),
    created_at  BIGINT NOT NULL
);
