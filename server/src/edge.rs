//! The HTTP edge: what every connection and request meets before a handler.
//!
//! | what | limit | answer |
//! |---|---|---|
//! | a client that never finishes its headers | [`Limits::header_read`] | the connection is closed |
//! | a request the gateway is still answering | [`Limits::request`] | 408 `request_timeout` |
//! | requests in progress at once | [`Limits::concurrency`] | the next waits its turn |
//! | a body larger than | [`Limits::body_bytes`] | 413 `body_too_large` |
//! | a `Host` that is not this machine, on a loopback gateway | loopback names only | 421 `wrong_host` |
//!
//! axum's own `serve` sets no hyper timer, so hyper's header-read timeout
//! would never fire there: connections are served here with hyper-util and
//! a Tokio timer. The Host allow-list stops a web page the elder opens from
//! reaching a gateway on her own machine through a name it controls (DNS
//! rebinding): on loopback, only `127.0.0.1`, `localhost` and `[::1]` are
//! answered, on any port (the tests' fault proxy has its own).

use crate::http::ApiError;
use axum::Router;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::net::SocketAddr;
use std::time::Duration;

/// The edge's limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a client may take to send a request's headers.
    pub header_read: Duration,
    /// How long the gateway may take to answer a request (its headers).
    pub request: Duration,
    /// Requests handled at once; more wait.
    pub concurrency: usize,
    /// The largest request body.
    pub body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(30),
            concurrency: 256,
            // A scam-list change of 100,000 entries fits.
            body_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Whether `host` (a `Host` header: a name or address, maybe a port) names
/// this machine.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8787
        match rest.split_once(']') {
            Some((inside, port)) if port.is_empty() || port.starts_with(':') => inside,
            _ => return false,
        }
    } else {
        host.rsplit_once(':')
            .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
            .map(|(name, _)| name)
            .unwrap_or(host)
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Refuses a request whose `Host` is not this machine (loopback gateways).
async fn loopback_hosts_only(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    if host.is_some_and(is_loopback_host) {
        return next.run(request).await;
    }
    tracing::warn!("request for another host refused");
    ApiError {
        status: StatusCode::MISDIRECTED_REQUEST,
        code: "wrong_host",
        message: "this gateway answers only requests for this machine".into(),
        detail: None,
    }
    .into_response()
}

/// The router with the edge's per-request layers (the timeout, the
/// concurrency limit, the body limit, the Host allow-list on loopback).
pub fn layered(router: Router, limits: Limits, listen: SocketAddr) -> Router {
    let router = router
        .layer(axum::extract::DefaultBodyLimit::max(limits.body_bytes))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            limits.concurrency,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request,
        ));
    if listen.ip().is_loopback() {
        router.layer(axum::middleware::from_fn(loopback_hosts_only))
    } else {
        router
    }
}

/// Serves `app` on `listener` until `stopped` resolves, then lets open
/// requests finish (for at most the request timeout).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    stopped: impl std::future::Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors, say: wait, then go on.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let service = TowerToHyperService::new(app.clone());
                let connection = builder
                    .serve_connection_with_upgrades(TokioIo::new(stream), service)
                    .into_owned();
                let watched = graceful.watch(connection);
                tokio::spawn(async move {
                    // A client that goes away, or never finishes its
                    // headers, ends here; nothing to report.
                    let _ = watched.await;
                });
            }
            () = &mut stopped => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(limits.request, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("open requests did not finish in time; stopping anyway");
    }
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn only_this_machine_is_a_loopback_host() {
        for yes in [
            "127.0.0.1:8787",
            "127.0.0.1",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8787",
            "[::1]",
            "127.1.2.3:1",
        ] {
            assert!(is_loopback_host(yes), "{yes}");
        }
        for no in [
            "evil.example:8787",
            "127.0.0.1.evil.example",
            "localhost.evil.example:80",
            "10.0.0.1:8787",
            "[::1]x",
            "",
            "[fe80::1]:80",
        ] {
            assert!(!is_loopback_host(no), "{no}");
        }
    }
}
