//! Server functions behind the authoring pages (reads; every change is a
//! form post, `super::forms`).

use leptos::prelude::*;

use super::view::{Catalogue, MailTextView, SmsTextView, VersionView, ViewOptions};
use crate::error::ApiError;

#[server(endpoint = "authoring/catalogue")]
pub async fn get_catalogue() -> Result<Catalogue, ApiError> {
    use crate::request::{detached, request};
    let (state, meta) = request()?;
    detached(async move { Ok(super::service::catalogue(&state, &meta).await?) }).await
}

#[server(endpoint = "authoring/version")]
pub async fn get_version(kind: String, id: String, version: u32, options: ViewOptions) -> Result<VersionView, ApiError> {
    use crate::authoring::DefinitionKind;
    use crate::request::{detached, request};
    let (state, meta) = request()?;
    let kind = DefinitionKind::parse(&kind).ok_or(ApiError::NotFound)?;
    detached(async move { Ok(super::service::version_view(&state, &meta, kind, &id, version, options).await?) }).await
}

#[server(endpoint = "authoring/mail_texts")]
pub async fn get_mail_texts() -> Result<Vec<MailTextView>, ApiError> {
    use crate::request::{detached, request};
    let (state, meta) = request()?;
    detached(async move { Ok(super::service::mail_texts(&state, &meta).await?) }).await
}

#[server(endpoint = "authoring/sms_texts")]
pub async fn get_sms_texts() -> Result<Vec<SmsTextView>, ApiError> {
    use crate::request::{detached, request};
    let (state, meta) = request()?;
    detached(async move { Ok(super::sms_texts::sms_texts(&state, &meta).await?) }).await
}
