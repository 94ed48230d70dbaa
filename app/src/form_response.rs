//! What every form handler answers with: a redirect when the post was
//! done, the page again with the form's values and errors when something
//! in it must be put right ([`page_with_echo`]: the one way a form's
//! errors are shown; `architecture_test` fails on a `?error=` redirect),
//! or a refusal with a status and a sentence a person can act on. Internal causes are logged
//! here, once, with their whole chain; users never see them.

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use leptos::prelude::provide_context;

use crate::auth::{AccessError, RequestMeta};
use crate::components::FormEcho;
use crate::error::ApiError;
use crate::i18n::t;
use crate::state::AppState;

/// The request's facts (session token, client address) for the services.
pub fn meta(state: &AppState, parts: &Parts) -> RequestMeta {
    RequestMeta::from_parts(&parts.headers, &parts.extensions, state.runtime.trust_forwarded_for)
}

/// Renders the page at the form's own address for a post the server
/// refused, with the form's values and errors in context ([`FormEcho`]),
/// so the page shows them and nothing typed is lost.
pub async fn page_with_echo(state: AppState, mut parts: Parts, echo: FormEcho, status: StatusCode) -> Response {
    // Render as if the page were fetched: the route is the same address.
    parts.method = Method::GET;
    render_with_echo(state, parts, echo, status).await
}

/// [`page_with_echo`] for a form that posts to an address of its own (a
/// decision posts to `…/decide`): the page at `page`, the form's page.
pub async fn page_with_echo_at(state: AppState, mut parts: Parts, page: &str, mut echo: FormEcho, status: StatusCode) -> Response {
    parts.method = Method::GET;
    echo.page = Some(page.to_owned());
    match page.parse() {
        Ok(uri) => parts.uri = uri,
        Err(err) => return unavailable(err),
    }
    render_with_echo(state, parts, echo, status).await
}

async fn render_with_echo(state: AppState, parts: Parts, echo: FormEcho, status: StatusCode) -> Response {
    let request = Request::from_parts(parts, Body::empty());
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_to_stream_in_order_with_context(
        move || {
            provide_context(state.clone());
            provide_context(echo.clone());
        },
        move || crate::shell(options.clone()),
    );
    let (mut head, body) = handler(request).await.into_response().into_parts();
    // Rendered to the end here, not while the client reads it: a client
    // that takes the status and leaves must not drop a render half done
    // (reactive_graph then cleans up an owner that the render still holds,
    // and that blocked a worker thread for good in the API tests).
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) => return unavailable(err),
    };
    head.status = status;
    head.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(head, Body::from(body))
}

/// The response for a refused staff request: sign-in and password changes
/// are redirects, the rest a status with a sentence.
/// The colleague an assign form chose: none for "nobody" (an empty
/// value), or a 400 when the value is not a staff id at all (no form of
/// ours sends that). Whether they are a colleague is the store's check.
pub fn chosen_colleague(raw: &str) -> Result<Option<crate::domain::StaffId>, Response> {
    match raw.trim() {
        "" => Ok(None),
        other => other.parse().map(Some).map_err(|_| (StatusCode::BAD_REQUEST, "staff: not a colleague.").into_response()),
    }
}

pub fn refused(err: ApiError) -> Response {
    match err {
        ApiError::NotSignedIn => Redirect::to("/staff/sign-in").into_response(),
        ApiError::MustChangePassword => Redirect::to("/staff/password?required=1").into_response(),
        ApiError::Forbidden => plain(StatusCode::FORBIDDEN, t::plain::NOT_ALLOWED),
        ApiError::NotFound => plain(StatusCode::NOT_FOUND, t::plain::NOT_FOUND),
        ApiError::BadRequest => plain(StatusCode::BAD_REQUEST, t::plain::BAD_REQUEST),
        ApiError::Unavailable => service_unavailable(),
        ApiError::Internal { request_id } => plain_with(StatusCode::INTERNAL_SERVER_ERROR, t::plain::INTERNAL, &[("request", &request_id)]),
    }
}

/// [`refused`] for an access check's failure (its storage cause is logged).
pub fn access_refused(err: AccessError) -> Response {
    refused(ApiError::from(err))
}

/// Logs an internal failure with its whole cause chain and answers 503.
pub fn unavailable(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Response {
    let err = err.into();
    crate::error::log_failure("request", err.as_ref());
    service_unavailable()
}

/// 503, with the request's id for the member to quote.
pub fn service_unavailable() -> Response {
    match crate::request_id::current() {
        Some(id) => plain_with(StatusCode::SERVICE_UNAVAILABLE, t::plain::UNAVAILABLE_REQUEST, &[("request", &id)]),
        None => plain(StatusCode::SERVICE_UNAVAILABLE, t::plain::UNAVAILABLE),
    }
}

/// 403 for a post from another site (the server's cross-site check).
pub fn cross_site_refused() -> Response {
    plain(StatusCode::FORBIDDEN, t::plain::CROSS_SITE_REFUSED)
}

pub use crate::plain_answer::{plain, plain_with};

/// Adds a `Set-Cookie` header.
pub fn with_cookie(mut response: Response, cookie: String) -> Response {
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
