//! Storage: one [`Store`] interface (defined in `app::ports`) with a SQLite
//! and a PostgreSQL implementation. SQL text is shared where the dialects
//! agree; rows are decoded into the same structs.
//! Queries are built at run time (`sqlx::query_as`), since sqlx's `Any`
//! driver cannot carry uuid, time and json values.

// One folder per concern, each with its SQL (`sql.rs`), its rows
// (`rows.rs`) and the implementation of its port for both backends
// (`mod.rs`, a macro the backends expand).
mod authoring;
mod clinic;
mod journey;
mod responses;
mod worklist;

// The backends, and the writer task that commits submissions in groups.
mod group_commit;
mod postgres;
mod sqlite;

use std::sync::Arc;

use app::ports::{Store, StoreError};
use secrecy::ExposeSecret;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

use crate::config::Settings;

/// Opens the database named in the settings and applies pending
/// migrations, so a new installation needs no separate step.
pub async fn connect(settings: &Settings) -> anyhow::Result<Arc<dyn Store>> {
    let url = settings.database_url.expose_secret();
    if url.starts_with("sqlite:") {
        let store = SqliteStore::connect(url, settings.db_max_connections).await?;
        store.migrate().await?;
        Ok(Arc::new(store))
    } else {
        let store = PostgresStore::connect(url, settings.db_max_connections).await?;
        store.migrate().await?;
        Ok(Arc::new(store))
    }
}

/// Turns a sqlx error into a [`StoreError`]. `unique_field` names the value
/// a unique violation is about in this statement (known from context, so
/// no database message has to be read).
fn store_error(err: sqlx::Error, unique_field: Option<&'static str>) -> StoreError {
    match (&err, unique_field) {
        (sqlx::Error::RowNotFound, _) => StoreError::NotFound,
        (sqlx::Error::Database(db), Some(field)) if db.is_unique_violation() => StoreError::Conflict { field },
        _ => StoreError::Unavailable(Box::new(err)),
    }
}

fn unavailable(err: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Unavailable(Box::new(err))
}

/// A value in a row that Svar never writes (edited by hand, say).
#[derive(Debug, thiserror::Error)]
#[error("unexpected {0} in the database")]
pub struct BadValue(pub &'static str);

pub(crate) fn status_of(s: &str) -> Result<app::ports::InvitationStatus, StoreError> {
    app::ports::InvitationStatus::parse(s).ok_or_else(|| unavailable(BadValue("invitation status")))
}

/// Every SQL statement the store runs on `backend`, by name: the shared
/// ones of each concern and the backend's own. A test prepares each one
/// against a migrated database of both kinds, so a typo in a rarely used
/// query fails `make test` rather than a clinic's afternoon.
pub fn statements(backend: app::ports::Backend) -> Vec<(&'static str, String)> {
    let mut all = Vec::new();
    all.extend(clinic::sql::statements());
    all.extend(journey::sql::statements());
    all.extend(worklist::sql::statements());
    all.extend(authoring::sql::statements());
    let (row_lock, skip_locked, score_months) = match backend {
        app::ports::Backend::Sqlite => (SqliteStore::ROW_LOCK, SqliteStore::SKIP_LOCKED, SqliteStore::SCORE_MONTHS),
        app::ports::Backend::Postgres => (PostgresStore::ROW_LOCK, PostgresStore::SKIP_LOCKED, PostgresStore::SCORE_MONTHS),
    };
    all.push(("ENROLMENT_FOR_PLANNING (locked)", format!("{} {row_lock}", journey::sql::ENROLMENT_FOR_PLANNING)));
    all.push(("DUE_JOBS (locked)", format!("{} {skip_locked}", journey::sql::DUE_JOBS)));
    all.push(("claim_outbox (locked)", journey::sql::claim_outbox(skip_locked)));
    all.push(("SCORE_MONTHS", score_months.to_owned()));
    if backend == app::ports::Backend::Postgres {
        all.push(("advisory lock", postgres::ADVISORY_LOCK.to_owned()));
    }
    all
}

#[cfg(test)]
mod tests {
    /// A statement added to a `sql.rs` but not to its `statements()` would
    /// go unprepared by the test that checks them all; this keeps the lists
    /// whole.
    #[test]
    fn every_statement_is_listed() {
        let files = [
            ("clinic/sql.rs", include_str!("clinic/sql.rs"), super::clinic::sql::statements()),
            ("journey/sql.rs", include_str!("journey/sql.rs"), super::journey::sql::statements()),
            ("worklist/sql.rs", include_str!("worklist/sql.rs"), super::worklist::sql::statements()),
            ("authoring/sql.rs", include_str!("authoring/sql.rs"), super::authoring::sql::statements()),
        ];
        for (file, source, statements) in files {
            let listed: Vec<&str> = statements.iter().map(|(name, _)| *name).collect();
            for line in source.lines() {
                let declared = ["pub const ", "pub static ", "pub fn "].iter().find_map(|p| line.strip_prefix(p));
                let Some(rest) = declared else { continue };
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if name != "statements" {
                    assert!(listed.contains(&name.as_str()), "{file}: {name} is not in statements()");
                }
            }
        }
    }
}
