//! The one error shape every endpoint answers with: an HTTP status, a stable
//! code a client can branch on, and a plain message. Bad input is always a
//! 4xx; only a failure of the server itself is a 5xx.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine code (`bad_limit`, `idempotency_key_reused`...).
    pub code: &'static str,
    /// Plain English for logs and developers; apps show their own Fluent text for `code`.
    pub message: String,
    /// Facts the app needs to say it well (`tries_left`, `retry_after`),
    /// added beside `code` and `message`.
    pub detail: Option<serde_json::Map<String, serde_json::Value>>,
}

impl ApiError {
    /// A 400 Bad Request.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// A 422: well-formed but not acceptable (a setting out of range).
    pub fn unprocessable(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// A 401: no or unknown session token.
    pub fn unauthorized() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message: "a valid session token is needed (Authorization: Bearer …)".into(),
            detail: None,
        }
    }

    /// A 404.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// A 409: the request conflicts with the current state.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::CONFLICT,
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// A 409: the idempotency key was used for a different request.
    pub fn key_reused() -> Self {
        ApiError {
            status: StatusCode::CONFLICT,
            code: "idempotency_key_reused",
            message: "this Idempotency-Key was used with different parameters".into(),
            detail: None,
        }
    }

    /// A 500: the server failed; the details are in its log, not here.
    pub fn internal() -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "the server failed; nothing was changed".into(),
            detail: None,
        }
    }
}

impl ApiError {
    /// Adds a fact beside `code` and `message`.
    pub fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.detail
            .get_or_insert_with(Default::default)
            .insert(key.into(), value.into());
        self
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        tracing::error!(error = %e, "database failure");
        ApiError::internal()
    }
}

/// The body of every refusal: `{"error": {"code", "message", ...}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// A refusal's code, its plain message, and the facts beside them.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "invalid_field", "message": "name must be 1–64 characters of text"}))]
pub struct ErrorDetail {
    /// Stable machine code a client branches on (and finds its Fluent
    /// message by): `invalid_field`, `unauthorized`, `wrong_code`…
    #[schema(pattern = "^[a-z][a-z0-9_]*$")]
    pub code: String,
    /// Plain English for logs and developers.
    pub message: String,
    /// Facts some refusals add beside `code` and `message` (`tries_left`,
    /// `retry_after`, `risk`, `limit_fen`…): the schema leaves the object
    /// open for them.
    #[serde(flatten)]
    #[schema(ignore)]
    pub detail: serde_json::Map<String, serde_json::Value>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_string(),
                message: self.message,
                detail: self.detail.unwrap_or_default(),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<happylife_core::bank::wire::WireError> for ApiError {
    /// A body the wire contract refuses: 422, with the field's stable code.
    fn from(e: happylife_core::bank::wire::WireError) -> Self {
        ApiError::unprocessable(e.code, e.message)
    }
}
