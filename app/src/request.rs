//! The plumbing every server function shares: the state and request facts,
//! and running the work as a task of its own.

use crate::auth::RequestMeta;
use crate::error::ApiError;
use crate::state::AppState;

/// Runs a server function's work as its own task, so that it always runs
/// to completion. Rendering may drop a resource's future half-way; a
/// database call cancelled in the middle can leave its (SQLite) connection
/// waiting for an answer that never comes, and the next request using that
/// connection hangs. A spawned task is not cancelled with its caller.
///
/// An error sets the response's status ([`ApiError::status`]): 401, 403,
/// 404 or 503, not the 500 a server function answers by default.
///
/// A panic in the work is logged with the request's id and answered 500
/// ([`ApiError::Internal`]) with that id, for the member to quote.
pub async fn detached<T: Send + 'static>(work: impl std::future::Future<Output = Result<T, ApiError>> + Send + 'static) -> Result<T, ApiError> {
    let request_id = crate::request_id::current().unwrap_or_else(crate::request_id::new_id);
    // The spawned task takes the request's id and its log span along, so
    // what the work logs names the request the member was answered in.
    let span = tracing::info_span!("server_fn", id = %request_id);
    let work = tracing::Instrument::instrument(crate::request_id::scope(request_id.clone(), work), span);
    let result = match tokio::spawn(work).await {
        Ok(result) => result,
        Err(failed) => {
            crate::error::log_failure("server function", &failed);
            Err(ApiError::Internal { request_id })
        }
    };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_server_function_answers_internal_with_its_request_id() {
        let answer: Result<(), ApiError> = crate::request_id::scope("req-42".to_owned(), detached(async { panic!("a bug") })).await;
        assert_eq!(answer, Err(ApiError::Internal { request_id: "req-42".to_owned() }));
        assert_eq!(ApiError::Internal { request_id: String::new() }.status(), 500);
    }

    #[tokio::test]
    async fn the_work_runs_as_its_request() {
        let seen = crate::request_id::scope("req-7".to_owned(), detached(async { Ok(crate::request_id::current()) })).await;
        assert_eq!(seen, Ok(Some("req-7".to_owned())));
    }
}
