-- Voiceprint login on this phone: the sealed template (never a recording),
-- which embedder made it, and the wrong tries since the last right one
-- (five pause it until the PIN is given). Each wrong try is committed
-- before it is answered.
CREATE TABLE voiceprint (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    embedder    TEXT NOT NULL,
    template    BLOB NOT NULL,
    utterances  INTEGER NOT NULL,
    enrolled_at INTEGER NOT NULL,
    failures    INTEGER NOT NULL DEFAULT 0,
    paused      INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Fingerprints (SHA-256) of recordings already used: the same recording
-- played again is refused.
CREATE TABLE voiceprint_seen (
    hash    TEXT PRIMARY KEY NOT NULL,
    seen_at INTEGER NOT NULL
) STRICT;
