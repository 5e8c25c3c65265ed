//! The gateway's OpenAPI document, generated from the handlers'
//! `#[utoipa::path]` annotations and the wire types' `ToSchema` derives
//! (see [`crate::api_router`]), served at `GET /v1/openapi.json` and printed
//! by `happylife-server --print-openapi`.
//!
//! Also the one error shape for what axum itself refuses (a wrong method,
//! a body too large, an unreadable path): every refusal is
//! `{"error": {"code", "message"}}`, as the document says.

use crate::http::ApiError;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::ToSchema;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Components, InfoBuilder, OpenApi, OpenApiBuilder, Tag};

/// The document's frame: title, version, the two bearer tokens, the tags.
pub fn base() -> OpenApi {
    let mut doc = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("HappyLife sandbox bank gateway")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "The bank-side sandbox of HappyLife Companion. Money is integer fen. \
                     Every refusal is `{\"error\": {\"code\", \"message\", …}}`: a stable `code` \
                     to branch on (apps show their own words for it) and a plain message; \
                     bad input is always a 4xx and writes nothing.",
                ))
                .build(),
        )
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    for (name, what) in [
        (
            "device",
            "the device token from POST /v1/devices (a bound phone)",
        ),
        (
            "session",
            "the session token from POST /v1/auth/session (a login)",
        ),
        (
            "operator",
            "the operator credential from the server's configuration (HAPPYLIFE_OPERATOR_TOKEN)",
        ),
    ] {
        components.add_security_scheme(
            name,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(what))
                    .build(),
            ),
        );
    }
    change_records(components);
    doc.tags = Some(
        [
            ("enrolment", "binding a phone with a one-time code"),
            ("auth", "login challenges and sessions"),
            (
                "sync",
                "the change log devices pull, the commands they push",
            ),
            ("transfers", "money to payees"),
            ("cards", "card authorisations"),
            ("family", "family links, roles and co-sign approvals"),
            ("bills", "bills and auto-pay"),
            ("wealth", "wealth products under the suitability rule"),
            ("blocklist", "the anti-fraud list"),
            (
                "operator",
                "the bank's staff: publishing scam-list entries, answering complaints",
            ),
            ("sandbox", "tester shortcuts: only with --sandbox"),
            ("meta", "this document"),
        ]
        .into_iter()
        .map(|(name, what)| {
            let mut t = Tag::new(name);
            t.description = Some(what.into());
            t
        })
        .collect(),
    );
    doc
}

/// Puts `T`'s schema, and every schema it refers to, into `components`.
fn add_schema<T: ToSchema>(components: &mut Components) {
    let mut schemas = vec![(T::name().into_owned(), T::schema())];
    T::schemas(&mut schemas);
    components.schemas.extend(schemas);
}

/// The change log's records that no answer carries (each the `data` of a
/// `Change`, named by its `entity`), so the document describes them too.
fn change_records(components: &mut Components) {
    use happylife_core::bank::wire;
    add_schema::<wire::Customer>(components); // customer
    add_schema::<wire::Account>(components); // account
    add_schema::<wire::Transaction>(components); // transaction
    add_schema::<wire::Payee>(components); // payee
    add_schema::<wire::Product>(components); // product
}

/// The sandbox's whole document: the bank's endpoints and the testers'
/// (built once).
pub fn document() -> &'static OpenApi {
    document_for(true)
}

/// The document of a gateway in `sandbox` mode or not (built once each):
/// the bank's has no tester shortcut in it.
pub fn document_for(sandbox: bool) -> &'static OpenApi {
    static SANDBOX: OnceLock<OpenApi> = OnceLock::new();
    static BANK: OnceLock<OpenApi> = OnceLock::new();
    let cell = if sandbox { &SANDBOX } else { &BANK };
    cell.get_or_init(|| crate::api_router_for(sandbox).1)
}

/// The sandbox's document as pretty JSON.
pub fn document_json() -> String {
    document_json_for(true)
}

/// A mode's document as pretty JSON.
pub fn document_json_for(sandbox: bool) -> String {
    document_for(sandbox)
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".into())
}

/// `GET /v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "meta",
    summary = "This document (OpenAPI 3.1)",
    responses((status = 200, description = "the OpenAPI document", content_type = "application/json"))
)]
pub async fn serve(axum::extract::State(state): axum::extract::State<crate::AppState>) -> Response {
    static SANDBOX: OnceLock<String> = OnceLock::new();
    static BANK: OnceLock<String> = OnceLock::new();
    let cell = if state.sandbox { &SANDBOX } else { &BANK };
    let body = cell
        .get_or_init(|| document_json_for(state.sandbox))
        .clone();
    (
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

/// Gives what axum refused before a handler ran (a wrong method, a body
/// too large, an unreadable path or query) the one error shape.
pub async fn uniform_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "this endpoint does not answer that method",
        ),
        StatusCode::PAYLOAD_TOO_LARGE => ("body_too_large", "the body is too large"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "the body must be JSON (Content-Type: application/json)",
        ),
        s if s.is_server_error() => return ApiError::internal().into_response(),
        _ => ("bad_request", "the request cannot be read"),
    };
    let mut out = ApiError {
        status,
        code,
        message: message.into(),
        detail: None,
    }
    .into_response();
    if let Some(allow) = response.headers().get(axum::http::header::ALLOW) {
        out.headers_mut()
            .insert(axum::http::header::ALLOW, allow.clone());
    }
    out
}
