//! Sends a browser that is not signed in to the sign-in page before any
//! staff page is rendered (a real HTTP redirect, so it works without
//! JavaScript), and one with a temporary password to the password page.

use app::auth::{current_session, RequestMeta};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

const OPEN_PAGES: [&str; 3] = ["/staff/sign-in", "/staff/forgot", "/staff/reset"];

pub async fn require_staff_session(State(state): State<AppState>, request: Request<Body>, next: Next) -> Response {
    let path = request.uri().path();
    let is_staff_page = request.method() == Method::GET && (path == "/staff" || path.starts_with("/staff/")) && !OPEN_PAGES.contains(&path);
    if !is_staff_page {
        return next.run(request).await;
    }
    let meta = RequestMeta::from_parts(request.headers(), request.extensions(), state.runtime.trust_forwarded_for);
    match current_session(&state, &meta).await {
        Ok(Some(session)) if session.staff.must_change_password && path != "/staff/password" => {
            // Say why on the password page, and go on to this page after.
            let asked = request.uri().path_and_query().map_or(path, |p| p.as_str());
            let next = if app::staff::safe_next(asked) { asked } else { "/staff" };
            Redirect::to(&format!("/staff/password?required=1&next={}", app::components::encode_component(next))).into_response()
        }
        Ok(Some(_)) => next.run(request).await,
        Ok(None) => Redirect::to("/staff/sign-in").into_response(),
        Err(err) => {
            app::error::log_failure("session check", &err);
            app::form_response::service_unavailable()
        }
    }
}
