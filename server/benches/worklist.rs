//! `cargo bench -p server --bench worklist` (part of `make bench`): seeds
//! 100,000 patients with 1,000,000 responses (2 % of them with an open
//! flag) into a fresh SQLite file and a fresh PostgreSQL database, then
//! times the worklist's first page, a filtered page, and a patient page's
//! reads (detail, responses, invitations) as the server runs them.
//! Numbers are printed, not asserted.

use std::time::{Duration, Instant};

use app::store::Store;
use app::worklist::{Urgency, WorklistFilter};
use uuid::Uuid;

const PATIENTS: i64 = 100_000;
const RESPONSES_PER_PATIENT: i64 = 10;
const RUNS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn time<F, Fut>(runs: usize, mut f: F) -> (Duration, Duration)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut all = Vec::with_capacity(runs);
    for n in 0..runs {
        let started = Instant::now();
        f(n).await;
        all.push(started.elapsed());
    }
    all.sort();
    (percentile(&all, 0.5), percentile(&all, 0.99))
}

/// The SQL that seeds; `{uuid}` is the backend's random-id expression.
fn seed_sql(sqlite: bool) -> Vec<String> {
    let (uuid, series) = if sqlite {
        ("randomblob(16)", "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {N}) SELECT i FROM n")
    } else {
        ("gen_random_uuid()", "SELECT generate_series(1, {N}) AS i")
    };
    let now = if sqlite { "'2026-11-01T00:00:00Z'" } else { "TIMESTAMPTZ '2026-11-01T00:00:00Z'" };
    let at = |offset: &str| {
        if sqlite {
            format!("strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-01', '-' || ({offset}) || ' minutes')")
        } else {
            format!("TIMESTAMPTZ '2026-11-01T00:00:00Z' - ({offset}) * INTERVAL '1 minute'")
        }
    };
    let date = if sqlite { "'2020-01-01'" } else { "DATE '2020-01-01'" };
    let series = |n: i64| series.replace("{N}", &n.to_string());
    vec![
        format!(
            "INSERT INTO patients (id, clinic_id, name, date_of_birth, national_id_key, name_birth_key, created_at) \
             SELECT {uuid}, $1, 'Bench Patient ' || i, {date}, NULL, 'bench-' || i, {now} FROM ({}) s",
            series(PATIENTS)
        ),
        format!(
            "INSERT INTO responses (id, clinic_id, patient_id, questionnaire_id, questionnaire_version, answers, scores, \
             entry_mode, submission_key, submitted_at) \
             SELECT {uuid}, p.clinic_id, p.id, 'ear_tubes_follow_up', 1, '{{\"discharge\":false}}', '{{\"ear_symptoms\":2.0}}', \
             'staff_paper', p.name_birth_key || '-' || k.i, {} FROM patients p CROSS JOIN ({}) k WHERE p.clinic_id = $1",
            at("k.i * 20160"),
            series(RESPONSES_PER_PATIENT)
        ),
        // Every 50th response has an open flag (2 %), the rest of the flagged ones were decided.
        format!(
            "INSERT INTO flags (id, clinic_id, patient_id, response_id, rule_id, level, message_da, message_en, explanation, \
             questionnaire_version, status, created_at) \
             SELECT {uuid}, r.clinic_id, r.patient_id, r.id, 'persistent_discharge', \
             CASE WHEN (rn % 3) = 0 THEN 'red' ELSE 'yellow' END, 'Vedvarende flåd', 'Persistent discharge', '[]', 1, \
             CASE WHEN (rn % 50) = 0 THEN 'open' ELSE 'closed' END, r.submitted_at \
             FROM (SELECT id, clinic_id, patient_id, submitted_at, ROW_NUMBER() OVER (ORDER BY submission_key) AS rn \
                   FROM responses WHERE clinic_id = $1) r WHERE (rn % 10) = 0"
        ),
        // The worklist rows, as storing those responses would have written them.
        "INSERT INTO worklist_entries (id, clinic_id, kind, rank, patient_id, questionnaire_id, status, created_at) \
         SELECT r.id, r.clinic_id, 'response', CASE f.level WHEN 'red' THEN 0 ELSE 2 END, r.patient_id, \
         r.questionnaire_id, f.status, f.created_at FROM flags f JOIN responses r ON r.id = f.response_id \
         WHERE f.clinic_id = $1"
            .to_owned(),
    ]
}

async fn bench(name: &str, store: std::sync::Arc<dyn Store>, exec: impl AsyncExec) -> anyhow::Result<()> {
    let clinic = store
        .create_clinic(
            &app::domain::NewClinic { slug: app::domain::ClinicSlug::parse("bench")?, name: app::domain::ClinicName::parse("Bench")? },
            time::OffsetDateTime::now_utc(),
        )
        .await?;
    let started = Instant::now();
    for sql in seed_sql(name == "sqlite") {
        exec.run(&sql, clinic.id).await?;
    }
    println!("worklist  {name:<8} seeded {PATIENTS} patients, {} responses in {:.0?}", PATIENTS * RESPONSES_PER_PATIENT, started.elapsed());
    let staff = app::domain::StaffId::random();
    let first = store.worklist(clinic.id, staff, &WorklistFilter::default()).await?;
    anyhow::ensure!(first.entries.len() == 50, "a full first page");
    let (p50, p99) = time(RUNS, |_| {
        let store = store.clone();
        async move {
            store.worklist(clinic.id, staff, &WorklistFilter::default()).await.expect("worklist");
        }
    })
    .await;
    println!(
        "worklist  {name:<8} first page (50 of {} open, with counts)   p50 {p50:>8.2?}  p99 {p99:>8.2?}",
        first.counts.iter().map(|c| c.1).sum::<i64>()
    );
    let red = WorklistFilter { urgency: Some(Urgency::Red), page: 3, ..WorklistFilter::default() };
    let (p50, p99) = time(RUNS, |_| {
        let (store, red) = (store.clone(), red.clone());
        async move {
            store.worklist(clinic.id, staff, &red).await.expect("worklist");
        }
    })
    .await;
    println!("worklist  {name:<8} red only, page 4                         p50 {p50:>8.2?}  p99 {p99:>8.2?}");
    let patients: Vec<app::domain::PatientId> = first.entries.iter().map(|e| e.patient_id).collect();
    let (p50, p99) = time(RUNS, |n| {
        let store = store.clone();
        let patient = patients[n % patients.len()];
        async move {
            store.patient_detail(clinic.id, patient).await.expect("detail");
            store.patient_responses(clinic.id, patient).await.expect("responses");
            store.patient_invitations(clinic.id, patient).await.expect("invitations");
        }
    })
    .await;
    println!("worklist  {name:<8} patient page reads (10 responses)        p50 {p50:>8.2?}  p99 {p99:>8.2?}");
    dry_run(name, &store, clinic.id).await
}

/// The authoring dry-run as an admin's page runs it: the responses of the
/// newest 5,000 patients (50,000 here) read, each evaluated with its
/// history under the version in use and under a draft with one more rule.
async fn dry_run(name: &str, store: &std::sync::Arc<dyn Store>, clinic: app::domain::ClinicId) -> anyhow::Result<()> {
    use app::authoring::service::DRY_RUN_PATIENTS;
    use app::engine::model::{FlagRule, RuleLevel};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../questionnaires");
    let report = server::definitions::load(&dir)?;
    let current = report.questionnaire("ear_tubes_follow_up").ok_or_else(|| anyhow::anyhow!("shipped follow-up"))?.clone();
    let mut q = current.questionnaire().clone();
    q.version = 2;
    q.rules.push(FlagRule {
        id: "no_discharge_reported".into(),
        level: RuleLevel::Yellow,
        when: "answered(discharge) and discharge = false".into(),
        message: app::engine::LangText::new("Intet flåd", "No discharge"),
        advice: None,
        rationale: None,
    });
    let draft = app::engine::Compiled::new(q).map_err(|e| anyhow::anyhow!("draft compiles: {e:?}"))?;
    let (mut all, mut evaluated) = (Vec::new(), 0);
    for _ in 0..5 {
        let started = Instant::now();
        let records = store.dry_run_records(clinic, "ear_tubes_follow_up", DRY_RUN_PATIENTS).await?;
        // Earlier responses are read with the shipped questionnaires (the
        // only versions this database's responses answered), as the
        // service does with `PastDefinitions::load`.
        let mut definitions = app::responses::history::PastDefinitions::default();
        for q in &report.questionnaires {
            definitions.questionnaires.insert((q.questionnaire().id.clone(), i64::from(q.questionnaire().version)), std::sync::Arc::new(q.clone()));
        }
        definitions.baselines.insert("ear_tubes".to_owned(), "baseline".to_owned());
        evaluated = app::authoring::dry_run::dry_run(&records, &definitions, &current, &draft).responses;
        all.push(started.elapsed());
    }
    all.sort();
    let (p50, p99) = (percentile(&all, 0.5), percentile(&all, 0.99));
    let rate = evaluated as f64 / p50.as_secs_f64();
    println!("worklist  {name:<8} dry-run, {evaluated} responses × 2 versions   p50 {p50:>8.2?}  p99 {p99:>8.2?}  ({rate:.0} responses/s)");
    Ok(())
}

/// Runs seeding SQL with the clinic's id as `$1`.
trait AsyncExec {
    fn run(&self, sql: &str, clinic: app::domain::ClinicId) -> impl std::future::Future<Output = anyhow::Result<()>>;
}

impl AsyncExec for sqlx::SqlitePool {
    async fn run(&self, sql: &str, clinic: app::domain::ClinicId) -> anyhow::Result<()> {
        sqlx::query(sql).bind(clinic).execute(self).await?;
        sqlx::query("ANALYZE").execute(self).await?;
        Ok(())
    }
}

impl AsyncExec for sqlx::PgPool {
    async fn run(&self, sql: &str, clinic: app::domain::ClinicId) -> anyhow::Result<()> {
        sqlx::query(sql).bind(clinic).execute(self).await?;
        // What autovacuum does soon after a bulk load (index-only scans need it).
        sqlx::query("VACUUM ANALYZE").execute(self).await?;
        Ok(())
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let target = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target");
    std::fs::create_dir_all(&target)?;
    let dir = tempfile::tempdir_in(target)?;
    let url = format!("sqlite://{}", dir.path().join("worklist.db").display());
    let sqlite = server::store::SqlStore::connect_sqlite(&url, 4).await?;
    sqlite.migrate().await?;
    let pool = sqlite.sqlite_pool().cloned().ok_or_else(|| anyhow::anyhow!("not SQLite"))?;
    bench("sqlite", std::sync::Arc::new(sqlite), pool).await?;

    let admin_url = std::env::var("SVAR_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    use sqlx::Connection;
    let mut admin = match sqlx::PgConnection::connect(&admin_url).await {
        Ok(c) => c,
        Err(err) => {
            println!("worklist  postgres skipped: {err}");
            return Ok(());
        }
    };
    let name = format!("svar_bench_{}", Uuid::new_v4().simple());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
    let url = match admin_url.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{name}"),
        None => anyhow::bail!("unexpected PostgreSQL URL"),
    };
    let pg = server::store::SqlStore::connect_postgres(&url, 4).await?;
    pg.migrate().await?;
    let pool = pg.pg_pool().cloned().ok_or_else(|| anyhow::anyhow!("not PostgreSQL"))?;
    let result = bench("postgres", std::sync::Arc::new(pg), pool.clone()).await;
    pool.close().await;
    let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut admin).await;
    result
}
