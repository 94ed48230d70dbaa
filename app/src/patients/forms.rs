//! The patient forms (registering a patient, the CSV import, enrolment
//! changes, staff entry of a response): each is a plain form post answered
//! with a redirect (or the page again with the problems, nothing typed
//! lost).

use std::collections::BTreeMap;

use crate::domain::{ClinicId, EnrolmentId, PatientId};
use crate::i18n::{t, Locale};

use super::port::EnrolmentBatch;
use crate::auth::{self};
use crate::components::FormEcho;
use crate::domain::form_error::{FieldError, LocalText};
use crate::domain::AuditOutcome;
use crate::form_input::{Posted, PostedFields};
use crate::patients::enrolment::EnrolmentForm;
use crate::patients::patient::PatientForm;
use crate::ports::StoreError;
use crate::staff::Role;
use crate::state::AppState;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::form_response::{access_refused as refused, meta, page_with_echo, page_with_echo_at, unavailable};

#[derive(Deserialize, Default)]
#[serde(default)]
struct EnrolmentExtra {
    pathway: String,
    index_date: String,
}

/// A pathway the clinic cannot enrol in (unknown, or the database did not
/// answer: refused either way, nothing is stored).
async fn pathway_error(state: &AppState, clinic_id: ClinicId, pathway: &str) -> Option<FieldError> {
    match state.definitions.pathway(state.store.as_ref(), clinic_id, pathway).await {
        Ok(Some(_)) => None,
        _ => Some(FieldError::text("pathway", t::patients::CHOOSE_PATHWAY)),
    }
}

/// `POST /staff/patients/new`: patient, respondents and enrolment in one
/// transaction.
pub async fn new_patient(State(state): State<AppState>, parts: Parts, fields: PostedFields) -> Response {
    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Clinician, "enrolment.create").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    let values: BTreeMap<String, String> = fields.pairs().iter().cloned().collect();
    let (patient, extra) = match (fields.typed::<PatientForm>(), fields.typed::<EnrolmentExtra>()) {
        (Ok(patient), Ok(extra)) => (patient, extra),
        (Err(rejection), _) | (_, Err(rejection)) => return rejection.into_response(),
    };
    let today = match super::service::clinic_today(&state, session.clinic.id).await {
        Ok(today) => today,
        Err(err) => return unavailable(err),
    };
    let form = EnrolmentForm { patient, index_date: extra.index_date.clone() };
    let mut errors: Vec<FieldError> = pathway_error(&state, session.clinic.id, &extra.pathway).await.into_iter().collect();
    let parsed = form.parse(today).map_err(|e| errors.extend(e)).ok();
    let refuse = |errors: Vec<FieldError>| {
        let echo = FormEcho { values: values.clone(), errors, ..FormEcho::default() };
        page_with_echo(state.clone(), parts.clone(), echo, StatusCode::UNPROCESSABLE_ENTITY)
    };
    let Some(enrolment) = parsed.filter(|_| errors.is_empty()) else {
        return refuse(errors).await;
    };
    let entry = auth::audit_entry(&session, "enrolment.create", None, AuditOutcome::Ok, &meta.client, "");
    let batch = EnrolmentBatch {
        clinic_id: session.clinic.id,
        staff_id: session.staff.id,
        pathway_id: &extra.pathway,
        enrolments: std::slice::from_ref(&enrolment),
        now: state.clock.now(),
        audit: &entry,
    };
    match state.store.enrol(&batch).await {
        Ok(created) => {
            let Some(first) = created.first() else { return unavailable("nothing created") };
            Redirect::to(&format!("/staff/patients/{}?enrolled=1", first.patient_id)).into_response()
        }
        Err(StoreError::Duplicate { .. }) => refuse(vec![FieldError::text("name", t::patients::PATIENT_PROBABLY_REGISTERED_CLINIC_ALREADY)]).await,
        Err(StoreError::Conflict { .. }) => refuse(vec![FieldError::text("respondent2_email", t::patients::TWO_RESPONDENTS_SHARE_EMAIL)]).await,
        Err(err) => unavailable(err),
    }
}

/// `POST /staff/import` (admins), form-encoded or multipart (a file):
/// `action=preview` shows every row's problems and saves nothing;
/// `action=import` saves all rows in one transaction, or none. A post
/// larger than the import takes, or a file that is not text, is shown on
/// the import page with the import's own message.
pub async fn import(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    use crate::patients::csv_import::{preview, FileProblem};
    use crate::patients::import_post::{read, Unread};
    use crate::patients::pages::import::{ImportPreviewView, PreviewLine};

    let (parts, body) = request.into_parts();
    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Admin, "enrolment.import").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    // The body is read only for an admin, and within the import's limit.
    let form = match read(&parts, body).await {
        Ok(form) => form,
        Err(Unread::Malformed) => return crate::form_response::refused(crate::error::ApiError::BadRequest),
        Err(unread) => {
            let (problem, form, status) = match unread {
                Unread::NotText(form) => (LocalText::from(t::patients::FILE_NOT_TEXT), form, StatusCode::UNPROCESSABLE_ENTITY),
                _ => (FileProblem::TooLarge { bytes: 0 }.message(), Default::default(), StatusCode::PAYLOAD_TOO_LARGE),
            };
            let view = ImportPreviewView { file_problems: vec![(problem.da, problem.en)], ..ImportPreviewView::default() };
            let values = BTreeMap::from([("pathway".to_owned(), form.pathway), ("csv".to_owned(), form.csv)]);
            let echo = FormEcho { values, errors: Vec::new(), payload: serde_json::to_string(&view).ok(), notice: None, page: None };
            return page_with_echo(state, parts, echo, status).await;
        }
    };
    let today = match super::service::clinic_today(&state, session.clinic.id).await {
        Ok(today) => today,
        Err(err) => return unavailable(err),
    };
    let result = preview(&form.csv, today);
    let mut view = ImportPreviewView {
        rows: result
            .rows
            .iter()
            .map(|row| PreviewLine {
                line: row.line,
                name: row.input.patient.name.clone(),
                problems: row.problems.iter().map(|p| (p.field.to_string(), p.message.da.clone(), p.message.en.clone())).collect(),
            })
            .collect(),
        file_problems: result
            .header_errors
            .iter()
            .map(|p| {
                let m = p.message();
                (m.da.clone(), m.en.clone())
            })
            .collect(),
        importable: result.is_importable(),
        imported: None,
    };
    let mut errors: Vec<FieldError> = pathway_error(&state, session.clinic.id, &form.pathway).await.into_iter().collect();
    if form.action == "import" && errors.is_empty() {
        if let Some(enrolments) = result.into_enrolments() {
            let entry = auth::audit_entry(&session, "enrolment.import", None, AuditOutcome::Ok, &meta.client, "");
            let batch = EnrolmentBatch {
                clinic_id: session.clinic.id,
                staff_id: session.staff.id,
                pathway_id: &form.pathway,
                enrolments: &enrolments,
                now: state.clock.now(),
                audit: &entry,
            };
            match state.store.enrol(&batch).await {
                Ok(created) => {
                    view.imported = Some(created.len());
                }
                Err(StoreError::Duplicate { position, .. }) => {
                    view.importable = false;
                    if let Some(row) = view.rows.get_mut(position) {
                        let text = t::patients::IMPORT_PROBABLY_REGISTERED;
                        row.problems.push(("name".into(), text.get(Locale::Da).into(), text.get(Locale::En).into()));
                    }
                }
                Err(err) => return unavailable(err),
            }
        }
    }
    let values = BTreeMap::from([
        ("pathway".to_owned(), form.pathway.clone()),
        ("csv".to_owned(), if view.imported.is_some() { String::new() } else { form.csv.clone() }),
    ]);
    let payload = serde_json::to_string(&view).ok();
    let status = if errors.is_empty() && (view.importable || view.imported.is_some()) { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    page_with_echo(state, parts, FormEcho { values, errors: std::mem::take(&mut errors), payload, notice: None, page: None }, status).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EnrolmentChangeForm {
    action: String,
    index_date: String,
    reason: String,
}

/// `POST /staff/enrolments/{id}`: move the index date, pause, resume or
/// end an enrolment (with a reason). Every change is kept in its history.
pub async fn change_enrolment(
    State(state): State<AppState>,
    axum::extract::Path(id): axum::extract::Path<EnrolmentId>,
    parts: Parts,
    Posted(form): Posted<EnrolmentChangeForm>,
) -> Response {
    use crate::patients::enrolment::IndexDate;
    use crate::patients::{EnrolmentChange, EnrolmentStatus};

    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Clinician, "enrolment.change").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    let reason = form.reason.trim().chars().take(500).collect::<String>();
    let today = match super::service::clinic_today(&state, session.clinic.id).await {
        Ok(today) => today,
        Err(err) => return unavailable(err),
    };
    let change = match form.action.as_str() {
        "index_date" => match IndexDate::parse(&form.index_date, today) {
            Ok(date) => Ok(EnrolmentChange::IndexDate(date.date())),
            Err(_) => Err(ChangeProblem::Date),
        },
        "pause" | "end" if reason.is_empty() => Err(ChangeProblem::Reason),
        "pause" => Ok(EnrolmentChange::Status(EnrolmentStatus::Paused, reason)),
        "end" => Ok(EnrolmentChange::Status(EnrolmentStatus::Ended, reason)),
        "resume" => Ok(EnrolmentChange::Status(EnrolmentStatus::Active, reason)),
        _ => Err(ChangeProblem::Action),
    };
    // A refusal is the patient's page again, with what was typed in this
    // enrolment's form and what was wrong beside its field.
    let (state_ref, parts_ref, form_ref, clinic_id) = (&state, &parts, &form, session.clinic.id);
    let refuse = |field: String, text, status| async move {
        let (state, parts, form) = (state_ref, parts_ref, form_ref);
        let patient = match state.store.enrolment_patient(clinic_id, id).await {
            Ok(Some(patient)) => patient,
            Ok(None) => return crate::form_response::plain(StatusCode::NOT_FOUND, t::plain::NO_SUCH_ENROLMENT),
            Err(err) => return unavailable(err),
        };
        let values = BTreeMap::from([
            ("_form".to_owned(), format!("enrolment-{id}")),
            ("index_date".to_owned(), form.index_date.clone()),
            ("reason".to_owned(), form.reason.clone()),
        ]);
        let echo = FormEcho { values, errors: vec![FieldError::text(field, text)], ..FormEcho::default() };
        page_with_echo_at(state.clone(), parts.clone(), &format!("/staff/patients/{patient}"), echo, status).await
    };
    let change = match change {
        Ok(change) => change,
        Err(ChangeProblem::Date) => {
            return refuse(format!("index-date-{id}"), t::patients::INDEX_DATE_NOT_VALID_MOST, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(ChangeProblem::Reason) => {
            return refuse(format!("reason-{id}"), t::patients::GIVE_REASON_PAUSE_END, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(ChangeProblem::Action) => return refuse(String::new(), t::patients::CHANGE_COULD_NOT_MADE, StatusCode::UNPROCESSABLE_ENTITY).await,
    };
    let entry = auth::audit_entry(&session, "enrolment.change", None, AuditOutcome::Ok, &meta.client, &format!("enrolment {id}: {}", form.action));
    match state.store.change_enrolment(session.clinic.id, id, &change, session.staff.id, state.clock.now(), &entry).await {
        Ok(patient_id) => Redirect::to(&format!("/staff/patients/{patient_id}")).into_response(),
        Err(StoreError::Conflict { .. }) => refuse(String::new(), t::patients::ENROLMENT_HAS_ENDED_ALREADY_HAS, StatusCode::CONFLICT).await,
        Err(StoreError::NotFound) => {
            auth::audit(
                &state,
                &session,
                "enrolment.change",
                None,
                AuditOutcome::Refused,
                &meta.client,
                &format!("no enrolment {id} in this clinic"),
            )
            .await;
            crate::form_response::plain(StatusCode::NOT_FOUND, t::plain::NO_SUCH_ENROLMENT)
        }
        Err(err) => unavailable(err),
    }
}

/// What is wrong with an enrolment change as posted.
enum ChangeProblem {
    Date,
    Reason,
    Action,
}

/// `POST /staff/patients/{id}/enter/{questionnaire}`: a response entered by
/// staff from paper or a phone call, stored as such with who entered it.
pub async fn enter_response(
    State(state): State<AppState>,
    axum::extract::Path((patient_id, questionnaire)): axum::extract::Path<(PatientId, String)>,
    parts: Parts,
    fields: PostedFields,
) -> Response {
    use crate::patients::pages::entry::EntryEcho;
    use crate::responses::port::StoredResponse;
    use crate::responses::EntryMode;
    use crate::responses::{submit, Submission, SubmitError};

    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Clinician, "response.enter").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    match state.store.patient_detail(session.clinic.id, patient_id).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            auth::audit(
                &state,
                &session,
                "response.enter",
                None,
                AuditOutcome::Refused,
                &meta.client,
                &format!("no patient {patient_id} in this clinic"),
            )
            .await;
            return crate::form_response::plain(StatusCode::NOT_FOUND, t::plain::NO_SUCH_PATIENT);
        }
        Err(err) => return unavailable(err),
    }
    let compiled = match state.definitions.questionnaire(state.store.as_ref(), session.clinic.id, &questionnaire, None).await {
        Ok(Some(compiled)) => compiled,
        Ok(None) => return crate::form_response::plain(StatusCode::NOT_FOUND, t::plain::NO_SUCH_QUESTIONNAIRE),
        Err(err) => return unavailable(err),
    };
    let field = |name: &str| fields.text(name);
    let submission_key = field("submission_key");
    let entry_mode = match field("entry_mode").as_str() {
        "staff_phone" => EntryMode::StaffPhone,
        _ => EntryMode::StaffPaper,
    };
    // The form's key makes a second post of the same form harmless; it is
    // only ever a UUID the entry page made, and it is stored under this
    // clinic, patient and staff member, so no form can take the key of a
    // respondent's submission (`invitation:<id>`) or anyone else's.
    let Ok(nonce) = uuid::Uuid::parse_str(&submission_key) else {
        return (StatusCode::BAD_REQUEST, "submission_key: not this form's; reload the form. / Genindlæs formularen.").into_response();
    };
    let scoped_key = format!("entry:{}:{patient_id}:{}:{nonce}", session.clinic.id, session.staff.id);
    let echo_values = || {
        BTreeMap::from([
            ("submission_key".to_owned(), submission_key.clone()),
            ("entry_mode".to_owned(), entry_mode.as_str().to_owned()),
            ("invitation".to_owned(), field("invitation")),
        ])
    };
    // The invitation the answers answer: one the form may offer now (the
    // same rule), or none. No field (an older form) answers none.
    let target = match field("invitation").as_str() {
        "" | "none" => None,
        chosen => {
            let targets = match super::service::entry_targets_of(&state, session.clinic.id, patient_id, &questionnaire).await {
                Ok(targets) => targets,
                Err(err) => return unavailable(err),
            };
            match targets.into_iter().find(|i| i.id.to_string() == chosen) {
                Some(invitation) => Some(invitation),
                None => {
                    let gone = FieldError::text("invitation", t::patients::ENTRY_TARGET_GONE);
                    let answers = crate::engine::form::answers_from_form(compiled.questionnaire(), fields.pairs());
                    let payload = serde_json::to_string(&EntryEcho { answers, errors: Vec::new() }).ok();
                    let values = echo_values();
                    return page_with_echo(
                        state,
                        parts,
                        FormEcho { values, errors: vec![gone], payload, notice: None, page: None },
                        StatusCode::CONFLICT,
                    )
                    .await;
                }
            }
        }
    };
    let entry = auth::audit_entry(&session, "response.enter", Some(patient_id), AuditOutcome::Ok, &meta.client, "");
    let submission = Submission {
        clinic_id: session.clinic.id,
        patient_id,
        enrolment_id: target.as_ref().map(|i| i.enrolment_id),
        questionnaire: &compiled,
        invitation_id: target.as_ref().map(|i| i.id),
        answers: crate::engine::form::answers_from_form(compiled.questionnaire(), fields.pairs()),
        entry_mode,
        respondent_id: None,
        entered_by: Some(session.staff.id),
        submission_key: &scoped_key,
        audit: Some(&entry),
    };
    match submit(&state, submission).await {
        // A second post of the same form stored nothing and adds no entry.
        Ok(StoredResponse::New(_) | StoredResponse::AlreadyStored(_)) => Redirect::to(&format!("/staff/patients/{patient_id}")).into_response(),
        Err(SubmitError::Invalid { answers, errors }) => {
            let summary = errors.iter().map(|e| FieldError::new(e.item.clone(), e.message.da.clone(), e.message.en.clone())).collect();
            let payload = serde_json::to_string(&EntryEcho { answers, errors }).ok();
            let values = echo_values();
            page_with_echo(state, parts, FormEcho { values, errors: summary, payload, notice: None, page: None }, StatusCode::UNPROCESSABLE_ENTITY)
                .await
        }
        Err(SubmitError::Store(err)) => unavailable(err),
    }
}

/// The patient form posts: registering, importing, enrolment changes and
/// staff entry of a response.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/staff/patients/new", post(new_patient))
        // The import reads its own body, within its own limit (`import_post`).
        .route("/staff/import", post(import).layer(axum::extract::DefaultBodyLimit::max(super::import_post::MAX_POST_BYTES)))
        .route("/staff/enrolments/{id}", post(change_enrolment))
        .route("/staff/patients/{id}/enter/{questionnaire}", post(enter_response))
}
