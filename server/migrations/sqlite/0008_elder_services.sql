-- Elder services: utility accounts and their monthly bills (a credit-card
-- statement is a bill too, paid onto the card), auto-pay (代扣) agreements,
-- wealth products with their risk level PR1–PR5 and an age floor (elder
-- deposits), each customer's risk profile and holdings, the ID document's
-- expiry, and the bank's reply to a complaint.
ALTER TABLE customers ADD COLUMN id_expires_on TEXT;
ALTER TABLE complaints ADD COLUMN reply TEXT;
ALTER TABLE complaints ADD COLUMN updated_at BIGINT;

CREATE TABLE bill_accounts (
    id             BIGINT PRIMARY KEY NOT NULL,
    customer_id    TEXT NOT NULL REFERENCES customers(id),
    kind           TEXT NOT NULL,          -- water, electricity, gas, phone, credit_card
    provider       TEXT NOT NULL,
    last4          TEXT NOT NULL,
    pay_to_account BIGINT                  -- credit_card: the card account paid onto
);

CREATE TABLE bills (
    id              BIGINT PRIMARY KEY NOT NULL,
    bill_account_id BIGINT NOT NULL REFERENCES bill_accounts(id),
    period          TEXT NOT NULL,
    amount_fen      BIGINT NOT NULL,
    issued_on       TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL,          -- unpaid, paid
    paid_by         TEXT,                   -- customer, autopay
    paid_at         BIGINT
);
CREATE INDEX bills_by_account ON bills (bill_account_id, status);

CREATE TABLE autopay_agreements (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    bill_account_id BIGINT NOT NULL REFERENCES bill_accounts(id),
    from_account_id BIGINT NOT NULL,
    limit_fen       BIGINT NOT NULL,
    status          TEXT NOT NULL,          -- active, cancelled
    created_at      BIGINT NOT NULL,
    cancelled_at    BIGINT
);
CREATE UNIQUE INDEX autopay_one_active ON autopay_agreements (bill_account_id) WHERE status = 'active';

CREATE TABLE products (
    id        BIGINT PRIMARY KEY NOT NULL,
    code      TEXT NOT NULL UNIQUE,
    kind      TEXT NOT NULL,               -- deposit, wealth, fund
    risk      BIGINT NOT NULL,             -- 1..5 = PR1..PR5
    names     TEXT NOT NULL,               -- JSON by language tag
    min_fen   BIGINT NOT NULL,
    term_days BIGINT NOT NULL,
    rate_bp   BIGINT NOT NULL,
    min_age   BIGINT NOT NULL,             -- 60: only for customers aged 60 and over
    on_sale   BIGINT NOT NULL
);

CREATE TABLE risk_profiles (
    customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customers(id),
    level       BIGINT NOT NULL,           -- 1..5 = C1..C5
    answers     TEXT NOT NULL,
    assessed_at BIGINT NOT NULL
);

CREATE TABLE holdings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id     TEXT NOT NULL REFERENCES customers(id),
    product_id      BIGINT NOT NULL REFERENCES products(id),
    from_account_id BIGINT NOT NULL,
    amount_fen      BIGINT NOT NULL,
    bought_at       BIGINT NOT NULL
);
