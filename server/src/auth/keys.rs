//! Login challenges, and the biometric-bound and voice keys that sign
//! them: a challenge answered with a key's signature opens a session.

use super::sessions::{Tx, device_of, open, opened, refused, session_of};
use crate::AppState;
use crate::http::{ApiError, ErrorBody, json_body};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use happylife_core::auth::{self, AuthError, CHALLENGE_TTL_SECS, LoginMethod};
use happylife_core::bank::wire::{
    BiometricKey, BiometricState, ChallengeRequest, LoginChallenge, SessionOpened, SignedChallenge,
    VoiceKeyState, wire_body,
};
use serde_json::Value;

/// The checked body of `POST /v1/auth/challenge`: the method.
pub(crate) fn challenge_request(body: &Value) -> Result<LoginMethod, ApiError> {
    Ok(ChallengeRequest::decode(body)?)
}

/// `POST /v1/auth/challenge`.
#[utoipa::path(
    post,
    path = "/v1/auth/challenge",
    tag = "auth",
    summary = "A single-use login challenge for the phone's biometric or voice key",
    request_body = ChallengeRequest,
    security(("device" = [])),
    responses(
        (status = 201, description = "the challenge to sign", body = LoginChallenge),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn challenge(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let phone = device_of(&state, &headers).await?;
    let body = json_body(body)?;
    let method = challenge_request(&body)?;
    let now = state.now();
    let nonce = auth::new_nonce();
    let expires_at = now + CHALLENGE_TTL_SECS;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO auth_challenges (device_id, nonce, used, expires_at, created_at, method) \
         VALUES ($1, $2, 0, $3, $4, $5) RETURNING id",
    )
    .bind(&phone.device)
    .bind(&nonce)
    .bind(expires_at)
    .bind(now)
    .bind(method.code())
    .fetch_one(&state.db.pool)
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(wire_body(&LoginChallenge {
            challenge_id: id,
            nonce,
            expires_at,
        })),
    )
        .into_response())
}

/// The checked body of `POST /v1/auth/session`: (challenge id, signature).
pub(crate) fn signed_challenge(body: &Value) -> Result<(i64, String), ApiError> {
    let s = SignedChallenge::decode(body)?;
    Ok((s.challenge_id, s.signature))
}

/// `POST /v1/auth/session`: a challenge signed by the biometric or voice
/// key opens a session.
#[utoipa::path(
    post,
    path = "/v1/auth/session",
    tag = "auth",
    summary = "A challenge signed by the biometric or voice key opens a session",
    request_body = SignedChallenge,
    security(("device" = [])),
    responses(
        (status = 201, description = "the session token", body = SessionOpened),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn open_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Response, ApiError> {
    let phone = device_of(&state, &headers).await?;
    let body = json_body(body)?;
    let (challenge_id, signature) = signed_challenge(&body)?;
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<ChallengeRow> = sqlx::query_as(
        "SELECT c.device_id, c.nonce, c.expires_at, c.method, d.biometric_key, d.voice_key \
         FROM auth_challenges c JOIN devices d ON d.id = c.device_id WHERE c.id = $1",
    )
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((device, nonce, expires_at, method, biometric_key, voice_key)) =
        row.filter(|r| r.0 == phone.device)
    else {
        // Another phone's challenge is as good as none.
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such login challenge for this phone",
        ));
    };
    let method = LoginMethod::from_code(&method).unwrap_or(LoginMethod::DeviceKey);
    spend(&mut tx, challenge_id).await?;
    let outcome = if now >= expires_at {
        Err(expired())
    } else {
        match method {
            LoginMethod::Biometric => match &biometric_key {
                None => Err(refused(
                    StatusCode::UNAUTHORIZED,
                    "no_biometric_key",
                    "biometric login is not turned on for this phone",
                )),
                Some(k) => checked(auth::verify_biometric(k, &device, &nonce, &signature)),
            },
            LoginMethod::Voiceprint => match &voice_key {
                None => Err(refused(
                    StatusCode::UNAUTHORIZED,
                    "no_voice_key",
                    "voiceprint login is not turned on for this phone",
                )),
                Some(k) => checked(auth::verify_signed(
                    LoginMethod::Voiceprint,
                    k,
                    &device,
                    &nonce,
                    &signature,
                )),
            },
            // A PIN login is answered at /v1/auth/pin/finish.
            _ => Err(ApiError::not_found(
                "unknown_challenge",
                "no such login challenge for this phone",
            )),
        }
    };
    if let Err(e) = outcome {
        tx.commit().await?;
        tracing::warn!(code = e.code, "login refused");
        return Err(e);
    }
    let (token, expires) = open(&mut tx, &device, method, now).await?;
    tx.commit().await?;
    tracing::info!(method = method.code(), "session opened");
    Ok(opened(token, expires))
}

type ChallengeRow = (String, String, i64, String, Option<String>, Option<String>);

/// Spends a challenge, whatever its answer: one try per challenge.
pub(super) async fn spend(tx: &mut Tx<'_>, challenge_id: i64) -> Result<(), ApiError> {
    let spent = sqlx::query("UPDATE auth_challenges SET used = 1 WHERE id = $1 AND used = 0")
        .bind(challenge_id)
        .execute(&mut **tx)
        .await?;
    if spent.rows_affected() == 0 {
        return Err(refused(
            StatusCode::CONFLICT,
            "challenge_used",
            "this challenge was answered already",
        ));
    }
    Ok(())
}

pub(super) fn expired() -> ApiError {
    refused(
        StatusCode::GONE,
        "challenge_expired",
        "this challenge has expired; ask for a new one",
    )
}

/// A signature check in the answer's terms.
pub(super) fn checked(r: Result<(), AuthError>) -> Result<(), ApiError> {
    match r {
        Ok(()) => Ok(()),
        Err(AuthError::InvalidSignature) => Err(ApiError::unprocessable(
            "invalid_signature",
            "signature must be hex of the key's signature",
        )),
        Err(_) => Err(refused(
            StatusCode::UNAUTHORIZED,
            "wrong_signature",
            "the signature does not match this phone's key",
        )),
    }
}

/// The checked body of `POST /v1/auth/biometric-key`: (challenge id,
/// public key, signature); the key must be a P-256 key.
pub(crate) fn biometric_key_request(body: &Value) -> Result<(i64, String, String), ApiError> {
    let k = BiometricKey::decode_biometric(body)?;
    Ok((k.challenge_id, k.public_key, k.signature))
}

/// The checked body of `POST /v1/auth/voice-key`: (challenge id, public
/// key, signature); the key must be an Ed25519 key.
pub(crate) fn voice_key_request(body: &Value) -> Result<(i64, String, String), ApiError> {
    let k = BiometricKey::decode_voice(body)?;
    Ok((k.challenge_id, k.public_key, k.signature))
}

/// Turns a login key on for the session's phone, once the new key has
/// signed a challenge of its method for that same phone.
async fn register_key(
    state: &AppState,
    headers: &HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
    method: LoginMethod,
) -> Result<(), ApiError> {
    let caller = session_of(state, headers).await?;
    let body = json_body(body)?;
    let (challenge_id, public_key, signature) = match method {
        LoginMethod::Biometric => biometric_key_request(&body)?,
        _ => voice_key_request(&body)?,
    };
    let now = state.now();
    let mut tx = state.db.begin().await?;
    let row: Option<(String, String, i64, String)> = sqlx::query_as(
        "SELECT device_id, nonce, expires_at, method FROM auth_challenges WHERE id = $1",
    )
    .bind(challenge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((device, nonce, expires_at, challenge_method)) = row.filter(|r| r.0 == caller.device)
    else {
        // Another phone's challenge is as good as none.
        return Err(ApiError::not_found(
            "unknown_challenge",
            "no such login challenge for this phone",
        ));
    };
    if challenge_method != method.code() {
        return Err(ApiError::unprocessable(
            "wrong_challenge",
            "a login key is proved with a challenge of its own method",
        ));
    }
    spend(&mut tx, challenge_id).await?;
    let outcome = if now >= expires_at {
        Err(expired())
    } else if method == LoginMethod::Biometric {
        checked(auth::verify_biometric(
            &public_key,
            &device,
            &nonce,
            &signature,
        ))
    } else {
        checked(auth::verify_signed(
            method,
            &public_key,
            &device,
            &nonce,
            &signature,
        ))
    };
    if let Err(e) = outcome {
        tx.commit().await?;
        tracing::warn!(code = e.code, method = method.code(), "login key refused");
        return Err(e);
    }
    let column = if method == LoginMethod::Biometric {
        "UPDATE devices SET biometric_key = $1 WHERE id = $2"
    } else {
        "UPDATE devices SET voice_key = $1 WHERE id = $2"
    };
    sqlx::query(column)
        .bind(public_key.to_ascii_lowercase())
        .bind(&device)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(method = method.code(), "login key turned on");
    Ok(())
}

/// `POST /v1/auth/biometric-key`.
#[utoipa::path(
    post,
    path = "/v1/auth/biometric-key",
    tag = "auth",
    summary = "Turn biometric login on for the session's phone",
    request_body = BiometricKey,
    security(("session" = [])),
    responses(
        (status = 200, description = "biometric login is on", body = BiometricState),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn register_biometric_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    register_key(&state, &headers, body, LoginMethod::Biometric).await?;
    Ok(Json(wire_body(&BiometricState {
        biometric: "on".into(),
    })))
}

/// `POST /v1/auth/biometric-key/remove`.
#[utoipa::path(
    post,
    path = "/v1/auth/biometric-key/remove",
    tag = "auth",
    summary = "Turn biometric login off for the session's phone",
    security(("session" = [])),
    responses(
        (status = 200, description = "biometric login is off", body = BiometricState),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn remove_biometric_key(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    sqlx::query("UPDATE devices SET biometric_key = NULL WHERE id = $1")
        .bind(&caller.device)
        .execute(&state.db.pool)
        .await?;
    tracing::info!("biometric login turned off");
    Ok(Json(wire_body(&BiometricState {
        biometric: "off".into(),
    })))
}

/// `POST /v1/auth/voice-key`.
#[utoipa::path(
    post,
    path = "/v1/auth/voice-key",
    tag = "auth",
    summary = "Turn voiceprint login on for the session's phone (its voice key)",
    request_body = BiometricKey,
    security(("session" = [])),
    responses(
        (status = 200, description = "voiceprint login is on", body = VoiceKeyState),
        (status = 400, description = "malformed: not a JSON object, an unreadable query, a missing header", body = ErrorBody),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody),
        (status = 404, description = "no such thing (for this customer)", body = ErrorBody),
        (status = 409, description = "conflicts with the current state, or the key was used with another request", body = ErrorBody),
        (status = 410, description = "expired", body = ErrorBody),
        (status = 422, description = "a field is missing or not acceptable", body = ErrorBody)
    )
)]
pub async fn register_voice_key(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    register_key(&state, &headers, body, LoginMethod::Voiceprint).await?;
    Ok(Json(wire_body(&VoiceKeyState {
        voiceprint: "on".into(),
    })))
}

/// `POST /v1/auth/voice-key/remove`.
#[utoipa::path(
    post,
    path = "/v1/auth/voice-key/remove",
    tag = "auth",
    summary = "Turn voiceprint login off for the session's phone",
    security(("session" = [])),
    responses(
        (status = 200, description = "voiceprint login is off", body = VoiceKeyState),
        (status = 401, description = "no valid token, or a wrong code or signature", body = ErrorBody)
    )
)]
pub async fn remove_voice_key(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let caller = session_of(&state, &headers).await?;
    sqlx::query("UPDATE devices SET voice_key = NULL WHERE id = $1")
        .bind(&caller.device)
        .execute(&state.db.pool)
        .await?;
    tracing::info!("voiceprint login turned off");
    Ok(Json(wire_body(&VoiceKeyState {
        voiceprint: "off".into(),
    })))
}
