//! Staff-assisted entry: a response from paper or a phone call is
//! validated, scored, checked against the rules and stored with its flags.

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, DEMO_PASSWORD};

backend_tests!(
    a_staff_entered_response_is_scored_flagged_and_marked_as_staff_entry,
    a_refused_entry_keeps_every_answer_and_names_each_problem,
    submitting_the_same_form_twice_stores_one_response,
    hidden_answers_are_dropped_and_cannot_fire_rules,
    another_clinic_cannot_enter_responses,
);

const CLINICIAN: &str = "clinician@demo-ent.example";

/// A follow-up where the discharge lasted more than 14 days: the
/// `persistent_discharge` rule must fire.
fn follow_up(key: &str) -> Vec<(&'static str, String)> {
    [("submission_key", key), ("entry_mode", "staff_phone")]
        .into_iter()
        .chain(crate::fixtures::RED_FOLLOW_UP.iter().copied())
        .map(|(k, v)| (k, v.to_owned()))
        .collect()
}

async fn enrolled_patient(staff: &StaffClient) -> String {
    let form = [
        ("pathway", "ear_tubes"),
        ("index_date", "2026-12-01"),
        ("name", "Ida Hansen"),
        ("date_of_birth", "2020-05-05"),
        ("respondent1_name", "Mor Hansen"),
        ("respondent1_email", "mor@example.dk"),
        ("respondent1_relation", "mother"),
        ("respondent1_language", "da"),
    ];
    let response = staff.post_form("/staff/patients/new", &form).await;
    response.headers()["location"].to_str().unwrap().trim_start_matches("/staff/patients/").to_owned()
}

async fn post(staff: &StaffClient, patient: &str, fields: &[(&str, String)]) -> reqwest::Response {
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    staff.post_form(&format!("/staff/patients/{patient}/enter/ear_tubes_follow_up"), &form).await
}

async fn responses(staff: &StaffClient, patient: &str) -> serde_json::Value {
    let (status, body) = staff.call("staff/patient", &[("id", patient)]).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["responses"].clone()
}

async fn a_staff_entered_response_is_scored_flagged_and_marked_as_staff_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrolled_patient(&staff).await;

    let response = post(&staff, &patient, &follow_up("key-1")).await;

    assert_eq!(response.status(), 303);
    let stored = responses(&staff, &patient).await;
    assert_eq!(stored.as_array().unwrap().len(), 1);
    let r = &stored[0];
    assert_eq!(r["questionnaire_id"], "ear_tubes_follow_up");
    assert_eq!(r["questionnaire_version"], 1);
    assert_eq!(r["entry_mode"], "staff_phone");
    assert_eq!(r["entered_by_name"], "Carl Christensen");
    assert!(r["scores"]["ear_symptoms"].is_number(), "{r}");
    let flags: Vec<&str> = r["flags"].as_array().unwrap().iter().map(|f| f["rule_id"].as_str().unwrap()).collect();
    assert!(flags.contains(&"persistent_discharge"), "{flags:?}");
    let persistent = r["flags"].as_array().unwrap().iter().find(|f| f["rule_id"] == "persistent_discharge").unwrap();
    assert_eq!(persistent["level"], "red");
    assert!(persistent["explanation"].to_string().contains("more_14"), "explained: {persistent}");
    let page = staff.get(&format!("/staff/patients/{patient}")).await.text().await.unwrap();
    assert!(page.contains("persistent_discharge") && page.contains("indtastet under telefonsamtale"));
}

async fn a_refused_entry_keeps_every_answer_and_names_each_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrolled_patient(&staff).await;
    let mut fields = follow_up("key-2");
    fields.retain(|(k, _)| *k != "fever" && *k != "overall");
    fields.push(("overall", "eleven".to_owned()));

    let response = post(&staff, &patient, &fields).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r##"href="#fever""##) && html.contains(r##"href="#overall""##), "both problems in the summary");
    assert!(html.contains(r#"id="discharge_days-more_14" name="discharge_days" value="more_14" checked"#), "answers kept");
    assert!(html.contains(r#"name="submission_key" value="key-2""#), "same key, so a resubmit is still one response");
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 0);
}

async fn submitting_the_same_form_twice_stores_one_response(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrolled_patient(&staff).await;

    let form = follow_up("same");
    let (a, b) = tokio::join!(post(&staff, &patient, &form), post(&staff, &patient, &form));
    let c = post(&staff, &patient, &follow_up("same")).await;

    for r in [a, b, c] {
        assert_eq!(r.status(), 303);
    }
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 1);
    post(&staff, &patient, &follow_up("another form")).await;
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 2);
}

async fn hidden_answers_are_dropped_and_cannot_fire_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrolled_patient(&staff).await;
    // "No discharge", but the (now hidden) follow-up questions still carry
    // answers that would fire red rules: a no-JavaScript form posts them.
    let mut fields = follow_up("key-3");
    for (k, v) in fields.iter_mut() {
        if *k == "discharge" {
            *v = "no".into();
        }
    }
    fields.push(("discharge_blood", "yes".into()));

    let response = post(&staff, &patient, &fields).await;

    assert_eq!(response.status(), 303);
    let r = &responses(&staff, &patient).await[0];
    assert!(r["answers"].get("discharge_days").is_none(), "{r}");
    assert_eq!(r["flags"].as_array().unwrap().len(), 0, "{r}");
}

async fn another_clinic_cannot_enter_responses(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let other = app.sign_in("clinician@demo-heart.example", DEMO_PASSWORD).await;
    let patient = enrolled_patient(&staff).await;

    let response = post(&other, &patient, &follow_up("key-4")).await;

    assert_eq!(response.status(), 404);
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 0);
}
