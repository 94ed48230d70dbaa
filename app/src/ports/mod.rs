//! What the pages and server functions need from the outside world, as
//! traits the server implements: storage, mail and a clock, and the state
//! that carries them. Keeping them here lets server functions live beside
//! their pages while the server decides how data is stored (SQLite or
//! PostgreSQL) and how mail leaves.

mod clock;
mod errors;
mod mail;
mod retention;
mod state;
mod store;

pub use clock::{Clock, SystemClock};
pub use errors::{Backend, StoreError};
pub use mail::{MailError, Mailer, OutgoingMail};
pub use retention::Retention;
pub use state::{AppState, Runtime};
pub use store::{Enrolled, EnrolmentBatch, NewResponse, NewSession, NewStaff, StaffCredentials, StaffSession, Store, StoredResponse};

// Each feature's own port, gathered here for the server to implement.
pub use crate::authoring::port::*;
pub use crate::schedule::port::*;
pub use crate::worklist::port::*;
