//! The CSV import's form post, read from its body within the import's own
//! limit: form-encoded (the text pasted) or multipart (a file chosen, or
//! the text pasted; what the page sends).
//!
//! The import promises files of up to [`MAX_BYTES`] and
//! [`csv_import::MAX_ROWS`](super::csv_import::MAX_ROWS) rows. Form-encoded,
//! such a file's text takes up to three bytes per byte (`ø` is `%C3%B8`),
//! more than the framework's limit on a form (2 MB) and the server's on any
//! body; so the import's route is left out of both and reads its post
//! itself ([`read`]), and above its limit answers with its own page and
//! message instead of a bare 413.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::Deserialize;

use super::csv_import::MAX_BYTES;

/// The largest import post read: a file of up to [`MAX_BYTES`]
/// form-encoded (three bytes per byte at worst), or sent as a file beside
/// its text pasted, and the form's few other fields.
pub const MAX_POST_BYTES: usize = 3 * MAX_BYTES + 64 * 1024;

/// A post declared larger than [`MAX_POST_BYTES`] but up to this size is
/// read (and dropped) before the refusal: a browser still sending a file
/// does not show an answer given before it finished. A larger one is not.
const DRAIN_UP_TO: usize = 16 * 1024 * 1024;

/// The import form's fields.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ImportPost {
    pub pathway: String,
    /// The file's text: the chosen file's if there is one, else the text
    /// pasted.
    pub csv: String,
    pub action: String,
}

/// Why an import post was not read.
#[derive(Debug, PartialEq, Eq)]
pub enum Unread {
    /// Larger than [`MAX_POST_BYTES`], or not read to its end within it.
    TooLarge,
    /// The chosen file is not UTF-8 text; the other fields as posted.
    NotText(ImportPost),
    /// Not a form the page sends.
    Malformed,
}

/// Reads the import's post. The route lifts the framework's limit on a
/// body ([`axum::extract::DefaultBodyLimit`]); this is the import's.
pub async fn read(parts: &Parts, body: Body) -> Result<ImportPost, Unread> {
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if let Some(length) = declared.filter(|n| *n > MAX_POST_BYTES) {
        if length <= DRAIN_UP_TO {
            let _ = axum::body::to_bytes(body, DRAIN_UP_TO).await;
        }
        return Err(Unread::TooLarge);
    }
    // A body without a declared length is cut off at the limit.
    let bytes = axum::body::to_bytes(body, MAX_POST_BYTES).await.map_err(|_| Unread::TooLarge)?;
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        multipart(parts, bytes).await
    } else {
        // Read as every form is (`form_input`): the same rules for its fields.
        crate::form_input::PostedFields::parse(&bytes).typed().map_err(|_| Unread::Malformed)
    }
}

async fn multipart(parts: &Parts, bytes: Bytes) -> Result<ImportPost, Unread> {
    let request = Request::from_parts(parts.clone(), Body::from(bytes));
    let mut fields = Multipart::from_request(request, &()).await.map_err(|_| Unread::Malformed)?;
    let mut post = ImportPost::default();
    let mut file = Bytes::new();
    while let Some(field) = fields.next_field().await.map_err(|_| Unread::Malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        let value = field.bytes().await.map_err(|_| Unread::Malformed)?;
        let text = || String::from_utf8(value.to_vec()).map_err(|_| Unread::Malformed);
        match name.as_str() {
            "file" => file = value,
            "pathway" => post.pathway = text()?,
            "csv" => post.csv = text()?,
            "action" => post.action = text()?,
            _ => {}
        }
    }
    if !file.is_empty() {
        match String::from_utf8(file.to_vec()) {
            Ok(text) => post.csv = text,
            Err(_) => return Err(Unread::NotText(post)),
        }
    }
    Ok(post)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request as HttpRequest;

    fn parts(content_type: &str, length: Option<usize>) -> Parts {
        let mut request = HttpRequest::post("/staff/import").header(header::CONTENT_TYPE, content_type);
        if let Some(n) = length {
            request = request.header(header::CONTENT_LENGTH, n);
        }
        request.body(()).unwrap().into_parts().0
    }

    fn multipart_body(file: &[u8]) -> (String, Vec<u8>) {
        let mut body = b"--b\r\nContent-Disposition: form-data; name=\"pathway\"\r\n\r\near_tubes\r\n\
            --b\r\nContent-Disposition: form-data; name=\"csv\"\r\n\r\npasted\r\n\
            --b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            .to_vec();
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n--b\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\npreview\r\n--b--\r\n");
        ("multipart/form-data; boundary=b".to_owned(), body)
    }

    #[tokio::test]
    async fn a_form_encoded_post_of_a_full_file_is_read() {
        let text = "ø".repeat(MAX_BYTES / 2);
        let body = serde_urlencoded::to_string([("pathway", "ear_tubes"), ("csv", text.as_str()), ("action", "preview")]).unwrap();
        assert!(body.len() > 2 * MAX_BYTES && body.len() <= MAX_POST_BYTES, "{}", body.len());
        let post = read(&parts("application/x-www-form-urlencoded", Some(body.len())), Body::from(body)).await.unwrap();
        assert_eq!((post.pathway.as_str(), post.csv.len(), post.action.as_str()), ("ear_tubes", MAX_BYTES, "preview"));
    }

    #[tokio::test]
    async fn a_chosen_file_takes_the_place_of_the_text_pasted() {
        let (content_type, body) = multipart_body("name\nÅse".as_bytes());
        let post = read(&parts(&content_type, None), Body::from(body)).await.unwrap();
        assert_eq!(post, ImportPost { pathway: "ear_tubes".into(), csv: "name\nÅse".into(), action: "preview".into() });
        let (content_type, body) = multipart_body(b"");
        assert_eq!(read(&parts(&content_type, None), Body::from(body)).await.unwrap().csv, "pasted", "no file chosen");
        let (content_type, body) = multipart_body(b"name\n\xC5se");
        let Err(Unread::NotText(post)) = read(&parts(&content_type, None), Body::from(body)).await else { panic!("Latin-1 is not read") };
        assert_eq!(post.csv, "pasted");
    }

    #[tokio::test]
    async fn a_post_over_the_limit_is_not_read_declared_or_not() {
        let body = vec![b'x'; MAX_POST_BYTES + 1];
        let declared = parts("application/x-www-form-urlencoded", Some(body.len()));
        assert_eq!(read(&declared, Body::from(body.clone())).await, Err(Unread::TooLarge));
        assert_eq!(read(&parts("application/x-www-form-urlencoded", None), Body::from(body)).await, Err(Unread::TooLarge));
        assert_eq!(read(&parts("multipart/form-data; boundary=b", None), Body::from("nonsense")).await, Err(Unread::Malformed));
    }
}
