-- Family: a helper pays the elder's bills, and a link carries phone numbers.

-- A helper or guardian may pay the elder's bill from her account: a bill
-- can now be paid by 'family'. SQLite cannot change a CHECK in place, so the
-- table is copied (inside the migration's transaction: a kill leaves either
-- the old table or the new one).
CREATE TABLE bills_new (
    id              INTEGER PRIMARY KEY NOT NULL,
    bill_account_id INTEGER NOT NULL,
    period          TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    issued_on       TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('unpaid', 'paid')),
    paid_by         TEXT CHECK (paid_by IN ('customer', 'autopay', 'family')),
    paid_at         INTEGER
) STRICT;
INSERT INTO bills_new (id, bill_account_id, period, amount_fen, issued_on, due_on, status, paid_by, paid_at)
    SELECT id, bill_account_id, period, amount_fen, issued_on, due_on, status, paid_by, paid_at FROM bills;
DROP TABLE bills;
ALTER TABLE bills_new RENAME TO bills;
CREATE INDEX bills_by_account ON bills (bill_account_id, due_on);

-- A helper's payment of the elder's bill is sent once, like her own.
CREATE TABLE live_attempts_new (
    client_key TEXT PRIMARY KEY NOT NULL,
    what       TEXT NOT NULL CHECK (what IN ('bill', 'autopay', 'order', 'family_bill')),
    ref_id     INTEGER NOT NULL,
    request    TEXT NOT NULL,            -- JSON, as sent
    state      TEXT NOT NULL CHECK (state IN ('sending', 'unknown')),
    created_at INTEGER NOT NULL
) STRICT;
INSERT INTO live_attempts_new (client_key, what, ref_id, request, state, created_at)
    SELECT client_key, what, ref_id, request, state, created_at FROM live_attempts;
DROP TABLE live_attempts;
ALTER TABLE live_attempts_new RENAME TO live_attempts;
CREATE UNIQUE INDEX live_attempts_one_per_thing ON live_attempts (what, ref_id);

-- A link carries both people's mobile numbers from the bank's records, so
-- 给女儿打电话 opens the dialer with her number.
ALTER TABLE family_links ADD COLUMN elder_phone TEXT;
ALTER TABLE family_links ADD COLUMN member_phone TEXT;
