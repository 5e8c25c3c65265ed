-- Family binding (亲情账户): invites (only a hash of the 6-digit code is
-- kept), links with a role and the elder's consent, failed code attempts
-- (per device), co-sign approvals of transfers, alerts to family members,
-- and the elder's audit list of what family members looked at and did.
-- The full number of an account where the sandbox knows it (a family
-- member's own account, to spot a guardian approving money to themselves).
ALTER TABLE accounts ADD COLUMN number TEXT;

-- The arrival delay the elder chose, kept for a transfer that waits for a
-- guardian: approved, it is scheduled with that delay (cancellable).
ALTER TABLE transfers ADD COLUMN delay_secs BIGINT NOT NULL DEFAULT 0;

CREATE TABLE family_invites (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    elder_id   TEXT NOT NULL REFERENCES customers(id),
    code_hash  TEXT NOT NULL,
    role       TEXT NOT NULL,
    status     TEXT NOT NULL,          -- open, used, withdrawn
    failed     INTEGER NOT NULL DEFAULT 0, -- wrong codes entered anywhere while open
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX family_invites_open ON family_invites (code_hash, status);

CREATE TABLE family_attempts (
    device_id TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX family_attempts_by_device ON family_attempts (device_id, at);

CREATE TABLE family_links (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    elder_id   TEXT NOT NULL REFERENCES customers(id),
    member_id  TEXT NOT NULL REFERENCES customers(id),
    role       TEXT NOT NULL,
    status     TEXT NOT NULL,          -- pending_consent, active, declined, revoked
    invite_id  INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX family_links_by_elder ON family_links (elder_id, status);
CREATE INDEX family_links_by_member ON family_links (member_id, status);

CREATE TABLE approvals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id     INTEGER NOT NULL UNIQUE REFERENCES transfers(id),
    elder_id        TEXT NOT NULL REFERENCES customers(id),
    status          TEXT NOT NULL,     -- pending, awaiting_elder, approved, rejected, expired
    guardian_id     TEXT,              -- who decided
    decided_at      INTEGER,
    expires_at      INTEGER NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX approvals_open ON approvals (status, expires_at);

CREATE TABLE family_alerts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    elder_id   TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    amount_fen INTEGER,
    payee_name TEXT,
    created_at INTEGER NOT NULL
);

CREATE TABLE family_audit (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    elder_id   TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    action     TEXT NOT NULL,
    amount_fen INTEGER,
    payee_name TEXT,
    at         INTEGER NOT NULL
);
CREATE INDEX family_audit_by_elder ON family_audit (elder_id, at);
