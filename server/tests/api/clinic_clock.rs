//! Staff read dates and times on their clinic's clock, not UTC's: a clinic
//! in Auckland sees what happened at 23:30 UTC on the next day, and the
//! overview's score months are its calendar months, also for the
//! comparison with every clinic.

use app::i18n::{short_date, Locale};
use app::ports::Clock;
use time::{Date, Duration};
use uuid::Uuid;

use crate::helpers::{backend_tests, spawn_app, test_audit, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::{clinic_id, enrol, RED_FOLLOW_UP};

backend_tests!(
    the_audit_log_the_worklist_entry_and_the_patient_page_show_the_clinics_day_and_time,
    score_months_are_the_viewing_clinics_calendar_months,
    a_child_born_today_on_the_clinics_calendar_can_be_enrolled,
);

const CLINICIAN: &str = "clinician@demo-ent.example";
const ADMIN: &str = "admin@demo-ent.example";

/// Twelve or thirteen hours ahead of UTC (summer time there is from
/// September to April): 23:30 UTC is already the next day.
const AUCKLAND: &str = "Pacific/Auckland";

async fn set_zone(app: &TestApp, slug: &str, zone: &str) {
    let clinic = app.store.clinic_by_slug(&app::domain::ClinicSlug::parse(slug).unwrap()).await.unwrap().unwrap();
    app.store.set_clinic_time_zone(clinic.id, zone, &test_audit("clinic.time_zone"), app.clock.now()).await.unwrap();
}

/// Moves the test clock (noon UTC) on to 23:30 UTC, `days` days later.
fn to_half_past_eleven_utc(app: &TestApp, days: i64) {
    app.clock.advance(Duration::days(days) + Duration::hours(11) + Duration::minutes(30));
}

/// Enters the red follow-up from paper for `patient`, as staff do.
async fn enter_red_response(staff: &StaffClient, patient: app::domain::PatientId) {
    let key = Uuid::new_v4().to_string();
    let mut form = vec![("submission_key", key.as_str()), ("entry_mode", "staff_paper")];
    form.extend_from_slice(RED_FOLLOW_UP);
    let entered = staff.post_form(&format!("/staff/patients/{patient}/enter/ear_tubes_follow_up"), &form).await;
    assert_eq!(entered.status(), 303, "{}", entered.text().await.unwrap_or_default());
}

fn day(date: Date) -> String {
    short_date(date, Locale::Da)
}

/// Reproduced on the old code: every page printed the UTC day (and the
/// audit log 23:30:00) for what the clinic did at half past eleven on the
/// next morning.
async fn the_audit_log_the_worklist_entry_and_the_patient_page_show_the_clinics_day_and_time(backend: Backend) {
    let app = spawn_app(backend).await;
    set_zone(&app, "demo-ent", AUCKLAND).await;
    to_half_past_eleven_utc(&app, 0);
    let utc_day = app.clock.now_date();
    let auckland_day = utc_day.next_day().unwrap();

    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    // An index date far from both days, and no invitations planned: the
    // only dates of those days on the pages are the ones under test.
    let patient = enrol(&staff, utc_day - Duration::days(100), "karen@example.dk").await;
    enter_red_response(&staff, patient).await;

    let page = staff.get(&format!("/staff/patients/{patient}")).await.text().await.unwrap();
    assert!(page.contains(&format!("datetime=\"{auckland_day}\"")), "the enrolment on Auckland's day");
    assert!(page.contains(&day(auckland_day)), "the response on Auckland's day");
    assert!(!page.contains(&day(utc_day)) && !page.contains(&format!("datetime=\"{utc_day}\"")), "never UTC's day");

    let response = app.store.patient_responses(clinic_id(&app).await, patient).await.unwrap()[0].id;
    let link = format!("/staff/worklist/response/{response}");
    let decided = staff.post_form(&format!("{link}/decide"), &[("outcome", "check_up")]).await;
    assert_eq!(decided.status(), 303);
    let entry = staff.get(&link).await.text().await.unwrap();
    assert!(entry.contains("id=\"decision\""), "the decision is shown");
    assert!(entry.contains(&day(auckland_day)), "the entry and its decision on Auckland's day");
    assert!(!entry.contains(&day(utc_day)), "never UTC's day");

    let admin = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let log = admin.get(&format!("/staff/audit?patient={patient}")).await.text().await.unwrap();
    assert!(log.contains("data-action=\"worklist.decide\""), "the decision is in the log");
    let local = [format!("{} 11:30:00", day(auckland_day)), format!("{} 12:30:00", day(auckland_day))];
    assert!(local.iter().any(|t| log.contains(t.as_str())), "Auckland's day and time, standard or summer");
    assert!(!log.contains(&format!("{} 23:30:00", day(utc_day))), "not UTC's");
    assert!(log.contains(&format!("title=\"Tid (UTC): {utc_day} 23:30:00\"")), "UTC's on hover, as the server's logs read");
}

/// The overview's months, straight from its server function.
async fn score_months(staff: &StaffClient) -> (Vec<String>, Vec<String>) {
    let (status, body) = staff.call("staff/overview", &[]).await;
    assert_eq!(status, 200, "{body}");
    let overview: serde_json::Value = serde_json::from_str(&body).unwrap();
    let months = |key: &str| overview[key].as_array().unwrap().iter().map(|m| m["month"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    (months("clinic_scores"), months("installation_scores"))
}

/// Reproduced on the old code: a response at 23:30 UTC on the last day of
/// a month counted in that month, though it was the first of the next in
/// Auckland.
async fn score_months_are_the_viewing_clinics_calendar_months(backend: Backend) {
    let app = spawn_app(backend).await;
    set_zone(&app, "demo-ent", AUCKLAND).await;
    // Eight hours behind UTC in winter, seven in summer.
    set_zone(&app, "demo-heart", "America/Los_Angeles").await;
    // 23:30 UTC on the last day of this month.
    let today = app.clock.now_date();
    let next_month = Date::from_calendar_date(today.year() + i32::from(today.month() == time::Month::December), today.month().next(), 1).unwrap();
    let last_day = next_month.previous_day().unwrap();
    to_half_past_eleven_utc(&app, (last_day - today).whole_days());
    let month = |d: Date| format!("{:04}-{:02}", d.year(), u8::from(d.month()));

    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let heart = app.sign_in("clinician@demo-heart.example", DEMO_PASSWORD).await;
    // Two more clinics, and five responses in each of the four: each
    // clinic is compared with three others of at least five responses.
    let third = crate::overview::clinic_with_clinician(&app, "third").await;
    let fourth = crate::overview::clinic_with_clinician(&app, "fourth").await;
    for clinic in [&staff, &heart, &third, &fourth] {
        let patient = enrol(clinic, app.clock.now_date(), "karen@example.dk").await;
        for _ in 0..5 {
            enter_red_response(clinic, patient).await;
        }
    }

    let (clinic, others) = score_months(&staff).await;
    assert!(!clinic.is_empty() && !others.is_empty(), "scores for the clinic and for the other clinics");
    assert!(clinic.iter().chain(&others).all(|m| *m == month(next_month)), "Auckland's month, not UTC's: {clinic:?} {others:?}");

    // A clinic in Los Angeles reads the same responses in its own calendar:
    // 15:30 or 16:30 on the last day of the month.
    let (theirs, others) = score_months(&heart).await;
    assert!(!others.is_empty() && theirs.iter().chain(&others).all(|m| *m == month(last_day)), "Los Angeles's month: {theirs:?} {others:?}");
}

/// "Today" for a date of birth is the clinic's day: at 23:30 UTC a child
/// born today in Auckland has a birth date after the UTC day, and the old
/// code refused it as a date in the future.
async fn a_child_born_today_on_the_clinics_calendar_can_be_enrolled(backend: Backend) {
    let app = spawn_app(backend).await;
    set_zone(&app, "demo-ent", AUCKLAND).await;
    to_half_past_eleven_utc(&app, 0);
    let auckland_day = app.clock.now_date().next_day().unwrap().to_string();
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", auckland_day.as_str()),
        ("name", "Nyfødt Hansen"),
        ("date_of_birth", auckland_day.as_str()),
        ("respondent1_name", "Karen Hansen"),
        ("respondent1_email", "karen@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
    ];
    let response = staff.post_form("/staff/patients/new", &form).await;
    assert_eq!(response.status(), 303, "born today on the clinic's calendar: {}", response.text().await.unwrap_or_default());
}
