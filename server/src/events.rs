//! `GET /v1/events`: server-sent events telling an open app that its
//! customer's change log grew, so it syncs at once instead of at its next
//! 30-second pull. An event carries nothing but "something changed": the
//! change log stays the only source of truth, and a missed event changes
//! nothing (the next pull brings it).
//!
//! One watcher per gateway follows the change log's high-water mark (only
//! what is committed is seen: writers hold the change-log lock, so `seq`
//! order is commit order) and, while anyone listens, broadcasts the
//! customers whose log grew. Each stream is behind a live session, ends
//! when the session would (or after [`STREAM_SECS`], when the app asks
//! again and the session is checked again), and ends when the gateway
//! stops.

use crate::AppState;
use crate::http::{ApiError, ErrorBody};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::Stream;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often the watcher looks at the change log while anyone listens.
pub const WATCH_EVERY: Duration = Duration::from_millis(200);
/// Longest one stream lasts before the app asks again (and the session is
/// checked again).
pub const STREAM_SECS: i64 = 60;

/// The gateway's event bus: customers whose log grew, and whether the
/// gateway is stopping.
#[derive(Clone)]
pub struct Bus {
    grew: broadcast::Sender<Arc<str>>,
    stopping: watch::Sender<bool>,
}

impl Default for Bus {
    fn default() -> Self {
        Bus {
            grew: broadcast::channel(1024).0,
            stopping: watch::channel(false).0,
        }
    }
}

impl Bus {
    /// Ends every open stream (the gateway is stopping).
    pub fn stop(&self) {
        let _ = self.stopping.send(true);
    }

    /// How many streams are open.
    pub fn listeners(&self) -> usize {
        self.grew.receiver_count()
    }
}

/// Broadcasts the customers whose change log grew, while anyone listens.
pub async fn watch_changes(state: AppState) {
    // Listening for the stop before anything else: a stop that comes while
    // the first query runs is not missed.
    let mut stopping = state.events.stopping.subscribe();
    let mut last: i64 = match max_seq(&state).await {
        Ok(seq) => seq,
        Err(e) => {
            tracing::warn!(error = %e, "the change-log watcher could not start");
            return;
        }
    };
    loop {
        if *stopping.borrow_and_update() {
            return;
        }
        tokio::select! {
            _ = tokio::time::sleep(WATCH_EVERY) => {}
            _ = stopping.changed() => return,
        }
        // Nobody listens: the mark follows the log (read first, so a stream
        // that opens meanwhile is covered by the pull its `ready` starts).
        let Ok(top) = max_seq(&state).await else {
            continue;
        };
        if state.events.listeners() == 0 {
            last = top;
            continue;
        }
        let grown: Result<Vec<(String, i64)>, sqlx::Error> = sqlx::query_as(
            "SELECT customer_id, MAX(seq) FROM changes WHERE seq > $1 GROUP BY customer_id",
        )
        .bind(last)
        .fetch_all(&state.db.pool)
        .await;
        match grown {
            Ok(rows) => {
                for (customer, seq) in rows {
                    last = last.max(seq);
                    let _ = state.events.grew.send(customer.into());
                }
            }
            Err(e) => tracing::warn!(error = %e, "the change-log watcher will retry"),
        }
    }
}

async fn max_seq(state: &AppState) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM changes")
        .fetch_one(&state.db.pool)
        .await
}

/// `GET /v1/events`
#[utoipa::path(
    get,
    path = "/v1/events",
    tag = "sync",
    summary = "Server-sent events: `ready` once, then `changed` whenever the customer's change log grows (pull /v1/changes)",
    security(("device" = [])),
    responses(
        (status = 200, description = "the event stream (ends within 60 s, or with the session; ask again)", content_type = "text/event-stream", body = String),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>>, ApiError> {
    let caller = crate::auth::session_of(&state, &headers).await?;
    let customer: Arc<str> = caller.customer.into();
    // Until the session would end if unused, and never longer than a minute.
    let secs = (caller.expires_at - state.now()).clamp(1, STREAM_SECS);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs as u64);
    let grew = state.events.grew.subscribe();
    let stopping = state.events.stopping.subscribe();
    struct Follow {
        grew: broadcast::Receiver<Arc<str>>,
        stopping: watch::Receiver<bool>,
        customer: Arc<str>,
        deadline: tokio::time::Instant,
        ready_sent: bool,
    }
    let follow = Follow {
        grew,
        stopping,
        customer,
        deadline,
        ready_sent: false,
    };
    let stream = futures_util::stream::unfold(follow, |mut f| async move {
        if !f.ready_sent {
            f.ready_sent = true;
            return Some((Ok(Event::default().event("ready").data("{}")), f));
        }
        if *f.stopping.borrow() {
            return None;
        }
        loop {
            tokio::select! {
                got = f.grew.recv() => match got {
                    Ok(who) if who == f.customer => {
                        return Some((Ok(Event::default().event("changed").data("{}")), f));
                    }
                    Ok(_) => continue,
                    // Too far behind to know: say something changed.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        return Some((Ok(Event::default().event("changed").data("{}")), f));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = tokio::time::sleep_until(f.deadline) => return None,
                _ = f.stopping.changed() => return None,
            }
        }
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
