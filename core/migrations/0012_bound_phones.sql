-- Her phones as the bank announced them when each was bound, in the
-- order of binding (`seq`, the change's cursor). A phone bound after this
-- one shows a notice here until she says it is hers (`seen`).
CREATE TABLE bound_phones (
    device_id TEXT PRIMARY KEY NOT NULL,
    name      TEXT NOT NULL,
    bound_at  INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    seen      INTEGER NOT NULL DEFAULT 0 CHECK (seen IN (0, 1))
) STRICT;
