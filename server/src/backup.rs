//! `svar backup DEST` and `svar restore SRC`: a consistent copy of a running
//! SQLite database, and bringing one back.
//!
//! The backup is SQLite's `VACUUM INTO`: one read transaction, so the copy
//! holds every response committed before it began and none half-written,
//! while parents go on submitting (WAL lets the writer continue). The copy
//! is then opened on its own and checked (`PRAGMA integrity_check`, and that
//! it is a Svar database) before the command says it is done.
//!
//! PostgreSQL is backed up with its own tools (`pg_dump`, or base backups
//! with WAL archiving for point-in-time recovery): `svar backup` says so
//! rather than doing half of it (see `docs/deploy.md`).
//!
//! A restore never overwrites: it writes the copy where the settings'
//! `database_url` points, which must not exist yet (stop Svar, move the
//! damaged database aside, restore, start Svar). Migrations of a newer
//! Svar then run on start as for any database.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{bail, Context};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

/// What `svar backup` and `svar restore` say when the database is
/// PostgreSQL.
pub const POSTGRES_ADVICE: &str = "the database is PostgreSQL: back it up with its own tools, e.g. \
    `pg_dump --format=custom --file=svar.dump \"$DATABASE_URL\"` and restore with `pg_restore --clean --dbname=...`, \
    or base backups with WAL archiving for point-in-time recovery (docs/deploy.md)";

/// A checked copy: where it is and what it holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Checked {
    pub path: PathBuf,
    pub responses: i64,
    pub patients: i64,
}

impl std::fmt::Display for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} patients, {} responses; integrity checked)", self.path.display(), self.patients, self.responses)
    }
}

/// The file a `sqlite:` URL names.
fn sqlite_file(database_url: &str) -> anyhow::Result<PathBuf> {
    if !database_url.starts_with("sqlite:") {
        bail!("{POSTGRES_ADVICE}");
    }
    let options = SqliteConnectOptions::from_str(database_url).context("reading database_url")?;
    Ok(options.get_filename().to_path_buf())
}

/// Writes a consistent copy of the running database to `dest` (a new
/// file) and checks it.
pub async fn backup(database_url: &str, dest: &Path) -> anyhow::Result<Checked> {
    let source = sqlite_file(database_url)?;
    if !source.exists() {
        bail!("there is no database at {} (database_url) to back up", source.display());
    }
    if dest.exists() {
        bail!("{} exists already: a backup is always written to a new file", dest.display());
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let target = dest.to_str().context("the backup's path is not valid UTF-8")?;
    // Read-only: a backup never writes to the database it copies.
    let mut conn = SqliteConnectOptions::new().filename(&source).read_only(true).connect().await.context("opening the database")?;
    sqlx::query("VACUUM INTO ?").bind(target).execute(&mut conn).await.context("copying the database (VACUUM INTO)")?;
    conn.close().await.ok();
    check(dest).await
}

/// Brings the backup `src` back as the database `database_url` names,
/// which must not exist yet.
pub async fn restore(database_url: &str, src: &Path) -> anyhow::Result<Checked> {
    let target = sqlite_file(database_url)?;
    let checked = check(src).await.with_context(|| format!("{} is not a usable backup", src.display()))?;
    for existing in [target.clone(), PathBuf::from(format!("{}-wal", target.display()))] {
        if existing.exists() {
            bail!(
                "{} exists: a restore never overwrites a database. Stop Svar, move it (and its -wal and -shm files) aside, then restore",
                existing.display()
            );
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // Copied beside the target, then renamed: a restore cut short leaves
    // no half-written database where Svar would open it.
    let partial = PathBuf::from(format!("{}.restoring", target.display()));
    std::fs::copy(src, &partial).with_context(|| format!("copying {}", src.display()))?;
    std::fs::rename(&partial, &target).with_context(|| format!("moving the copy to {}", target.display()))?;
    Ok(Checked { path: target, ..checked })
}

/// Opens a copy on its own, read-only, and checks that it is whole and a
/// Svar database.
pub async fn check(path: &Path) -> anyhow::Result<Checked> {
    if !path.is_file() {
        bail!("{} is not a file", path.display());
    }
    let mut conn: SqliteConnection = SqliteConnectOptions::new().filename(path).read_only(true).connect().await.context("opening the copy")?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&mut conn).await.context("checking the copy")?;
    if integrity != "ok" {
        bail!("the copy is damaged: {integrity}");
    }
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .context("it is not a Svar database (no migrations recorded)")?;
    if migrations == 0 {
        bail!("it is not a Svar database (no migrations recorded)");
    }
    let responses: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses").fetch_one(&mut conn).await?;
    let patients: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM patients").fetch_one(&mut conn).await?;
    conn.close().await.ok();
    Ok(Checked { path: path.to_path_buf(), responses, patients })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn postgres_is_backed_up_with_its_own_tools() {
        let err = backup("postgres://svar@db/svar", Path::new("/tmp/x")).await.unwrap_err();
        assert!(err.to_string().contains("pg_dump"), "{err}");
        let err = restore("postgres://svar@db/svar", Path::new("/tmp/x")).await.unwrap_err();
        assert!(err.to_string().contains("pg_dump"), "{err}");
    }

    #[tokio::test]
    async fn a_backup_never_overwrites_and_needs_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("missing.db").display());
        let err = backup(&url, &dir.path().join("b.db")).await.unwrap_err();
        assert!(err.to_string().contains("no database at"), "{err}");
        std::fs::write(dir.path().join("taken.db"), b"x").unwrap();
        let err = check(&dir.path().join("taken.db")).await.unwrap_err();
        let said = format!("{err:#}");
        assert!(said.contains("not a database") || said.contains("damaged") || said.contains("not a Svar database"), "{said}");
    }
}
