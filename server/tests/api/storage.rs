use app::domain::{ClinicName, ClinicSlug, NewClinic};
use app::staff::StaffEmail;
use app::ports::{Clock, StoreError, SystemClock};
use time::macros::datetime;

use crate::helpers::{backend_tests, TestDb, Backend};

backend_tests!(
    clinics_round_trip,
    duplicate_clinic_slug_is_a_conflict_on_slug,
    migrations_can_run_twice,
    demo_seed_is_idempotent,
);

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
