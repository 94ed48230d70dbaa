//! The one way a posted form is read.
//!
//! Every form post (staff and respondent pages work without JavaScript, so
//! they are many) goes through [`Posted`] (a form with a fixed shape, read
//! into a struct) or [`PostedFields`] (a form whose fields depend on data:
//! a questionnaire's answers, the editor's per-language fields). Both read
//! the body in the same way, within the router's body limit:
//! - a body that is not a form (another content type) is refused with 415
//!   (an empty one is a form without fields);
//! - bytes that are not UTF-8 are kept as far as they read (replacement
//!   characters), never dropped with the rest of the form;
//! - a field the struct requires that is missing, or a value of the wrong
//!   kind (a word where a number belongs), is refused with 400 naming the
//!   field, in Danish and English.
//!
//! Only a page that was not sent by Svar's own forms meets these refusals:
//! its forms always send every field. What a person typed wrongly (an
//! address that is not one, a date in the future) is a value for the
//! feature to judge, shown on the page again beside the field with the
//! form's values kept (`form_response::page_with_echo`).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::i18n::t;
use crate::plain_answer::{plain, plain_with};

/// Why a post could not be read as a form.
#[derive(Debug, PartialEq, Eq)]
pub enum FormRejection {
    /// Not `application/x-www-form-urlencoded`.
    NotAForm,
    /// Over the router's body limit.
    TooLarge,
    /// The body could not be read (the connection broke).
    Unreadable,
    /// A field the form requires is absent, or its value is not of its kind.
    Field { field: String, missing: bool },
}

impl IntoResponse for FormRejection {
    fn into_response(self) -> Response {
        match self {
            FormRejection::NotAForm => plain(StatusCode::UNSUPPORTED_MEDIA_TYPE, t::plain::NOT_A_FORM),
            FormRejection::TooLarge => plain(StatusCode::PAYLOAD_TOO_LARGE, t::plain::FORM_TOO_LARGE),
            FormRejection::Unreadable => plain(StatusCode::BAD_REQUEST, t::plain::BAD_REQUEST),
            FormRejection::Field { field, missing: true } => plain_with(StatusCode::BAD_REQUEST, t::plain::FORM_FIELD_MISSING, &[("field", &field)]),
            FormRejection::Field { field, missing: false } => plain_with(StatusCode::BAD_REQUEST, t::plain::FORM_FIELD_INVALID, &[("field", &field)]),
        }
    }
}

/// A form's fields in the order posted; a name may repeat (checkboxes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostedFields(pub Vec<(String, String)>);

impl PostedFields {
    /// Reads `body` as a form, keeping what is not UTF-8 as far as it reads.
    pub fn parse(body: &[u8]) -> PostedFields {
        PostedFields(form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The first value of `name`, if posted.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The first value of `name`, trimmed; empty when absent.
    pub fn text(&self, name: &str) -> String {
        self.get(name).map(str::trim).unwrap_or_default().to_owned()
    }

    /// Every value of `name`, in order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0.iter().filter(move |(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The fields as a struct, as [`Posted`] reads them.
    pub fn typed<T: DeserializeOwned>(&self) -> Result<T, FormRejection> {
        let encoded = form_urlencoded::Serializer::new(String::new()).extend_pairs(&self.0).finish();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let message = e.inner().to_string();
            // serde says "missing field `x`" at the struct's own path.
            match message.strip_prefix("missing field `").and_then(|m| m.strip_suffix('`')) {
                Some(field) => FormRejection::Field { field: field.to_owned(), missing: true },
                None => FormRejection::Field { field: path, missing: false },
            }
        })
    }
}

impl<S: Send + Sync> FromRequest<S> for PostedFields {
    type Rejection = FormRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(';').next().is_some_and(|m| m.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")));
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                FormRejection::TooLarge
            } else {
                FormRejection::Unreadable
            }
        })?;
        // A form without fields (a button alone) may come without a type.
        if !form && !body.is_empty() {
            return Err(FormRejection::NotAForm);
        }
        Ok(PostedFields::parse(&body))
    }
}

/// A form with a fixed shape, read into `T` (a `Deserialize` struct whose
/// optional fields say `#[serde(default)]`).
#[derive(Debug)]
pub struct Posted<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Posted<T> {
    type Rejection = FormRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        PostedFields::from_request(req, state).await?.typed().map(Posted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Decision {
        outcome: String,
        #[serde(default)]
        note: String,
        #[serde(default)]
        days: Option<u32>,
    }

    fn post(content_type: &str, body: &'static [u8]) -> Request {
        Request::builder().method("POST").uri("/x").header(header::CONTENT_TYPE, content_type).body(Body::from(body)).unwrap()
    }

    async fn read<T: DeserializeOwned>(content_type: &str, body: &'static [u8]) -> Result<T, FormRejection> {
        Posted::<T>::from_request(post(content_type, body), &()).await.map(|p| p.0)
    }

    #[tokio::test]
    async fn a_form_reads_into_its_struct() {
        let d: Decision = read("application/x-www-form-urlencoded", b"outcome=call&note=ring+i+dag%21").await.unwrap();
        assert_eq!(d, Decision { outcome: "call".into(), note: "ring i dag!".into(), days: None });
        let d: Decision = read("application/x-www-form-urlencoded; charset=UTF-8", b"outcome=seen&days=3").await.unwrap();
        assert_eq!(d.days, Some(3));
    }

    #[tokio::test]
    async fn a_missing_or_malformed_field_is_named() {
        assert_eq!(
            read::<Decision>("application/x-www-form-urlencoded", b"note=x").await.unwrap_err(),
            FormRejection::Field { field: "outcome".into(), missing: true }
        );
        assert_eq!(
            read::<Decision>("application/x-www-form-urlencoded", b"outcome=call&days=three").await.unwrap_err(),
            FormRejection::Field { field: "days".into(), missing: false }
        );
        let response = FormRejection::Field { field: "days".into(), missing: false }.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = axum::body::to_bytes(response.into_body(), 10_000).await.unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("«days»") && text.contains(" / "), "in both languages, naming the field: {text}");
    }

    #[tokio::test]
    async fn only_a_form_is_read_as_one() {
        assert_eq!(read::<Decision>("application/json", b"{\"outcome\":\"call\"}").await.unwrap_err(), FormRejection::NotAForm);
        let no_type = Request::builder().method("POST").uri("/x").body(Body::from("outcome=call")).unwrap();
        assert_eq!(Posted::<Decision>::from_request(no_type, &()).await.unwrap_err(), FormRejection::NotAForm);
        // A button alone posts nothing, with or without a type: no fields.
        let empty = Request::builder().method("POST").uri("/x").body(Body::empty()).unwrap();
        assert_eq!(PostedFields::from_request(empty, &()).await.unwrap(), PostedFields::default());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_kept_as_far_as_they_read() {
        let fields = PostedFields::parse(b"name=Bj%F8rn&city=Aarhus&box=a&box=b");
        assert_eq!(fields.get("name"), Some("Bj\u{fffd}rn"), "the rest of the value and the form are kept");
        assert_eq!(fields.text("city"), "Aarhus");
        assert_eq!(fields.all("box").collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(fields.text("absent"), "");
    }
}
