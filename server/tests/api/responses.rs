//! Staff-assisted entry: a response from paper or a phone call is
//! validated, scored, checked against the rules and stored with its flags.

use crate::helpers::{backend_tests, spawn_app, Backend, StaffClient, DEMO_PASSWORD};

backend_tests!(
    a_staff_entered_response_is_scored_flagged_and_marked_as_staff_entry,
    a_refused_entry_keeps_every_answer_and_names_each_problem,
    submitting_the_same_form_twice_stores_one_response,
    hidden_answers_are_dropped_and_cannot_fire_rules,
    another_clinic_cannot_enter_responses,
    a_staff_entry_cannot_take_a_respondents_submission_key,
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
    response.headers()["location"].to_str().unwrap().trim_start_matches("/staff/patients/").trim_end_matches("?enrolled=1").to_owned()
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

    let response = post(&staff, &patient, &follow_up("00000000-0000-4000-8000-000000000001")).await;

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
    let mut fields = follow_up("00000000-0000-4000-8000-000000000002");
    fields.retain(|(k, _)| *k != "fever" && *k != "overall");
    fields.push(("overall", "eleven".to_owned()));

    let response = post(&staff, &patient, &fields).await;

    assert_eq!(response.status(), 422);
    let html = response.text().await.unwrap();
    assert!(html.contains(r##"href="#fever""##) && html.contains(r##"href="#overall""##), "both problems in the summary");
    assert!(html.contains(r#"id="discharge_days-more_14" name="discharge_days" value="more_14" checked"#), "answers kept");
    assert!(html.contains(r#"name="submission_key" value="00000000-0000-4000-8000-000000000002""#), "same key, so a resubmit is still one response");
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 0);
}

async fn submitting_the_same_form_twice_stores_one_response(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrolled_patient(&staff).await;

    let form = follow_up("00000000-0000-4000-8000-000000000003");
    let (a, b) = tokio::join!(post(&staff, &patient, &form), post(&staff, &patient, &form));
    let c = post(&staff, &patient, &follow_up("00000000-0000-4000-8000-000000000003")).await;

    for r in [a, b, c] {
        assert_eq!(r.status(), 303);
    }
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 1);
    post(&staff, &patient, &follow_up("00000000-0000-4000-8000-000000000004")).await;
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 2);
}

async fn hidden_answers_are_dropped_and_cannot_fire_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = enrolled_patient(&staff).await;
    // "No discharge", but the (now hidden) follow-up questions still carry
    // answers that would fire red rules: a no-JavaScript form posts them.
    let mut fields = follow_up("00000000-0000-4000-8000-000000000005");
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

    let response = post(&other, &patient, &follow_up("00000000-0000-4000-8000-000000000006")).await;

    assert_eq!(response.status(), 404);
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 0);
}

/// A staff entry posted with the key a respondent's submission uses
/// (`invitation:<id>`) once made the parent's later submission answer
/// "already stored" before anything was saved: the receipt was shown, the
/// answers were gone, no flag, no worklist entry. Keys are the server's:
/// the form's is only a nonce, stored under the clinic, patient and staff
/// member; "already stored" is said only for the same invitation.
async fn a_staff_entry_cannot_take_a_respondents_submission_key(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
    let patient = crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "karen@example.dk").await;
    app.run_scheduler().await;
    let link = crate::journey::link_in(&app.mailbox.sent()[0]);
    let patient = patient.to_string();
    let invitation = app.store.patient_invitations(crate::journey::clinic_id(&app).await, patient.parse().unwrap()).await.unwrap()[0].id;

    // The hostile (or careless) entry: refused, nothing stored.
    let stolen = follow_up(&format!("invitation:{invitation}"));
    let refused = post(&staff, &patient, &stolen).await;
    assert_eq!(refused.status(), 400, "a key the entry page did not make is refused");
    assert_eq!(responses(&staff, &patient).await.as_array().unwrap().len(), 0);

    // The parent answers and sends: stored, flagged, the invitation answered.
    let phone = crate::journey::open(&app, &link).await;
    let mut location = "/a?page=0".to_owned();
    while let Some(page) = location.strip_prefix("/a?page=").map(str::to_owned) {
        let mut form = vec![("page", page.as_str()), ("action", "next")];
        form.extend_from_slice(crate::fixtures::RED_FOLLOW_UP);
        location = phone.post_form("/a/page", &form).await.headers()["location"].to_str().unwrap().to_owned();
    }
    let submitted = phone.post_form("/a/submit", &[]).await;
    assert_eq!(submitted.headers()["location"], "/a/done");
    let stored = responses(&staff, &patient).await;
    assert_eq!(stored.as_array().unwrap().len(), 1, "the parent's answers are stored");
    assert_eq!(stored[0]["entry_mode"], "respondent");
    assert!(stored[0]["flags"].as_array().unwrap().iter().any(|f| f["rule_id"] == "persistent_discharge"));
}
