//! The schedule: which invitations an enrolment gets from its pathway
//! (planning), and what the invitation and reminder mails say. The runner
//! that sends them when due is an adapter (`server/src/jobs/`).

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
pub mod version_choice;
#[cfg(feature = "ssr")]
pub mod zone;

pub use invitations::{InvitationRecord, InvitationStatus};
