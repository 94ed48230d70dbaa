//! The overview's forms: where the clinic hears of urgent entries, its
//! time zone and its region.

use crate::form_input::Posted;
use axum::extract::State;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::RequestMeta;
use crate::form_response::refused;
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
        Ok(Err(())) => Redirect::to("/staff?notify=invalid").into_response(),
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
        Ok(Err(())) => Redirect::to("/staff?zone=invalid").into_response(),
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
        Ok(Err(())) => Redirect::to("/staff?region=invalid").into_response(),
        Err(err) => refused(err),
    }
}

/// The overview's form posts.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/clinic/notify", axum::routing::post(set_notify_email))
        .route("/staff/clinic/time-zone", axum::routing::post(set_time_zone))
        .route("/staff/clinic/region", axum::routing::post(set_region))
}
