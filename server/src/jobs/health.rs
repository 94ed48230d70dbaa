//! What this process's scheduler last did, for `/healthz`: a scheduler
//! whose rounds fail, or whose loop has ended, is reported rather than
//! left to be noticed when invitations stop arriving.

use std::sync::Mutex;

use serde::Serialize;
use time::OffsetDateTime;

/// Shared between the scheduler loop and the health route.
#[derive(Debug, Default)]
pub struct SchedulerHealth(Mutex<SchedulerStatus>);

/// A snapshot of the scheduler's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SchedulerStatus {
    /// The loop is running (set when it starts, cleared however it ends).
    pub running: bool,
    /// Rounds finished, with or without failure.
    pub rounds: u64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_success: Option<OffsetDateTime>,
    /// Rounds in a row that failed or panicked (0 after a good round).
    pub failures_in_a_row: u32,
    /// Rounds that failed or panicked since the process started.
    pub failures: u64,
}

impl SchedulerHealth {
    pub fn snapshot(&self) -> SchedulerStatus {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn update(&self, change: impl FnOnce(&mut SchedulerStatus)) {
        if let Ok(mut status) = self.0.lock() {
            change(&mut status);
        }
    }

    pub(super) fn started(&self) {
        self.update(|s| s.running = true);
    }

    pub(super) fn stopped(&self) {
        self.update(|s| s.running = false);
    }

    pub(super) fn succeeded(&self, now: OffsetDateTime) {
        self.update(|s| {
            s.rounds += 1;
            s.last_success = Some(now);
            s.failures_in_a_row = 0;
        });
    }

    pub(super) fn failed(&self) {
        self.update(|s| {
            s.rounds += 1;
            s.failures_in_a_row += 1;
            s.failures += 1;
        });
    }
}

/// Marks the loop stopped when it ends, by return, abort or panic.
pub(super) struct LoopGuard(pub(super) std::sync::Arc<SchedulerHealth>);

impl Drop for LoopGuard {
    fn drop(&mut self) {
        self.0.stopped();
    }
}
