//! Storage: one [`SqlStore`] implements each feature's port (defined in
//! the feature's folder in `app`), one folder here per port, each with its
//! functions (`mod.rs`), its statements (`sql.rs`) and its rows (`rows.rs`).
//! Every function is written once for both databases; `db.rs` is the one
//! place where SQLite and PostgreSQL differ.

mod audit;
mod auth;
mod authoring;
mod calls;
mod clinics;
pub mod db;
mod overview;
mod patients;
mod respondent;
mod responses;
mod schedule;
mod staff;
mod worklist;

// The writer task that commits submissions in groups.
mod group_commit;
// What operations watch: the backlog of mail and jobs (`/metrics`).
mod operations;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use app::ports::{Backend, StoreError};
use secrecy::ExposeSecret;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::Settings;
use db::{Db, Statement};
use group_commit::{AuditWriter, ResponseWriter};

/// The store: the database, and the writer tasks that store submitted
/// responses and the audit entries of reads in groups.
#[derive(Clone, Debug)]
pub struct SqlStore {
    db: Db,
    responses: ResponseWriter,
    audit: AuditWriter,
}

/// Opens the database named in the settings and applies pending
/// migrations, so a new installation needs no separate step.
pub async fn connect(settings: &Settings) -> anyhow::Result<Arc<dyn app::store::Store>> {
    let url = settings.database_url.expose_secret();
    let store = SqlStore::connect(url, settings.db_max_connections).await?;
    store.migrate().await?;
    Ok(Arc::new(store))
}

impl SqlStore {
    /// A `sqlite:` URL opens the embedded database, anything else PostgreSQL.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<SqlStore> {
        if url.starts_with("sqlite:") {
            Self::connect_sqlite(url, max_connections).await
        } else {
            Self::connect_postgres(url, max_connections).await
        }
    }

    /// The embedded database: one file, no set-up. WAL lets readers work
    /// while one writer commits; `synchronous = FULL` makes every commit
    /// durable. One response writer: SQLite has one writer anyway.
    pub async fn connect_sqlite(url: &str, max_connections: u32) -> anyhow::Result<SqlStore> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent)?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections)
            // No idle reaper task: with it, sqlx 0.8's idle-count race can
            // leave a waiting request unwoken (a silent hang seen in our
            // tests). Connections to a local file need no recycling.
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        Ok(Self::with_writers(Db::Sqlite(pool), 1))
    }

    /// The production database, and the way to run several Svar processes
    /// against one set of data.
    pub async fn connect_postgres(url: &str, max_connections: u32) -> anyhow::Result<SqlStore> {
        let options = PgConnectOptions::from_str(url)?.application_name("svar");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            // No idle reaper task (see connect_sqlite); broken connections
            // are still caught by the check before each use.
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(Self::with_writers(Db::Postgres(pool), 4))
    }

    fn with_writers(db: Db, writers: usize) -> SqlStore {
        let responses = ResponseWriter::spawn(writers, group_commit::RESPONSE_METRICS, {
            let db = db.clone();
            move |batch| responses::write_responses(db.clone(), batch)
        });
        // Fewer than the response writers: each holds a connection while it
        // commits, and the pool serves the pages too.
        let audit = AuditWriter::spawn(writers.min(2), group_commit::AUDIT_METRICS, {
            let db = db.clone();
            move |batch| audit::write_entries(db.clone(), batch)
        });
        SqlStore { db, responses, audit }
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// The database, for tests and benchmarks that reach past the ports.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The SQLite pool, if this store is SQLite (tests and benchmarks).
    pub fn sqlite_pool(&self) -> Option<&sqlx::SqlitePool> {
        match &self.db {
            Db::Sqlite(pool) => Some(pool),
            Db::Postgres(_) => None,
        }
    }

    /// The PostgreSQL pool, if this store is PostgreSQL (tests and benchmarks).
    pub fn pg_pool(&self) -> Option<&sqlx::PgPool> {
        match &self.db {
            Db::Postgres(pool) => Some(pool),
            Db::Sqlite(_) => None,
        }
    }
}

const PING: Statement = Statement::new("PING", "SELECT 1");

#[async_trait::async_trait]
impl app::store::Store for SqlStore {
    fn backend(&self) -> Backend {
        self.db.backend()
    }

    fn writer_running(&self) -> bool {
        self.responses.running() && self.audit.running()
    }

    async fn ping(&self) -> Result<(), StoreError> {
        PING.query().execute(&self.db).await?;
        Ok(())
    }

    fn pool_use(&self) -> app::store::PoolUse {
        self.db.pool_use()
    }

    async fn backlog(&self, now: time::OffsetDateTime) -> Result<app::store::Backlog, StoreError> {
        operations::backlog(&self.db, now).await
    }
}

fn unavailable(err: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Unavailable(Box::new(err))
}

/// A value in a row that Svar never writes (edited by hand, say).
#[derive(Debug, thiserror::Error)]
#[error("unexpected {0} in the database")]
pub struct BadValue(pub &'static str);

pub(crate) fn enrolment_status_of(s: &str) -> Result<app::patients::EnrolmentStatus, StoreError> {
    app::patients::EnrolmentStatus::parse(s).ok_or_else(|| unavailable(BadValue("enrolment status")))
}

pub(crate) fn status_of(s: &str) -> Result<app::schedule::port::InvitationStatus, StoreError> {
    app::schedule::port::InvitationStatus::parse(s).ok_or_else(|| unavailable(BadValue("invitation status")))
}

/// Every SQL statement the store runs. A test prepares each one, in its
/// dialect, against a migrated database of both kinds, so a typo in a
/// rarely used query fails `make test` rather than a clinic's afternoon.
pub fn statements() -> Vec<Statement> {
    let mut all = vec![PING, db::ADVISORY_LOCK, operations::OUTBOX_BACKLOG, operations::JOBS_BACKLOG];
    all.extend(audit::sql::statements());
    all.extend(auth::sql::statements());
    all.extend(authoring::sql::statements());
    all.extend(calls::sql::statements());
    all.extend(clinics::sql::statements());
    all.extend(overview::sql::statements());
    all.extend(patients::sql::statements());
    all.extend(respondent::sql::statements());
    all.extend(responses::sql::statements());
    all.extend(schedule::sql::statements());
    all.extend(staff::sql::statements());
    all.extend(worklist::sql::statements());
    all
}

#[cfg(test)]
mod tests {
    /// A statement added to a `sql.rs` but not to its `statements()` would
    /// go unprepared by the test that checks them all; this keeps the lists
    /// whole.
    #[test]
    fn every_statement_is_listed() {
        let listed: Vec<&str> = super::statements().iter().map(|s| s.name).collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
        for entry in std::fs::read_dir(&dir).expect("store folder").flatten() {
            let file = entry.path().join("sql.rs");
            let Ok(source) = std::fs::read_to_string(&file) else { continue };
            for line in source.lines() {
                let declared = ["pub const ", "pub static "].iter().find_map(|p| line.strip_prefix(p));
                let Some(rest) = declared else { continue };
                if !rest.contains("Statement") {
                    continue;
                }
                let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                assert!(listed.contains(&name.as_str()), "{}: {name} is not in statements()", file.display());
            }
        }
    }

    /// Each statement's name is the constant's, so a failure in the logs
    /// leads straight to its text.
    #[test]
    fn statement_names_are_unique() {
        let mut names: Vec<&str> = super::statements().iter().map(|s| s.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "two statements share a name");
    }
}
