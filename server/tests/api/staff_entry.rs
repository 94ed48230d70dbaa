//! Responses entered by staff from paper or a phone call answer the
//! patient's invitation and count in the history exactly as answers
//! through the personal link do (#34). Reproduced on the old code: an
//! ear-tube baseline with symptom score 6 entered on paper, then a
//! follow-up with 12 (the rule fires at 6 points worse) raised nothing.

use time::Duration;

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::enrol;
use crate::triage::answer_newest_invitation_to;

backend_tests!(
    a_baseline_and_a_follow_up_entered_on_paper_raise_the_flags_the_links_would,
    an_entry_to_an_invitation_answered_meanwhile_is_refused_and_loses_nothing,
    an_entry_that_answers_no_invitation_is_kept_apart_from_the_baseline,
);

const CLINICIAN: &str = "clinician@demo-ent.example";
const SYMPTOMS: [&str; 6] = ["ear_pain", "fever", "hearing_concern", "speech_concern", "sleep_trouble", "mood"];

/// Answers every symptom at `level` (rarely 1, sometimes 2: scores 6, 12).
fn symptoms(level: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    SYMPTOMS.into_iter().map(move |s| (s, level))
}

fn baseline(level: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form = vec![("infections_last_year", "3"), ("previous_tubes", "no"), ("ill_now", "no"), ("contact", "no")];
    form.extend(symptoms(level));
    form
}

fn follow_up(level: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form = vec![("discharge", "no"), ("behind_ear", "no"), ("tube_seen", "no"), ("unwell_now", "no"), ("overall", "5"), ("contact", "no")];
    form.extend(symptoms(level));
    form
}

/// The entry form's data for one questionnaire: (the invitations it
/// offers as (id, status), the default).
async fn entry_form(staff: &StaffClient, patient: app::domain::PatientId, questionnaire: &str) -> (Vec<(String, String)>, Option<String>) {
    let (status, body) = staff.call("staff/entry_form", &[("patient", &patient.to_string()), ("questionnaire", questionnaire)]).await;
    assert_eq!(status, 200, "{body}");
    let data: serde_json::Value = serde_json::from_str(&body).unwrap();
    let targets = data["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap().to_owned(), t["status"].as_str().unwrap().to_owned()))
        .collect();
    (targets, data["default_target"].as_str().map(str::to_owned))
}

/// Posts the entry form as the page does, answering `invitation`.
async fn enter(
    staff: &StaffClient,
    patient: app::domain::PatientId,
    questionnaire: &str,
    invitation: &str,
    key: &str,
    answers: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![("submission_key", key), ("entry_mode", "staff_paper"), ("invitation", invitation)];
    form.extend_from_slice(answers);
    staff.post_form(&format!("/staff/patients/{patient}/enter/{questionnaire}"), &form).await
}

/// Each response's rule ids and its invitation's status, oldest first.
async fn patient(app: &TestApp, patient: app::domain::PatientId) -> serde_json::Value {
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let (status, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

fn rules(response: &serde_json::Value) -> Vec<String> {
    response["flags"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_owned()).collect()
}

async fn a_baseline_and_a_follow_up_entered_on_paper_raise_the_flags_the_links_would(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    // Two children operated in two days: the baseline invitations open
    // today. One family answers on paper, the other through the links,
    // with the same answers.
    let operation = app.clock.now_date() + Duration::days(2);
    let on_paper = enrol(&staff, operation, "karen@example.dk").await;
    let online = enrol(&staff, operation, "other@example.dk").await;
    app.run_scheduler().await;

    let (targets, default) = entry_form(&staff, on_paper, "ear_tubes_baseline").await;
    assert_eq!(targets.len(), 1, "the open baseline invitation: {targets:?}");
    assert_eq!(default.as_deref(), Some(targets[0].0.as_str()), "chosen unless staff choose otherwise");
    let page = staff.get(&format!("/staff/patients/{on_paper}/enter/ear_tubes_baseline")).await.text().await.unwrap();
    assert!(page.contains(&format!("value=\"{}\" checked", targets[0].0)) || page.contains(&format!("checked value=\"{}\"", targets[0].0)), "{page}");
    assert!(page.contains("Hvilken invitation besvarer svarene?") && page.contains("Ingen invitation"), "{page}");

    let entered = enter(&staff, on_paper, "ear_tubes_baseline", &targets[0].0, "00000000-0000-4000-8000-0000000000b1", &baseline("rarely")).await;
    assert_eq!(entered.status(), 303, "{}", entered.text().await.unwrap());
    let _ = answer_newest_invitation_to(&app, "other@example.dk", &baseline("rarely")).await;
    let mails = app.mailbox.sent().len();

    // A day later the reminders would have gone out: both invitations are answered.
    app.clock.advance(Duration::days(1));
    app.run_scheduler().await;
    assert_eq!(app.mailbox.sent().len(), mails, "no reminder for an invitation answered on paper");

    app.clock.advance(Duration::days(32));
    app.run_scheduler().await;
    // Signed in anew: the session ended while the clock moved on.
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let (targets, default) = entry_form(&staff, on_paper, "ear_tubes_follow_up").await;
    let open: Vec<&(String, String)> = targets.iter().filter(|(_, s)| s == "Open").collect();
    assert_eq!(open.len(), 1, "the first follow-up is open: {targets:?}");
    assert_eq!(default.as_deref(), Some(open[0].0.as_str()));
    let entered = enter(&staff, on_paper, "ear_tubes_follow_up", &open[0].0, "00000000-0000-4000-8000-0000000000b2", &follow_up("sometimes")).await;
    assert_eq!(entered.status(), 303, "{}", entered.text().await.unwrap());
    let _ = answer_newest_invitation_to(&app, "other@example.dk", &follow_up("sometimes")).await;

    let paper = patient(&app, on_paper).await;
    let links = patient(&app, online).await;
    let responses = paper["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 2);
    assert_eq!(responses[0]["timepoint"], "baseline", "the paper baseline is the baseline");
    let sorted = |v: &serde_json::Value| {
        let mut r = rules(v);
        r.sort();
        r
    };
    let (from_paper, from_links) = (sorted(&responses[1]), sorted(&links["responses"][1]));
    assert_eq!(from_paper, from_links, "the same flags, on paper and through the links");
    assert!(from_paper.iter().any(|r| r.contains("baseline")), "12 points now against 6 before the operation: {from_paper:?}");
    let statuses: Vec<&str> = paper["invitations"].as_array().unwrap().iter().take(2).map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["Answered", "Answered"]);
}

async fn an_entry_to_an_invitation_answered_meanwhile_is_refused_and_loses_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let operation = app.clock.now_date() + Duration::days(2);
    let patient_id = enrol(&staff, operation, "karen@example.dk").await;
    app.run_scheduler().await;
    let (targets, _) = entry_form(&staff, patient_id, "ear_tubes_baseline").await;
    let first = enter(&staff, patient_id, "ear_tubes_baseline", &targets[0].0, "00000000-0000-4000-8000-0000000000c1", &baseline("rarely")).await;
    assert_eq!(first.status(), 303);
    // A second form, opened before the first was saved, names the same invitation.
    let second = enter(&staff, patient_id, "ear_tubes_baseline", &targets[0].0, "00000000-0000-4000-8000-0000000000c2", &baseline("often")).await;
    assert_eq!(second.status(), 409);
    let page = second.text().await.unwrap();
    assert!(page.contains("Den valgte invitation kan ikke længere besvares"), "{page}");
    assert!(page.contains("href=\"#invitation\""), "the summary links to the choice");
    assert!(page.contains("value=\"often\" checked") || page.contains("checked value=\"often\""), "the answers typed are kept: {page}");
    assert_eq!(patient(&app, patient_id).await["responses"].as_array().unwrap().len(), 1, "nothing stored twice");
    // Not this patient's invitation: refused the same way.
    let other = enter(
        &staff,
        patient_id,
        "ear_tubes_baseline",
        &uuid::Uuid::new_v4().to_string(),
        "00000000-0000-4000-8000-0000000000c3",
        &baseline("often"),
    )
    .await;
    assert_eq!(other.status(), 409);
}

async fn an_entry_that_answers_no_invitation_is_kept_apart_from_the_baseline(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let operation = app.clock.now_date() + Duration::days(2);
    let patient_id = enrol(&staff, operation, "karen@example.dk").await;
    app.run_scheduler().await;
    let entered = enter(&staff, patient_id, "ear_tubes_baseline", "none", "00000000-0000-4000-8000-0000000000d1", &baseline("rarely")).await;
    assert_eq!(entered.status(), 303);
    app.clock.advance(Duration::days(33));
    app.run_scheduler().await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let (targets, default) = entry_form(&staff, patient_id, "ear_tubes_follow_up").await;
    let entered = enter(
        &staff,
        patient_id,
        "ear_tubes_follow_up",
        default.as_deref().unwrap(),
        "00000000-0000-4000-8000-0000000000d2",
        &follow_up("sometimes"),
    )
    .await;
    assert_eq!(entered.status(), 303, "{targets:?}");
    let detail = patient(&app, patient_id).await;
    let responses = detail["responses"].as_array().unwrap();
    assert!(responses[0]["timepoint"].is_null() && responses[0]["enrolment_id"].is_null(), "no invitation, no time point");
    assert!(!rules(&responses[1]).iter().any(|r| r.contains("baseline")), "not compared with a baseline it is not: {:?}", rules(&responses[1]));
    // The baseline invitation was not answered by it: it ran out.
    assert_eq!(detail["invitations"][0]["status"], "Missed");
}
