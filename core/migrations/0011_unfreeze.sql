-- The way back after 我被骗了, as the bank holds it: her request to unfreeze
-- her cards, done a day later unless she cancels it.
CREATE TABLE unfreeze (
    id         INTEGER PRIMARY KEY NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('waiting', 'cancelled', 'done')),
    not_before INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER
) STRICT;
