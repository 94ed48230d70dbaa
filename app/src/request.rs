//! The plumbing every server function shares: the state and request facts,
//! and running the work as a task of its own.

use crate::auth::RequestMeta;
use crate::error::ApiError;
use crate::ports::AppState;

/// Runs a server function's work as its own task, so that it always runs
/// to completion. Rendering may drop a resource's future half-way; a
/// database call cancelled in the middle can leave its (SQLite) connection
/// waiting for an answer that never comes, and the next request using that
/// connection hangs. A spawned task is not cancelled with its caller.
///
/// An error sets the response's status ([`ApiError::status`]): 401, 403,
/// 404 or 503, not the 500 a server function answers by default.
pub async fn detached<T: Send + 'static>(work: impl std::future::Future<Output = Result<T, ApiError>> + Send + 'static) -> Result<T, ApiError> {
    let result = tokio::spawn(work).await.unwrap_or(Err(ApiError::Unavailable));
    if let Err(err) = &result {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::from_u16(err.status()).unwrap_or(http::StatusCode::SERVICE_UNAVAILABLE));
        }
    }
    result
}

/// The state and request facts inside a server function.
pub fn request() -> Result<(AppState, RequestMeta), ApiError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or(ApiError::Unavailable)?;
    Ok((state, RequestMeta::current()))
}
