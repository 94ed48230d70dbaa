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
}
