//! What the pages and server functions need from the outside world, as
//! traits the server implements: a clock, mail, SMS, Digital Post (a port
//! only: no adapter can be built without a sender agreement), and the storage every
//! feature shares (clinics, the audit log). Each feature's own storage
//! port is in its folder (`port.rs`); [`crate::store::Store`] gathers them
//! all for the server to implement, and [`crate::state::AppState`] carries
//! them.

mod audit;
mod clinics;
mod clock;
mod digital_post;
mod errors;
mod mail;
mod retention;
mod sms;

pub use audit::AuditLog;
pub use clinics::ClinicsStore;
pub use clock::{Clock, SystemClock};
pub use digital_post::{DigitalLetter, DigitalPost, DigitalPostError};
pub use errors::{Backend, StoreError};
pub use mail::{MailError, Mailer, OutgoingMail};
pub use retention::Retention;
pub use sms::{Outgoing, OutgoingSms, SmsError, SmsSender};
