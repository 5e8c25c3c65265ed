//! 人工客服 in writing: she writes to a person at the bank in large text,
//! offline too (a line waits, marked 等待联网后发送, and is sent once by the
//! outbox), sees her place in the queue and the expected wait in words, and
//! reads the agent's answers as they come (the bank's event stream wakes
//! the sync). The conversation is kept in the phone's encrypted store and at
//! the bank. Elders go to the front of the queue ([`priority`]).

use crate::bank::wire::{self, Command};
use crate::store::StoreError;
use crate::{Companion, CompanionError, sync};
use serde::Deserialize;
use serde_json::Value;
use sqlx::SqliteConnection;

/// Longest line, in characters.
pub const MAX_CHARS: usize = 500;
/// Age from which a customer is served first (65 included: "65岁以上").
pub const ELDER_AGE: i32 = 65;
/// Words that ask for the elder service in the first line.
pub const ELDER_WORDS: [&str; 3] = ["敬老", "银发", "人工"];
/// What one conversation takes an agent, on average, in minutes: the
/// expected wait is this times the people ahead, plus one.
pub const MINUTES_PER_CHAT: i64 = 3;

/// Whether a conversation goes to the front of the queue: she is 65 or
/// over, or asked for the elder service in her first line.
pub fn priority(age: Option<i32>, first_line: &str) -> bool {
    age.is_some_and(|a| a >= ELDER_AGE) || ELDER_WORDS.iter().any(|w| first_line.contains(w))
}

/// The line as it is kept (trimmed), when it is 1–[`MAX_CHARS`] characters
/// without control characters.
pub fn accept(text: &str) -> Option<&str> {
    crate::bank::wire::plain_text(text, MAX_CHARS)
}

/// One line of the conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Written by the agent (else by her).
    pub from_agent: bool,
    /// What was written.
    pub text: String,
    /// Still on the phone, to be sent when it is online.
    pub waiting: bool,
    /// Unix seconds.
    pub created_at: i64,
}

/// Where her conversation stands at the bank.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// No open conversation.
    None,
    /// Waiting: people ahead, expected minutes.
    Waiting {
        /// How many are before her.
        ahead: i64,
        /// Expected wait, in minutes.
        minutes: i64,
    },
    /// An agent is answering.
    Open,
}

impl Companion {
    /// Writes a line to the bank's agent: kept at once, sent when online.
    pub async fn send_chat(&self, text: &str) -> Result<(), CompanionError> {
        let text = accept(text).ok_or(CompanionError::InvalidChat)?;
        self.inner.store.ensure_writable()?;
        let now = self.now().timestamp();
        let mut tx = self.inner.store.begin().await?;
        let command = Command::ChatMessage {
            text: text.to_string(),
        };
        let key = sync::outbox::enqueue(&mut tx, &command, now).await?;
        sqlx::query(
            "INSERT INTO chat_messages (outbox_key, from_agent, text, state, created_at) VALUES (?, 0, ?, 'waiting', ?)",
        )
        .bind(&key)
        .bind(text)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// The conversation on this phone, oldest first.
    pub async fn chat(&self) -> Result<Vec<Line>, CompanionError> {
        let mut conn = self.inner.store.acquire().await?;
        let rows: Vec<(bool, String, String, i64)> = sqlx::query_as(
            "SELECT from_agent, text, state, created_at FROM chat_messages ORDER BY created_at, local_id",
        )
        .fetch_all(&mut *conn)
        .await
        .map_err(StoreError::from)?;
        Ok(rows
            .into_iter()
            .map(|(from_agent, text, state, created_at)| Line {
                from_agent,
                text,
                waiting: state == "waiting",
                created_at,
            })
            .collect())
    }

    /// Her place in the bank's queue, asked live.
    pub async fn chat_queue(&self) -> Result<Queue, CompanionError> {
        let (server, token) = self
            .bank_session()
            .await?
            .ok_or(CompanionError::NeedsConnection)?;
        let v = self
            .gateway(&server)
            .chat_state(&token)
            .await
            .map_err(|e| self.gateway_error(e))?;
        let s =
            wire::ChatState::deserialize(&v).map_err(|_| CompanionError::SyncDataNotUnderstood)?;
        Ok(match (s.status.as_str(), s.ahead, s.wait_minutes) {
            ("waiting", Some(ahead), Some(minutes)) => Queue::Waiting { ahead, minutes },
            ("open", _, _) => Queue::Open,
            _ => Queue::None,
        })
    }
}

/// Applies a `chat_message` change: her own line (matched by its outbox
/// key, even when the push's answer was lost) becomes sent; anything else
/// is added once. `None` when it is not understood.
pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    d: &Value,
) -> Option<Result<(), StoreError>> {
    let m = wire::ChatLine::deserialize(d).ok()?;
    let updated = sqlx::query(
        "UPDATE chat_messages SET server_id = ?, chat_id = ?, state = 'sent' WHERE outbox_key = ? OR server_id = ?",
    )
    .bind(m.id)
    .bind(m.chat_id)
    .bind(&m.client_key)
    .bind(m.id)
    .execute(&mut *conn)
    .await;
    match updated {
        Err(e) => return Some(Err(e.into())),
        Ok(u) if u.rows_affected() > 0 => return Some(Ok(())),
        Ok(_) => {}
    }
    Some(
        sqlx::query(
            "INSERT INTO chat_messages (server_id, outbox_key, chat_id, from_agent, text, state, created_at) \
             VALUES (?, ?, ?, ?, ?, 'sent', ?)",
        )
        .bind(m.id)
        .bind(&m.client_key)
        .bind(m.chat_id)
        .bind(m.from_agent)
        .bind(&m.text)
        .bind(m.created_at)
        .execute(conn)
        .await
        .map(|_| ())
        .map_err(StoreError::from),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elders_and_the_elder_words_go_first() {
        assert!(priority(Some(65), "你好"), "65 is 65岁以上");
        assert!(!priority(Some(64), "你好"));
        assert!(priority(Some(40), "我要转人工"));
        assert!(priority(None, "敬老服务"));
        assert!(!priority(None, "你好"));
    }

    #[test]
    fn a_line_is_trimmed_and_checked() {
        assert_eq!(accept("  养老金到了吗 "), Some("养老金到了吗"));
        assert_eq!(accept("   "), None);
        assert_eq!(accept(&"字".repeat(MAX_CHARS + 1)), None);
        assert_eq!(accept("a\u{7}b"), None);
    }
}
