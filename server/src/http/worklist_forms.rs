//! The worklist's forms: recording a decision and assigning an entry.
//! Plain form posts answered with a redirect; the work is done by
//! `app::staff::worklist_service`.

use app::auth::RequestMeta;
use app::domain::{EntryKind, Outcome};
use app::staff::api::ApiError;
use app::staff::worklist_service::{self, DecideError};
use app::ports::AppState;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use uuid::Uuid;

fn refused(err: ApiError) -> Response {
    match err {
        ApiError::NotSignedIn => Redirect::to("/staff/sign-in").into_response(),
        ApiError::MustChangePassword => Redirect::to("/staff/password").into_response(),
        ApiError::Forbidden => (StatusCode::FORBIDDEN, "Not allowed for your role.").into_response(),
        ApiError::NotFound => (StatusCode::NOT_FOUND, "No such worklist entry in your clinic.").into_response(),
        ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "The service is unavailable. Please try again.").into_response(),
    }
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    send_message: Option<String>,
}

/// `POST /staff/worklist/{kind}/{id}/decide`
pub async fn decide(
    State(state): State<AppState>,
    Path((kind, id)): Path<(String, Uuid)>,
    parts: Parts,
    Form(form): Form<DecisionForm>,
) -> Response {
    let Some(kind) = EntryKind::parse(&kind) else { return refused(ApiError::NotFound) };
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    let page = format!("/staff/worklist/{}/{id}", kind.as_str());
    let outcome = Outcome::parse(&form.outcome);
    match worklist_service::decide(&state, &meta, kind, id, outcome, &form.note, form.send_message.is_some()).await {
        Ok(_) => Redirect::to("/staff/worklist?decided=1").into_response(),
        Err(DecideError::NoOutcome) => Redirect::to(&format!("{page}?error=outcome#decide")).into_response(),
        Err(DecideError::NoteTooLong) => Redirect::to(&format!("{page}?error=note#decide")).into_response(),
        Err(DecideError::AlreadyDecided) => Redirect::to(&format!("{page}?error=decided")).into_response(),
        Err(DecideError::Api(err)) => refused(err),
    }
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    staff: String,
}

/// `POST /staff/worklist/{kind}/{id}/assign`
pub async fn assign(
    State(state): State<AppState>,
    Path((kind, id)): Path<(String, Uuid)>,
    parts: Parts,
    Form(form): Form<AssignForm>,
) -> Response {
    let Some(kind) = EntryKind::parse(&kind) else { return refused(ApiError::NotFound) };
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    let to = match form.staff.trim() {
        "" => None,
        other => match Uuid::parse_str(other) {
            Ok(id) => Some(id),
            Err(_) => return (StatusCode::BAD_REQUEST, "staff: not a colleague.").into_response(),
        },
    };
    match worklist_service::assign(&state, &meta, id, to).await {
        Ok(()) => Redirect::to(&format!("/staff/worklist/{}/{id}", kind.as_str())).into_response(),
        Err(err) => refused(err),
    }
}

#[derive(Deserialize)]
pub struct NotifyForm {
    #[serde(default)]
    notify_email: String,
}

/// `POST /staff/clinic/notify`: where the clinic hears of urgent entries.
pub async fn set_notify_email(State(state): State<AppState>, parts: Parts, Form(form): Form<NotifyForm>) -> Response {
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    match worklist_service::set_notify_email(&state, &meta, &form.notify_email).await {
        Ok(Ok(())) => Redirect::to("/staff?notify=saved").into_response(),
        Ok(Err(())) => Redirect::to("/staff?notify=invalid").into_response(),
        Err(err) => refused(err),
    }
}
