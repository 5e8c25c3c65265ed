-- Trust at the bank (issue 18): the bank's own secrets, the PIN as the bank
-- checks it, sessions that end, phones that can be removed, and one-time
-- codes the bank counts per ID number and per phone.

-- Secrets generated on first start (or given by configuration): the OPAQUE
-- keys, the scam list's signing key, the one-time codes' pepper. Kept with
-- the bank's data, so every gateway over one PostgreSQL shares them.
CREATE TABLE server_secrets (
    name  TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- The customer's PIN as the bank checks it: an OPAQUE registration record
-- (never the PIN, nor anything it can be read back from without the
-- bank's OPRF key), and the tries counted by the bank's clock.
CREATE TABLE customer_pins (
    customer_id  TEXT PRIMARY KEY NOT NULL REFERENCES customers(id),
    record       TEXT NOT NULL,
    failures     BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    set_at       BIGINT NOT NULL,
    reset_at     BIGINT
);

-- The bank's half of an OPAQUE login, kept from its answer to the proof.
ALTER TABLE auth_challenges ADD COLUMN opaque_state TEXT;

-- Sessions end after 15 minutes without use, at logout, at the phone's
-- relock, and when the phone is removed.
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
ALTER TABLE sessions ADD COLUMN ended_at BIGINT;
UPDATE sessions SET last_used_at = created_at;

-- A phone's voiceprint-released key (registered under a PIN session), the
-- PIN reset it may complete (until), when it was removed and last used.
ALTER TABLE devices ADD COLUMN voice_key TEXT;
ALTER TABLE devices ADD COLUMN pin_reset_until BIGINT;
ALTER TABLE devices ADD COLUMN removed_at BIGINT;
ALTER TABLE devices ADD COLUMN last_used_at BIGINT;

-- One-time codes, now also for ID numbers the bank does not know (a decoy
-- with no customer, answered the same way), counted per ID number
-- (`subject`, a keyed hash) and per phone.
ALTER TABLE one_time_codes ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE one_time_codes ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE one_time_codes ADD COLUMN device_id TEXT REFERENCES devices(id);
CREATE INDEX one_time_codes_subject ON one_time_codes (subject, created_at);
CREATE INDEX one_time_codes_device ON one_time_codes (device_id, created_at);
