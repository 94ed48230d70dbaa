//! How storage fails, as callers need to tell it apart, and which
//! database answers.

use crate::domain::PatientId;

/// Which database a store talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A storage failure, as callers need to tell them apart. The database's
/// own message stays in the source chain for the logs; it is never shown
/// to a user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken; `field` names the value that clashed.
    #[error("{field} is already taken")]
    Conflict { field: &'static str },
    #[error("not found")]
    NotFound,
    /// The patient at this position of a batch is probably already
    /// registered in the clinic (`existing`), or earlier in the batch.
    #[error("patient {position} is probably already registered")]
    Duplicate { position: usize, existing: Option<PatientId> },
    #[error("the database is unavailable")]
    Unavailable(#[source] Box<dyn std::error::Error + Send + Sync>),
}
