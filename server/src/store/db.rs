//! The one place where SQLite and PostgreSQL differ.
//!
//! The store's functions are written once, as ordinary functions: a
//! [`Statement`] (its name, and its text, shared or per dialect) gets its
//! values with [`Statement::bind`] and runs on the database or inside a
//! transaction ([`Db`], [`Tx`]). Only this file matches on the backend: it
//! binds each [`Value`] with the backend's own types and decodes rows with
//! either driver ([`FromDb`]).
//!
//! Why not generic functions over `sqlx::Database`: every function would
//! repeat a dozen bounds (each bound type's `Encode` and `Type`, the row's
//! `FromRow`, the executor), since Rust does not carry such bounds from a
//! trait to its users. Why not sqlx's `Any` driver: it cannot carry UUIDs,
//! times or JSON. A value enum costs one small copy per bound value, which
//! does not show beside a round trip to the database.
//!
//! Every failure names its statement (`statement INSERT_STAFF failed`), and
//! converts with `?` into the [`StoreError`] callers tell apart.

use app::domain::{ClinicId, EnrolmentId, InvitationId, PatientId, RespondentId, ResponseId, StaffId};
use app::ports::{Backend, StoreError};
use serde::Serialize;
use sqlx::postgres::{PgArguments, PgConnection, PgRow};
use sqlx::sqlite::{SqliteArguments, SqliteConnection, SqliteRow};
use sqlx::types::{Json, JsonRawValue};
use sqlx::{Arguments, Encode, PgPool, SqlitePool, Type};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

/// A SQL statement by name. Most run unchanged on both databases (sqlx
/// binds `$1`, `$2`… positionally on SQLite as on PostgreSQL); the few
/// that differ carry one text per dialect.
#[derive(Clone, Copy, Debug)]
pub struct Statement {
    pub name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

impl Statement {
    /// A statement both databases run as written.
    pub const fn new(name: &'static str, text: &'static str) -> Statement {
        Statement { name, sqlite: text, postgres: text }
    }

    /// A statement each database writes its own way.
    pub const fn dialects(name: &'static str, sqlite: &'static str, postgres: &'static str) -> Statement {
        Statement { name, sqlite, postgres }
    }

    /// A statement assembled at start (from shared column lists, say); made
    /// once, in a `LazyLock`, and kept for the life of the process.
    pub fn built(name: &'static str, text: String) -> Statement {
        let text: &'static str = text.leak();
        Statement::new(name, text)
    }

    pub fn text(&self, backend: Backend) -> &'static str {
        match backend {
            Backend::Sqlite => self.sqlite,
            Backend::Postgres => self.postgres,
        }
    }

    /// The statement with its first value.
    pub fn bind(&self, value: impl Into<Value>) -> Query {
        self.query().bind(value)
    }

    /// The statement with no values (yet).
    pub fn query(&self) -> Query {
        Query { statement: *self, values: Vec::new(), unique: None }
    }
}

/// A statement with its values, ready to run with [`Query::execute`] or
/// one of the `fetch` functions on a [`Db`] or a [`Tx`].
#[derive(Debug)]
pub struct Query {
    statement: Statement,
    values: Vec<Value>,
    unique: Option<&'static str>,
}

/// A value to bind, in the few kinds the store writes. Each holds an
/// `Option` so that a NULL keeps its type (PostgreSQL needs it).
#[derive(Debug)]
pub enum Value {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Real(Option<f64>),
    Bool(Option<bool>),
    Time(Option<OffsetDateTime>),
    Date(Option<Date>),
    Bytes(Option<Vec<u8>>),
    /// Serialised once, bound as the column's JSON type.
    Json(Option<Box<JsonRawValue>>),
    /// A value that could not be serialised: its statement fails (named),
    /// rather than storing NULL in its place.
    Unencodable(String),
}

/// A value as JSON (answers, scores, a flag's explanation).
pub fn json<T: Serialize + ?Sized>(value: &T) -> Value {
    // Serialising the store's own types does not fail (no maps with
    // non-text keys, no failing Serialize impls); if it ever did, the
    // statement fails with the reason instead of losing the value.
    match serde_json::value::to_raw_value(value) {
        Ok(raw) => Value::Json(Some(raw)),
        Err(err) => Value::Unencodable(err.to_string()),
    }
}

impl Query {
    pub fn bind(mut self, value: impl Into<Value>) -> Query {
        self.values.push(value.into());
        self
    }

    /// Names the value a unique violation of this statement is about: it
    /// becomes [`StoreError::Conflict`] on that field, never a database
    /// message read back.
    pub fn unique(mut self, field: &'static str) -> Query {
        self.unique = Some(field);
        self
    }

    /// Runs the statement; returns the number of rows it changed.
    pub async fn execute<'e>(self, on: impl Into<Exec<'e>>) -> Result<u64, StoreError> {
        let (failed, run) = self.prepare(on.into())?;
        let result = match run {
            Run::SqlitePool(pool, sql, args) => sqlx::query_with(sql, args).execute(pool).await.map(|r| r.rows_affected()),
            Run::Sqlite(conn, sql, args) => sqlx::query_with(sql, args).execute(conn).await.map(|r| r.rows_affected()),
            Run::PgPool(pool, sql, args) => sqlx::query_with(sql, args).execute(pool).await.map(|r| r.rows_affected()),
            Run::Pg(conn, sql, args) => sqlx::query_with(sql, args).execute(conn).await.map(|r| r.rows_affected()),
        };
        result.map_err(|e| failed.error(e))
    }

    pub async fn fetch_all<'e, R: FromDb>(self, on: impl Into<Exec<'e>>) -> Result<Vec<R>, StoreError> {
        let (failed, run) = self.prepare(on.into())?;
        let result = match run {
            Run::SqlitePool(pool, sql, args) => sqlx::query_as_with(sql, args).fetch_all(pool).await,
            Run::Sqlite(conn, sql, args) => sqlx::query_as_with(sql, args).fetch_all(conn).await,
            Run::PgPool(pool, sql, args) => sqlx::query_as_with(sql, args).fetch_all(pool).await,
            Run::Pg(conn, sql, args) => sqlx::query_as_with(sql, args).fetch_all(conn).await,
        };
        result.map_err(|e| failed.error(e))
    }

    pub async fn fetch_optional<'e, R: FromDb>(self, on: impl Into<Exec<'e>>) -> Result<Option<R>, StoreError> {
        let (failed, run) = self.prepare(on.into())?;
        let result = match run {
            Run::SqlitePool(pool, sql, args) => sqlx::query_as_with(sql, args).fetch_optional(pool).await,
            Run::Sqlite(conn, sql, args) => sqlx::query_as_with(sql, args).fetch_optional(conn).await,
            Run::PgPool(pool, sql, args) => sqlx::query_as_with(sql, args).fetch_optional(pool).await,
            Run::Pg(conn, sql, args) => sqlx::query_as_with(sql, args).fetch_optional(conn).await,
        };
        result.map_err(|e| failed.error(e))
    }

    /// Exactly one row; none is [`StoreError::NotFound`].
    pub async fn fetch_one<'e, R: FromDb>(self, on: impl Into<Exec<'e>>) -> Result<R, StoreError> {
        let (failed, run) = self.prepare(on.into())?;
        let result = match run {
            Run::SqlitePool(pool, sql, args) => sqlx::query_as_with(sql, args).fetch_one(pool).await,
            Run::Sqlite(conn, sql, args) => sqlx::query_as_with(sql, args).fetch_one(conn).await,
            Run::PgPool(pool, sql, args) => sqlx::query_as_with(sql, args).fetch_one(pool).await,
            Run::Pg(conn, sql, args) => sqlx::query_as_with(sql, args).fetch_one(conn).await,
        };
        result.map_err(|e| failed.error(e))
    }

    /// The first column of the first row, if there is a row.
    pub async fn scalar_optional<'e, T>(self, on: impl Into<Exec<'e>>) -> Result<Option<T>, StoreError>
    where
        (T,): FromDb,
    {
        Ok(self.fetch_optional::<(T,)>(on).await?.map(|(value,)| value))
    }

    /// The first column of the one row.
    pub async fn scalar_one<'e, T>(self, on: impl Into<Exec<'e>>) -> Result<T, StoreError>
    where
        (T,): FromDb,
    {
        Ok(self.fetch_one::<(T,)>(on).await?.0)
    }

    /// Binds the values with the driver's types of the chosen database.
    fn prepare<'e>(self, on: Exec<'e>) -> Result<(Failed, Run<'e>), StoreError> {
        let failed = Failed { statement: self.statement.name, unique: self.unique };
        let run = match on {
            Exec::SqlitePool(pool) => {
                Run::SqlitePool(pool, self.statement.sqlite, arguments::<SqliteArguments>(self.values).map_err(|e| failed.encode(e))?)
            }
            Exec::Sqlite(conn) => Run::Sqlite(conn, self.statement.sqlite, arguments::<SqliteArguments>(self.values).map_err(|e| failed.encode(e))?),
            Exec::PgPool(pool) => Run::PgPool(pool, self.statement.postgres, arguments::<PgArguments>(self.values).map_err(|e| failed.encode(e))?),
            Exec::Pg(conn) => Run::Pg(conn, self.statement.postgres, arguments::<PgArguments>(self.values).map_err(|e| failed.encode(e))?),
        };
        Ok((failed, run))
    }
}

/// Where a query runs: the pool (a statement on its own) or the connection
/// of an open transaction.
pub enum Exec<'e> {
    SqlitePool(&'e SqlitePool),
    Sqlite(&'e mut SqliteConnection),
    PgPool(&'e PgPool),
    Pg(&'e mut PgConnection),
}

enum Run<'e> {
    SqlitePool(&'e SqlitePool, &'static str, SqliteArguments<'static>),
    Sqlite(&'e mut SqliteConnection, &'static str, SqliteArguments<'static>),
    PgPool(&'e PgPool, &'static str, PgArguments),
    Pg(&'e mut PgConnection, &'static str, PgArguments),
}

/// A row type both drivers decode (a `#[derive(sqlx::FromRow)]` struct or a
/// tuple of plain types).
pub trait FromDb: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}
impl<T> FromDb for T where T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin {}

/// The database: a pool of one kind or the other.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl<'e> From<&'e Db> for Exec<'e> {
    fn from(db: &'e Db) -> Exec<'e> {
        match db {
            Db::Sqlite(pool) => Exec::SqlitePool(pool),
            Db::Postgres(pool) => Exec::PgPool(pool),
        }
    }
}

/// Serialises writers that must not interleave on PostgreSQL (one lock key
/// per kind of work). SQLite's immediate transaction already does, so it
/// never runs there; its text only takes the key and does nothing.
pub const ADVISORY_LOCK: Statement = Statement::dialects("ADVISORY_LOCK", "SELECT $1", "SELECT pg_advisory_xact_lock($1)");

impl Db {
    /// The pool's connections: open, idle and the most it opens.
    pub fn pool_use(&self) -> app::store::PoolUse {
        let (open, idle, max) = match self {
            Db::Sqlite(pool) => (pool.size(), pool.num_idle(), pool.options().get_max_connections()),
            Db::Postgres(pool) => (pool.size(), pool.num_idle(), pool.options().get_max_connections()),
        };
        app::store::PoolUse { open, idle: u32::try_from(idle).unwrap_or(u32::MAX), max }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite(_) => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// A write transaction. On SQLite `BEGIN IMMEDIATE` takes the write
    /// lock at the start (waiting up to the busy timeout), so a transaction
    /// that reads before it writes cannot fail halfway with
    /// SQLITE_BUSY_SNAPSHOT; PostgreSQL locks rows as statements reach them.
    pub async fn begin_write(&self) -> Result<Tx, StoreError> {
        let failed = Failed { statement: "BEGIN", unique: None };
        match self {
            Db::Sqlite(pool) => pool.begin_with("BEGIN IMMEDIATE").await.map(Tx::Sqlite),
            Db::Postgres(pool) => pool.begin().await.map(Tx::Postgres),
        }
        .map_err(|e| failed.error(e))
    }
}

/// An open transaction. Dropped without [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

impl<'e> From<&'e mut Tx> for Exec<'e> {
    fn from(tx: &'e mut Tx) -> Exec<'e> {
        match tx {
            Tx::Sqlite(tx) => Exec::Sqlite(&mut **tx),
            Tx::Postgres(tx) => Exec::Pg(&mut **tx),
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<(), StoreError> {
        let failed = Failed { statement: "COMMIT", unique: None };
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
        .map_err(|e| failed.error(e))
    }

    /// Rolls back now. A dropped transaction's rollback waits for its
    /// connection's next use, and until then PostgreSQL keeps its row
    /// locks; this releases them at once.
    pub async fn rollback(self) -> Result<(), StoreError> {
        let failed = Failed { statement: "ROLLBACK", unique: None };
        match self {
            Tx::Sqlite(tx) => tx.rollback().await,
            Tx::Postgres(tx) => tx.rollback().await,
        }
        .map_err(|e| failed.error(e))
    }

    /// Serialises the clinic's enrolments until this transaction ends, so
    /// two simultaneous enrolments of one child cannot both pass the
    /// duplicate check (on SQLite the immediate transaction already does).
    pub async fn lock_clinic_patients(&mut self, clinic_id: ClinicId) -> Result<(), StoreError> {
        if let Tx::Postgres(_) = self {
            let bytes = clinic_id.as_uuid().into_bytes();
            let key = i64::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]]);
            ADVISORY_LOCK.bind(key).execute(self).await?;
        }
        Ok(())
    }
}

/// What a failure needs to say which statement it was.
#[derive(Clone, Copy)]
struct Failed {
    statement: &'static str,
    unique: Option<&'static str>,
}

/// A statement that failed, by name, with the driver's error below it.
#[derive(Debug, thiserror::Error)]
#[error("statement {statement} failed")]
pub struct StatementError {
    pub statement: &'static str,
    #[source]
    pub source: sqlx::Error,
}

/// A value the driver could not encode.
#[derive(Debug, thiserror::Error)]
#[error("a value of statement {statement} could not be encoded")]
pub struct EncodeError {
    pub statement: &'static str,
    #[source]
    pub source: sqlx::error::BoxDynError,
}

impl Failed {
    fn error(self, err: sqlx::Error) -> StoreError {
        match (&err, self.unique) {
            (sqlx::Error::RowNotFound, _) => StoreError::NotFound,
            (sqlx::Error::Database(db), Some(field)) if db.is_unique_violation() => StoreError::Conflict { field },
            _ => StoreError::Unavailable(Box::new(StatementError { statement: self.statement, source: err })),
        }
    }

    fn encode(self, source: sqlx::error::BoxDynError) -> StoreError {
        StoreError::Unavailable(Box::new(EncodeError { statement: self.statement, source }))
    }
}

/// The values as one driver's arguments; written once for both, with the
/// bounds saying that each kind of value is one the driver can bind.
fn arguments<'q, A>(values: Vec<Value>) -> Result<A, sqlx::error::BoxDynError>
where
    A: Arguments<'q>,
    Option<Uuid>: Encode<'q, A::Database> + Type<A::Database>,
    Option<String>: Encode<'q, A::Database> + Type<A::Database>,
    Option<i64>: Encode<'q, A::Database> + Type<A::Database>,
    Option<f64>: Encode<'q, A::Database> + Type<A::Database>,
    Option<bool>: Encode<'q, A::Database> + Type<A::Database>,
    Option<OffsetDateTime>: Encode<'q, A::Database> + Type<A::Database>,
    Option<Date>: Encode<'q, A::Database> + Type<A::Database>,
    Option<Vec<u8>>: Encode<'q, A::Database> + Type<A::Database>,
    Option<Json<Box<JsonRawValue>>>: Encode<'q, A::Database> + Type<A::Database>,
{
    let mut args = A::default();
    for value in values {
        match value {
            Value::Uuid(v) => args.add(v),
            Value::Text(v) => args.add(v),
            Value::Int(v) => args.add(v),
            Value::Real(v) => args.add(v),
            Value::Bool(v) => args.add(v),
            Value::Time(v) => args.add(v),
            Value::Date(v) => args.add(v),
            Value::Bytes(v) => args.add(v),
            Value::Json(v) => args.add(v.map(Json)),
            Value::Unencodable(reason) => Err(reason.into()),
        }?;
    }
    Ok(args)
}

// What the store binds, and how each becomes a `Value`. A plain list: each
// line names a Rust type and the kind of column it is written to.
macro_rules! values {
    ($($variant:ident: $($t:ty => |$v:ident| $e:expr),+;)*) => {$($(
        impl From<$t> for Value {
            fn from($v: $t) -> Value { Value::$variant($e) }
        }
    )+)*};
}

values! {
    Uuid: Uuid => |v| Some(v), Option<Uuid> => |v| v;
    Text: String => |v| Some(v), &String => |v| Some(v.clone()), &str => |v| Some(v.to_owned()),
        Option<String> => |v| v, Option<&str> => |v| v.map(str::to_owned), Option<&String> => |v| v.cloned();
    Int: i64 => |v| Some(v), Option<i64> => |v| v, i32 => |v| Some(i64::from(v)), u32 => |v| Some(i64::from(v)),
        Option<u32> => |v| v.map(i64::from);
    Real: f64 => |v| Some(v), Option<f64> => |v| v;
    Bool: bool => |v| Some(v);
    Time: OffsetDateTime => |v| Some(v), Option<OffsetDateTime> => |v| v;
    Date: Date => |v| Some(v), Option<Date> => |v| v;
    Bytes: &[u8] => |v| Some(v.to_vec()), Vec<u8> => |v| Some(v), &Vec<u8> => |v| Some(v.clone());
}

// The typed ids are UUIDs in every column.
macro_rules! id_values {
    ($($id:ty),*) => {$(
        impl From<$id> for Value {
            fn from(id: $id) -> Value { Value::Uuid(Some(id.as_uuid())) }
        }
        impl From<Option<$id>> for Value {
            fn from(id: Option<$id>) -> Value { Value::Uuid(id.map(<$id>::as_uuid)) }
        }
        impl From<&$id> for Value {
            fn from(id: &$id) -> Value { Value::Uuid(Some(id.as_uuid())) }
        }
    )*};
}

id_values!(ClinicId, StaffId, PatientId, RespondentId, EnrolmentId, InvitationId, ResponseId);

impl From<&Uuid> for Value {
    fn from(v: &Uuid) -> Value {
        Value::Uuid(Some(*v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value that cannot be written as JSON fails its statement (named);
    /// it is never stored as NULL in its place.
    #[test]
    fn an_unserialisable_value_fails_instead_of_becoming_null() {
        let not_json = std::collections::BTreeMap::from([((1, 2), 3)]);
        assert!(matches!(json(&not_json), Value::Unencodable(_)));
        assert!(arguments::<SqliteArguments>(vec![json(&not_json)]).is_err());
        assert!(arguments::<PgArguments>(vec![json(&not_json)]).is_err());
        assert!(matches!(json(&serde_json::json!({ "a": 1 })), Value::Json(Some(_))));
    }
}
