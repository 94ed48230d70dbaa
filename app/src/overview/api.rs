//! The server function behind the clinic overview.

use leptos::prelude::*;

use super::types::Overview;
use crate::error::ApiError;

#[server(endpoint = "staff/overview")]
pub async fn get_overview() -> Result<Overview, ApiError> {
    let (state, meta) = crate::request::request()?;
    crate::request::detached(async move { super::service::overview(&state, &meta).await }).await
}
