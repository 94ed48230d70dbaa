use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::form_error::FieldError;

/// A form sent back to its page after the server refused it: the values
/// as typed (so nothing is lost) and what is wrong with them. The server
/// puts it in context when it re-renders the page; the page reads it
/// through a resource, so the browser hydrates with the same values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormEcho {
    pub values: BTreeMap<String, String>,
    pub errors: Vec<FieldError>,
    /// A message about the form as a whole (da, en).
    pub notice: Option<(String, String)>,
    /// Extra data a page needs back (e.g. an import preview), as JSON.
    pub payload: Option<String>,
    /// The page's own address, when the form posted to another one (a
    /// decision posts to the entry's `…/decide`): the shell puts it in the
    /// browser's address bar before the page hydrates, so the browser's
    /// router renders the page the server did, and a reload shows it.
    #[serde(default)]
    pub page: Option<String>,
}

impl FormEcho {
    pub fn value(&self, field: &str) -> String {
        self.values.get(field).cloned().unwrap_or_default()
    }

    pub fn error(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }
}

/// The echo of the form this page was re-rendered for, if any.
pub fn use_form_echo() -> Resource<Option<FormEcho>> {
    let echo = use_context::<FormEcho>();
    Resource::new(
        || (),
        move |_| {
            let echo = echo.clone();
            async move { echo }
        },
    )
}
