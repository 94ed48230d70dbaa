use std::str::FromStr;
use std::time::Duration;

use app::ports::Backend;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use super::authoring::impl_authoring_store;
use super::clinic::impl_store;
use super::group_commit::ResponseWriter;
use super::journey::impl_journey_store;
use super::responses::impl_response_writer;
use super::worklist::impl_worklist_store;

/// Serialises writers that must not interleave (one lock key per kind of work).
pub(crate) const ADVISORY_LOCK: &str = "SELECT pg_advisory_xact_lock($1)";

/// The production database, and the way to run several Svar processes
/// against one set of data.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    responses: ResponseWriter,
    pool: PgPool,
}

impl PostgresStore {
    /// Row locks: a planned enrolment is locked while it is re-planned; due
    /// jobs and outbox mails are claimed skipping rows another process holds.
    pub(crate) const ROW_LOCK: &'static str = "FOR UPDATE";
    pub(crate) const SKIP_LOCKED: &'static str = "FOR UPDATE SKIP LOCKED";
    /// Each score's spread per month (scores are JSONB objects).
    pub(crate) const SCORE_MONTHS: &'static str = "SELECT r.questionnaire_id, to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, \
         j.key AS score, COUNT(*) AS n, AVG(j.value::float8) AS mean, MIN(j.value::float8) AS lo, MAX(j.value::float8) AS hi \
         FROM responses r, jsonb_each(r.scores) j WHERE jsonb_typeof(j.value) = 'number' AND ($1::uuid IS NULL OR r.clinic_id = $1) \
         GROUP BY r.questionnaire_id, month, j.key ORDER BY r.questionnaire_id, j.key, month";

    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<PostgresStore> {
        let options = PgConnectOptions::from_str(url)?.application_name("svar");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            // No idle reaper task (see SqliteStore::connect); broken
            // connections are still caught by the check before each use.
            .idle_timeout(None)
            .max_lifetime(None)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        let responses = ResponseWriter::spawn(4, {
            let pool = pool.clone();
            move |batch| Self::write_responses(pool.clone(), batch)
        });
        Ok(PostgresStore { responses, pool })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        sqlx::migrate!("./migrations/postgres").run(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'_, sqlx::Postgres>, sqlx::Error> {
        Self::begin_write_on(&self.pool).await
    }

    async fn begin_write_on(pool: &sqlx::Pool<sqlx::Postgres>) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        pool.begin().await
    }

    /// Serialises enrolments within a clinic, so two simultaneous
    /// enrolments of the same child cannot both pass the duplicate check.
    /// The lock ends with the transaction.
    async fn lock_clinic_patients(tx: &mut sqlx::Transaction<'_, sqlx::Postgres>, clinic_id: app::domain::ClinicId) -> Result<(), sqlx::Error> {
        let key = i64::from_le_bytes(clinic_id.as_uuid().as_bytes()[..8].try_into().unwrap_or_default());
        sqlx::query(ADVISORY_LOCK).bind(key).execute(&mut **tx).await?;
        Ok(())
    }
}

impl_journey_store!(PostgresStore, sqlx::Postgres);
impl_worklist_store!(PostgresStore);
impl_authoring_store!(PostgresStore);
impl_response_writer!(PostgresStore, sqlx::Postgres);
impl_store!(PostgresStore, Backend::Postgres);
