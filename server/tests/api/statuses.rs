//! Ordinary mistakes get their own status and a sentence, never a bare 500:
//! server functions answer 401, 403, 404 or 400 by what went wrong, and a
//! walk over every form route with bad input finds no 500.

use crate::helpers::{backend_tests, spawn_app, Backend, DEMO_PASSWORD};

backend_tests!(
    server_functions_answer_with_the_status_of_the_mistake,
    bad_input_on_every_route_is_never_a_server_error,
    pages_answer_with_the_status_of_the_mistake_every_time,
);

async fn server_functions_answer_with_the_status_of_the_mistake(backend: Backend) {
    let app = spawn_app(backend).await;
    let anonymous = app.browser();
    let clinician = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let heart = app.sign_in("clinician@demo-heart.example", DEMO_PASSWORD).await;
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
    let made = clinician.post_form("/staff/patients/new", &form).await;
    let patient = made.headers()["location"].to_str().unwrap().trim_start_matches("/staff/patients/").trim_end_matches("?enrolled=1").to_owned();

    let (status, body) = anonymous.call("staff/patients", &[]).await;
    assert_eq!((status, body.contains("NotSignedIn")), (401, true), "{body}");
    assert_eq!(clinician.call("staff/members", &[]).await.0, 403);
    assert_eq!(heart.call("staff/patient", &[("id", &patient)]).await.0, 404, "another clinic's patient");
    assert_eq!(clinician.call("staff/patient", &[("id", "not-an-id")]).await.0, 400);
    assert_eq!(clinician.call("staff/patient", &[("id", &patient)]).await.0, 200);
    // A page that renders the error says so with its status too.
    assert_eq!(heart.get(&format!("/staff/patients/{patient}")).await.status(), 404);
    assert_eq!(clinician.get(&format!("/staff/patients/{patient}")).await.status(), 200);
    let nil = "00000000-0000-0000-0000-000000000000";
    assert_eq!(clinician.get(&format!("/staff/worklist/response/{nil}")).await.status(), 404);
}

async fn bad_input_on_every_route_is_never_a_server_error(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    let anonymous = app.browser();
    let nil = "00000000-0000-0000-0000-000000000000";
    let bad_forms: &[&[(&str, &str)]] = &[&[], &[("x", "\u{0}\r\n")], &[("_op", "nonsense"), ("id", "../../etc"), ("page", "-1")]];
    let posts = [
        "/lang".to_owned(),
        "/staff/sign-in".to_owned(),
        "/staff/password".to_owned(),
        "/staff/forgot".to_owned(),
        "/staff/reset".to_owned(),
        "/staff/members".to_owned(),
        "/staff/patients/new".to_owned(),
        "/staff/import".to_owned(),
        "/staff/enrolments/not-an-id".to_owned(),
        format!("/staff/enrolments/{nil}"),
        "/staff/patients/not-an-id/enter/ear_tubes_follow_up".to_owned(),
        format!("/staff/patients/{nil}/enter/no_such_questionnaire"),
        "/staff/clinic/notify".to_owned(),
        "/staff/worklist/bogus/not-an-id/decide".to_owned(),
        format!("/staff/worklist/response/{nil}/decide"),
        format!("/staff/worklist/response/{nil}/assign"),
        "/staff/authoring".to_owned(),
        "/staff/authoring/mail".to_owned(),
        "/staff/authoring/bogus/x/1".to_owned(),
        "/staff/authoring/questionnaire/no_such/1".to_owned(),
        "/staff/authoring/questionnaire/ear_tubes_follow_up/notanumber".to_owned(),
        "/staff/authoring/questionnaire/ear_tubes_follow_up/99/test".to_owned(),
        "/p/abc".to_owned(),
        "/a/page".to_owned(),
        "/a/submit".to_owned(),
        "/api/staff/patient".to_owned(),
        "/api/staff/worklist".to_owned(),
        "/api/staff/entry".to_owned(),
    ];
    let gets = [
        "/staff/authoring/questionnaire/ear_tubes_follow_up/notanumber/export".to_owned(),
        "/staff/authoring/questionnaire/no_such/1/export".to_owned(),
        "/staff/worklist/bogus/not-an-id".to_owned(),
        format!("/staff/worklist/response/{nil}"),
        "/staff/patients/not-an-id".to_owned(),
        format!("/staff/patients/{nil}"),
        "/p/%00".to_owned(),
        "/a".to_owned(),
        "/a/review".to_owned(),
        "/a/done".to_owned(),
        "/staff/reset?token=%0D%0A".to_owned(),
        "/no/such/page".to_owned(),
    ];
    let mut failures = Vec::new();
    for who in [&admin, &anonymous] {
        for path in &posts {
            for form in bad_forms {
                let status = who.post_form(path, form).await.status();
                if status.is_server_error() {
                    failures.push(format!("POST {path} {form:?}: {status}"));
                }
            }
        }
        for path in &gets {
            let status = who.get(path).await.status();
            if status.is_server_error() {
                failures.push(format!("GET {path}: {status}"));
            }
        }
    }
    assert!(failures.is_empty(), "server errors for ordinary mistakes:\n{}", failures.join("\n"));
}

/// A page that shows a refusal or "not found" answers with that status,
/// every time. The status is set when the page's data is read; a page
/// streamed in order sent its head before that at times, so the same
/// request answered 200 or 404 at random (9 and 6 of 15). These pages now
/// wait for their data (`SsrMode::Async`), as the patient page does.
async fn pages_answer_with_the_status_of_the_mistake_every_time(backend: Backend) {
    let app = spawn_app(backend).await;
    let clinician = app.sign_in("clinician@demo-ent.example", DEMO_PASSWORD).await;
    let admin = app.sign_in("admin@demo-ent.example", DEMO_PASSWORD).await;
    for _ in 0..15 {
        assert_eq!(clinician.get("/staff/audit").await.status(), 403, "a clinician on the audit log");
        assert_eq!(clinician.get("/staff/members").await.status(), 403, "a clinician on the members page");
        assert_eq!(admin.get("/staff/authoring/questionnaire/ear_tubes_follow_up/99").await.status(), 404, "a version that does not exist");
        assert_eq!(admin.get("/staff/authoring/questionnaire/no_such_thing/1").await.status(), 404, "a questionnaire that does not exist");
    }
    let page = clinician.get("/staff/members").await.text().await.unwrap();
    assert!(page.contains("role=\"alert\""), "the page still says why");
    assert_eq!(admin.get("/staff/members").await.status(), 200);
    assert_eq!(admin.get("/staff/audit").await.status(), 200);
    assert_eq!(admin.get("/staff/authoring/questionnaire/ear_tubes_follow_up/1").await.status(), 200);
}
