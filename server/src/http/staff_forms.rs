//! The staff forms: every change staff make is a plain form post handled
//! here, then a redirect (or the page again with the problems). The work
//! itself is done by plain functions in `app::auth` and the store.

use std::collections::BTreeMap;

use app::auth::{self, RequestMeta};
use app::domain::enrolment::EnrolmentForm;
use app::domain::form_error::FieldError;
use app::domain::patient::PatientForm;
use app::domain::{AuditOutcome, NewPassword, Role, StaffEmail};
use app::ports::{AppState, EnrolmentBatch, NewStaff, StoreError};
use app::staff::FormEcho;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::render::page_with_echo;

fn meta(state: &AppState, parts: &Parts) -> RequestMeta {
    RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for)
}

/// The response for a refused staff request.
fn refused(err: auth::AccessError) -> Response {
    match err {
        auth::AccessError::NotSignedIn => Redirect::to("/staff/sign-in").into_response(),
        auth::AccessError::MustChangePassword => Redirect::to("/staff/password").into_response(),
        auth::AccessError::Forbidden => (StatusCode::FORBIDDEN, "Not allowed for your role.").into_response(),
        auth::AccessError::Store(err) => unavailable(err),
    }
}

fn with_cookie(mut response: Response, cookie: String) -> Response {
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

fn unavailable(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "staff form failed");
    (StatusCode::SERVICE_UNAVAILABLE, "The service is unavailable. Please try again.").into_response()
}

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /staff/sign-in`
pub async fn sign_in(State(state): State<AppState>, parts: Parts, Form(form): Form<SignInForm>) -> Response {
    let meta = meta(&state, &parts);
    match auth::sign_in(&state, &form.email, &form.password, &meta.client).await {
        Ok(signed_in) => {
            let next = if signed_in.session.staff.must_change_password { "/staff/password" } else { "/staff" };
            with_cookie(Redirect::to(next).into_response(), auth::session_cookie(&signed_in.token, state.runtime.secure_cookies))
        }
        Err(auth::AuthError::InvalidCredentials) => Redirect::to("/staff/sign-in?error=invalid").into_response(),
        Err(auth::AuthError::Locked) => Redirect::to("/staff/sign-in?error=locked").into_response(),
        Err(err) => unavailable(err),
    }
}

/// `POST /staff/sign-out`
pub async fn sign_out(State(state): State<AppState>, parts: Parts) -> Response {
    if let Err(err) = auth::sign_out(&state, &meta(&state, &parts)).await {
        return unavailable(err);
    }
    with_cookie(Redirect::to("/staff/sign-in?signed_out=1").into_response(), auth::clear_session_cookie())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

/// `POST /staff/password`
pub async fn change_password(State(state): State<AppState>, parts: Parts, Form(form): Form<PasswordForm>) -> Response {
    let meta = meta(&state, &parts);
    if form.new != form.repeat {
        return Redirect::to("/staff/password?error=repeat").into_response();
    }
    match auth::change_password(&state, &meta, &form.current, &form.new).await {
        Ok(()) => Redirect::to("/staff/password?changed=1").into_response(),
        Err(auth::AuthError::InvalidCredentials) if meta.token.is_none() => Redirect::to("/staff/sign-in").into_response(),
        Err(auth::AuthError::InvalidCredentials) => Redirect::to("/staff/password?error=current").into_response(),
        Err(auth::AuthError::WeakPassword(_)) => Redirect::to("/staff/password?error=weak").into_response(),
        Err(auth::AuthError::Locked) => Redirect::to("/staff/password?error=locked").into_response(),
        Err(err) => unavailable(err),
    }
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

/// `POST /staff/members` (admins): a new staff member in this clinic. An
/// email that already has an account (in any clinic) is refused; adding
/// existing accounts to a second clinic is done with `svar create-staff`.
pub async fn add_member(State(state): State<AppState>, parts: Parts, Form(form): Form<MemberForm>) -> Response {
    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Admin, "staff.create").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    let mut errors = Vec::new();
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(FieldError::new("name", "Skriv et navn (højst 200 tegn).", "Enter a name (at most 200 characters)."));
    }
    let email = StaffEmail::parse(&form.email)
        .map_err(|_| errors.push(FieldError::new("email", "Skriv en gyldig e-mailadresse.", "Enter a valid email address.")))
        .ok();
    let role = Role::parse(&form.role);
    if role.is_none() {
        errors.push(FieldError::new("role", "Vælg en rolle.", "Choose a role."));
    }
    let password = NewPassword::parse(&form.password)
        .map_err(|_| errors.push(FieldError::new("password", "Adgangskoden skal have 10-200 tegn.", "The password needs 10-200 characters.")))
        .ok();
    let values = BTreeMap::from([
        ("name".to_owned(), form.name.clone()),
        ("email".to_owned(), form.email.clone()),
        ("role".to_owned(), form.role.clone()),
    ]);
    let (Some(email), Some(role), Some(password), true) = (email, role, password, errors.is_empty()) else {
        let echo = FormEcho { values, errors, ..FormEcho::default() };
        return page_with_echo(state, parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let hash = match auth::hash_password(password.expose().to_owned()).await {
        Ok(hash) => hash,
        Err(err) => return unavailable(err),
    };
    let new = NewStaff { email: email.clone(), name, password_hash: hash, must_change_password: true };
    let staff = match state.store.create_staff_in_clinic(&new, session.clinic.id, role, state.clock.now()).await {
        Ok(staff) => staff,
        Err(StoreError::Conflict { .. }) => {
            let errors = vec![FieldError::new(
                "email",
                "Der findes allerede en konto med den e-mail.",
                "An account with that email already exists.",
            )];
            let echo = FormEcho { values, errors, ..FormEcho::default() };
            return page_with_echo(state, parts, echo, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(err) => return unavailable(err),
    };
    auth::audit(&state, &session, "staff.create", None, AuditOutcome::Ok, &meta.client, &format!("staff {} as {}", staff.id, role.as_str())).await;
    let notice = (
        format!("{} er oprettet som {}.", staff.name, role.as_str()),
        format!("{} was created as {}.", staff.name, role.as_str()),
    );
    page_with_echo(state, parts, FormEcho { notice: Some(notice), ..FormEcho::default() }, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EnrolmentExtra {
    pathway: String,
    index_date: String,
}

/// A pathway the clinic cannot enrol in (unknown, or the database did not
/// answer: refused either way, nothing is stored).
async fn pathway_error(state: &AppState, clinic_id: uuid::Uuid, pathway: &str) -> Option<FieldError> {
    match state.definitions.pathway(state.store.as_ref(), clinic_id, pathway).await {
        Ok(Some(_)) => None,
        _ => Some(FieldError::new("pathway", "Vælg et forløb.", "Choose a pathway.")),
    }
}

/// `POST /staff/patients/new`: patient, respondents and enrolment in one
/// transaction.
pub async fn new_patient(State(state): State<AppState>, parts: Parts, body: Bytes) -> Response {
    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Clinician, "enrolment.create").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    let values: BTreeMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let patient: PatientForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let extra: EnrolmentExtra = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let today = state.clock.now().date();
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
    let batch = EnrolmentBatch {
        clinic_id: session.clinic.id,
        staff_id: session.staff.id,
        pathway_id: &extra.pathway,
        enrolments: std::slice::from_ref(&enrolment),
        now: state.clock.now(),
    };
    match state.store.enrol(&batch).await {
        Ok(created) => {
            let Some(first) = created.first() else { return unavailable("nothing created") };
            auth::audit(&state, &session, "enrolment.create", Some(first.patient_id), AuditOutcome::Ok, &meta.client, &format!("enrolment {} in {}", first.enrolment_id, extra.pathway)).await;
            Redirect::to(&format!("/staff/patients/{}", first.patient_id)).into_response()
        }
        Err(StoreError::Duplicate { .. }) => {
            refuse(vec![FieldError::new(
                "name",
                "Patienten er sandsynligvis allerede registreret i klinikken (samme CPR-nummer, eller samme navn og fødselsdato).",
                "The patient is probably registered in the clinic already (same national id, or same name and date of birth).",
            )])
            .await
        }
        Err(StoreError::Conflict { .. }) => {
            refuse(vec![FieldError::new("respondent2_email", "To der svarer har samme e-mail.", "Two respondents share an email.")]).await
        }
        Err(err) => unavailable(err),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ImportForm {
    pathway: String,
    csv: String,
    action: String,
}

/// `POST /staff/import` (admins): `action=preview` shows every row's
/// problems and saves nothing; `action=import` saves all rows in one
/// transaction, or none.
pub async fn import(State(state): State<AppState>, parts: Parts, Form(form): Form<ImportForm>) -> Response {
    use app::domain::csv_import::preview;
    use app::staff::pages_import::{ImportPreviewView, PreviewLine};

    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Admin, "enrolment.import").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    let today = state.clock.now().date();
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
        file_problems: result.header_errors.iter().map(|p| { let m = p.message(); (m.da.clone(), m.en.clone()) }).collect(),
        importable: result.is_importable(),
        imported: None,
    };
    let mut errors: Vec<FieldError> = pathway_error(&state, session.clinic.id, &form.pathway).await.into_iter().collect();
    if form.action == "import" && errors.is_empty() {
        if let Some(enrolments) = result.into_enrolments() {
            let batch = EnrolmentBatch {
                clinic_id: session.clinic.id,
                staff_id: session.staff.id,
                pathway_id: &form.pathway,
                enrolments: &enrolments,
                now: state.clock.now(),
            };
            match state.store.enrol(&batch).await {
                Ok(created) => {
                    for c in &created {
                        auth::audit(&state, &session, "enrolment.import", Some(c.patient_id), AuditOutcome::Ok, &meta.client, &format!("enrolment {} in {}", c.enrolment_id, form.pathway)).await;
                    }
                    view.imported = Some(created.len());
                }
                Err(StoreError::Duplicate { position, .. }) => {
                    view.importable = false;
                    if let Some(row) = view.rows.get_mut(position) {
                        row.problems.push((
                            "name".into(),
                            "Patienten er sandsynligvis allerede registreret i klinikken.".into(),
                            "The patient is probably registered in the clinic already.".into(),
                        ));
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
    page_with_echo(state, parts, FormEcho { values, errors: std::mem::take(&mut errors), payload, notice: None }, status).await
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
    axum::extract::Path(id): axum::extract::Path<uuid::Uuid>,
    parts: Parts,
    Form(form): Form<EnrolmentChangeForm>,
) -> Response {
    use app::domain::enrolment::IndexDate;
    use app::domain::{EnrolmentChange, EnrolmentStatus};

    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Clinician, "enrolment.change").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    let reason = form.reason.trim().chars().take(500).collect::<String>();
    let change = match form.action.as_str() {
        "index_date" => match IndexDate::parse(&form.index_date, state.clock.now().date()) {
            Ok(date) => Ok(EnrolmentChange::IndexDate(date.date())),
            Err(_) => Err("date"),
        },
        "pause" | "end" if reason.is_empty() => Err("reason"),
        "pause" => Ok(EnrolmentChange::Status(EnrolmentStatus::Paused, reason)),
        "end" => Ok(EnrolmentChange::Status(EnrolmentStatus::Ended, reason)),
        "resume" => Ok(EnrolmentChange::Status(EnrolmentStatus::Active, reason)),
        _ => Err("action"),
    };
    let back = |patient: Option<uuid::Uuid>, error: Option<&str>| {
        let base = patient.map_or_else(|| "/staff/patients".to_owned(), |p| format!("/staff/patients/{p}"));
        Redirect::to(&match error {
            Some(e) => format!("{base}?error={e}"),
            None => base,
        })
        .into_response()
    };
    let change = match change {
        Ok(change) => change,
        Err(error) => {
            // Find the patient to send the form back to; scoped to the clinic.
            let patient = find_patient_of(&state, session.clinic.id, id).await;
            return back(patient, Some(error));
        }
    };
    match state.store.change_enrolment(session.clinic.id, id, &change, session.staff.id, state.clock.now()).await {
        Ok(patient_id) => {
            auth::audit(&state, &session, "enrolment.change", Some(patient_id), AuditOutcome::Ok, &meta.client, &format!("enrolment {id}: {}", form.action)).await;
            back(Some(patient_id), None)
        }
        Err(StoreError::Conflict { .. }) => back(find_patient_of(&state, session.clinic.id, id).await, Some("ended")),
        Err(StoreError::NotFound) => {
            auth::audit(&state, &session, "enrolment.change", None, AuditOutcome::Refused, &meta.client, &format!("no enrolment {id} in this clinic")).await;
            (StatusCode::NOT_FOUND, "No such enrolment in your clinic.").into_response()
        }
        Err(err) => unavailable(err),
    }
}

/// The patient an enrolment of this clinic belongs to (for redirects).
async fn find_patient_of(state: &AppState, clinic_id: uuid::Uuid, enrolment_id: uuid::Uuid) -> Option<uuid::Uuid> {
    state.store.enrolment_patient(clinic_id, enrolment_id).await.ok().flatten()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ForgotForm {
    email: String,
}

/// `POST /staff/forgot`: the same answer whether or not the account exists.
pub async fn forgot_password(State(state): State<AppState>, parts: Parts, Form(form): Form<ForgotForm>) -> Response {
    let meta = meta(&state, &parts);
    let locale = app::i18n::Locale::from_headers(&parts.headers);
    auth::request_password_reset(&state, &form.email, &meta.client, locale);
    Redirect::to("/staff/forgot?sent=1").into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResetForm {
    token: String,
    new: String,
    repeat: String,
}

/// `POST /staff/reset`
pub async fn reset_password(State(state): State<AppState>, parts: Parts, Form(form): Form<ResetForm>) -> Response {
    let meta = meta(&state, &parts);
    let again = |error: &str| {
        let token: String = form.token.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').take(64).collect();
        Redirect::to(&format!("/staff/reset?token={token}&error={error}")).into_response()
    };
    if form.new != form.repeat {
        return again("repeat");
    }
    match auth::reset_password(&state, &form.token, &form.new, &meta.client).await {
        Ok(()) => Redirect::to("/staff/sign-in?reset=1").into_response(),
        Err(auth::AuthError::WeakPassword(_)) => again("weak"),
        Err(auth::AuthError::InvalidCredentials) => again("invalid"),
        Err(err) => unavailable(err),
    }
}

/// `POST /staff/patients/{id}/enter/{questionnaire}`: a response entered by
/// staff from paper or a phone call, stored as such with who entered it.
pub async fn enter_response(
    State(state): State<AppState>,
    axum::extract::Path((patient_id, questionnaire)): axum::extract::Path<(uuid::Uuid, String)>,
    parts: Parts,
    body: Bytes,
) -> Response {
    use app::domain::EntryMode;
    use app::ports::StoredResponse;
    use app::responses::{submit, SubmitError, Submission};
    use app::staff::pages_entry::EntryEcho;

    let meta = meta(&state, &parts);
    let session = match auth::require(&state, &meta, Role::Clinician, "response.enter").await {
        Ok(session) => session,
        Err(err) => return refused(err),
    };
    match state.store.patient_detail(session.clinic.id, patient_id).await {
        Ok(Some(_)) => {}
        Ok(None) => {
            auth::audit(&state, &session, "response.enter", None, AuditOutcome::Refused, &meta.client, &format!("no patient {patient_id} in this clinic")).await;
            return (StatusCode::NOT_FOUND, "No such patient in your clinic.").into_response();
        }
        Err(err) => return unavailable(err),
    }
    let compiled = match state.definitions.questionnaire(state.store.as_ref(), session.clinic.id, &questionnaire, None).await {
        Ok(Some(compiled)) => compiled,
        Ok(None) => return (StatusCode::NOT_FOUND, "No such questionnaire.").into_response(),
        Err(err) => return unavailable(err),
    };
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_owned()).unwrap_or_default();
    let submission_key = field("submission_key");
    let entry_mode = match field("entry_mode").as_str() {
        "staff_phone" => EntryMode::StaffPhone,
        _ => EntryMode::StaffPaper,
    };
    if submission_key.is_empty() || submission_key.len() > 64 {
        return (StatusCode::BAD_REQUEST, "submission_key: missing; reload the form.").into_response();
    }
    let submission = Submission {
        clinic_id: session.clinic.id,
        patient_id,
        enrolment_id: None,
        questionnaire: &compiled,
        invitation_id: None,
        answers: app::engine::form::answers_from_form(compiled.questionnaire(), &fields),
        entry_mode,
        respondent_id: None,
        entered_by: Some(session.staff.id),
        submission_key: &submission_key,
    };
    match submit(&state, submission).await {
        Ok(StoredResponse::New(id) | StoredResponse::AlreadyStored(id)) => {
            auth::audit(&state, &session, "response.enter", Some(patient_id), AuditOutcome::Ok, &meta.client, &format!("response {id} ({})", entry_mode.as_str())).await;
            Redirect::to(&format!("/staff/patients/{patient_id}")).into_response()
        }
        Err(SubmitError::Invalid { answers, errors }) => {
            let summary = errors.iter().map(|e| FieldError::new(e.item.clone(), e.message.da.clone(), e.message.en.clone())).collect();
            let payload = serde_json::to_string(&EntryEcho { answers, errors }).ok();
            let values = BTreeMap::from([
                ("submission_key".to_owned(), submission_key.clone()),
                ("entry_mode".to_owned(), entry_mode.as_str().to_owned()),
            ]);
            page_with_echo(state, parts, FormEcho { values, errors: summary, payload, notice: None }, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(SubmitError::Store(err)) => unavailable(err),
    }
}
