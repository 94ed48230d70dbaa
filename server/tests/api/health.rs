use crate::helpers::{backend_tests, spawn_app, Backend};

backend_tests!(healthz_reports_a_reachable_database, a_scheduler_round_that_panics_is_reported_and_the_next_round_runs);

async fn healthz_reports_a_reachable_database(backend: Backend) {
    let app = spawn_app(backend).await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
    assert_eq!(body["response_writer"], "running");
    assert_eq!(body["scheduler"]["state"], "off", "the test app runs its scheduler by hand");
}

/// A mailer with a bug: it panics on every mail.
struct PanickingMailer;

#[async_trait::async_trait]
impl app::ports::Mailer for PanickingMailer {
    async fn send(&self, _mail: &app::ports::OutgoingMail) -> Result<(), app::ports::MailError> {
        panic!("a bug in mail delivery");
    }
}

/// Before, a panic in a round ended the scheduler's loop for good and
/// nothing said so. Now each round is supervised: the panic counts as a
/// failed round and later rounds still run (the panicked mail is leased
/// for five minutes, so the next rounds have nothing to send and succeed).
async fn a_scheduler_round_that_panics_is_reported_and_the_next_round_runs(backend: Backend) {
    use std::sync::Arc;
    let app = spawn_app(backend).await;
    let staff = app.sign_in("clinician@demo-ent.example", crate::helpers::DEMO_PASSWORD).await;
    crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "karen@example.dk").await;

    let mut state = app.state.clone();
    state.mailer = Arc::new(PanickingMailer);
    let health = Arc::new(server::jobs::SchedulerHealth::default());
    let scheduler = server::jobs::Scheduler::new(state).spawn(std::time::Duration::from_millis(20), health.clone());
    let mut seen = health.snapshot();
    for _ in 0..250 {
        seen = health.snapshot();
        if seen.failures >= 1 && seen.rounds >= seen.failures + 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(seen.running && seen.failures == 1 && seen.rounds >= 4, "rounds go on after a panic: {seen:?}");
    assert_eq!(seen.failures_in_a_row, 0, "a good round after the panic: {seen:?}");
    assert!(!scheduler.is_finished());
    // The invitation was planned and opened before delivery panicked; its
    // mail waits in the outbox for a working mailer.
    let later = app::ports::Clock::now(app.clock.as_ref()) + time::Duration::hours(1);
    let journey_mail = app.store.claim_outbox(later, later + time::Duration::minutes(5), 10).await.unwrap();
    assert_eq!(journey_mail.len(), 1, "the invitation is not lost");
    scheduler.abort();
    let _ = scheduler.await;
    assert!(!health.snapshot().running, "an ended loop is reported as stopped");
}
