//! Every SQL statement the store runs, prepared against a freshly migrated
//! database of each kind. sqlx checks a statement's text only when it runs
//! (its compile-time macros cannot check one string against two
//! databases), so a typo in a query that only a rare path runs would
//! otherwise reach a clinic first.

use sqlx::{Connection, Executor};

use crate::helpers::{backend_tests, Backend, TestDb};

async fn every_statement_prepares(backend: Backend) {
    let db = TestDb::new(backend).await;
    let _migrated = db.store().await;
    let (kind, dialect) = match backend {
        Backend::Sqlite => ("SQLite", app::ports::Backend::Sqlite),
        Backend::Postgres => ("PostgreSQL", app::ports::Backend::Postgres),
    };
    let statements: Vec<(&str, &str)> = server::store::statements().iter().map(|s| (s.name, s.text(dialect))).collect();
    assert!(statements.len() > 100, "only {} statements listed", statements.len());
    let mut failures = Vec::new();
    match backend {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.expect("connect");
            for (name, sql) in &statements {
                if let Err(err) = conn.prepare(*sql).await {
                    failures.push(format!("{name}: {err}"));
                }
            }
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
            for (name, sql) in &statements {
                if let Err(err) = conn.prepare(*sql).await {
                    // A filter written `$3 IS NULL OR x = $3` leaves the
                    // parameter's type to the value bound when it runs;
                    // PostgreSQL reports that only after every name in the
                    // statement resolved (see the test below), so the
                    // statement is otherwise sound.
                    if !untyped_parameter(&err) {
                        failures.push(format!("{name}: {err}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "statements {kind} refuses:\n{}", failures.join("\n"));
}

fn untyped_parameter(err: &sqlx::Error) -> bool {
    err.to_string().contains("could not determine data type of parameter")
}

/// The test above must be able to fail: a misspelt column is refused, also
/// in a statement whose parameter type is left open.
async fn a_misspelt_statement_is_refused(backend: Backend) {
    let db = TestDb::new(backend).await;
    let _migrated = db.store().await;
    let sql = "SELECT nmae FROM patients WHERE ($1 IS NULL OR clinic_id = $1)";
    let result = match backend {
        Backend::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(&db.url).await.expect("connect");
            conn.prepare(sql).await.map(|_| ())
        }
        Backend::Postgres => {
            let mut conn = sqlx::PgConnection::connect(&db.url).await.expect("connect");
            conn.prepare(sql).await.map(|_| ())
        }
    };
    let err = result.expect_err("a misspelt column was accepted");
    assert!(!untyped_parameter(&err), "the misspelling was hidden behind the parameter's type: {err}");
    assert!(err.to_string().contains("nmae"), "{err}");
}

backend_tests!(every_statement_prepares, a_misspelt_statement_is_refused);
