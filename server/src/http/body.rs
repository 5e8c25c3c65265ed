//! Reading a request's JSON body and its fields: each refusal is a 4xx
//! with the code of what is wrong (`bad_json` for a body that is not a
//! JSON object, `invalid_field` for a field that is not acceptable).

use super::ApiError;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use serde_json::Value;

/// A short text field: the wire contract's rule
/// ([`happylife_core::bank::wire::short_text`]).
pub(crate) fn short_text(
    value: Option<&Value>,
    field: &'static str,
    max: usize,
) -> Result<String, ApiError> {
    Ok(happylife_core::bank::wire::short_text(value, field, max)?)
}

/// Whether `text` can be an id the client names (a customer, a device, a
/// key): 1–`max` bytes and no control character. PostgreSQL refuses text
/// with a NUL byte outright, which answered such a request with a 500.
pub(crate) fn plain_id(text: &str, max: usize) -> bool {
    !text.is_empty() && text.len() <= max && !text.chars().any(char::is_control)
}

pub(crate) fn json_body(body: Result<Json<Value>, JsonRejection>) -> Result<Value, ApiError> {
    match body {
        Ok(Json(v)) if v.is_object() => Ok(v),
        Ok(_) => Err(ApiError::bad_request(
            "bad_json",
            "the body must be a JSON object",
        )),
        Err(e) => Err(ApiError::bad_request(
            "bad_json",
            format!("the body is not valid JSON: {}", e.body_text()),
        )),
    }
}
