//! 人工客服 in writing, the bank's side. A customer's line arrives as a
//! `chat_message` command (once, by its key) and opens a conversation if
//! she has none; she asks where she stands in the queue with `GET
//! /v1/chat`. Agents work from the console (`GET /agent`, a page of this
//! gateway): the queue (elders first, then oldest first), take one, answer,
//! close. An agent sees her masked name and her age band, never her ID or
//! card numbers. Every line reaches her phone through her change log.
//!
//! The agents' routes need the operator credential at the bank; the
//! sandbox's console is open to its testers.

use crate::AppState;
use crate::db::insert_change;
use crate::http::{ApiError, ErrorBody, json_body, short_text};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Html;
use happylife_core::bank::wire::{ChatLine, ChatState, wire_body};
use happylife_core::chat::{MAX_CHARS, MINUTES_PER_CHAT};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

type Tx<'a> = sqlx::Transaction<'a, sqlx::Any>;

/// Adds her line to her open conversation (opening one, placed by
/// [`happylife_core::chat::priority`], if she has none), and logs it.
pub(crate) async fn customer_line(
    tx: &mut Tx<'_>,
    customer: &str,
    text: &str,
    key: &str,
    now: i64,
    today: chrono::NaiveDate,
) -> Result<ChatLine, ApiError> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM chats WHERE customer_id = $1 AND status IN ('waiting', 'open') ORDER BY id DESC LIMIT 1",
    )
    .bind(customer)
    .fetch_optional(&mut **tx)
    .await?;
    let chat_id = match open {
        Some(id) => id,
        None => {
            let birth: Option<String> =
                sqlx::query_scalar("SELECT birth_date FROM customers WHERE id = $1")
                    .bind(customer)
                    .fetch_optional(&mut **tx)
                    .await?;
            let age = birth
                .and_then(|b| chrono::NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok())
                .map(|b| happylife_core::accounts::age_on(b, today) as i32);
            let priority = i64::from(happylife_core::chat::priority(age, text));
            sqlx::query_scalar(
                "INSERT INTO chats (customer_id, status, priority, created_at) VALUES ($1, 'waiting', $2, $3) RETURNING id",
            )
            .bind(customer)
            .bind(priority)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?
        }
    };
    add_line(tx, customer, chat_id, false, text, Some(key), now).await
}

async fn add_line(
    tx: &mut Tx<'_>,
    customer: &str,
    chat_id: i64,
    from_agent: bool,
    text: &str,
    key: Option<&str>,
    now: i64,
) -> Result<ChatLine, ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO chat_messages (chat_id, from_agent, body, client_key, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(chat_id)
    .bind(i64::from(from_agent))
    .bind(text)
    .bind(key)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let line = ChatLine {
        id,
        chat_id,
        from_agent,
        text: text.to_string(),
        created_at: now,
        client_key: key.map(str::to_string),
    };
    insert_change(
        tx,
        customer,
        "chat_message",
        &id.to_string(),
        &wire_body(&line),
        now,
    )
    .await?;
    Ok(line)
}

/// The conversation of hers still open: (id, status, priority, created).
async fn current(
    state: &AppState,
    customer: &str,
) -> Result<Option<(i64, String, i64, i64)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, status, priority, created_at FROM chats WHERE customer_id = $1 \
         AND status IN ('waiting', 'open') ORDER BY id DESC LIMIT 1",
    )
    .bind(customer)
    .fetch_optional(&state.db.pool)
    .await?)
}

/// `GET /v1/chat`
#[utoipa::path(
    get,
    path = "/v1/chat",
    tag = "chat",
    summary = "Where her written conversation with the bank stands: none, waiting (with the people ahead and the expected wait) or open",
    security(("device" = [])),
    responses(
        (status = 200, description = "where it stands", body = ChatState),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn chat_state(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ChatState>, ApiError> {
    let (_, customer) = crate::http::authenticate(&state, &headers).await?;
    let answer = match current(&state, &customer).await? {
        None => ChatState {
            status: "none".into(),
            ahead: None,
            wait_minutes: None,
        },
        Some((_, status, _, _)) if status == "open" => ChatState {
            status: "open".into(),
            ahead: None,
            wait_minutes: None,
        },
        Some((id, _, priority, created)) => {
            let ahead: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM chats WHERE status = 'waiting' AND (priority > $1 \
                 OR (priority = $1 AND (created_at < $2 OR (created_at = $2 AND id < $3))))",
            )
            .bind(priority)
            .bind(created)
            .bind(id)
            .fetch_one(&state.db.pool)
            .await?;
            ChatState {
                status: "waiting".into(),
                ahead: Some(ahead),
                wait_minutes: Some((ahead + 1) * MINUTES_PER_CHAT),
            }
        }
    };
    Ok(Json(answer))
}

/// The agents' routes: the operator credential at the bank, open in the
/// sandbox (its testers' console).
pub(crate) fn agent(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    if state.sandbox {
        Ok(())
    } else {
        state.operator.check(headers)
    }
}

/// One conversation in the agents' queue: who, as an agent may see her.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QueuedChat {
    /// The conversation.
    pub id: i64,
    /// `waiting` or `open`.
    pub status: String,
    /// Served first: an elder.
    pub elder: bool,
    /// Her name, masked (王*兰).
    pub name: String,
    /// Her age band (`70-79`).
    pub age_band: String,
    /// When she first wrote (unix seconds).
    pub since: i64,
    /// Her latest line.
    pub last_line: String,
}

/// The agents' queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChatQueue {
    /// Waiting ones first (elders first, then oldest first), then open ones.
    pub chats: Vec<QueuedChat>,
}

/// A conversation's lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ChatLines {
    /// Oldest first.
    pub lines: Vec<ChatLine>,
}

/// An agent's line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AgentLine {
    /// 1–500 characters.
    #[schema(min_length = 1, max_length = 500)]
    pub text: String,
}

/// A name as an agent sees it: the first and last characters.
fn masked(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

fn age_band(birth: &str, today: chrono::NaiveDate) -> String {
    match chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d") {
        Ok(b) => {
            let decade = happylife_core::accounts::age_on(b, today) / 10 * 10;
            format!("{decade}-{}", decade + 9)
        }
        Err(_) => "?".into(),
    }
}

/// (id, status, priority, since, name, birth date, her latest line).
type QueueRow = (i64, String, i64, i64, String, String, Option<String>);

/// `GET /v1/operator/chats`
#[utoipa::path(
    get,
    path = "/v1/operator/chats",
    tag = "operator",
    summary = "The agents' queue: waiting conversations (elders first), then open ones (operator)",
    security(("operator" = [])),
    responses(
        (status = 200, description = "the queue", body = ChatQueue),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ChatQueue>, ApiError> {
    agent(&state, &headers)?;
    let today = state.at().date_naive();
    let rows: Vec<QueueRow> = sqlx::query_as(
        "SELECT c.id, c.status, c.priority, c.created_at, cu.name, cu.birth_date, \
         (SELECT m.body FROM chat_messages m WHERE m.chat_id = c.id AND m.from_agent = 0 ORDER BY m.id DESC LIMIT 1) \
         FROM chats c JOIN customers cu ON cu.id = c.customer_id WHERE c.status IN ('waiting', 'open') \
         ORDER BY CASE c.status WHEN 'waiting' THEN 0 ELSE 1 END, c.priority DESC, c.created_at, c.id",
    )
    .fetch_all(&state.db.pool)
    .await?;
    let chats = rows
        .into_iter()
        .map(
            |(id, status, priority, since, name, birth, last)| QueuedChat {
                id,
                status,
                elder: priority > 0,
                name: masked(&name),
                age_band: age_band(&birth, today),
                since,
                last_line: last.unwrap_or_default(),
            },
        )
        .collect();
    Ok(Json(ChatQueue { chats }))
}

fn chat_id(text: &str) -> Result<i64, ApiError> {
    text.parse()
        .map_err(|_| ApiError::not_found("chat_not_found", "no such conversation"))
}

/// (customer, status) of a conversation.
async fn chat_of(tx: &mut Tx<'_>, id: i64) -> Result<(String, String), ApiError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT customer_id, status FROM chats WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    row.ok_or_else(|| ApiError::not_found("chat_not_found", "no such conversation"))
}

/// `GET /v1/operator/chats/{id}/messages`
#[utoipa::path(
    get,
    path = "/v1/operator/chats/{id}/messages",
    tag = "operator",
    summary = "A conversation's lines (operator)",
    security(("operator" = [])),
    params(("id" = i64, Path, description = "conversation id")),
    responses(
        (status = 200, description = "the lines", body = ChatLines),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn lines(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ChatLines>, ApiError> {
    agent(&state, &headers)?;
    lines_of(&state, chat_id(&id)?).await
}

/// A conversation's lines, oldest first (404 when there is no such one).
async fn lines_of(state: &AppState, id: i64) -> Result<Json<ChatLines>, ApiError> {
    let mut tx = state.db.begin().await?;
    chat_of(&mut tx, id).await?;
    let rows: Vec<(i64, i64, String, i64)> = sqlx::query_as(
        "SELECT id, from_agent, body, created_at FROM chat_messages WHERE chat_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let lines = rows
        .into_iter()
        .map(|(line, from_agent, text, created_at)| ChatLine {
            id: line,
            chat_id: id,
            from_agent: from_agent != 0,
            text,
            created_at,
            client_key: None,
        })
        .collect();
    Ok(Json(ChatLines { lines }))
}

/// `POST /v1/operator/chats/{id}/take`
#[utoipa::path(
    post,
    path = "/v1/operator/chats/{id}/take",
    tag = "operator",
    summary = "An agent takes a waiting conversation (operator)",
    security(("operator" = [])),
    params(("id" = i64, Path, description = "conversation id")),
    responses(
        (status = 200, description = "taken", body = ChatLines),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody)
    )
)]
pub async fn take(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ChatLines>, ApiError> {
    agent(&state, &headers)?;
    let id = chat_id(&id)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    chat_of(&mut tx, id).await?;
    let taken = sqlx::query(
        "UPDATE chats SET status = 'open', taken_at = $1 WHERE id = $2 AND status = 'waiting'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if taken.rows_affected() == 0 {
        return Err(ApiError::conflict(
            "chat_not_waiting",
            "this conversation is not waiting: another agent has it, or it is closed",
        ));
    }
    tx.commit().await?;
    lines_of(&state, id).await
}

/// `POST /v1/operator/chats/{id}/messages`
#[utoipa::path(
    post,
    path = "/v1/operator/chats/{id}/messages",
    tag = "operator",
    summary = "An agent answers in a conversation (operator)",
    security(("operator" = [])),
    params(("id" = i64, Path, description = "conversation id")),
    request_body = AgentLine,
    responses(
        (status = 200, description = "the line as sent", body = ChatLine),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<ChatLine>, ApiError> {
    agent(&state, &headers)?;
    let id = chat_id(&id)?;
    let body = json_body(body)?;
    let text = short_text(body.get("text"), "text", MAX_CHARS)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    state.db.lock_change_log(&mut tx).await?;
    let (customer, status) = chat_of(&mut tx, id).await?;
    if status == "closed" {
        return Err(ApiError::conflict(
            "chat_closed",
            "this conversation is closed",
        ));
    }
    if status == "waiting" {
        sqlx::query("UPDATE chats SET status = 'open', taken_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let line = add_line(&mut tx, &customer, id, true, &text, None, now).await?;
    tx.commit().await?;
    Ok(Json(line))
}

/// `POST /v1/operator/chats/{id}/close`
#[utoipa::path(
    post,
    path = "/v1/operator/chats/{id}/close",
    tag = "operator",
    summary = "An agent closes a conversation; her next line opens a new one (operator)",
    security(("operator" = [])),
    params(("id" = i64, Path, description = "conversation id")),
    responses(
        (status = 200, description = "closed", body = ChatLines),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody)
    )
)]
pub async fn close(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<ChatLines>, ApiError> {
    agent(&state, &headers)?;
    let id = chat_id(&id)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    chat_of(&mut tx, id).await?;
    sqlx::query(
        "UPDATE chats SET status = 'closed', closed_at = $1 WHERE id = $2 AND status != 'closed'",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    lines_of(&state, id).await
}

/// `GET /agent`: the agents' console.
#[utoipa::path(
    get,
    path = "/agent",
    tag = "operator",
    summary = "The agents' console: a web page on the queue (its requests need the operator credential at the bank)",
    responses(
        (status = 200, description = "the page", content_type = "text/html", body = String)
    )
)]
pub async fn console() -> Html<&'static str> {
    Html(include_str!("agent_console.html"))
}

#[cfg(test)]
mod tests {
    use super::masked;

    #[test]
    fn an_agent_sees_only_the_ends_of_a_name() {
        assert_eq!(masked("王秀兰"), "王*兰");
        assert_eq!(masked("李娜"), "李*");
        assert_eq!(masked("欧阳娜娜"), "欧**娜");
        assert_eq!(masked(""), "");
    }
}
