//! The call list's forms: logging a call and assigning an invitation's
//! calls. Plain form posts answered with a redirect, or the list again
//! with what was chosen and written kept in its entry and what was wrong;
//! the work is done by `crate::calls::service`.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::RequestMeta;
use crate::calls::service::{self, CallError};
use crate::calls::{CallEffect, CallOutcome};
use crate::components::FormEcho;
use crate::domain::form_error::FieldError;
use crate::domain::InvitationId;
use crate::error::ApiError;
use crate::form_input::Posted;
use crate::form_response::{page_with_echo_at, refused};
use crate::i18n::t;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct CallForm {
    #[serde(default)]
    invitation: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// `POST /staff/calls/log`
pub async fn log(State(state): State<AppState>, parts: Parts, Posted(form): Posted<CallForm>) -> Response {
    let Ok(invitation) = form.invitation.trim().parse::<InvitationId>() else { return refused(ApiError::NotFound) };
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    let (state_ref, parts_ref) = (&state, &parts);
    let refuse = |error: FieldError| {
        let values = BTreeMap::from([
            ("invitation".to_owned(), invitation.to_string()),
            ("outcome".to_owned(), form.outcome.clone()),
            ("note".to_owned(), form.note.clone()),
        ]);
        let echo = FormEcho { values, errors: vec![error], ..FormEcho::default() };
        async move { page_with_echo_at(state_ref.clone(), parts_ref.clone(), "/staff/calls", echo, StatusCode::UNPROCESSABLE_ENTITY).await }
    };
    match service::log_call(&state, &meta, invitation, CallOutcome::parse(&form.outcome), &form.note).await {
        Ok(logged) => match logged.effect {
            // The answers given on the phone are entered as staff enter
            // paper answers; the form offers this invitation.
            CallEffect::EnterAnswers => {
                Redirect::to(&format!("/staff/patients/{}/enter/{}", logged.patient_id, logged.questionnaire_id)).into_response()
            }
            CallEffect::None | CallEffect::SendLinkAgain => Redirect::to("/staff/calls?logged=1").into_response(),
        },
        Err(CallError::NoOutcome) => refuse(FieldError::text(format!("outcome-{invitation}"), t::calls::CHOOSE_HOW_THE_CALL_WENT)).await,
        Err(CallError::NoteTooLong) => refuse(FieldError::text(format!("note-{invitation}"), t::calls::NOTE_TOO_LONG)).await,
        Err(CallError::NobodyReachable) => refuse(FieldError::text(format!("outcome-{invitation}"), t::calls::NOBODY_CAN_BE_SENT_THE_LINK)).await,
        Err(CallError::Api(err)) => refused(err),
    }
}

#[derive(Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    invitation: String,
    #[serde(default)]
    staff: String,
}

/// `POST /staff/calls/assign`
pub async fn assign(State(state): State<AppState>, parts: Parts, Posted(form): Posted<AssignForm>) -> Response {
    let Ok(invitation) = form.invitation.trim().parse::<InvitationId>() else { return refused(ApiError::NotFound) };
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    let to = match crate::form_response::chosen_colleague(&form.staff) {
        Ok(to) => to,
        Err(refusal) => return refusal,
    };
    match service::assign(&state, &meta, invitation, to).await {
        Ok(()) => Redirect::to(&format!("/staff/calls#call-{invitation}")).into_response(),
        Err(err) => refused(err),
    }
}

/// The call list's form posts.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new().route("/staff/calls/log", post(log)).route("/staff/calls/assign", post(assign))
}
