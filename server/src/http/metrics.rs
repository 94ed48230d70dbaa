//! `GET /metrics`: what an operations team watches, in the Prometheus text
//! format, rendered by `metrics-exporter-prometheus` from what the code
//! records through the `metrics` facade:
//! - `svar_http_requests_total` and `svar_http_request_duration_seconds`
//!   per matched route (its pattern, `/p/{token}`, never the address a
//!   client asked for), method and status;
//! - `svar_scheduler_round_seconds`, `svar_scheduler_failed_rounds_total`,
//!   and at each scrape `svar_scheduler_jobs_due` and
//!   `svar_scheduler_lag_seconds` (how far the oldest due job is behind);
//! - `svar_outbox_waiting` and `svar_outbox_oldest_seconds` per channel,
//!   `svar_outbox_delivered_total`, `svar_outbox_failed_total` and
//!   `svar_outbox_given_up_total`;
//! - `svar_response_batch_size` and `svar_response_commit_seconds` (the
//!   response writer's group commits), `svar_audit_batch_size` and
//!   `svar_audit_commit_seconds` (the same for the audit entries of reads);
//! - `svar_db_pool_connections` (open, idle, max);
//! - `svar_sign_in_failures_total` and `svar_sign_in_lockouts_total`.
//!
//! No label carries a token, a patient, a name or an address: labels are
//! route patterns, methods, status codes, channels and outcomes.
//!
//! Who may read it: a client on this machine that did not come through the
//! reverse proxy (no `X-Forwarded-For`), or anyone with the configured
//! `metrics_token` as a bearer token. Anyone else gets 404, as if there
//! were no such page.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use secrecy::{ExposeSecret, SecretString};

/// Seconds: from a millisecond to ten seconds.
const SECONDS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Responses stored in one commit.
const BATCH: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed once (tests start many applications
/// in one process; they share it, as replicas in one process would).
pub fn handle() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new();
            // Histograms with buckets (aggregatable across replicas), not
            // summaries; a builder that refuses them keeps its defaults.
            let builder = match builder.set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS) {
                Ok(b) => b,
                Err(_) => PrometheusBuilder::new(),
            };
            let builder = match builder.set_buckets_for_metric(Matcher::Suffix("_batch_size".into()), BATCH) {
                Ok(b) => b,
                Err(_) => PrometheusBuilder::new(),
            };
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics shows only its own");
            }
            // Histograms collect their samples until upkeep folds them
            // into buckets: without it, a server nobody scrapes would keep
            // every request's time in memory.
            let upkeep = handle.clone();
            let spawned = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(5));
                upkeep.run_upkeep();
            });
            if let Err(err) = spawned {
                tracing::warn!(error = %app::error::error_chain(&err), "no metrics upkeep thread: histograms are folded at each scrape only");
            }
            handle
        })
        .clone()
}

/// What the scrape needs.
#[derive(Clone)]
pub struct MetricsState {
    pub app: app::state::AppState,
    pub handle: PrometheusHandle,
    pub token: Option<Arc<SecretString>>,
}

/// `GET /metrics`.
pub async fn scrape(State(s): State<MetricsState>, parts: axum::http::request::Parts) -> Response {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
    if !allowed(peer, &parts.headers, s.token.as_deref()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    // Read at each scrape: what waits in the store, and the pool.
    let store = &s.app.store;
    match store.backlog(s.app.clock.now()).await {
        Ok(b) => {
            metrics::gauge!("svar_scheduler_jobs_due").set(b.jobs_due as f64);
            metrics::gauge!("svar_scheduler_lag_seconds").set(b.jobs_lag_seconds);
            // Mail and SMS wait in one outbox.
            metrics::gauge!("svar_outbox_waiting", "channel" => "all").set(b.outbox_waiting as f64);
            metrics::gauge!("svar_outbox_oldest_seconds", "channel" => "all").set(b.outbox_oldest_seconds);
        }
        Err(err) => app::error::log_failure("metrics: reading the backlog", &err),
    }
    let pool = store.pool_use();
    metrics::gauge!("svar_db_pool_connections", "state" => "open").set(f64::from(pool.open));
    metrics::gauge!("svar_db_pool_connections", "state" => "idle").set(f64::from(pool.idle));
    metrics::gauge!("svar_db_pool_connections", "state" => "max").set(f64::from(pool.max));
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], s.handle.render()).into_response()
}

/// A local client that did not come through the proxy, or the token.
fn allowed(peer: Option<SocketAddr>, headers: &HeaderMap, token: Option<&SecretString>) -> bool {
    if let Some(token) = token {
        let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
        if given.is_some_and(|g| constant_time_eq(g.as_bytes(), token.expose_secret().as_bytes())) {
            return true;
        }
    }
    let local = peer.is_some_and(|p| p.ip().is_loopback());
    local && !headers.contains_key("x-forwarded-for") && !headers.contains_key("forwarded")
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Counts and times every request of a matched route (a route layer: an
/// address that matches no route is not a label anyone can fill).
///
/// The handles of each (route, method, status) are looked up once per
/// thread and kept: `make load` measured the registry lookup on every
/// request (building the key, hashing it, a shared lock) at a third of
/// `/healthz`'s rate and an eighth of `/a`'s at 32 connections.
pub async fn track(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let started = Instant::now();
    let response = next.run(request).await;
    let elapsed = started.elapsed().as_secs_f64();
    let route = matched.as_ref().map_or("unmatched", MatchedPath::as_str);
    let status = response.status().as_u16();
    HANDLES.with(|handles| {
        let mut handles = handles.borrow_mut();
        let by_route = match handles.get_mut(route) {
            Some(by_route) => by_route,
            None => handles.entry(route.to_owned()).or_default(),
        };
        let (count, time) = by_route.entry((method.clone(), status)).or_insert_with(|| {
            let labels = [("route", route.to_owned()), ("method", method.as_str().to_owned()), ("status", status.to_string())];
            (metrics::counter!("svar_http_requests_total", &labels), metrics::histogram!("svar_http_request_duration_seconds", &labels))
        });
        count.increment(1);
        time.record(elapsed);
    });
    response
}

type RouteHandles = std::collections::HashMap<(axum::http::Method, u16), (metrics::Counter, metrics::Histogram)>;

thread_local! {
    /// Per thread: route pattern → (method, status) → its handles.
    static HANDLES: std::cell::RefCell<std::collections::HashMap<String, RouteHandles>> = Default::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_this_machine_or_the_token_reads_it() {
        let local: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let away: SocketAddr = "10.1.2.3:5000".parse().unwrap();
        let token = SecretString::from("s3cret-token");
        assert!(allowed(Some(local), &headers(&[]), None));
        assert!(!allowed(Some(local), &headers(&[("x-forwarded-for", "203.0.113.9")]), None), "through the proxy");
        assert!(!allowed(Some(away), &headers(&[]), None));
        assert!(!allowed(None, &headers(&[]), None));
        assert!(allowed(Some(away), &headers(&[("authorization", "Bearer s3cret-token")]), Some(&token)));
        assert!(!allowed(Some(away), &headers(&[("authorization", "Bearer s3cret-tokem")]), Some(&token)));
        assert!(!allowed(Some(away), &headers(&[("authorization", "Bearer s3cret-token")]), None), "no token set: none opens it");
    }
}
