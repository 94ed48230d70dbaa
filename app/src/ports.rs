//! What the pages and server functions need from the outside world, as
//! traits the server implements: storage and a clock. Keeping them here
//! lets server functions live beside their pages while the server decides
//! how data is stored (SQLite or PostgreSQL).

use std::sync::Arc;

use async_trait::async_trait;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use time::OffsetDateTime;

use crate::domain::{Clinic, ClinicSlug, NewClinic};

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A storage failure, as callers need to tell them apart. The database's
/// own message stays in the source chain for the logs; it is never shown
/// to a user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken; `field` names the value that clashed.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    #[error("not found")]
    NotFound,
    #[error("the database is unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Everything Svar keeps, behind one interface with a SQLite and a
/// PostgreSQL implementation.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Checks the database answers (for `/healthz`).
    async fn ping(&self) -> Result<(), StoreError>;

    async fn create_clinic(&self, new: &NewClinic, now: OffsetDateTime) -> Result<Clinic, StoreError>;
    async fn clinic_by_slug(&self, slug: &ClinicSlug) -> Result<Option<Clinic>, StoreError>;
    async fn list_clinics(&self) -> Result<Vec<Clinic>, StoreError>;
}

/// The current time, replaceable in tests.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> OffsetDateTime;
}

/// The real clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The one state shared by every request: axum handlers extract it, server
/// functions find it in context.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    /// The checked questionnaires and pathways shipped in `questionnaires/`.
    pub definitions: Arc<crate::engine::CheckReport>,
}
