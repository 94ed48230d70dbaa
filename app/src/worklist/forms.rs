//! The worklist's forms: recording a decision and assigning an entry.
//! Plain form posts answered with a redirect, or the entry's page again
//! with what was chosen and what was wrong; the work is done by
//! `crate::worklist::service`.

use crate::auth::RequestMeta;
use crate::components::FormEcho;
use crate::domain::form_error::FieldError;
use crate::error::ApiError;
use crate::form_input::Posted;
use crate::form_response::{page_with_echo_at, refused};
use crate::i18n::t;
use crate::state::AppState;
use crate::worklist::service::{self, DecideError};
use crate::worklist::{EntryKind, Outcome};
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::BTreeMap;
use uuid::Uuid;

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
    Posted(form): Posted<DecisionForm>,
) -> Response {
    let Some(kind) = EntryKind::parse(&kind) else { return refused(ApiError::NotFound) };
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    let outcome = Outcome::parse(&form.outcome);
    let (state_ref, parts_ref) = (&state, &parts);
    let refuse = |error: FieldError, status| {
        let page = format!("/staff/worklist/{}/{id}", kind.as_str());
        let values = BTreeMap::from([
            ("outcome".to_owned(), form.outcome.clone()),
            ("note".to_owned(), form.note.clone()),
            ("send_message".to_owned(), form.send_message.clone().unwrap_or_default()),
        ]);
        let echo = FormEcho { values, errors: vec![error], ..FormEcho::default() };
        async move { page_with_echo_at(state_ref.clone(), parts_ref.clone(), &page, echo, status).await }
    };
    match service::decide(&state, &meta, kind, id, outcome, &form.note, form.send_message.is_some()).await {
        Ok(_) => Redirect::to("/staff/worklist?decided=1").into_response(),
        Err(DecideError::NoOutcome) => refuse(FieldError::text("outcome", t::worklist::CHOOSE_WHAT_HAPPENS), StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(DecideError::NoteTooLong) => refuse(FieldError::text("note", t::worklist::NOTE_TOO_LONG), StatusCode::UNPROCESSABLE_ENTITY).await,
        // Decided by a colleague meanwhile: the page shows that decision.
        Err(DecideError::AlreadyDecided) => {
            refuse(FieldError::text("decision", t::worklist::ENTRY_HAS_ALREADY_BEEN_DECIDED), StatusCode::CONFLICT).await
        }
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
    Posted(form): Posted<AssignForm>,
) -> Response {
    let Some(kind) = EntryKind::parse(&kind) else { return refused(ApiError::NotFound) };
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    let to = match crate::form_response::chosen_colleague(&form.staff) {
        Ok(to) => to,
        Err(refusal) => return refusal,
    };
    match service::assign(&state, &meta, id, to).await {
        Ok(()) => Redirect::to(&format!("/staff/worklist/{}/{id}", kind.as_str())).into_response(),
        Err(err) => refused(err),
    }
}

/// The worklist's form posts.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new().route("/staff/worklist/{kind}/{id}/decide", post(decide)).route("/staff/worklist/{kind}/{id}/assign", post(assign))
}
