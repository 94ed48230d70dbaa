use app::domain::{ClinicName, ClinicSlug, NewClinic};
use app::ports::{Clock, StoreError, SystemClock};
use app::staff::StaffEmail;
use time::macros::datetime;

use crate::helpers::{backend_tests, Backend, TestDb};

backend_tests!(clinics_round_trip, duplicate_clinic_slug_is_a_conflict_on_slug, migrations_can_run_twice, demo_seed_is_idempotent,);

fn new_clinic(slug: &str, name: &str) -> NewClinic {
    NewClinic { slug: ClinicSlug::parse(slug).unwrap(), name: ClinicName::parse(name).unwrap() }
}

async fn clinics_round_trip(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let when = datetime!(2026-11-25 10:30:00.123456 UTC);

    let b = store.create_clinic(&new_clinic("b-clinic", "Øre-næse-hals Bjerringbro"), when).await.unwrap();
    let a = store.create_clinic(&new_clinic("a-clinic", "Aarhus ØNH"), when).await.unwrap();

    let found = store.clinic_by_slug(&ClinicSlug::parse("b-clinic").unwrap()).await.unwrap();
    assert_eq!(found, Some(b.clone()));
    assert_eq!(found.unwrap().created_at, when);
    assert_eq!(store.clinic_by_slug(&ClinicSlug::parse("nope").unwrap()).await.unwrap(), None);
    assert_eq!(store.list_clinics().await.unwrap(), vec![a, b]);
}

async fn duplicate_clinic_slug_is_a_conflict_on_slug(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let now = SystemClock.now();
    store.create_clinic(&new_clinic("same", "First"), now).await.unwrap();

    let err = store.create_clinic(&new_clinic("same", "Second"), now).await.unwrap_err();

    assert!(matches!(err, StoreError::Conflict { field: "slug" }), "{err:?}");
    assert_eq!(store.list_clinics().await.unwrap().len(), 1);
}

async fn migrations_can_run_twice(backend: Backend) {
    let db = TestDb::new(backend).await;
    let first = db.store().await;
    first.create_clinic(&new_clinic("kept", "Kept"), SystemClock.now()).await.unwrap();

    let second = db.store().await;

    assert_eq!(second.list_clinics().await.unwrap().len(), 1);
    second.ping().await.unwrap();
}

async fn demo_seed_is_idempotent(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;

    server::seed::demo(store.as_ref(), &SystemClock, Some("first password")).await.unwrap();
    server::seed::demo(store.as_ref(), &SystemClock, Some("second password")).await.unwrap();

    let clinics = store.list_clinics().await.unwrap();
    assert_eq!(clinics.len(), 2);
    let ent = store.clinic_by_slug(&ClinicSlug::parse(server::seed::DEMO_CLINIC_SLUG).unwrap()).await.unwrap().unwrap();
    assert_eq!(store.clinic_staff(ent.id).await.unwrap().len(), 2);
    let admin = StaffEmail::parse("admin@demo-ent.example").unwrap();
    let hash = store.staff_credentials(&admin).await.unwrap().unwrap().password_hash;
    assert!(app::auth::verify_password("second password".into(), hash).await, "password reset at each start");
}

/// PostgreSQL over TLS: with `sslmode=verify-full` and the server's own
/// certificate as the trusted root (on Debian, the snake-oil certificate
/// PostgreSQL is installed with, made for `localhost`), every connection is
/// encrypted and the server proven; the same server reached as 127.0.0.1,
/// a name its certificate does not carry, is refused, so the check is real.
/// (`verify-ca` checks the name too with sqlx 0.8.6 and this rustls: sqlx
/// skips only rustls's older form of the name error. It errs on the safe
/// side; the README advises verify-full.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_is_reached_over_verified_tls() {
    if crate::helpers::skip_postgres() {
        return;
    }
    use app::ports::ClinicsStore as _;
    crate::helpers::within_time_limit(async {
        let db = TestDb::new(Backend::Postgres).await;
        drop(db.store().await);
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&db.url).await.expect("connect");
        let ssl: String = sqlx::query_scalar("SHOW ssl").fetch_one(&mut conn).await.expect("show ssl");
        assert_eq!(ssl, "on", "the test PostgreSQL must have ssl = on (Debian's default) for this test");
        let cert: String = sqlx::query_scalar("SHOW ssl_cert_file").fetch_one(&mut conn).await.expect("show cert");
        let cert = std::path::Path::new(&cert);
        assert!(cert.is_absolute() && cert.exists(), "the server's certificate at {}", cert.display());

        let verified = format!("{}?sslmode=verify-full&sslrootcert={}", db.url.replacen("@127.0.0.1:", "@localhost:", 1), cert.display());
        let store = server::store::SqlStore::connect_postgres(&verified, 2).await.expect("a verified TLS connection");
        let encrypted: bool = sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(store.pg_pool().expect("PostgreSQL"))
            .await
            .expect("pg_stat_ssl");
        assert!(encrypted, "the connection is encrypted");
        assert_eq!(store.list_clinics().await.unwrap(), vec![], "and the store works over it");

        let wrong_name = format!("{}?sslmode=verify-full&sslrootcert={}", db.url, cert.display());
        let refused = server::store::SqlStore::connect_postgres(&wrong_name, 1).await;
        assert!(refused.is_err(), "verify-full checks the name on the certificate");
    })
    .await;
}
