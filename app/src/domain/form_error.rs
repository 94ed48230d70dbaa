//! Errors for values typed by people (staff forms, CSV cells), with a message
//! in Danish and English so the browser can show it next to the field.
//!
//! Every validated value (`Email`, `PersonName`, `ClinicSlug`,
//! `StaffEmail`, `NewPassword`, …) is made in one way: `parse(&str)` or
//! `TryFrom`, which serde also goes through, so a value that arrives in a
//! server function's arguments is checked like one typed in a form. They
//! return an [`InvalidValue`], the one validation error: they do not know
//! which form field they were fed from. Forms and the CSV import
//! attach the field name with [`InvalidValue::at`], giving a [`FieldError`].
//! The web form and the CSV import build the same messages from the same
//! parsers, so an admin reads the same sentence in both places.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::i18n::{t, Locale, Text};

/// A message in Danish and English: the engine's text type, so form,
/// CSV and questionnaire messages are one kind of value.
pub use crate::engine::LangText as LocalText;

/// A message from the interface's texts (`app/locales/`), in every
/// language: how the message constructors below take their words.
impl From<Text> for LocalText {
    fn from(text: Text) -> Self {
        LocalText::new(text.get(Locale::Da), text.get(Locale::En))
    }
}

/// A message from the interface's texts with its `{places}` filled in, in
/// every language.
pub fn filled(text: Text, args: &[(&str, &dyn fmt::Display)]) -> LocalText {
    LocalText::new(text.fill(Locale::Da, args), text.fill(Locale::En, args))
}

/// Why one value was rejected. The caller knows which field it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", .0.en)]
pub struct InvalidValue(pub LocalText);

impl InvalidValue {
    pub fn new(da: impl Into<String>, en: impl Into<String>) -> Self {
        Self(LocalText::new(da, en))
    }

    /// Names the field the value came from.
    pub fn at(self, field: impl Into<Cow<'static, str>>) -> FieldError {
        FieldError { field: field.into(), message: self.0 }
    }

    pub fn message(&self) -> &LocalText {
        &self.0
    }

    /// A message with its `{places}` filled in, in every language.
    pub fn with(text: Text, args: &[(&str, &dyn fmt::Display)]) -> Self {
        Self(filled(text, args))
    }

    /// A required value left empty.
    pub fn empty() -> Self {
        Self::from(t::domain::MUST_NOT_BE_EMPTY)
    }

    /// A value longer than its field allows.
    pub fn too_long(max: usize) -> Self {
        Self::with(t::domain::AT_MOST_CHARACTERS, &[("max", &max)])
    }
}

/// `TryFrom<String>` through the type's `parse`, and back to `String`, for
/// a validated text value (serde uses both: `#[serde(try_from = "String",
/// into = "String")]`).
macro_rules! validated_string {
    ($t:ty) => {
        impl TryFrom<String> for $t {
            type Error = $crate::domain::form_error::InvalidValue;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$t> for String {
            fn from(value: $t) -> Self {
                value.0
            }
        }
    };
}
pub(crate) use validated_string;

/// A rejected form field or CSV cell. `field` is the form field's name (and
/// the canonical CSV column name), e.g. `respondent2_email`.
///
/// `field` is a `Cow` rather than `&'static str` so the error can be sent to
/// the browser and deserialized there (`&'static str` cannot be deserialized
/// from an owned buffer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Cow<'static, str>,
    pub message: LocalText,
}

impl From<Text> for InvalidValue {
    fn from(text: Text) -> Self {
        Self(text.into())
    }
}

impl FieldError {
    /// A message from the interface's texts about `field`.
    pub fn text(field: impl Into<Cow<'static, str>>, text: Text) -> Self {
        InvalidValue::from(text).at(field)
    }

    pub fn new(field: impl Into<Cow<'static, str>>, da: impl Into<String>, en: impl Into<String>) -> Self {
        Self { field: field.into(), message: LocalText::new(da, en) }
    }
}

impl FieldError {
    /// A required value left empty.
    pub fn empty(field: impl Into<Cow<'static, str>>) -> Self {
        InvalidValue::empty().at(field)
    }

    /// A value longer than its field allows.
    pub fn too_long(field: impl Into<Cow<'static, str>>, max: usize) -> Self {
        InvalidValue::too_long(max).at(field)
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message.en)
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_text_returns_the_language_asked_for() {
        let t = LocalText::new("Hej", "Hello");
        assert_eq!(t.in_locale(crate::i18n::Locale::Da), "Hej");
        assert_eq!(t.in_locale(crate::i18n::Locale::En), "Hello");
    }

    #[test]
    fn invalid_value_gets_a_field_and_displays_in_english() {
        let e = InvalidValue::new("Forkert", "Wrong").at("email");
        assert_eq!(e.field, "email");
        assert_eq!(e.to_string(), "email: Wrong");
        assert_eq!(e.message.da, "Forkert");
    }
}
