//! Flags that are clinically right over time, with real submissions: the
//! baseline is the pathway's baseline answer in the same enrolment, never
//! the patient's first response of any kind.

use time::Duration;

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, TestApp, DEMO_PASSWORD};
use crate::journey::{enrol, follow_up_index, link_in, open};

backend_tests!(
    without_a_baseline_answer_a_later_follow_up_is_not_compared_with_the_first,
    the_baseline_is_the_enrolments_baseline_answer_not_the_first_response,
    a_red_answer_shows_its_advice_on_the_receipt_at_once,
    an_unusual_weight_is_asked_about_and_accepted_once_confirmed,
);

const CLINICIAN: &str = "clinician@demo-ent.example";
const SYMPTOMS: [&str; 6] = ["ear_pain", "fever", "hearing_concern", "speech_concern", "sleep_trouble", "mood"];

/// A follow-up without discharge, every symptom at `level` (never 0,
/// rarely 1, often 3: the ear symptom score is 0, 6 or 18).
fn follow_up(level: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form = vec![("discharge", "no"), ("behind_ear", "no"), ("tube_seen", "no"), ("unwell_now", "no"), ("overall", "5"), ("contact", "no")];
    form.extend(SYMPTOMS.map(|s| (s, level)));
    form
}

/// The questionnaire before the operation, every symptom at `level`.
fn baseline(level: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut form = vec![("infections_last_year", "3"), ("previous_tubes", "no"), ("ill_now", "no"), ("contact", "no")];
    form.extend(SYMPTOMS.map(|s| (s, level)));
    form
}

/// Answers the invitation of the newest mail as a phone without
/// JavaScript does, page by page, and submits it.
pub(crate) async fn answer_newest_invitation(app: &TestApp, answers: &[(&str, &str)]) -> StaffClient {
    // The newest mail with a link: the clinic's own notifications have none.
    let mail = app.mailbox.sent().into_iter().rev().find(|m| m.text.contains("/p/")).expect("an invitation");
    answer_mail(app, &mail, answers).await
}

/// Answers the newest invitation mailed to `to`, as [`answer_newest_invitation`].
pub(crate) async fn answer_newest_invitation_to(app: &TestApp, to: &str, answers: &[(&str, &str)]) -> StaffClient {
    let mail = app.mailbox.sent().into_iter().rev().find(|m| m.to == to && m.text.contains("/p/")).expect("an invitation");
    answer_mail(app, &mail, answers).await
}

async fn answer_mail(app: &TestApp, mail: &app::ports::OutgoingMail, answers: &[(&str, &str)]) -> StaffClient {
    let phone = open(app, &link_in(mail)).await;
    let mut location = "/a?page=0".to_owned();
    for _ in 0..20 {
        let Some(page) = location.strip_prefix("/a?page=").map(str::to_owned) else { break };
        let mut form = vec![("page", page.as_str()), ("action", "next")];
        form.extend_from_slice(answers);
        let response = phone.post_form("/a/page", &form).await;
        location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(!location.contains("check=1"), "page {page} is complete with {answers:?}");
    }
    assert_eq!(location, "/a/review");
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");
    phone
}

/// The rule ids of each of the patient's responses, oldest first (signed
/// in anew: the test clock has moved past the earlier session).
async fn flags_per_response(app: &TestApp, patient: app::domain::PatientId) -> Vec<Vec<String>> {
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let (status, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    let detail: serde_json::Value = serde_json::from_str(&body).unwrap();
    detail["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["flags"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap().to_owned()).collect())
        .collect()
}

const CHANGE_RULES: [&str; 2] = ["much_worse_than_baseline", "worse_than_baseline"];

/// Reproduced on the old code: with no answer from before the operation,
/// the first follow-up was taken as the baseline and the second raised a
/// false red "much worse than before the operation".
async fn without_a_baseline_answer_a_later_follow_up_is_not_compared_with_the_first(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    // The baseline window has closed: the first invitation is a follow-up.
    let patient = enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let _ = answer_newest_invitation(&app, &follow_up("never")).await;

    app.clock.advance(Duration::weeks(12));
    app.run_scheduler().await;
    assert_eq!(app.mailbox.sent().len(), 2, "the second follow-up's invitation");
    let _ = answer_newest_invitation(&app, &follow_up("often")).await;

    let flags = flags_per_response(&app, patient).await;
    assert_eq!(flags.len(), 2);
    assert!(flags[1].iter().all(|f| !CHANGE_RULES.contains(&f.as_str())), "no answer from before the operation, so no change since then: {flags:?}");
}

/// Reproduced on the old code: the patient's first response in the clinic
/// (here a paper form entered by staff outside the enrolment) was taken as
/// the baseline, so a real worsening since the answer before the operation
/// raised nothing.
async fn the_baseline_is_the_enrolments_baseline_answer_not_the_first_response(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    // The operation in two days: the baseline invitation opens today.
    let operation = app.clock.now_date() + Duration::days(2);
    let patient = enrol(&staff, operation, "karen@example.dk").await;
    app.run_scheduler().await;

    let mut paper = vec![("submission_key", "00000000-0000-4000-8000-00000000000a"), ("entry_mode", "staff_paper")];
    paper.extend(baseline("often"));
    let entered = staff.post_form(&format!("/staff/patients/{patient}/enter/ear_tubes_baseline"), &paper).await;
    assert_eq!(entered.status(), 303, "{}", entered.text().await.unwrap());

    // The parent answers the next day, inside the two-day window.
    app.clock.advance(Duration::days(1));
    let _ = answer_newest_invitation(&app, &baseline("rarely")).await;

    app.clock.advance(Duration::days(1) + Duration::days(31));
    app.run_scheduler().await;
    let _ = answer_newest_invitation(&app, &follow_up("often")).await;

    let flags = flags_per_response(&app, patient).await;
    assert_eq!(flags.len(), 3, "paper, baseline and follow-up: {flags:?}");
    assert_eq!(
        flags[2].iter().filter(|f| CHANGE_RULES.contains(&f.as_str())).collect::<Vec<_>>(),
        ["much_worse_than_baseline"],
        "18 points now against 6 before the operation"
    );
}

/// The worklist is read in opening hours: a red answer tells the parent
/// on the receipt what to do now; an answer without flags shows no advice.
async fn a_red_answer_shows_its_advice_on_the_receipt_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    enrol(&staff, follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let phone = answer_newest_invitation(&app, crate::fixtures::RED_FOLLOW_UP).await;
    let receipt = phone.get("/a/done").await.text().await.unwrap();
    assert!(receipt.contains("id=\"advice\"") && receipt.contains("role=\"alert\""), "{receipt}");
    assert!(receipt.contains("Ring til klinikken i dag"), "the rule's own advice, in Danish");
    assert!(receipt.contains("dit barn"), "said to a parent");

    enrol(&staff, follow_up_index(&app), "other@example.dk").await;
    app.run_scheduler().await;
    let phone = answer_newest_invitation(&app, &follow_up("never")).await;
    let receipt = phone.get("/a/done").await.text().await.unwrap();
    assert!(receipt.contains("Tak for dine svar"));
    assert!(!receipt.contains("id=\"advice\""), "no flag, no advice");
}

/// Enrols an adult in heart-failure monitoring from today, answering
/// for themself; returns the patient's id.
pub(crate) async fn enrol_heart_failure(app: &TestApp, staff: &StaffClient, email: &str) -> app::domain::PatientId {
    let today = app.clock.now_date().to_string();
    let form = [
        ("pathway", "heart_failure"),
        ("index_date", today.as_str()),
        ("name", "Bent Madsen"),
        ("date_of_birth", "1948-03-03"),
        ("respondent1_name", "Bent Madsen"),
        ("respondent1_email", email),
        ("respondent1_relation", "self"),
        ("respondent1_language", "da"),
    ];
    let response = staff.post_form("/staff/patients/new", &form).await;
    assert_eq!(response.status(), 303, "enrolled");
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/staff/patients/").trim_end_matches("?enrolled=1").parse().expect("patient id")
}

/// A weight outside 40 to 180 kg is most often a typo (182 for 82): the
/// patient is asked to confirm it, without JavaScript, and nothing typed
/// is lost. A tick confirms that value only; the draft cannot be sent
/// until it is confirmed; once confirmed it is stored as given.
async fn an_unusual_weight_is_asked_about_and_accepted_once_confirmed(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrol_heart_failure(&app, &staff, "bent@example.dk").await;
    app.run_scheduler().await;
    let mail = app.mailbox.sent().into_iter().rev().find(|m| m.text.contains("/p/")).expect("an invitation");
    let phone = open(&app, &link_in(&mail)).await;
    let rest: Vec<(&str, &str)> = crate::fixtures::HEART_FAILURE_STABLE.iter().copied().filter(|(item, _)| *item != "weight").collect();
    let post = |weight: &'static str, confirm: Option<&'static str>| {
        let mut form = vec![("page", "0"), ("action", "next"), ("weight", weight)];
        form.extend_from_slice(&rest);
        form.extend(confirm.map(|c| ("confirm.weight", c)));
        let phone = &phone;
        async move { phone.post_form("/a/page", &form).await.headers()["location"].to_str().unwrap().to_owned() }
    };

    assert_eq!(post("82,4", None).await, "/a/review", "a usual weight asks nothing");
    assert_eq!(post("180", None).await, "/a/review", "the end of the expected range is usual");
    assert_eq!(post("182", None).await, "/a?page=0&check=1");
    let page = phone.get("/a?page=0&check=1").await.text().await.unwrap();
    assert!(page.contains("Du har skrevet 182 kg. Er det rigtigt?"), "{page}");
    let tick = tag(&page, "id=\"weight-confirm\"");
    assert!(tick.contains("name=\"confirm.weight\"") && tick.contains("value=\"182\"") && !tick.contains("checked"), "{tick}");
    assert!(page.contains("Ja, 182 kg er rigtigt"));
    assert!(tag(&page, "id=\"weight-input\"").contains("value=\"182\""), "what was typed is kept");
    assert!(page.contains("href=\"#weight\""), "the summary links to the question");

    // Not sent while unconfirmed: the review says so and links back.
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/review");
    let review = phone.get("/a/review").await.text().await.unwrap();
    assert!(review.contains("/a?page=0&amp;check=1") || review.contains("/a?page=0&check=1"), "{review}");

    assert_eq!(post("183", Some("182")).await, "/a?page=0&check=1", "a tick for 182 does not confirm 183");
    assert_eq!(post("182", Some("182")).await, "/a/review");
    let page = phone.get("/a?page=0").await.text().await.unwrap();
    assert!(tag(&page, "id=\"weight-confirm\"").contains("checked"), "the confirmation is kept with the draft");
    assert_eq!(phone.post_form("/a/submit", &[]).await.headers()["location"], "/a/done");

    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let (status, body) = staff.call("staff/patient", &[("id", &patient.to_string())]).await;
    assert_eq!(status, 200, "{body}");
    let detail: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(detail["responses"].as_array().map(Vec::len), Some(1), "stored once confirmed");
    assert_eq!(detail["responses"][0]["answers"]["weight"], 182.0, "with the weight as given");
}

/// The HTML tag holding `marker` (an attribute), from `<` to `>`.
fn tag<'a>(page: &'a str, marker: &str) -> &'a str {
    let at = page.find(marker).unwrap_or_else(|| panic!("{marker} in {page}"));
    let start = page[..at].rfind('<').expect("tag start");
    let end = at + page[at..].find('>').expect("tag end");
    &page[start..=end]
}
