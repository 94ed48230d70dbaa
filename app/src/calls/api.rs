//! The server function behind the call list page.

use leptos::prelude::*;

use super::types::CallList;
use crate::error::ApiError;

#[server(endpoint = "staff/calls")]
pub async fn get_call_list() -> Result<CallList, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::call_list(&state, &meta).await }).await
}
