//! The OpenAPI document covers the router: every route the gateway answers
//! (read from the router itself, not from a list kept by hand) is in the
//! document with its method, and the document is what `GET
//! /v1/openapi.json` serves and `--print-openapi` prints.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The (METHOD, path) pairs the router answers, read from its `Debug` form
/// (axum has no public route list): the path of each route id, and the
/// methods set in its `MethodRouter`.
fn routed(router: &axum::Router<happylife_server::AppState>) -> BTreeSet<(String, String)> {
    let all = format!("{router:?}");
    // The routes proper, not the fallback router after them.
    let text = all
        .split_once(", fallback_router: ")
        .map(|(routes, _)| routes)
        .expect("Router { path_router: …, fallback_router: … }");
    let paths: BTreeMap<u64, String> = regex::Regex::new(r#"RouteId\((\d+)\): "([^"]+)""#)
        .unwrap()
        .captures_iter(text)
        .map(|c| (c[1].parse().unwrap(), c[2].to_string()))
        .collect();
    let endpoint =
        regex::Regex::new(r"RouteId\((\d+)\): MethodRouter\(MethodRouter \{ (.*?), fallback:")
            .unwrap();
    let mut out = BTreeSet::new();
    for c in endpoint.captures_iter(text) {
        let id: u64 = c[1].parse().unwrap();
        let path = paths
            .get(&id)
            .unwrap_or_else(|| panic!("route {id} has no path in {text}"));
        for field in c[2].split(", ") {
            let (method, handler) = field.split_once(": ").unwrap();
            if handler != "None" {
                out.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    // A route that is not a plain method router (a nested service, say)
    // would hide its methods: there must be none.
    assert_eq!(
        text.matches("MethodRouter(MethodRouter").count(),
        paths.len(),
        "every route is a method router: {text}"
    );
    out
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.insert((method.to_ascii_uppercase(), path.clone()));
        }
    }
    out
}

#[test]
fn every_route_is_in_the_openapi_document() {
    let (router, doc) = happylife_server::api_router();
    let doc: Value = serde_json::to_value(&doc).unwrap();
    let routed = routed(&router);
    assert!(routed.len() >= 36, "the router has {} routes", routed.len());
    let documented = documented(&doc);
    let missing: Vec<_> = routed.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without an OpenAPI description (add #[utoipa::path] and route them with routes!): {missing:?}"
    );
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");
}

#[test]
fn every_operation_says_what_it_answers_and_how_it_refuses() {
    let doc: Value = serde_json::to_value(happylife_server::openapi::document()).unwrap();
    let error_ref = "#/components/schemas/ErrorBody";
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path}: no success response"
            );
            for (status, r) in responses {
                if status.starts_with('4') {
                    assert_eq!(
                        r["content"]["application/json"]["schema"]["$ref"], error_ref,
                        "{method} {path} {status}: refusals have the error body"
                    );
                }
            }
            if op.get("requestBody").is_some() {
                for status in ["400", "422"] {
                    assert!(
                        responses.contains_key(status),
                        "{method} {path}: a body can be refused with {status}"
                    );
                }
            }
        }
    }
    let error = &doc["components"]["schemas"]["ErrorDetail"];
    assert_eq!(error["required"], serde_json::json!(["code", "message"]));
}

#[tokio::test]
async fn the_gateway_serves_and_prints_the_same_document() {
    for sandbox in [true, false] {
        let dir = tempfile::tempdir().unwrap();
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("gateway.db").display()
        );
        let config = if sandbox {
            happylife_server::Config::local(url)
        } else {
            happylife_server::Config::bank(url)
        };
        let running = happylife_server::start(config).await.unwrap();
        let served: Value = reqwest::get(format!("{}/v1/openapi.json", running.url()))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        running.stop().await;
        let expected =
            serde_json::to_value(happylife_server::openapi::document_for(sandbox)).unwrap();
        assert_eq!(served, expected, "sandbox: {sandbox}");
        let mut print = std::process::Command::new(env!("CARGO_BIN_EXE_happylife-server"));
        print.arg("--print-openapi");
        if sandbox {
            print.arg("--sandbox");
        }
        let printed = print.output().unwrap();
        assert!(printed.status.success());
        let printed: Value = serde_json::from_slice(&printed.stdout).unwrap();
        assert_eq!(printed, expected, "sandbox: {sandbox}");
        assert!(expected["openapi"].as_str().unwrap().starts_with("3.1"));
        // The bank's document has no tester shortcut in it.
        let shortcuts: Vec<&String> = expected["paths"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|p| p.starts_with("/v1/sandbox/") || *p == "/v1/cards/authorize")
            .collect();
        assert_eq!(shortcuts.is_empty(), !sandbox, "{shortcuts:?}");
    }
}
