-- 人工客服 in writing: her conversation with the bank's agent. A line she
-- writes is kept at once ('waiting', with its outbox key) and sent once;
-- the bank's copy (and the agent's answers) arrive as `chat_message` changes.
CREATE TABLE chat_messages (
    local_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id  INTEGER UNIQUE,
    outbox_key TEXT UNIQUE,
    chat_id    INTEGER,
    from_agent INTEGER NOT NULL CHECK (from_agent IN (0, 1)),
    text       TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('waiting', 'sent')),
    created_at INTEGER NOT NULL
) STRICT;
