//! A clock that browser tests can move forward, with the route that does
//! it. Exists only when `SVAR_TEST_CLOCK=true`, which production refuses:
//! it lets an end-to-end test let an answer window run out without
//! waiting two weeks.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use app::ports::Clock;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

use crate::jobs::Scheduler;

/// The system time plus an offset that only grows.
#[derive(Debug, Default)]
pub struct AdjustableClock {
    offset_seconds: AtomicI64,
}

impl AdjustableClock {
    pub fn advance(&self, by: Duration) {
        self.offset_seconds.fetch_add(by.whole_seconds().max(0), Ordering::SeqCst);
    }
}

impl Clock for AdjustableClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::seconds(self.offset_seconds.load(Ordering::SeqCst))
    }
}

#[derive(Clone)]
pub struct TestClockState {
    pub clock: Arc<AdjustableClock>,
    pub scheduler: Scheduler,
}

#[derive(Deserialize)]
pub struct Advance {
    #[serde(default)]
    days: u16,
    #[serde(default)]
    hours: u16,
}

/// `POST /test/advance?days=N&hours=M`: moves the clock on, then runs a
/// scheduler round (so the test sees its effect at once). Answers with
/// the new time (RFC 3339, so a test can read the server's date) and what
/// the round did. With no arguments it only reads the clock.
pub async fn advance(State(s): State<TestClockState>, Query(by): Query<Advance>) -> Response {
    s.clock.advance(Duration::days(i64::from(by.days)) + Duration::hours(i64::from(by.hours)));
    match s.scheduler.run_once().await {
        Ok(round) => Json(serde_json::json!({
            "now": s.clock.now().format(&Rfc3339).unwrap_or_default(),
            "planned": round.planned,
            "jobs": round.jobs,
            "sent": round.sent,
            "failed": round.failed,
        }))
        .into_response(),
        Err(err) => (http::StatusCode::SERVICE_UNAVAILABLE, err.to_string()).into_response(),
    }
}
