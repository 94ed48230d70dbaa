//! Daily reports that stop coming reach the worklist at once (#34): the
//! heart-failure pathway reports daily and watches for 3 days without a
//! report; a day missed here and there raises nothing, and the item names
//! the first day without a report.

use time::Duration;

use crate::helpers::{backend_tests, spawn_app, Backend, TestApp, DEMO_PASSWORD};
use crate::triage::enrol_heart_failure;

backend_tests!(three_days_without_a_daily_report_reach_the_worklist_once, a_report_ends_the_gap_and_the_next_gap_is_raised_again);

const CLINICIAN: &str = "clinician@demo-heart.example";

/// The open no-response entries of the worklist page, as their row text.
async fn no_response_rows(app: &TestApp) -> Vec<String> {
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let page = staff.get("/staff/worklist?level=no_response").await.text().await.unwrap();
    page.split("<tr class=\"urgency-no_response\"").skip(1).map(|row| row.split("</tr>").next().unwrap_or_default().to_owned()).collect()
}

/// One day on: the clock moves and the scheduler runs.
async fn next_day(app: &TestApp) {
    app.clock.advance(Duration::days(1));
    app.run_scheduler().await;
}

async fn three_days_without_a_daily_report_reach_the_worklist_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol_heart_failure(&app, &staff, "bent@example.dk").await;
    app.run_scheduler().await;
    let first_day = app.clock.now_date();
    // Days 1 and 2: two daily reports missed, nothing on the worklist (one
    // missed day is common; the series watches for three).
    next_day(&app).await;
    next_day(&app).await;
    assert_eq!(no_response_rows(&app).await, Vec::<String>::new(), "no item per missed daily report");
    // Day 3: three days behind without a report.
    next_day(&app).await;
    let rows = no_response_rows(&app).await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    let day = app::i18n::short_date(first_day, app::i18n::Locale::Da);
    assert!(rows[0].contains(&format!("Ingen indberetning fra og med {day}")), "{rows:?}");
    // Later days of the same gap raise nothing more.
    next_day(&app).await;
    next_day(&app).await;
    assert_eq!(no_response_rows(&app).await.len(), 1);
}

async fn a_report_ends_the_gap_and_the_next_gap_is_raised_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol_heart_failure(&app, &staff, "bent@example.dk").await;
    app.run_scheduler().await;
    for _ in 0..3 {
        next_day(&app).await;
    }
    assert_eq!(no_response_rows(&app).await.len(), 1, "the first gap");
    // The patient reports on day 3 (entered from a phone call, answering
    // that day's invitation): the item on that invitation closes.
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let (status, body) = staff.call("staff/entry_form", &[("patient", &patient.to_string()), ("questionnaire", "heart_failure_home")]).await;
    assert_eq!(status, 200, "{body}");
    let form: serde_json::Value = serde_json::from_str(&body).unwrap();
    let today = form["default_target"].as_str().expect("today's invitation").to_owned();
    let mut answers = vec![("submission_key", "00000000-0000-4000-8000-0000000000e1"), ("entry_mode", "staff_phone"), ("invitation", today.as_str())];
    answers.extend_from_slice(crate::fixtures::HEART_FAILURE_STABLE);
    let entered = staff.post_form(&format!("/staff/patients/{patient}/enter/heart_failure_home"), &answers).await;
    assert_eq!(entered.status(), 303, "{}", entered.text().await.unwrap());
    assert_eq!(no_response_rows(&app).await.len(), 0, "the report came: the gap's item is closed");
    let report_day = app.clock.now_date();
    // Days 4 to 6 without a report: a new gap from day 4, raised on day 7.
    for _ in 0..3 {
        next_day(&app).await;
    }
    assert_eq!(no_response_rows(&app).await.len(), 0, "day 6: three days have not passed since day 3's report");
    next_day(&app).await;
    let rows = no_response_rows(&app).await;
    let day = app::i18n::short_date(report_day + Duration::days(1), app::i18n::Locale::Da);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains(&format!("Ingen indberetning fra og med {day}")), "{rows:?}");
}
