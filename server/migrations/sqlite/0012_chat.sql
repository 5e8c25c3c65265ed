-- 人工客服 in writing: a customer's conversation with the bank's agents.
-- Waiting ones are served elders first (priority 1), then oldest first.
CREATE TABLE chats (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    status      TEXT NOT NULL,          -- waiting, open, closed
    priority    INTEGER NOT NULL,       -- 1: an elder (65+, or asked for 敬老/银发/人工)
    created_at  BIGINT NOT NULL,
    taken_at    BIGINT,
    closed_at   BIGINT
);
CREATE INDEX chats_by_customer ON chats (customer_id, status);
CREATE INDEX chats_by_status ON chats (status, priority, created_at);

CREATE TABLE chat_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL REFERENCES chats(id),
    from_agent  INTEGER NOT NULL,
    body        TEXT NOT NULL,
    client_key  TEXT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX chat_messages_by_chat ON chat_messages (chat_id, id);
