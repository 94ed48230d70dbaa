//! The storage port: everything Svar keeps, behind one trait that gathers
//! the foundations' ports (clinics, the audit log, sign-in) and each
//! feature's own (`<feature>/port.rs`), with a SQLite and a PostgreSQL
//! implementation in the server.
//!
//! A caller brings every port's methods into scope with
//! `use crate::store::prelude::*;` (on `Arc<dyn Store>` they are callable
//! without it).

use async_trait::async_trait;

use crate::ports::{Backend, StoreError};
use prelude::*;

/// Every port trait, to call any store method.
pub mod prelude {
    pub use super::Store;
    pub use crate::auth::port::AuthStore;
    pub use crate::authoring::port::AuthoringStore;
    pub use crate::calls::port::CallsStore;
    pub use crate::overview::port::OverviewStore;
    pub use crate::patients::port::PatientsStore;
    pub use crate::ports::{AuditLog, ClinicsStore};
    pub use crate::respondent::port::RespondentStore;
    pub use crate::responses::port::ResponsesStore;
    pub use crate::schedule::port::ScheduleStore;
    pub use crate::staff::port::StaffStore;
    pub use crate::worklist::port::WorklistStore;
}

/// Everything Svar keeps, behind one interface with a SQLite and a
/// PostgreSQL implementation.
#[async_trait]
pub trait Store:
    ClinicsStore
    + AuditLog
    + AuthStore
    + StaffStore
    + PatientsStore
    + ResponsesStore
    + RespondentStore
    + ScheduleStore
    + OverviewStore
    + WorklistStore
    + AuthoringStore
    + CallsStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;

    /// Checks the database answers (for `/healthz`).
    async fn ping(&self) -> Result<(), StoreError>;

    /// Whether submitted responses can be written: the store's writer is
    /// still taking work (for `/healthz`).
    fn writer_running(&self) -> bool;

    /// The connection pool's use (for `/metrics`).
    fn pool_use(&self) -> PoolUse;

    /// What is waiting: mail not yet delivered, jobs due but not run (for
    /// `/metrics`: how the scheduler and the outbox keep up).
    async fn backlog(&self, now: time::OffsetDateTime) -> Result<Backlog, StoreError>;
}

/// Connections of the pool: open, idle among them, and the most it opens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// What is waiting in the store, and since when.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Backlog {
    /// Mails neither delivered nor given up.
    pub outbox_waiting: i64,
    /// How long the oldest of them has waited, in seconds (0: none waits).
    pub outbox_oldest_seconds: f64,
    /// Jobs whose time has come but that have not run.
    pub jobs_due: i64,
    /// How far the oldest due job is behind its time, in seconds.
    pub jobs_lag_seconds: f64,
}
