//! Benchmarks of the patient journey, each beside a baseline measured in
//! the same run (`make bench`; numbers are printed, never asserted):
//!
//! 1. durable submissions per second under concurrent load (answers,
//!    scores and flags stored in one transaction; SQLite with
//!    `synchronous = FULL`, PostgreSQL with `synchronous_commit = on`),
//!    beside a bare one-row insert per transaction;
//! 2. questionnaire page requests per second (session check, render,
//!    compression) and latency percentiles under concurrent keep-alive
//!    load, beside a bare axum handler, at full and at half load;
//! 3. bytes a phone downloads for the first questionnaire page (HTML, CSS,
//!    JS and wasm, compressed with brotli).
//!
//! Client and server share this machine's cores, so request rates are a
//! lower bound of what a server alone would do.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::engine::form::answers_from_form;
use app::engine::History;
use app::ports::SystemClock;
use app::responses::port::NewResponse;
use app::responses::EntryMode;
use app::state::AppState;
use secrecy::SecretString;
use server::config::Settings;
use server::jobs::Scheduler;
use server::mail::{MailTransport, MemoryMailbox};
use server::startup::Application;
use uuid::Uuid;

const PASSWORD: &str = "bench-password";
const RUN: Duration = Duration::from_secs(5);
const CONCURRENCY: usize = 32;

// The tests' other answer sets are not used here.
#[allow(dead_code)]
#[path = "../tests/api/fixtures.rs"]
mod fixtures;
use fixtures::RED_FOLLOW_UP;

/// A running Svar with one open invitation and a respondent's session.
struct Setup {
    url: String,
    state: AppState,
    cookie: String,
    session: app::respondent::port::AnswerSession,
}

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

async fn setup(database_url: &str) -> anyhow::Result<Setup> {
    let settings = Settings {
        database_url: SecretString::from(database_url.to_owned()),
        listen: "127.0.0.1:0".parse()?,
        questionnaires_dir: root().join("questionnaires"),
        site_root: root().join("target/site"),
        demo: true,
        demo_password: Some(SecretString::from(PASSWORD)),
        scheduler_interval_secs: 0,
        db_max_connections: 16,
        ..Settings::default()
    };
    let store = server::store::connect(&settings).await?;
    let mailbox = MemoryMailbox::default();
    let app = Application::build_with(settings, store, Arc::new(SystemClock), Arc::new(MailTransport::Memory(mailbox.clone()))).await?;
    let url = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());

    let staff = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let post = |path: &str, form: &[(&str, &str)]| staff.post(format!("{url}{path}")).header("sec-fetch-site", "same-origin").form(form).send();
    post("/staff/sign-in", &[("email", "clinician@demo-ent.example"), ("password", PASSWORD)]).await?;
    let index = (time::OffsetDateTime::now_utc().date() - time::Duration::days(32)).to_string();
    let enrolled = post(
        "/staff/patients/new",
        &[
            ("pathway", "ear_tubes"),
            ("index_date", &index),
            ("name", "Bench Barn"),
            ("date_of_birth", "2020-05-05"),
            ("respondent1_name", "Bench Forælder"),
            ("respondent1_email", "bench@example.dk"),
            ("respondent1_relation", "mother"),
            ("respondent1_language", "da"),
        ],
    )
    .await?;
    anyhow::ensure!(enrolled.status() == 303, "enrolment failed: {}", enrolled.status());
    Scheduler::new(state.clone()).run_once().await?;
    let mail = mailbox.sent().pop().ok_or_else(|| anyhow::anyhow!("no invitation mail"))?;
    let start = mail.text.find("/p/").ok_or_else(|| anyhow::anyhow!("no link"))?;
    let link: String = mail.text[start..].chars().take_while(|c| !c.is_whitespace()).collect();
    let opened = post(&link, &[]).await?;
    let cookie = opened.headers()["set-cookie"].to_str()?.split(';').next().unwrap_or_default().to_owned();
    let token = cookie.split_once('=').map(|(_, t)| t.to_owned()).unwrap_or_default();
    let session = state
        .store
        .answer_session(&app::auth::hash_token(&token), time::OffsetDateTime::now_utc())
        .await?
        .ok_or_else(|| anyhow::anyhow!("no session"))?;
    Ok(Setup { url, state, cookie, session })
}

/// Runs `work` from `CONCURRENCY` tasks for `RUN`; returns operations per second.
async fn throughput<F, Fut>(work: F) -> f64
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let work = Arc::new(work);
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (work, done, stop) = (work.clone(), done.clone(), stop.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let n = done.fetch_add(1, Ordering::Relaxed);
                    work(n).await;
                }
            })
        })
        .collect();
    tokio::time::sleep(RUN).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

async fn submissions(
    name: &str,
    s: &Setup,
    bare: impl Fn(u64) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> + Send + Sync + 'static,
) {
    let compiled = s.state.definitions.shipped_questionnaire("ear_tubes_follow_up").expect("shipped questionnaire");
    let fields: Vec<(String, String)> = RED_FOLLOW_UP.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    let answers = answers_from_form(compiled.questionnaire(), &fields);
    let history = History::default();
    let validation = compiled.validate(&answers, &history, app::engine::Completeness::Final);
    assert!(validation.is_valid(), "{:?}", validation.errors);
    let evaluation = compiled.evaluate(&validation.answers, &history);
    assert!(!evaluation.flags.is_empty());
    let (state, session) = (s.state.clone(), s.session.clone());
    let run_id = Uuid::new_v4();
    let answers = Arc::new(validation.answers);
    let flags = evaluation.flags.len();
    let evaluation = Arc::new(evaluation);
    let stored = throughput(move |n| {
        let (state, session, answers, evaluation) = (state.clone(), session.clone(), answers.clone(), evaluation.clone());
        async move {
            let key = format!("bench-{run_id}-{n}");
            let r = NewResponse {
                id: app::domain::ResponseId::random(),
                clinic_id: session.clinic_id,
                patient_id: session.patient_id,
                enrolment_id: Some(session.enrolment_id),
                invitation_id: None,
                questionnaire_id: &evaluation.questionnaire,
                questionnaire_version: evaluation.version,
                answers: &answers,
                scores: &evaluation.scores,
                flags: &evaluation.flags,
                has_comment: false,
                entry_mode: EntryMode::Respondent,
                respondent_id: Some(session.respondent_id),
                entered_by: None,
                submission_key: &key,
                now: time::OffsetDateTime::now_utc(),
                notification: None,
                audit: None,
            };
            state.store.store_response(&r).await.expect("stored");
        }
    })
    .await;
    let bare = throughput(bare).await;
    println!(
        "submissions {name:<8} {stored:>8.0}/s  ({} answers + {} scores + {flags} flags each, group commit; {CONCURRENCY} concurrent)   \
         baseline bare one-row insert, a commit each {bare:>8.0}/s",
        RED_FOLLOW_UP.len(),
        evaluation_len(&s.state),
    );
}

fn evaluation_len(state: &AppState) -> usize {
    state.definitions.shipped_questionnaire("ear_tubes_follow_up").map_or(0, |q| q.questionnaire().scores.len())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Requests per second and latencies for GET `url`, at most `rate` per
/// second in all when given.
async fn load(client: reqwest::Client, url: String, cookie: String, rate: Option<f64>) -> (f64, Duration, Duration) {
    let latencies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let pace = rate.map(|r| Duration::from_secs_f64(CONCURRENCY as f64 / r));
    let l = latencies.clone();
    let rps = throughput(move |_| {
        let (client, url, cookie, l) = (client.clone(), url.clone(), cookie.clone(), l.clone());
        async move {
            let started = Instant::now();
            let response = client.get(&url).header("cookie", &cookie).header("accept-encoding", "br").send().await;
            if let Ok(r) = response {
                let _ = r.bytes().await;
            }
            let took = started.elapsed();
            if let Ok(mut l) = l.lock() {
                l.push(took);
            }
            if let Some(pace) = pace {
                tokio::time::sleep(pace.saturating_sub(took)).await;
            }
        }
    })
    .await;
    let mut all = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    all.sort();
    (rps, percentile(&all, 0.5), percentile(&all, 0.99))
}

async fn pages(s: &Setup) -> anyhow::Result<()> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(CONCURRENCY).build()?;
    let page = format!("{}/a", s.url);
    let html = client.get(&page).header("cookie", &s.cookie).send().await?.text().await?;
    anyhow::ensure!(html.contains("Side 1 af"), "the questionnaire page renders");
    // The baseline: a bare axum handler sending a page of the same size, compressed the same way.
    let body: &'static str = Box::leak(html.into_boxed_str());
    let bare = axum::Router::new()
        .route("/", axum::routing::get(move || async move { axum::response::Html(body) }))
        .layer(tower_http::compression::CompressionLayer::new());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let bare_url = format!("http://{}/", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, bare).await });

    let (rps, p50, p99) = load(client.clone(), page.clone(), s.cookie.clone(), None).await;
    let (bare_rps, bare_p50, bare_p99) = load(client.clone(), bare_url.clone(), String::new(), None).await;
    println!(
        "page /a   full load   {rps:>8.0} req/s  p50 {p50:>8.2?}  p99 {p99:>8.2?}   baseline bare axum {bare_rps:>8.0} req/s  p50 {bare_p50:>8.2?}  p99 {bare_p99:>8.2?}"
    );
    let (half, p50, p99) = load(client.clone(), page, s.cookie.clone(), Some(rps / 2.0)).await;
    let (bare_half, bare_p50, bare_p99) = load(client, bare_url, String::new(), Some(bare_rps / 2.0)).await;
    println!(
        "page /a   half load   {half:>8.0} req/s  p50 {p50:>8.2?}  p99 {p99:>8.2?}   baseline bare axum {bare_half:>8.0} req/s  p50 {bare_p50:>8.2?}  p99 {bare_p99:>8.2?}"
    );
    Ok(())
}

async fn bytes(s: &Setup) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let get = |path: &str, cookie: bool| {
        let mut r = client.get(format!("{}{path}", s.url)).header("accept-encoding", "br");
        if cookie {
            r = r.header("cookie", &s.cookie);
        }
        r.send()
    };
    let html = get("/a", true).await?.bytes().await?.len();
    let css = get("/pkg/svar.css", false).await?.bytes().await?.len();
    let js = get("/pkg/svar.js", false).await?.bytes().await?.len();
    let wasm = get("/pkg/svar.wasm", false).await?.bytes().await?.len();
    let kb = |n: usize| n as f64 / 1024.0;
    println!(
        "bytes     first page (brotli): HTML {:.1} KB + CSS {:.1} KB = {:.1} KB before first render; JS {:.1} KB + wasm {:.1} KB; total {:.1} KB",
        kb(html),
        kb(css),
        kb(html + css),
        kb(js),
        kb(wasm),
        kb(html + css + js + wasm)
    );
    Ok(())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    // On disk (not /tmp, which may be memory): fsync must cost what it costs.
    std::fs::create_dir_all(root().join("target"))?;
    let dir = tempfile::tempdir_in(root().join("target"))?;
    let sqlite_url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let sqlite = setup(&sqlite_url).await?;
    let pool = server::store::SqlStore::connect_sqlite(&sqlite_url, 16).await?.sqlite_pool().cloned().ok_or_else(|| anyhow::anyhow!("not SQLite"))?;
    sqlx::query("CREATE TABLE bare (id BLOB PRIMARY KEY, payload TEXT NOT NULL) STRICT").execute(&pool).await?;
    let payload: String = serde_json::to_string(RED_FOLLOW_UP)?;
    let p = payload.clone();
    submissions("sqlite", &sqlite, move |_| {
        let (pool, payload) = (pool.clone(), p.clone());
        Box::pin(async move {
            sqlx::query("INSERT INTO bare (id, payload) VALUES ($1, $2)").bind(Uuid::new_v4()).bind(payload).execute(&pool).await.expect("insert");
        })
    })
    .await;

    let pg_admin = std::env::var("SVAR_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    match bench_postgres(&pg_admin, &payload).await {
        Ok(()) => {}
        Err(err) => println!("submissions postgres skipped: {err}"),
    }

    pages(&sqlite).await?;
    bytes(&sqlite).await?;
    Ok(())
}

async fn bench_postgres(admin_url: &str, payload: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let name = format!("svar_bench_{}", Uuid::new_v4().simple());
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => anyhow::bail!("unexpected PostgreSQL URL"),
    };
    let s = setup(&url).await?;
    let pool = sqlx::PgPool::connect(&url).await?;
    sqlx::query("CREATE TABLE bare (id UUID PRIMARY KEY, payload TEXT NOT NULL)").execute(&pool).await?;
    let on: String = sqlx::query_scalar("SHOW synchronous_commit").fetch_one(&pool).await?;
    anyhow::ensure!(on == "on", "synchronous_commit is {on}");
    let payload = payload.to_owned();
    let p = pool.clone();
    submissions("postgres", &s, move |_| {
        let (pool, payload) = (p.clone(), payload.clone());
        Box::pin(async move {
            sqlx::query("INSERT INTO bare (id, payload) VALUES ($1, $2)").bind(Uuid::new_v4()).bind(payload).execute(&pool).await.expect("insert");
        })
    })
    .await;
    pool.close().await;
    let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut admin).await;
    Ok(())
}
