//! HTTP pieces outside the Leptos pages: health check, language form,
//! cross-site request protection and security headers.

pub mod authoring_forms;
pub mod csrf;
pub mod health;
pub mod language;
pub mod patient_forms;
pub mod render;
pub mod staff_forms;
pub mod staff_guard;
pub mod test_clock;
pub mod worklist_forms;
pub mod security_headers;
