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
//!   response writer's group commits);
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
            let builder = match builder.set_buckets_for_metric(Matcher::Full("svar_response_batch_size".into()), BATCH) {
                Ok(b) => b,
                Err(_) => PrometheusBuilder::new(),
            };
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("a metrics recorder was already installed; /metrics shows only its own");
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
            metrics::gauge!("svar_outbox_waiting", "channel" => "email").set(b.outbox_waiting as f64);
            metrics::gauge!("svar_outbox_oldest_seconds", "channel" => "email").set(b.outbox_oldest_seconds);
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
pub async fn track(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let route = matched.map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("svar_http_requests_total", &labels).increment(1);
    metrics::histogram!("svar_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
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
