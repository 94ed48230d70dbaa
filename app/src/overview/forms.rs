//! The overview's forms: where the clinic hears of urgent entries, its
//! time zone and its region. Saved: back to the overview saying so;
//! refused: the overview again with the value as typed and why.

use crate::form_input::Posted;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::RequestMeta;
use crate::components::FormEcho;
use crate::domain::form_error::FieldError;
use crate::form_response::{page_with_echo_at, refused};
use crate::i18n::{t, Text};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct NotifyForm {
    #[serde(default)]
    notify_email: String,
}

/// `POST /staff/clinic/notify`: where the clinic hears of urgent entries.
pub async fn set_notify_email(State(state): State<AppState>, parts: Parts, Posted(form): Posted<NotifyForm>) -> Response {
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    match crate::overview::service::set_notify_email(&state, &meta, &form.notify_email).await {
        Ok(Ok(())) => Redirect::to("/staff?notify=saved").into_response(),
        Ok(Err(())) => refuse(state, parts, "notify_email", &form.notify_email, t::overview::NOT_VALID_EMAIL_ADDRESS).await,
        Err(err) => refused(err),
    }
}

#[derive(Deserialize)]
pub struct TimeZoneForm {
    #[serde(default)]
    time_zone: String,
}

/// `POST /staff/clinic/time-zone`: the clinic's calendar and clock.
pub async fn set_time_zone(State(state): State<AppState>, parts: Parts, Posted(form): Posted<TimeZoneForm>) -> Response {
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    match crate::overview::service::set_time_zone(&state, &meta, &form.time_zone).await {
        Ok(Ok(())) => Redirect::to("/staff?zone=saved").into_response(),
        Ok(Err(())) => refuse(state, parts, "time_zone", &form.time_zone, t::overview::NOT_TIME_ZONE_WRITE_EUROPE).await,
        Err(err) => refused(err),
    }
}

#[derive(Deserialize)]
pub struct SmsSenderForm {
    #[serde(default)]
    sms_sender: String,
}

/// `POST /staff/clinic/sms-sender`: the sender name on the clinic's SMS.
pub async fn set_sms_sender(State(state): State<AppState>, parts: Parts, Posted(form): Posted<SmsSenderForm>) -> Response {
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    match crate::overview::service::set_sms_sender(&state, &meta, &form.sms_sender).await {
        Ok(Ok(())) => Redirect::to("/staff?sms_sender=saved").into_response(),
        Ok(Err(())) => refuse(state, parts, "sms_sender", &form.sms_sender, t::overview::NOT_AN_SMS_SENDER).await,
        Err(err) => refused(err),
    }
}

#[derive(Deserialize)]
pub struct RegionForm {
    #[serde(default)]
    region: String,
}

/// `POST /staff/clinic/region`: whose out-of-hours number advice gives.
pub async fn set_region(State(state): State<AppState>, parts: Parts, Posted(form): Posted<RegionForm>) -> Response {
    let meta = RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for);
    match crate::overview::service::set_region(&state, &meta, &form.region).await {
        Ok(Ok(())) => Redirect::to("/staff?region=saved").into_response(),
        Ok(Err(())) => refuse(state, parts, "region", &form.region, t::overview::NOT_A_REGION).await,
        Err(err) => refused(err),
    }
}

/// The overview's form posts.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/clinic/notify", axum::routing::post(set_notify_email))
        .route("/staff/clinic/time-zone", axum::routing::post(set_time_zone))
        .route("/staff/clinic/region", axum::routing::post(set_region))
        .route("/staff/clinic/sms-sender", axum::routing::post(set_sms_sender))
}

/// The overview again with the value as typed and why it was refused.
async fn refuse(state: AppState, parts: Parts, field: &'static str, typed: &str, why: Text) -> Response {
    let values = std::collections::BTreeMap::from([(field.to_owned(), typed.to_owned())]);
    let echo = FormEcho { values, errors: vec![FieldError::text(field, why)], ..FormEcho::default() };
    page_with_echo_at(state, parts, "/staff", echo, StatusCode::UNPROCESSABLE_ENTITY).await
}
