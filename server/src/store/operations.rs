//! What operations watch in the store (`/metrics`): mail waiting to be
//! delivered and jobs behind their time.

use time::OffsetDateTime;

use super::db::{Db, Statement};

pub const OUTBOX_BACKLOG: Statement =
    Statement::new("OUTBOX_BACKLOG", "SELECT COUNT(*) AS waiting, MIN(created_at) AS oldest FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL");

/// $1 now.
pub const JOBS_BACKLOG: Statement =
    Statement::new("JOBS_BACKLOG", "SELECT COUNT(*) AS waiting, MIN(run_at) AS oldest FROM jobs WHERE done_at IS NULL AND run_at <= $1");

#[derive(sqlx::FromRow)]
struct Waiting {
    waiting: i64,
    oldest: Option<OffsetDateTime>,
}

pub async fn backlog(db: &Db, now: OffsetDateTime) -> Result<app::store::Backlog, app::ports::StoreError> {
    let outbox = OUTBOX_BACKLOG.query().fetch_one::<Waiting>(db).await?;
    let jobs = JOBS_BACKLOG.bind(now).fetch_one::<Waiting>(db).await?;
    let age = |oldest: Option<OffsetDateTime>| oldest.map_or(0.0, |at| (now - at).as_seconds_f64().max(0.0));
    Ok(app::store::Backlog {
        outbox_waiting: outbox.waiting,
        outbox_oldest_seconds: age(outbox.oldest),
        jobs_due: jobs.waiting,
        jobs_lag_seconds: age(jobs.oldest),
    })
}
