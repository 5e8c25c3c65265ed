-- Login with the device key: the public half of each device's Ed25519 key,
-- single-use challenges, and sessions (only a hash of the session token).
ALTER TABLE devices ADD COLUMN public_key TEXT;

CREATE TABLE auth_challenges (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id  TEXT NOT NULL REFERENCES devices(id),
    nonce      TEXT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    device_id  TEXT NOT NULL REFERENCES devices(id),
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
