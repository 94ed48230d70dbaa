//! Server functions behind the worklist pages.

use leptos::prelude::*;
use uuid::Uuid;

use super::types::{EntryView, WorklistFilter, WorklistPage};
use crate::error::ApiError;

#[server(endpoint = "staff/worklist", input = leptos::server_fn::codec::Json)]
pub async fn get_worklist(filter: WorklistFilter) -> Result<WorklistPage, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::worklist(&state, &meta, &filter).await }).await
}

#[server(endpoint = "staff/worklist_entry")]
pub async fn get_entry(kind: String, id: Uuid) -> Result<EntryView, ApiError> {
    let (state, meta) = crate::request::request()?;
    let kind = crate::worklist::EntryKind::parse(&kind).ok_or(ApiError::NotFound)?;
    crate::request::detached(async move { super::service::entry(&state, &meta, kind, id).await }).await
}
