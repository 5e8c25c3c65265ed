//! Who is calling: the bearer token of a request, and the customer behind
//! a live session (the session itself is [`crate::auth`]'s).

use super::ApiError;
use crate::AppState;
use axum::http::HeaderMap;

/// The bearer token of a request (1–128 characters).
pub(crate) fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .ok_or_else(ApiError::unauthorized)
}

/// The caller of a customer route, by a live session (a login the bank
/// checked): (device id, customer id). 401 `session_required` without one.
pub(crate) async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<(String, String), ApiError> {
    let caller = crate::auth::session_of(state, headers).await?;
    Ok((caller.device, caller.customer))
}
