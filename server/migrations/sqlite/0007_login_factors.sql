-- Biometric login: the public half of each phone's biometric-bound P-256
-- key, and which key answered each challenge and opened each session.
ALTER TABLE devices ADD COLUMN biometric_key TEXT;
ALTER TABLE auth_challenges ADD COLUMN method TEXT NOT NULL DEFAULT 'device_key';
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'device_key';

-- Binding a phone and resetting a PIN: the customer's ID-card number and
-- the mobile number the bank sends one-time codes to.
ALTER TABLE customers ADD COLUMN id_number TEXT;
ALTER TABLE customers ADD COLUMN phone TEXT;

-- One-time codes sent by SMS (only a hash is kept). A code is for one
-- purpose, used once, dead after its time or after too many wrong tries.
CREATE TABLE one_time_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    purpose     TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    failures    INTEGER NOT NULL DEFAULT 0,
    used        INTEGER NOT NULL DEFAULT 0,
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX one_time_codes_customer ON one_time_codes (customer_id, created_at);

-- The sandbox bank's SMS outbox: what a real bank hands its SMS gateway.
-- Testers read it at GET /v1/sandbox/sms (by customer, or by code).
CREATE TABLE sandbox_sms (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    code_id     INTEGER NOT NULL,
    phone       TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
