//! Upgrades without losing a response (#31): a database made by the last
//! release's migrations (v0.2.0, the last migration 20261205000013), with
//! a patient, an enrolment, an invitation and a stored response in it, is
//! migrated by `main`; everything is still there and reads as before, and
//! what the new migrations add has its default. Also: the migrations added
//! since the release only add (forward-only, expand before contract).

use std::sync::Arc;

use server::store::db::Statement;
use server::store::SqlStore;

use crate::helpers::{backend_tests, Backend, TestDb};

backend_tests!(the_last_releases_database_is_migrated_with_nothing_lost);

/// The last migration of the last release (CHANGELOG.md, v0.2.0).
const RELEASED: i64 = 20261205000013;

const CLINIC: Statement =
    Statement::new("U_CLINIC", "INSERT INTO clinics (id, slug, name, created_at) VALUES ($1, 'upgrade-ent', 'Upgrade ØNH', $2)");
const STAFF: Statement = Statement::new(
    "U_STAFF",
    "INSERT INTO staff (id, email, name, password_hash, must_change_password, created_at) VALUES ($1, 'anne@upgrade.example', 'Anne', 'x', FALSE, $2)",
);
const PATIENT: Statement = Statement::new(
    "U_PATIENT",
    "INSERT INTO patients (id, clinic_id, name, date_of_birth, name_birth_key, created_at) VALUES ($1, $2, 'Ida Opgradering', $3, 'ida|2020', $4)",
);
const ENROLMENT: Statement = Statement::new(
    "U_ENROLMENT",
    "INSERT INTO enrolments (id, clinic_id, patient_id, pathway_id, index_date, status, created_by, created_at, needs_planning) \
     VALUES ($1, $2, $3, 'ear_tubes', $4, 'active', $5, $6, FALSE)",
);
const INVITATION: Statement = Statement::new(
    "U_INVITATION",
    "INSERT INTO invitations (id, clinic_id, patient_id, enrolment_id, timepoint, sequence, questionnaire_id, opens_on, closes_on, status, created_at, questionnaire_version) \
     VALUES ($1, $2, $3, $4, 'follow_up', 1, 'ear_tubes_follow_up', $5, $6, 'answered', $7, 1)",
);
const RESPONSE: Statement = Statement::new(
    "U_RESPONSE",
    "INSERT INTO responses (id, clinic_id, patient_id, enrolment_id, questionnaire_id, questionnaire_version, answers, scores, entry_mode, \
     submission_key, submitted_at, invitation_id) VALUES ($1, $2, $3, $4, 'ear_tubes_follow_up', 1, $5, $6, 'respondent', 'upgrade-key', $7, $8)",
);

async fn the_last_releases_database_is_migrated_with_nothing_lost(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = match backend {
        Backend::Sqlite => SqlStore::connect_sqlite(&db.url, 2).await,
        Backend::Postgres => SqlStore::connect_postgres(&db.url, 2).await,
    }
    .expect("connect");
    // The release's migrations only.
    let released = |mut migrator: sqlx::migrate::Migrator| {
        migrator.migrations = migrator.migrations.iter().filter(|m| m.version <= RELEASED).cloned().collect::<Vec<_>>().into();
        migrator
    };
    match store.db() {
        server::store::db::Db::Sqlite(pool) => released(sqlx::migrate!("./migrations/sqlite")).run(pool).await.expect("v0.2.0's migrations"),
        server::store::db::Db::Postgres(pool) => released(sqlx::migrate!("./migrations/postgres")).run(pool).await.expect("v0.2.0's migrations"),
    }

    // Data as v0.2.0 stored it.
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).expect("time");
    let today = now.date();
    let (clinic, staff, patient) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let (enrolment, invitation, response) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let answers = serde_json::json!({ "discharge": true, "discharge_days": "more_14", "contact": false });
    let scores = serde_json::json!({ "ear_symptoms": 7.0 });
    let db = store.db();
    CLINIC.bind(clinic).bind(now).execute(db).await.expect("clinic");
    STAFF.bind(staff).bind(now).execute(db).await.expect("staff");
    PATIENT.bind(patient).bind(clinic).bind(time::macros::date!(2020 - 05 - 05)).bind(now).execute(db).await.expect("patient");
    ENROLMENT
        .bind(enrolment)
        .bind(clinic)
        .bind(patient)
        .bind(today - time::Duration::days(40))
        .bind(staff)
        .bind(now)
        .execute(db)
        .await
        .expect("enrolment");
    INVITATION
        .bind(invitation)
        .bind(clinic)
        .bind(patient)
        .bind(enrolment)
        .bind(today - time::Duration::days(9))
        .bind(today + time::Duration::days(5))
        .bind(now)
        .execute(db)
        .await
        .expect("invitation");
    RESPONSE
        .bind(response)
        .bind(clinic)
        .bind(patient)
        .bind(enrolment)
        .bind(server::store::db::json(&answers))
        .bind(server::store::db::json(&scores))
        .bind(now)
        .bind(invitation)
        .execute(db)
        .await
        .expect("response");

    // `main` migrates it, as `svar migrate` (or start-up) does.
    store.migrate().await.expect("main's migrations on the released database");
    let store: Arc<dyn app::store::Store> = Arc::new(store);
    let clinic_id = app::domain::ClinicId::from(clinic);
    let patient_id = app::domain::PatientId::from(patient);
    let responses = store.patient_responses(clinic_id, patient_id).await.expect("responses read");
    assert_eq!(responses.len(), 1, "the response is kept");
    assert_eq!(responses[0].answers.get("discharge_days"), Some(&app::engine::AnswerValue::Text("more_14".into())));
    assert_eq!(responses[0].scores.get("ear_symptoms"), Some(&Some(7.0)));
    assert_eq!(responses[0].timepoint.as_deref(), Some("follow_up"));
    assert_eq!(responses[0].index_date, Some(today - time::Duration::days(40)), "read through the new query");
    let invitations = store.patient_invitations(clinic_id, patient_id).await.expect("invitations read");
    assert_eq!(invitations.len(), 1);
    assert_eq!(invitations[0].status, app::schedule::InvitationStatus::Answered);
    // What the new migrations add has its default.
    assert_eq!(store.clinic_region(clinic_id).await.expect("region"), app::domain::Region::Hovedstaden);
    assert!(store.watched_series().await.expect("series").is_empty(), "no series is watched without missed_after_days");
}

/// Every migration after the release adds: no DROP, no RENAME, no column
/// changed in place, so the release still running beside a new replica
/// reads and writes as before (expand now, contract in a later release).
#[test]
fn migrations_since_the_release_only_add() {
    for dir in ["sqlite", "postgres"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(dir);
        let mut newer = 0;
        for entry in std::fs::read_dir(&path).expect("migrations") {
            let file = entry.expect("entry").path();
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            let version: i64 = name.split('_').next().and_then(|v| v.parse().ok()).expect("a versioned migration");
            if version <= RELEASED {
                continue;
            }
            newer += 1;
            let sql: String = std::fs::read_to_string(&file)
                .expect("read")
                .lines()
                .filter(|l| !l.trim_start().starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
                .to_uppercase();
            for word in ["DROP ", "RENAME ", "ALTER COLUMN", "DELETE FROM", "UPDATE "] {
                assert!(!sql.contains(word), "{dir}/{name} has {word:?}: a migration after a release only adds");
            }
        }
        assert!(newer >= 2, "{dir}: the migrations since v0.2.0");
    }
}
