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
pub async fn detached<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::spawn(work).await.unwrap_or(Err(ApiError::Unavailable))
}

/// The state and request facts inside a server function.
pub fn request() -> Result<(AppState, RequestMeta), ApiError> {
    let state = leptos::prelude::use_context::<AppState>().ok_or(ApiError::Unavailable)?;
    Ok((state, RequestMeta::current()))
}
