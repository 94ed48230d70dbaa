//! Storage: one [`Store`] interface (defined in `app::ports`) with a SQLite
//! and a PostgreSQL implementation. SQL text is shared where the dialects
//! agree (`queries`); rows are decoded into the same structs (`rows`).
//! Queries are built at run time (`sqlx::query_as`), since sqlx's `Any`
//! driver cannot carry uuid, time and json values.

mod authoring;
mod authoring_queries;
mod group_commit;
mod journey;
mod journey_queries;
mod postgres;
mod queries;
mod responses;
mod rows;
mod shared;
mod sqlite;
mod worklist;
mod worklist_queries;

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
