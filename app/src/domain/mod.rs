//! Domain values shared by the server and the browser. Each type checks its
//! invariants when it is made ("parse, don't validate").
mod clinic;

pub use clinic::{Clinic, ClinicName, ClinicSlug, DomainError, NewClinic};
