//! Staff accounts: sign-in and out, passwords and resets, the clinic's
//! members, and the audit log. Pages render on the server; every change is
//! a plain form post ([`forms`]), so all of it works without JavaScript.

pub mod api;
#[cfg(feature = "ssr")]
pub mod forms;
mod pages;
#[cfg(feature = "ssr")]
pub mod port;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use crate::domain::{NewPassword, Role, StaffEmail, StaffInfo, StaffMember};
pub use pages::{AuditPage, ForgotPage, MembersPage, PasswordPage, ResetPage, SignInPage};
pub use types::safe_next;
