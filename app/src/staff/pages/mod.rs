//! One module per staff account page.
mod audit;
mod members;
mod password;
mod reset;
mod sign_in;

pub use audit::AuditPage;
pub use members::MembersPage;
pub use password::PasswordPage;
pub use reset::{ForgotPage, ResetPage};
pub use sign_in::SignInPage;
