use std::str::FromStr;
use std::time::Duration;

use app::ports::Backend;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use super::shared::impl_store;
#[allow(unused_imports)]
use super::{queries as q, rows, store_error as err};

/// The production database, and the way to run several Svar processes
/// against one set of data.
#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<PostgresStore> {
        let options = PgConnectOptions::from_str(url)?.application_name("svar");
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        Ok(PostgresStore { pool })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        sqlx::migrate!("./migrations/postgres").run(&self.pool).await?;
        Ok(())
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

impl_store!(PostgresStore, Backend::Postgres);
