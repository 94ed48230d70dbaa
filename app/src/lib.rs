//! Svar's user interface and the questionnaire engine.
//!
//! This crate is compiled twice: with `ssr` into the server (rendering pages,
//! running server functions) and with `hydrate` into the wasm client that
//! makes the server-rendered pages interactive. Everything a patient needs
//! also works without the client: forms post to the server.
#![forbid(unsafe_code)]

// Shared foundations.
pub use svar_engine as engine;
#[cfg(feature = "ssr")]
pub mod auth;
pub mod components;
#[cfg(feature = "ssr")]
pub mod definitions;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod form_input;
#[cfg(feature = "ssr")]
pub mod form_response;
pub mod i18n;
pub mod labels;
pub mod logging;
#[cfg(feature = "ssr")]
pub mod pdf;
#[cfg(feature = "ssr")]
pub mod plain_answer;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod request_id;
pub mod routes;
pub mod shell;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store;

// One folder per feature: its types, plain service functions, server
// functions, pages and (under `ssr`) the router of its form posts.
pub mod authoring;
pub mod calls;
pub mod home;
pub mod overview;
pub mod patients;
pub mod respondent;
pub mod responses;
pub mod schedule;
pub mod staff;
pub mod worklist;

#[cfg(test)]
mod architecture_test;
#[cfg(test)]
mod test_support;

pub use routes::App;
pub use shell::shell;

/// Entry point of the wasm client: attaches event handlers to the
/// server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // Lets browser tests (and curious developers) see the client is live.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
