//! Server functions behind the worklist pages.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::api::ApiError;
use crate::domain::{DecisionRecord, ResponseRecord, WorklistEntry, WorklistFilter, WorklistPage};

/// A colleague an entry can be assigned to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub id: Uuid,
    pub name: String,
}

/// Everything the entry page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryView {
    pub entry: WorklistEntry,
    pub response_id: Option<Uuid>,
    /// Who answered: name and relation.
    pub respondent: Option<(String, String)>,
    pub decision: Option<DecisionRecord>,
    /// Whether the respondents can be sent a message.
    pub can_message: bool,
    pub questionnaire: Option<crate::engine::Questionnaire>,
    /// The patient's responses, oldest first (for history and charts).
    pub responses: Vec<ResponseRecord>,
    pub colleagues: Vec<Colleague>,
}

#[server(endpoint = "staff/worklist", input = leptos::server_fn::codec::Json)]
pub async fn get_worklist(filter: WorklistFilter) -> Result<WorklistPage, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::worklist_service::worklist(&state, &meta, &filter).await }).await
}

#[server(endpoint = "staff/worklist_entry")]
pub async fn get_entry(kind: String, id: Uuid) -> Result<EntryView, ApiError> {
    let (state, meta) = super::service::request()?;
    let kind = crate::domain::EntryKind::parse(&kind).ok_or(ApiError::NotFound)?;
    super::service::detached(async move { super::worklist_service::entry(&state, &meta, kind, id).await }).await
}

/// The clinic overview: counts for the clinic beside the whole
/// installation (counts only; no other clinic's patients).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub clinic: Vec<crate::domain::OverviewRow>,
    pub installation: Vec<crate::domain::OverviewRow>,
    /// Score spreads per month: the clinic's, and every clinic's together.
    #[serde(default)]
    pub clinic_scores: Vec<crate::domain::ScoreMonth>,
    #[serde(default)]
    pub installation_scores: Vec<crate::domain::ScoreMonth>,
    /// Admins see (and set) where red flags and contact requests are
    /// notified. (Not an `Option<Option<_>>`: JSON cannot tell `Some(None)`
    /// from `None`, and the browser must read back what the server rendered.)
    pub admin: bool,
    pub notify_email: Option<String>,
}

#[server(endpoint = "staff/overview")]
pub async fn get_overview() -> Result<Overview, ApiError> {
    let (state, meta) = super::service::request()?;
    super::service::detached(async move { super::worklist_service::overview(&state, &meta).await }).await
}
