//! Staff sign-in, sessions, roles and the audit trail of staff actions.
//!
//! Plain async functions over [`AppState`](crate::state::AppState): the
//! HTTP handlers and server functions are thin wrappers, and tests call
//! these directly.

mod password;
pub mod port;
mod reset;
mod service;
pub mod token;

pub use password::{hash_password, verify_password};
pub use reset::{request_password_reset, reset_password, send_reset_link, MAX_RESETS_PER_HOUR, RESET_LIFETIME};
pub use service::{
    audit, audit_entry, change_password, current_session, require, sign_in, sign_out, staff_info, try_audit, AccessError, AuthError, RequestMeta,
    SignedIn, FAILURE_WINDOW, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_CLIENT, SESSION_LIFETIME,
};
pub use token::{clear_session_cookie, hash_token, new_token, session_cookie, token_from_headers, SESSION_COOKIE};
