use std::sync::Arc;

use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde_json::{json, Value};

use crate::jobs::{SchedulerHealth, SchedulerStatus};

/// `GET /healthz`, for load balancers and monitoring; it reveals nothing
/// about patients. 503 when this process cannot do its main work: the
/// database does not answer, the response writer has stopped (answers
/// could not be stored) or the scheduler's loop has ended. A scheduler
/// whose rounds fail is "degraded" with 200: the process still serves
/// patients, and the failure is in the body for monitoring to alert on.
pub async fn healthz(State(state): State<AppState>, scheduler: Option<Extension<Arc<SchedulerHealth>>>) -> (StatusCode, Json<Value>) {
    let database = match state.store.ping().await {
        Ok(()) => true,
        Err(err) => {
            tracing::error!(error = %app::error::error_chain(&err), "health check: the database does not answer");
            false
        }
    };
    let scheduler = scheduler.map(|Extension(health)| health.snapshot());
    let (status, body) = report(state.store.backend().as_str(), database, state.store.writer_running(), scheduler.as_ref());
    (status, Json(body))
}

/// The health report from what was found.
fn report(backend: &str, database: bool, writer: bool, scheduler: Option<&SchedulerStatus>) -> (StatusCode, Value) {
    let scheduler_state = match scheduler {
        None => "off",
        Some(s) if !s.running => "stopped",
        Some(s) if s.failures_in_a_row > 0 => "failing",
        Some(s) if s.rounds == 0 => "starting",
        Some(_) => "ok",
    };
    let unavailable = !database || !writer || scheduler_state == "stopped";
    let status = if unavailable {
        "unavailable"
    } else if scheduler_state == "failing" {
        "degraded"
    } else {
        "ok"
    };
    let body = json!({
        "status": status,
        "database": backend,
        "database_answers": database,
        "response_writer": if writer { "running" } else { "stopped" },
        "scheduler": {
            "state": scheduler_state,
            "rounds": scheduler.map(|s| s.rounds),
            "last_success": scheduler.and_then(|s| s.last_success).and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
            "failures_in_a_row": scheduler.map(|s| s.failures_in_a_row),
            "failures": scheduler.map(|s| s.failures),
        },
    });
    (if unavailable { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK }, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheduler(running: bool, rounds: u64, failures_in_a_row: u32) -> SchedulerStatus {
        SchedulerStatus { running, rounds, last_success: None, failures_in_a_row, failures: u64::from(failures_in_a_row) }
    }

    #[test]
    fn each_part_that_cannot_work_is_reported_and_only_those_make_it_unavailable() {
        let ok = scheduler(true, 3, 0);
        let cases = [
            (true, true, Some(ok.clone()), 200, "ok", "ok"),
            (true, true, None, 200, "ok", "off"),
            (true, true, Some(scheduler(true, 0, 0)), 200, "ok", "starting"),
            (true, true, Some(scheduler(true, 5, 2)), 200, "degraded", "failing"),
            (true, true, Some(scheduler(false, 5, 0)), 503, "unavailable", "stopped"),
            (false, true, Some(ok.clone()), 503, "unavailable", "ok"),
            (true, false, Some(ok), 503, "unavailable", "ok"),
        ];
        for (database, writer, scheduler, code, status, scheduler_state) in cases {
            let (got, body) = report("sqlite", database, writer, scheduler.as_ref());
            assert_eq!(got.as_u16(), code, "{body}");
            assert_eq!(body["status"], status, "{body}");
            assert_eq!(body["scheduler"]["state"], scheduler_state, "{body}");
            assert_eq!(body["response_writer"], if writer { "running" } else { "stopped" });
        }
    }
}
