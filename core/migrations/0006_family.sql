-- Family binding on the device, mirrored from the change log: links (as
-- the elder: my family members; as a member: the elders I look after),
-- alerts about elders, co-sign approvals, and the elder's audit list of
-- everything a family member looked at or did.
CREATE TABLE family_links (
    id          INTEGER PRIMARY KEY NOT NULL,
    elder_id    TEXT NOT NULL,
    elder_name  TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    member_name TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'helper', 'guardian')),
    status      TEXT NOT NULL CHECK (status IN ('pending_consent', 'active', 'declined', 'revoked')),
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE family_alerts (
    id         INTEGER PRIMARY KEY NOT NULL,
    elder_id   TEXT NOT NULL,
    elder_name TEXT NOT NULL,
    kind       TEXT NOT NULL,
    amount_fen INTEGER,
    payee_name TEXT,
    created_at INTEGER NOT NULL,
    seen       INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1))
) STRICT;

CREATE TABLE approvals (
    id          INTEGER PRIMARY KEY NOT NULL,
    transfer_id INTEGER NOT NULL,
    elder_id    TEXT NOT NULL,
    elder_name  TEXT NOT NULL,
    payee_name  TEXT NOT NULL,
    last4       TEXT NOT NULL,
    amount_fen  INTEGER NOT NULL,
    reasons     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'awaiting_elder', 'approved', 'rejected', 'expired')),
    decided_by  TEXT,
    decided_at  INTEGER,
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX approvals_by_transfer ON approvals (transfer_id);

CREATE TABLE family_audit (
    id          INTEGER PRIMARY KEY NOT NULL,
    member_name TEXT NOT NULL,
    action      TEXT NOT NULL,
    amount_fen  INTEGER,
    payee_name  TEXT,
    at          INTEGER NOT NULL
) STRICT;
