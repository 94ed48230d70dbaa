//! The schedule: which invitations an enrolment gets from its pathway
//! (planning), what the invitation and reminder mails and SMS say, by
//! which channel each respondent is reached, and what an SMS costs. The runner
//! that sends them when due is an adapter (`server/src/jobs/`).

pub mod channel;
#[cfg(feature = "ssr")]
pub mod delivery;
pub mod invitations;
#[cfg(feature = "ssr")]
pub mod job_step;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod missed_reports;
#[cfg(feature = "ssr")]
pub mod plan;
#[cfg(feature = "ssr")]
pub mod port;
#[cfg(feature = "ssr")]
pub mod sms;
pub mod sms_text;
#[cfg(feature = "ssr")]
pub mod version_choice;
#[cfg(feature = "ssr")]
pub mod zone;

pub use invitations::{InvitationRecord, InvitationStatus};
