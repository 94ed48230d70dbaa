//! `/metrics` (#31): it parses as Prometheus text, carries the series an
//! operations team watches, moves when traffic moves, leaks no token,
//! e-mail address or name, and is read only from this machine (not through
//! the proxy) or with the token.

use std::collections::BTreeMap;

use secrecy::SecretString;

use crate::helpers::{backend_tests, spawn_app, spawn_app_with, Backend, TestApp, DEMO_PASSWORD};
use crate::journey::{enrol, follow_up_index, link_in};
use crate::triage::answer_newest_invitation;

backend_tests!(metrics_parse_move_with_traffic_and_leak_nothing, metrics_are_for_this_machine_or_the_token_only);

const CLINICIAN: &str = "clinician@demo-ent.example";

/// The samples of a scrape, `name{labels}` → value, after checking that
/// every line is a comment or a sample of a declared metric.
fn parse(text: &str) -> BTreeMap<String, f64> {
    let mut declared = Vec::new();
    let mut samples = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut parts = rest.split_whitespace();
            let (name, kind) = (parts.next().expect("a name"), parts.next().expect("a type"));
            assert!(["counter", "gauge", "histogram", "summary"].contains(&kind), "{line}");
            declared.push(name.to_owned());
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("not a sample: {line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("not a number: {line}"));
        let name = series.split('{').next().unwrap_or_default();
        assert!(
            declared.iter().any(|d| name == d || name.strip_prefix(d.as_str()).is_some_and(|s| ["_bucket", "_sum", "_count"].contains(&s))),
            "{name} has no # TYPE line"
        );
        if series.contains('{') {
            assert!(series.ends_with('}'), "{line}");
        }
        samples.insert(series.to_owned(), value);
    }
    samples
}

async fn scrape(app: &TestApp) -> String {
    let response = app.client.get(app.url("/metrics")).send().await.expect("scrape");
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    response.text().await.unwrap()
}

/// The sum of the samples of `name` whose labels hold every one of `with`.
fn total(samples: &BTreeMap<String, f64>, name: &str, with: &[&str]) -> f64 {
    samples.iter().filter(|(series, _)| series.split('{').next() == Some(name) && with.iter().all(|w| series.contains(w))).map(|(_, v)| v).sum()
}

async fn metrics_parse_move_with_traffic_and_leak_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = parse(&scrape(&app).await);

    // Traffic: a wrong password, pages, an enrolment, an invitation mailed
    // and answered through its personal link.
    let _ = app.try_sign_in(CLINICIAN, "not-the-password-1").await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    for _ in 0..3 {
        assert_eq!(staff.get("/staff/worklist").await.status(), 200);
    }
    enrol(&staff, follow_up_index(&app), "karen.metrics@example.dk").await;
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().rev().find(|m| m.text.contains("/p/")).expect("an invitation");
    let link = link_in(&mail);
    let token = link.rsplit('/').next().unwrap().to_owned();
    answer_newest_invitation(&app, crate::fixtures::RED_FOLLOW_UP).await;

    let text = scrape(&app).await;
    let after = parse(&text);
    for name in [
        "svar_http_requests_total",
        "svar_http_request_duration_seconds_bucket",
        "svar_scheduler_round_seconds_bucket",
        "svar_scheduler_jobs_due",
        "svar_scheduler_lag_seconds",
        "svar_outbox_waiting",
        "svar_outbox_oldest_seconds",
        "svar_outbox_delivered_total",
        "svar_response_batch_size_bucket",
        "svar_response_commit_seconds_bucket",
        "svar_audit_batch_size_bucket",
        "svar_audit_commit_seconds_bucket",
        "svar_db_pool_connections",
        "svar_sign_in_failures_total",
    ] {
        assert!(after.keys().any(|s| s.split('{').next() == Some(name)), "{name} missing in:\n{text}");
    }
    // It moves with the traffic (other tests in this process add to it too).
    let worklist = ["route=\"/staff/worklist\"", "method=\"GET\"", "status=\"200\""];
    assert!(total(&after, "svar_http_requests_total", &worklist) >= total(&before, "svar_http_requests_total", &worklist) + 3.0);
    assert!(total(&after, "svar_sign_in_failures_total", &[]) >= total(&before, "svar_sign_in_failures_total", &[]) + 1.0);
    assert!(total(&after, "svar_response_batch_size_count", &[]) >= total(&before, "svar_response_batch_size_count", &[]) + 1.0);
    assert!(
        total(&after, "svar_audit_batch_size_count", &[]) >= total(&before, "svar_audit_batch_size_count", &[]) + 1.0,
        "page views are audited through the writer"
    );
    assert!(total(&after, "svar_scheduler_round_seconds_count", &[]) >= total(&before, "svar_scheduler_round_seconds_count", &[]) + 1.0);
    assert!(total(&after, "svar_db_pool_connections", &["state=\"max\""]) >= 1.0);
    // A personal link is counted by its route's pattern, never its token.
    assert!(text.contains("route=\"/p/{token}\""), "{text}");
    for secret in [token.as_str(), "@", "karen", "Karen", "Ida ", "Hansen"] {
        assert!(!text.contains(secret), "{secret:?} is in /metrics");
    }
}

async fn metrics_are_for_this_machine_or_the_token_only(backend: Backend) {
    let app = spawn_app_with(backend, |s| s.metrics_token = Some(SecretString::from("scrape-token-for-tests"))).await;
    let get = |headers: &[(&'static str, &'static str)]| {
        let mut request = app.client.get(app.url("/metrics"));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        async move { request.send().await.expect("get").status().as_u16() }
    };
    assert_eq!(get(&[]).await, 200, "from this machine");
    assert_eq!(get(&[("x-forwarded-for", "203.0.113.7")]).await, 404, "through the proxy");
    assert_eq!(get(&[("x-forwarded-for", "203.0.113.7"), ("authorization", "Bearer wrong-token")]).await, 404);
    assert_eq!(get(&[("x-forwarded-for", "203.0.113.7"), ("authorization", "Bearer scrape-token-for-tests")]).await, 200, "with the token");
}
