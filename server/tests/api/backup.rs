//! Backups that restore (#31): `svar backup` copies the SQLite database
//! while parents are submitting; `svar restore` brings the copy back in a
//! fresh directory; Svar started on it finds every response that was
//! acknowledged before the backup began.

use std::process::Command;
use std::sync::Arc;

use server::mail::{MailTransport, MemoryMailbox};
use server::startup::Application;
use server::store::SqlStore;

use crate::helpers::{spawn_app, test_settings, Backend, TestClock, DEMO_PASSWORD};
use crate::journey::{enrol, follow_up_index};
use crate::triage::answer_newest_invitation_to;

const CLINICIAN: &str = "clinician@demo-ent.example";

fn svar(database_url: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_svar"));
    cmd.env_remove("SVAR_CONFIG").env_remove("SVAR_DATABASE_URL").env("DATABASE_URL", database_url).env("SVAR_LOG", "warn");
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_parents_submit_restores_every_acknowledged_response() {
    let app = spawn_app(Backend::Sqlite).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let mut families = Vec::new();
    for n in 0..8 {
        let email = format!("parent{n}@example.dk");
        families.push((enrol(&staff, follow_up_index(&app), &email).await, email));
    }
    app.run_scheduler().await;
    // Four answer before the backup: acknowledged, so they must be in it.
    for (_, email) in &families[..4] {
        answer_newest_invitation_to(&app, email, crate::fixtures::RED_FOLLOW_UP).await;
    }
    let acknowledged: Vec<app::domain::PatientId> = families[..4].iter().map(|(p, _)| *p).collect();

    // The other four answer while the backup runs.
    let app = Arc::new(app);
    let during: Vec<_> = families[4..]
        .iter()
        .map(|(_, email)| {
            let (app, email) = (app.clone(), email.clone());
            tokio::spawn(async move { answer_newest_invitation_to(&app, &email, crate::fixtures::RED_FOLLOW_UP).await })
        })
        .collect();
    let backups = tempfile::tempdir().unwrap();
    let copy = backups.path().join("nightly/svar-backup.db");
    let url = app.db_url();
    let output = tokio::task::spawn_blocking({
        let copy = copy.clone();
        move || svar(&url).args(["backup", copy.to_str().unwrap()]).output().expect("svar backup")
    })
    .await
    .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}{}", String::from_utf8_lossy(&output.stderr));
    assert!(said.contains("backed up to") && said.contains("integrity checked"), "{said}");
    for task in during {
        task.await.expect("a parent's submission");
    }
    // A second backup to the same file is refused: nothing is overwritten.
    let again = svar(&app.db_url()).args(["backup", copy.to_str().unwrap()]).output().unwrap();
    assert!(!again.status.success() && String::from_utf8_lossy(&again.stderr).contains("exists already"));

    // Restored into a fresh directory, and Svar started on it.
    let fresh = tempfile::tempdir().unwrap();
    let fresh_url = format!("sqlite://{}", fresh.path().join("data/svar.db").display());
    let restored = svar(&fresh_url).args(["restore", copy.to_str().unwrap()]).output().unwrap();
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    // A restore never overwrites a database.
    let over = svar(&fresh_url).args(["restore", copy.to_str().unwrap()]).output().unwrap();
    assert!(!over.status.success() && String::from_utf8_lossy(&over.stderr).contains("never overwrites"));

    let store = SqlStore::connect_sqlite(&fresh_url, 5).await.expect("open the restored database");
    store.migrate().await.expect("migrations on the restored database");
    let mailer = Arc::new(MailTransport::Memory(MemoryMailbox::default()));
    let restored_app = Application::build_with(test_settings(&fresh_url), Arc::new(store), TestClock::new(), mailer).await.expect("Svar starts");
    let address = format!("http://127.0.0.1:{}", restored_app.port());
    tokio::spawn(restored_app.run_until_stopped());
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let signed_in = client
        .post(format!("{address}/staff/sign-in"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", CLINICIAN), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303, "the restored staff accounts sign in");
    for patient in acknowledged {
        let detail = client
            .post(format!("{address}/api/staff/patient"))
            .header("sec-fetch-site", "same-origin")
            .form(&[("id", patient.to_string())])
            .send()
            .await
            .unwrap();
        assert_eq!(detail.status(), 200);
        let detail: serde_json::Value = detail.json().await.unwrap();
        let responses = detail["responses"].as_array().map(Vec::len);
        assert_eq!(responses, Some(1), "the acknowledged response of {patient} is in the restored database");
    }
}
