//! Test support: a fresh database per test and the real app on port 0.

use std::sync::Arc;

use app::store::Store;
use secrecy::SecretString;
use server::config::Settings;
use server::mail::{MailTransport, MemoryMailbox};
use server::startup::Application;
use server::store::SqlStore;
use sqlx::Connection;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Writes a test once and runs it against both backends:
/// `backend_tests!(my_test);` where `async fn my_test(backend: Backend)`.
macro_rules! backend_tests {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::helpers::within_time_limit(super::$name($crate::helpers::Backend::Sqlite)).await
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::helpers::skip_postgres() {
                        return;
                    }
                    $crate::helpers::within_time_limit(super::$name($crate::helpers::Backend::Postgres)).await
                }
            )+
        }
    };
}
pub(crate) use backend_tests;

/// A test that hangs fails after two minutes instead of stalling the run.
pub async fn within_time_limit(test: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(std::time::Duration::from_secs(120), test).await.is_err() {
        panic!("test did not finish within 120 s");
    }
}

/// PostgreSQL tests run unless `SVAR_SKIP_POSTGRES=1` is set on purpose.
/// An unreachable server is a failure, not a silent skip.
pub fn skip_postgres() -> bool {
    let skip = std::env::var("SVAR_SKIP_POSTGRES").is_ok_and(|v| v == "1");
    if skip && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("SVAR_SKIP_POSTGRES=1 is not allowed in CI: the PostgreSQL suite must run");
    }
    if skip {
        eprintln!("SKIPPED on PostgreSQL (SVAR_SKIP_POSTGRES=1)");
    }
    skip
}

fn postgres_admin_url() -> String {
    std::env::var("SVAR_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test only.
pub struct TestDb {
    pub url: String,
    postgres_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = format!("sqlite://{}", dir.path().join("svar.db").display());
                TestDb { url, postgres_name: None, _dir: Some(dir) }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url();
                let name = format!("svar_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL is not reachable at {admin} ({e}). Start it, point \
                         SVAR_TEST_POSTGRES_URL at one, or set SVAR_SKIP_POSTGRES=1 (not in CI)."
                    )
                });
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create test database");
                let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
                TestDb { url: format!("{base}/{name}"), postgres_name: Some(name), _dir: None }
            }
        }
    }

    pub async fn store(&self) -> Arc<dyn Store> {
        if self.postgres_name.is_some() {
            let store = SqlStore::connect_postgres(&self.url, 5).await.expect("connect");
            store.migrate().await.expect("migrate");
            Arc::new(store)
        } else {
            let store = SqlStore::connect_sqlite(&self.url, 5).await.expect("connect");
            store.migrate().await.expect("migrate");
            Arc::new(store)
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else { return };
        // Drop runs outside async; use a small runtime of its own.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
            rt.block_on(async move {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await;
                }
            });
        })
        .join();
    }
}

/// An audit entry for changes a test makes straight through the store.
pub fn test_audit(action: &'static str) -> app::domain::NewAuditEntry {
    app::domain::NewAuditEntry {
        staff_id: None,
        clinic_id: None,
        patient_id: None,
        action,
        outcome: app::domain::AuditOutcome::Ok,
        client: "test".to_owned(),
        detail: String::new(),
    }
}

/// The password of the demo staff in tests.
pub const DEMO_PASSWORD: &str = "test-demo-password";

/// A clock tests can move. It starts at noon UTC of today's date, not at
/// the wall clock's time of day: invitations go out at 07:00 UTC, so a test
/// that expects today's invitation failed when run before seven in the
/// morning (CI found it). Today's date keeps the store's own timestamps
/// (cookies, PostgreSQL's `now()`) within hours of the clock.
pub struct TestClock(std::sync::Mutex<time::OffsetDateTime>);

impl TestClock {
    pub fn new() -> Arc<TestClock> {
        let noon = time::OffsetDateTime::now_utc().replace_time(time::macros::time!(12:00));
        Arc::new(TestClock(std::sync::Mutex::new(noon)))
    }

    pub fn now_date(&self) -> time::Date {
        app::ports::Clock::now(self).date()
    }

    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl app::ports::Clock for TestClock {
    fn now(&self) -> time::OffsetDateTime {
        self.0.lock().map(|now| *now).unwrap_or_else(|_| time::OffsetDateTime::now_utc())
    }
}

/// The running application and a client for it.
pub struct TestApp {
    pub address: String,
    pub store: Arc<dyn Store>,
    pub clock: Arc<TestClock>,
    /// Every mail the app sent.
    pub mailbox: MemoryMailbox,
    pub client: reqwest::Client,
    pub state: app::state::AppState,
    /// Shared with replicas ([`TestApp::replica`]); dropped with the last.
    _db: Arc<TestDb>,
}

pub fn test_settings(database_url: &str) -> Settings {
    Settings {
        database_url: SecretString::from(database_url.to_owned()),
        listen: "127.0.0.1:0".parse().expect("address"),
        // Links in mail, and SMS report addresses, reach this very app.
        public_url: "http://127.0.0.1:0".to_owned(),
        questionnaires_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/../questionnaires").into(),
        demo: true,
        demo_password: Some(SecretString::from(DEMO_PASSWORD)),
        // Tests run scheduler rounds themselves (`TestApp::run_scheduler`).
        scheduler_interval_secs: 0,
        ..Settings::default()
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_mailing_with(backend, adjust, None).await
}

/// As [`spawn_app_with`], with mail sent through `transport` (the memory
/// mailbox then stays empty); `None`: the memory mailbox.
pub async fn spawn_app_mailing_with(backend: Backend, adjust: impl FnOnce(&mut Settings), transport: Option<MailTransport>) -> TestApp {
    let db = TestDb::new(backend).await;
    let mut settings = test_settings(&db.url);
    adjust(&mut settings);
    let store = db.store().await;
    let clock = TestClock::new();
    let mailbox = MemoryMailbox::default();
    let mailer = Arc::new(transport.unwrap_or_else(|| MailTransport::Memory(mailbox.clone())));
    let app = Application::build_with(settings, store.clone(), clock.clone(), mailer).await.expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    TestApp { address, store, clock, mailbox, client, state, _db: Arc::new(db) }
}

impl TestApp {
    /// A second Svar process on the same database, as a second `svar serve`
    /// replica behind a load balancer: its own connection pool, listener and
    /// scheduler, built (migrations, demo seed) against a database that is
    /// already in use. It shares the clock, and its mail lands in the same
    /// mailbox, so a test sees every mail either replica sent.
    pub async fn replica(&self) -> TestApp {
        let store = self._db.store().await;
        let mailer = Arc::new(MailTransport::Memory(self.mailbox.clone()));
        let app = Application::build_with(test_settings(&self._db.url), store.clone(), self.clock.clone(), mailer)
            .await
            .expect("build a replica on a database in use");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            store,
            clock: self.clock.clone(),
            mailbox: self.mailbox.clone(),
            client: self.client.clone(),
            state,
            _db: self._db.clone(),
        }
    }

    /// Counts the rows of a table, straight from the database.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        if self._db.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query_scalar::<_, i64>(&sql).fetch_one(&mut conn).await.expect("count")
        } else {
            let mut conn = sqlx::PgConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query_scalar::<_, i64>(&sql).fetch_one(&mut conn).await.expect("count")
        }
    }

    /// The first column of a query's rows as text (NULL as `None`), straight
    /// from the database: for what no page shows (yet).
    pub async fn texts(&self, sql: &str) -> Vec<Option<String>> {
        if self._db.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query_scalar::<_, Option<String>>(sql).fetch_all(&mut conn).await.expect("query")
        } else {
            let mut conn = sqlx::PgConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query_scalar::<_, Option<String>>(sql).fetch_all(&mut conn).await.expect("query")
        }
    }

    /// Runs one statement straight on the database: for a state no form
    /// can make (yet).
    pub async fn execute(&self, sql: &str) {
        if self._db.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query(sql).execute(&mut conn).await.expect("statement");
        } else {
            let mut conn = sqlx::PgConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query(sql).execute(&mut conn).await.expect("statement");
        }
    }

    /// One value of bytes, straight from the database.
    pub async fn bytes(&self, sql: &str) -> Vec<u8> {
        if self._db.url.starts_with("sqlite:") {
            let mut conn = sqlx::SqliteConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query_scalar::<_, Vec<u8>>(sql).fetch_one(&mut conn).await.expect("query")
        } else {
            let mut conn = sqlx::PgConnection::connect(&self._db.url).await.expect("connect");
            sqlx::query_scalar::<_, Vec<u8>>(sql).fetch_one(&mut conn).await.expect("query")
        }
    }

    /// One scheduler round: plan, run due jobs, deliver mail.
    pub async fn run_scheduler(&self) -> server::jobs::Round {
        server::jobs::Scheduler::new(self.state.clone()).run_once().await.expect("scheduler round")
    }

    pub fn db_url(&self) -> String {
        self._db.url.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request")
    }

    /// A form post as a browser on this site sends it.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(self.url(path)).header("sec-fetch-site", "same-origin").form(form).send().await.expect("request")
    }
}

/// A browser of one staff member: its own cookie jar.
pub struct StaffClient {
    pub client: reqwest::Client,
    address: String,
}

impl TestApp {
    /// Signs in through the form; panics if that fails.
    pub async fn sign_in(&self, email: &str, password: &str) -> StaffClient {
        let staff = self.try_sign_in(email, password).await;
        let home = staff.get("/staff").await;
        assert_eq!(home.status(), 200, "signed in as {email}");
        staff
    }

    pub async fn try_sign_in(&self, email: &str, password: &str) -> StaffClient {
        let staff = self.browser();
        staff.post_form("/staff/sign-in", &[("email", email), ("password", password)]).await;
        staff
    }

    /// A new browser with its own cookie jar, signed in as nobody.
    pub fn browser(&self) -> StaffClient {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("client");
        StaffClient { client, address: self.address.clone() }
    }

    /// Waits until at least `count` mails were sent (mail goes out in the
    /// background), for at most five seconds.
    pub async fn wait_for_mail(&self, count: usize) {
        for _ in 0..100 {
            if self.mailbox.sent().len() >= count {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("expected {count} mails, got {}", self.mailbox.sent().len());
    }
}

impl StaffClient {
    /// The same browser (the same cookies) talking to another replica, as a
    /// load balancer may send its next request elsewhere.
    pub fn on(&self, app: &TestApp) -> StaffClient {
        StaffClient { client: self.client.clone(), address: app.address.clone() }
    }

    /// Fetches a page, as a browser does. No retry: a page that stops
    /// part-way fails the test. (The harness's old intermittent stall was
    /// Leptos's route-list generation, which every app built in this
    /// process ran, pausing resource loading process-wide while other apps
    /// served pages; `server/tests/api/concurrent_builds.rs` shows it.)
    pub async fn get(&self, path: &str) -> reqwest::Response {
        let response = self
            .client
            .get(format!("{}{}", self.address, path))
            .header("accept", "text/html")
            .timeout(std::time::Duration::from_secs(20))
            .send()
            .await
            .unwrap_or_else(|err| panic!("page {path} failed: {err:?}"));
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.unwrap_or_else(|err| panic!("page {path} stopped part-way: {err:?}"));
        let mut rebuilt = http::Response::builder().status(status);
        for (name, value) in &headers {
            rebuilt = rebuilt.header(name, value);
        }
        reqwest::Response::from(rebuilt.body(body).expect("response"))
    }

    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client.post(format!("{}{}", self.address, path)).header("sec-fetch-site", "same-origin").form(form).send().await.expect("request")
    }

    /// Calls a server function the way the browser does.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> (u16, String) {
        let response = self.post_form(&format!("/api/{endpoint}"), form).await;
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }
}
