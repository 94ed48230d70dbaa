//! The one state every request shares.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::ports::{Clock, Mailer, SmsSender};
use crate::store::Store;

/// The one state shared by every request: axum handlers extract it, server
/// functions find it in context.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    /// The shipped questionnaires and pathways, and each clinic's own
    /// published versions.
    pub definitions: Arc<crate::definitions::Definitions>,
    pub runtime: Runtime,
    pub mailer: Arc<dyn Mailer>,
    /// The SMS gateway; `None` where Svar has none (respondents who chose
    /// SMS are then invited by e-mail).
    pub sms: Option<Arc<dyn SmsSender>>,
    /// The address users reach Svar at, for links in emails; no trailing `/`.
    pub public_url: Arc<str>,
}

/// Facts about how this installation runs that pages and handlers need.
#[derive(Clone, Copy, Debug, Default)]
pub struct Runtime {
    /// Send cookies only over HTTPS (true when the public URL is https).
    pub secure_cookies: bool,
    /// Development: demo accounts, mail captured locally.
    pub development: bool,
    /// Behind a reverse proxy: take the client address from
    /// `X-Forwarded-For`.
    pub trust_forwarded_for: bool,
}
