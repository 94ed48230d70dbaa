//! Renders a Leptos page for a form post the server refused, with the
//! form's values and errors in context ([`FormEcho`]), so the page shows
//! them and nothing typed is lost. The browser gets status 422.

use app::ports::AppState;
use app::staff::FormEcho;
use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

pub async fn page_with_echo(state: AppState, mut parts: Parts, echo: FormEcho, status: StatusCode) -> Response {
    // Render as if the page were fetched: the route is the same address.
    parts.method = Method::GET;
    let request = Request::from_parts(parts, Body::empty());
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_to_stream_in_order_with_context(
        move || {
            provide_context(state.clone());
            provide_context(echo.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut response = handler(request).await.into_response();
    *response.status_mut() = status;
    response
}
