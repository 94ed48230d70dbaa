//! One failing piece of scheduled work holds up no other: a job or an
//! enrolment's planning that fails on its own is tried again with
//! back-off while the rest go ahead. Faults are injected with a database
//! trigger that refuses one patient's rows, as a bad row or a bug would.

use time::Duration;
use uuid::Uuid;

use crate::helpers::{backend_tests, spawn_app, Backend, TestApp, DEMO_PASSWORD};
use crate::journey::{enrol, follow_up_index};

backend_tests!(
    a_job_that_fails_alone_is_retried_later_and_the_others_are_sent,
    an_enrolment_that_cannot_be_planned_waits_and_the_others_are_planned,
    a_change_and_its_audit_entry_are_kept_together_or_not_at_all,
    an_invitation_that_could_never_be_sent_reaches_the_worklist_when_its_window_closes,
);

/// Makes every insert into `table` whose `column` equals `value` fail.
pub(crate) async fn inject_fault(app: &TestApp, backend: Backend, table: &str, column: &str, value: &str) {
    use sqlx::Connection;
    match backend {
        Backend::Sqlite => {
            let mut db = sqlx::SqliteConnection::connect(&app.db_url()).await.unwrap();
            let sql = format!(
                "CREATE TRIGGER injected_fault BEFORE INSERT ON {table} WHEN NEW.{column} = {value} \
                 BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            );
            sqlx::query(&sql).execute(&mut db).await.unwrap();
        }
        Backend::Postgres => {
            let mut db = sqlx::PgConnection::connect(&app.db_url()).await.unwrap();
            let function = format!(
                "CREATE OR REPLACE FUNCTION injected_fault() RETURNS trigger AS $$ BEGIN \
                 IF NEW.{column} = {value} THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
            );
            sqlx::query(&function).execute(&mut db).await.unwrap();
            let trigger = format!("CREATE TRIGGER injected_fault BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION injected_fault()");
            sqlx::query(&trigger).execute(&mut db).await.unwrap();
        }
    }
}

pub(crate) async fn remove_fault(app: &TestApp, backend: Backend, table: &str) {
    use sqlx::Connection;
    match backend {
        Backend::Sqlite => {
            let mut db = sqlx::SqliteConnection::connect(&app.db_url()).await.unwrap();
            sqlx::query("DROP TRIGGER injected_fault").execute(&mut db).await.unwrap();
        }
        Backend::Postgres => {
            let mut db = sqlx::PgConnection::connect(&app.db_url()).await.unwrap();
            sqlx::query(&format!("DROP TRIGGER injected_fault ON {table}")).execute(&mut db).await.unwrap();
        }
    }
}

fn uuid_literal(backend: Backend, id: Uuid) -> String {
    match backend {
        Backend::Sqlite => format!("X'{}'", id.simple()),
        Backend::Postgres => format!("'{id}'::uuid"),
    }
}

fn mailed_to(app: &TestApp, address: &str) -> usize {
    app.mailbox.sent().iter().filter(|m| m.to == address).count()
}

/// Before, the failing invitation failed its whole batch in every round,
/// so no invitation of the clinic went out at all.
async fn a_job_that_fails_alone_is_retried_later_and_the_others_are_sent(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    for parent in ["first@example.dk", "broken@example.dk", "third@example.dk"] {
        enrol(&staff, follow_up_index(&app), parent).await;
    }
    inject_fault(&app, backend, "outbox", "recipient", "'broken@example.dk'").await;

    app.run_scheduler().await;
    assert_eq!((mailed_to(&app, "first@example.dk"), mailed_to(&app, "third@example.dk")), (1, 1), "the others' invitations go out");
    assert_eq!(mailed_to(&app, "broken@example.dk"), 0);

    remove_fault(&app, backend, "outbox").await;
    app.run_scheduler().await;
    assert_eq!(mailed_to(&app, "broken@example.dk"), 0, "the failed job waits for its back-off (one minute)");
    app.clock.advance(Duration::minutes(2));
    app.run_scheduler().await;
    assert_eq!(mailed_to(&app, "broken@example.dk"), 1, "then it is run again, once");
    assert_eq!((mailed_to(&app, "first@example.dk"), mailed_to(&app, "third@example.dk")), (1, 1), "nothing sent twice");
}

/// Before, the enrolment that could not be planned was first in line in
/// every round and planning stopped there, for every later enrolment.
async fn an_enrolment_that_cannot_be_planned_waits_and_the_others_are_planned(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let broken = enrol(&staff, follow_up_index(&app), "broken@example.dk").await;
    inject_fault(&app, backend, "invitations", "patient_id", &uuid_literal(backend, broken.as_uuid())).await;
    enrol(&staff, follow_up_index(&app), "second@example.dk").await;

    app.run_scheduler().await;
    assert_eq!(mailed_to(&app, "second@example.dk"), 1, "the enrolment behind it is planned and invited");
    assert_eq!(mailed_to(&app, "broken@example.dk"), 0);

    remove_fault(&app, backend, "invitations").await;
    app.run_scheduler().await;
    assert_eq!(mailed_to(&app, "broken@example.dk"), 0, "it waits for its back-off");
    app.clock.advance(Duration::minutes(2));
    app.run_scheduler().await;
    assert_eq!(mailed_to(&app, "broken@example.dk"), 1, "then it is planned and invited");
}

/// The audit entry of a change is written in the change's transaction.
/// Before, it was written after the change committed, so a failure there
/// (a full disk, a lost connection) left a change nobody could account
/// for. With writing the entry made to fail, the change is not made and
/// the member is told; without the fault, both are there.
async fn a_change_and_its_audit_entry_are_kept_together_or_not_at_all(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    let (_, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    let detail: serde_json::Value = serde_json::from_str(&body).unwrap();
    let path = format!("/staff/enrolments/{}", detail["enrolments"][0]["id"].as_str().unwrap());
    let status = || async {
        let (_, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["enrolments"][0]["status"].as_str().unwrap().to_owned()
    };
    let paused = || async {
        app.store.audit_for_patient(clinic_of(&app).await, patient).await.unwrap().iter().filter(|e| e.action == "enrolment.change").count()
    };

    inject_fault(&app, backend, "audit_log", "action", "'enrolment.change'").await;
    let refused = staff.post_form(&path, &[("action", "pause"), ("reason", "Familien er på ferie")]).await;
    assert_eq!(refused.status(), 503, "the member is told it did not happen");
    assert_eq!(status().await, "active", "no change without its audit entry");
    assert_eq!(paused().await, 0);

    remove_fault(&app, backend, "audit_log").await;
    let done = staff.post_form(&path, &[("action", "pause"), ("reason", "Familien er på ferie")]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(status().await, "paused");
    assert_eq!(paused().await, 1, "the change and its entry, once each");

    // An enrolment that fails its audit entry creates no patient either.
    inject_fault(&app, backend, "audit_log", "action", "'enrolment.create'").await;
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", "2026-12-01"),
        ("name", "Bo Jensen"),
        ("date_of_birth", "2021-03-03"),
        ("respondent1_name", "Mette Jensen"),
        ("respondent1_email", "mette@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
    ];
    let refused = staff.post_form("/staff/patients/new", &form).await;
    assert!(refused.status().is_server_error(), "{}", refused.status());
    let patients = app.store.list_patients(clinic_of(&app).await).await.unwrap();
    assert!(patients.iter().all(|p| p.name != "Bo Jensen"), "no patient without the audit entry of the enrolment");
    remove_fault(&app, backend, "audit_log").await;

    // A response entered from paper is not stored without its entry either
    // (it is written by the response writer, in the response's transaction).
    inject_fault(&app, backend, "audit_log", "action", "'response.enter'").await;
    let mut paper = vec![("submission_key", "00000000-0000-4000-8000-00000000000b"), ("entry_mode", "staff_paper")];
    paper.extend_from_slice(crate::fixtures::RED_FOLLOW_UP);
    let path = format!("/staff/patients/{patient}/enter/ear_tubes_follow_up");
    let refused = staff.post_form(&path, &paper).await;
    assert!(refused.status().is_server_error(), "{}", refused.status());
    let clinic = clinic_of(&app).await;
    assert!(app.store.patient_responses(clinic, patient).await.unwrap().is_empty(), "no response without its entry");
    remove_fault(&app, backend, "audit_log").await;
    assert_eq!(staff.post_form(&path, &paper).await.status(), 303);
    assert_eq!(app.store.patient_responses(clinic, patient).await.unwrap().len(), 1);
    let entries = app.store.audit_for_patient(clinic, patient).await.unwrap();
    assert_eq!(entries.iter().filter(|e| e.action == "response.enter").count(), 1, "the response and its entry, once each");
}

async fn clinic_of(app: &TestApp) -> app::domain::ClinicId {
    app.store.clinic_by_slug(&app::domain::ClinicSlug::parse("demo-ent").unwrap()).await.unwrap().unwrap().id
}

/// A job that keeps failing is given up after eight tries. Its invitation
/// was then never sent, and before, its window closed without a word: the
/// close job skipped a planned invitation. Now the clinic sees "no
/// response" for it, as for any unanswered invitation.
async fn an_invitation_that_could_never_be_sent_reaches_the_worklist_when_its_window_closes(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let patient = enrol(&staff, follow_up_index(&app), "broken@example.dk").await;
    inject_fault(&app, backend, "outbox", "recipient", "'broken@example.dk'").await;
    // The first try and eight more, each after its back-off (at most 128 minutes).
    for _ in 0..10 {
        app.run_scheduler().await;
        app.clock.advance(Duration::hours(3));
    }
    assert_eq!(mailed_to(&app, "broken@example.dk"), 0);
    let clinic = clinic_of(&app).await;
    assert!(app.store.open_worklist_items(clinic, patient).await.unwrap().is_empty(), "the window is still open");

    app.clock.advance(Duration::days(14));
    app.run_scheduler().await;
    let items = app.store.open_worklist_items(clinic, patient).await.unwrap();
    assert_eq!(items.iter().map(|i| i.0.as_str()).collect::<Vec<_>>(), ["no_response"], "the clinic hears of it");
    assert_eq!(mailed_to(&app, "broken@example.dk"), 0, "and no mail went out after its window");
}
