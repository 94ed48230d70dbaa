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
                // Logged here, once, with every cause; the user sees only "unavailable".
                tracing::error!(error = %error_chain(&other), "storage failed");
                ApiError::Unavailable
            }
        }
    }
}

/// An error and every cause below it, outermost first: `a: b: c`.
pub fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("storing the response")]
    struct Outer(#[source] Inner);
    #[derive(Debug, thiserror::Error)]
    #[error("database is locked")]
    struct Inner;

    #[test]
    fn the_chain_names_every_cause() {
        assert_eq!(error_chain(&Outer(Inner)), "storing the response: database is locked");
    }
}
