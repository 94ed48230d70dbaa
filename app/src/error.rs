//! The error every server function and form handler answers with, as the
//! browser may know it: what went wrong in words a user can act on, never
//! the cause. The cause is logged once, where it is turned into this type.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a staff request failed, as the browser may know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("choose your own password first")]
    MustChangePassword,
    #[error("the request is not one this page sends")]
    BadRequest,
    #[error("the service is unavailable; try again")]
    Unavailable,
    /// Svar itself failed (a server function panicked): the request's id
    /// goes to the member, who can quote it, and to the log line that
    /// says what happened.
    #[error("something went wrong on our side (request {request_id})")]
    Internal { request_id: String },
}

impl ApiError {
    /// The HTTP status a server function answers with for this error (a
    /// page rendering the error gets it too): never a bare 500 for an
    /// ordinary mistake.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::NotSignedIn => 401,
            ApiError::Forbidden | ApiError::MustChangePassword => 403,
            ApiError::NotFound => 404,
            ApiError::BadRequest => 400,
            ApiError::Unavailable => 503,
            ApiError::Internal { .. } => 500,
        }
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(err: ServerFnErrorErr) -> Self {
        match err {
            // The call itself was malformed (missing or unreadable arguments).
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => ApiError::BadRequest,
            _ => ApiError::Unavailable,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::auth::AccessError> for ApiError {
    fn from(err: crate::auth::AccessError) -> Self {
        match err {
            crate::auth::AccessError::NotSignedIn => ApiError::NotSignedIn,
            crate::auth::AccessError::Forbidden => ApiError::Forbidden,
            crate::auth::AccessError::MustChangePassword => ApiError::MustChangePassword,
            crate::auth::AccessError::Store(err) => err.into(),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<crate::ports::StoreError> for ApiError {
    fn from(err: crate::ports::StoreError) -> Self {
        match err {
            crate::ports::StoreError::NotFound => ApiError::NotFound,
            other => {
                // The cause ends here (the user sees only "unavailable"), so
                // it is logged here, once, with every cause; the request's
                // span adds its route and id.
                log_failure("storage", &other);
                ApiError::Unavailable
            }
        }
    }
}

pub use crate::logging::error_chain;
#[cfg(feature = "ssr")]
pub use crate::logging::log_failure;
