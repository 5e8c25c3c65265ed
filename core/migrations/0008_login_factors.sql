-- Biometric login on this phone: on, or paused after the phone's enrolled
-- fingerprints or faces changed (the PIN once, then on again with a new
-- key). Off: no row. The key itself lives in the phone's secure hardware.
CREATE TABLE auth_biometric (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    state      TEXT NOT NULL CHECK (state IN ('on', 'paused')),
    changed_at INTEGER NOT NULL
) STRICT;
