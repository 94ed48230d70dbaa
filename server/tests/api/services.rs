//! Each feature's service functions called directly, as the server
//! functions and form handlers call them: their rules and refusals, on the
//! embedded database (no database server needed), with the real store.
//! The API tests beside these run the same paths over HTTP on both
//! databases.

use app::auth::RequestMeta;
use app::error::ApiError;
use app::state::AppState;

use crate::helpers::{spawn_app, Backend, TestApp, DEMO_PASSWORD};

const ADMIN: &str = "admin@demo-ent.example";
const CLINICIAN: &str = "clinician@demo-ent.example";
const OTHER_CLINIC: &str = "clinician@demo-heart.example";

/// A request signed in as `email`, made the way the sign-in form makes it.
async fn signed_in(state: &AppState, email: &str) -> RequestMeta {
    let signed = app::auth::sign_in(state, email, DEMO_PASSWORD, "service-test").await.expect("the demo account signs in");
    RequestMeta { token: Some(signed.token), client: "service-test".to_owned() }
}

fn anonymous() -> RequestMeta {
    RequestMeta { token: None, client: "service-test".to_owned() }
}

async fn embedded() -> TestApp {
    spawn_app(Backend::Sqlite).await
}

mod auth {
    use super::*;

    #[tokio::test]
    async fn a_wrong_password_is_refused_and_the_account_locks_after_its_limit() {
        let app = embedded().await;
        for _ in 0..app::auth::MAX_FAILURES_PER_ACCOUNT {
            assert!(app::auth::sign_in(&app.state, CLINICIAN, "not the password", "service-test").await.is_err());
        }
        // Now even the right password waits out the window.
        assert!(app::auth::sign_in(&app.state, CLINICIAN, DEMO_PASSWORD, "service-test").await.is_err(), "locked");
        assert!(app::auth::sign_in(&app.state, ADMIN, DEMO_PASSWORD, "service-test").await.is_ok(), "another account is not");
    }

    #[tokio::test]
    async fn a_signed_out_session_no_longer_works() {
        let app = embedded().await;
        let meta = signed_in(&app.state, CLINICIAN).await;
        assert!(app::auth::current_session(&app.state, &meta).await.expect("store").is_some());
        app::auth::sign_out(&app.state, &meta).await.expect("sign out");
        assert!(app::auth::current_session(&app.state, &meta).await.expect("store").is_none());
    }
}

mod staff {
    use super::*;

    #[tokio::test]
    async fn only_an_admin_lists_the_staff_and_reads_the_audit_log() {
        let app = embedded().await;
        let admin = signed_in(&app.state, ADMIN).await;
        let clinician = signed_in(&app.state, CLINICIAN).await;
        let members = app::staff::service::list_staff(&app.state, &admin).await.expect("admin");
        assert_eq!(members.len(), 2, "the clinic's own two members, not the other clinic's");
        assert!(matches!(app::staff::service::list_staff(&app.state, &clinician).await, Err(ApiError::Forbidden)));
        assert!(matches!(app::staff::service::audit_log(&app.state, &clinician, None).await, Err(ApiError::Forbidden)));
        assert!(matches!(app::staff::service::list_staff(&app.state, &anonymous()).await, Err(ApiError::NotSignedIn)));
        let log = app::staff::service::audit_log(&app.state, &admin, None).await.expect("admin");
        assert!(log.iter().any(|e| e.action == "staff.list"), "reading the staff list was audited");
    }
}

mod patients {
    use super::*;

    #[tokio::test]
    async fn a_clinic_sees_only_its_own_patients_and_each_read_is_audited() {
        let app = embedded().await;
        let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        let child = crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "karen@example.dk").await;
        let own = signed_in(&app.state, CLINICIAN).await;
        let other = signed_in(&app.state, OTHER_CLINIC).await;

        let list = app::patients::service::list_patients(&app.state, &own).await.expect("own clinic");
        assert_eq!(list.len(), 1);
        assert!(app::patients::service::list_patients(&app.state, &other).await.expect("other clinic").is_empty());
        let detail = app::patients::service::view_patient(&app.state, &own, child).await.expect("own patient");
        assert_eq!(detail.patient.id, child);
        assert!(matches!(app::patients::service::view_patient(&app.state, &other, child).await, Err(ApiError::NotFound)));

        let clinic = app.state.store.clinic_by_slug(&app::domain::ClinicSlug::parse("demo-ent").expect("slug")).await.expect("store");
        let log = app.state.store.audit_for_patient(clinic.expect("demo clinic").id, child).await.expect("store");
        assert!(log.iter().any(|e| e.action == "patient.view"), "the read is in the audit log: {log:?}");
    }
}

mod worklist {
    use super::*;
    use app::worklist::{EntryKind, Outcome, WorklistFilter};

    #[tokio::test]
    async fn a_decision_needs_an_outcome_closes_the_entry_once_and_stays_in_its_clinic() {
        let app = embedded().await;
        let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        crate::worklist::red_and_no_response(&app, &staff).await;
        let own = signed_in(&app.state, CLINICIAN).await;
        let other = signed_in(&app.state, OTHER_CLINIC).await;

        let page = app::worklist::service::worklist(&app.state, &own, &WorklistFilter::default()).await.expect("worklist");
        let red = page.entries.iter().find(|e| e.kind == EntryKind::Response).expect("the flagged response").clone();
        let empty = app::worklist::service::worklist(&app.state, &other, &WorklistFilter::default()).await.expect("worklist");
        assert!(empty.entries.is_empty(), "another clinic's worklist is its own");
        assert!(matches!(app::worklist::service::entry(&app.state, &other, red.kind, red.id).await, Err(ApiError::NotFound)));

        let decide = |meta, outcome| app::worklist::service::decide(&app.state, meta, red.kind, red.id, outcome, "note", false);
        assert!(matches!(decide(&own, None).await, Err(app::worklist::service::DecideError::NoOutcome)));
        assert!(decide(&other, Some(Outcome::NoAction)).await.is_err(), "not from another clinic");
        decide(&own, Some(Outcome::CheckUp)).await.expect("decided");
        assert!(matches!(decide(&own, Some(Outcome::NoAction)).await, Err(app::worklist::service::DecideError::AlreadyDecided)));
        let after = app::worklist::service::worklist(&app.state, &own, &WorklistFilter::default()).await.expect("worklist");
        assert!(after.entries.iter().all(|e| e.id != red.id), "the decided entry left the open list");
    }
}

mod overview {
    use super::*;

    #[tokio::test]
    async fn only_an_admin_changes_the_clinic_settings_and_a_bad_value_changes_nothing() {
        let app = embedded().await;
        let admin = signed_in(&app.state, ADMIN).await;
        let clinician = signed_in(&app.state, CLINICIAN).await;
        assert!(matches!(app::overview::service::set_time_zone(&app.state, &clinician, "Europe/London").await, Err(ApiError::Forbidden)));
        assert_eq!(app::overview::service::set_time_zone(&app.state, &admin, "Mars/Olympus").await.expect("admin"), Err(()));
        assert_eq!(app::overview::service::set_notify_email(&app.state, &admin, "not an address").await.expect("admin"), Err(()));
        let before = app::overview::service::overview(&app.state, &admin).await.expect("overview");
        assert_eq!(before.time_zone, "Europe/Copenhagen");
        assert_eq!(app::overview::service::set_time_zone(&app.state, &admin, "Europe/London").await.expect("admin"), Ok(()));
        let after = app::overview::service::overview(&app.state, &admin).await.expect("overview");
        assert_eq!(after.time_zone, "Europe/London");
        let seen_by_clinician = app::overview::service::overview(&app.state, &clinician).await.expect("overview");
        assert!(!seen_by_clinician.admin && seen_by_clinician.time_zone.is_empty(), "a clinician does not see the settings");
    }
}

mod authoring {
    use super::*;
    use app::authoring::DefinitionKind;

    #[tokio::test]
    async fn only_an_admin_starts_a_version_and_an_unknown_definition_is_not_found() {
        let app = embedded().await;
        let admin = signed_in(&app.state, ADMIN).await;
        let clinician = signed_in(&app.state, CLINICIAN).await;
        let catalogue = app::authoring::service::catalogue(&app.state, &admin).await.expect("catalogue");
        let id = catalogue.questionnaires.first().expect("a shipped questionnaire").id.clone();
        assert!(app::authoring::service::start_version(&app.state, &clinician, DefinitionKind::Questionnaire, &id).await.is_err());
        assert!(app::authoring::service::start_version(&app.state, &admin, DefinitionKind::Questionnaire, "no-such-thing").await.is_err());
        let version = app::authoring::service::start_version(&app.state, &admin, DefinitionKind::Questionnaire, &id).await.expect("a draft");
        assert!(version >= 2, "a draft after the shipped version 1");
    }
}

mod respondent {
    use super::*;

    #[tokio::test]
    async fn a_personal_link_opens_once_it_was_sent_and_never_when_made_up() {
        let app = embedded().await;
        let made_up = "A".repeat(43);
        assert!(app::respondent::links::link_info(&app.state, &made_up).await.is_err(), "an unknown link is refused");
        assert!(app::respondent::links::open_link(&app.state, &made_up, None).await.is_err());

        let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "karen@example.dk").await;
        app.run_scheduler().await;
        let mail = app.mailbox.sent().into_iter().find(|m| m.to == "karen@example.dk").expect("the invitation");
        let link = crate::journey::link_in(&mail);
        let token = link.rsplit('/').next().expect("a token");
        assert!(app::respondent::links::link_info(&app.state, token).await.is_ok(), "the link in the mail works");
        let session = app::respondent::links::open_link(&app.state, token, None).await.expect("opens");
        assert!(!session.is_empty(), "an answering session starts");
    }
}

mod responses {
    use super::*;
    use app::responses::port::StoredResponse;
    use app::responses::{submit, EntryMode, Submission, SubmitError};

    async fn demo_clinic(app: &TestApp) -> app::domain::ClinicId {
        let slug = app::domain::ClinicSlug::parse("demo-ent").expect("slug");
        app.state.store.clinic_by_slug(&slug).await.expect("store").expect("the demo clinic").id
    }

    #[tokio::test]
    async fn incomplete_answers_are_refused_and_a_form_sent_twice_is_stored_once() {
        let app = embedded().await;
        let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        let patient = crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "karen@example.dk").await;
        let clinic = demo_clinic(&app).await;
        let q = app.state.definitions.shipped_questionnaire("ear_tubes_follow_up").expect("shipped");
        let fields = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let submission = |answers, key| Submission {
            clinic_id: clinic,
            patient_id: patient,
            enrolment_id: None,
            invitation_id: None,
            questionnaire: &q,
            answers,
            entry_mode: EntryMode::StaffPaper,
            respondent_id: None,
            entered_by: None,
            submission_key: key,
            audit: None,
        };

        let empty = app::engine::form::answers_from_form(q.questionnaire(), &[]);
        let refused = submit(&app.state, submission(empty, "00000000-0000-4000-8000-000000000001")).await;
        assert!(matches!(refused, Err(SubmitError::Invalid { .. })), "nothing answered is not a response");
        assert!(app.state.store.patient_responses(clinic, patient).await.expect("store").is_empty());

        let answers = app::engine::form::answers_from_form(q.questionnaire(), &fields(crate::fixtures::RED_FOLLOW_UP));
        let key = "00000000-0000-4000-8000-000000000002";
        let first = submit(&app.state, submission(answers.clone(), key)).await.expect("stored");
        let StoredResponse::New(id) = first else { panic!("a new response: {first:?}") };
        let again = submit(&app.state, submission(answers, key)).await.expect("answered");
        assert_eq!(again, StoredResponse::AlreadyStored(id), "the same form twice is one response");
        let stored = app.state.store.patient_responses(clinic, patient).await.expect("store");
        assert_eq!(stored.len(), 1);
        assert!(!stored[0].flags.is_empty(), "the red answers raised their flags");
    }
}

mod schedule {
    use super::*;

    #[tokio::test]
    async fn an_enrolment_is_planned_and_invited_once_and_a_paused_one_gets_nothing() {
        let app = embedded().await;
        let staff = app.sign_in(CLINICIAN, DEMO_PASSWORD).await;
        crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "karen@example.dk").await;
        let round = app.run_scheduler().await;
        assert!(round.planned >= 1, "the new enrolment was planned: {round:?}");
        let invited = app.mailbox.sent().iter().filter(|m| m.to == "karen@example.dk").count();
        assert_eq!(invited, 1, "one invitation mail");
        app.run_scheduler().await;
        assert_eq!(app.mailbox.sent().iter().filter(|m| m.to == "karen@example.dk").count(), 1, "a second round sends it again never");

        let paused = crate::journey::enrol(&staff, crate::journey::follow_up_index(&app), "paused@example.dk").await;
        let (_, body) = staff.call("staff/patient", &[("id", &paused.to_string())]).await;
        let detail: serde_json::Value = serde_json::from_str(&body).expect("json");
        let path = format!("/staff/enrolments/{}", detail["enrolments"][0]["id"].as_str().expect("an enrolment"));
        assert_eq!(staff.post_form(&path, &[("action", "pause"), ("reason", "Ferie")]).await.status(), 303);
        app.run_scheduler().await;
        assert_eq!(app.mailbox.sent().iter().filter(|m| m.to == "paused@example.dk").count(), 0, "a paused enrolment is sent nothing");
    }
}
