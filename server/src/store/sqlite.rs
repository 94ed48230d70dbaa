use std::str::FromStr;
use std::time::Duration;

use app::ports::Backend;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use super::authoring::impl_authoring_store;
use super::clinic::impl_store;
use super::group_commit::ResponseWriter;
use super::journey::impl_journey_store;
use super::responses::impl_response_writer;
use super::worklist::impl_worklist_store;

/// The embedded database: one file, no set-up. WAL lets readers work while
/// one writer commits; `synchronous = FULL` makes every commit durable.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    responses: ResponseWriter,
    pool: SqlitePool,
}

impl SqliteStore {
    /// Row locks: none needed, the immediate transaction is the lock.
    pub(crate) const ROW_LOCK: &'static str = "";
    pub(crate) const SKIP_LOCKED: &'static str = "";
    /// Each score's spread per month (scores are JSON objects).
    pub(crate) const SCORE_MONTHS: &'static str = "SELECT r.questionnaire_id, substr(r.submitted_at, 1, 7) AS month, j.key AS score, \
         COUNT(*) AS n, CAST(AVG(j.value) AS REAL) AS mean, CAST(MIN(j.value) AS REAL) AS lo, CAST(MAX(j.value) AS REAL) AS hi \
         FROM responses r, json_each(r.scores) j WHERE j.type IN ('integer', 'real') AND ($1 IS NULL OR r.clinic_id = $1) \
         GROUP BY r.questionnaire_id, month, j.key ORDER BY r.questionnaire_id, j.key, month";

    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<SqliteStore> {
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
        let responses = ResponseWriter::spawn(1, {
            let pool = pool.clone();
            move |batch| Self::write_responses(pool.clone(), batch)
        });
        Ok(SqliteStore { responses, pool })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        sqlx::migrate!("./migrations/sqlite").run(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction. `BEGIN IMMEDIATE` takes the write lock at the
    /// start (waiting up to the busy timeout), so a transaction that reads
    /// before it writes cannot fail halfway with SQLITE_BUSY_SNAPSHOT.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>, sqlx::Error> {
        Self::begin_write_on(&self.pool).await
    }

    async fn begin_write_on(pool: &sqlx::Pool<sqlx::Sqlite>) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// Serialises enrolments within a clinic (duplicate checks): on SQLite
    /// the immediate transaction already does.
    async fn lock_clinic_patients(_tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, _clinic_id: app::domain::ClinicId) -> Result<(), sqlx::Error> {
        Ok(())
    }
}

impl_journey_store!(SqliteStore, sqlx::Sqlite);
impl_worklist_store!(SqliteStore);
impl_authoring_store!(SqliteStore);
impl_response_writer!(SqliteStore, sqlx::Sqlite);
impl_store!(SqliteStore, Backend::Sqlite);
