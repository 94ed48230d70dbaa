//! The clinic overview (`/staff`): response rates, flagged shares and score
//! spreads, the clinic beside the other clinics of the installation
//! (aggregates of at least three of them only: `comparison.rs`), and where
//! urgent entries are notified.

pub mod api;
#[cfg(feature = "ssr")]
pub mod comparison;
#[cfg(feature = "ssr")]
pub mod forms;
#[cfg(feature = "ssr")]
pub mod months;
mod page;
#[cfg(feature = "ssr")]
pub mod port;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use page::StaffHome;
pub use types::{OverviewRow, ScoreComparison, ScoreMonth};
