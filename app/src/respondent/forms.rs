//! The respondents' forms: opening a personal link, saving a page,
//! asking to be contacted, submitting. Each is a plain form post answered
//! with a redirect, so the questionnaire works without JavaScript; the
//! work is done by [`super::links`], [`super::answering`] and
//! [`crate::responses`].

use crate::form_input::PostedFields;
use crate::respondent::answering::{self, JourneyError};
use crate::respondent::links::{self, LinkError, LinkProblem};
use crate::responses::port::StoredResponse;
use crate::responses::SubmitError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

fn field(fields: &[(String, String)], name: &str) -> Option<String> {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn see(to: &str) -> Response {
    Redirect::to(to).into_response()
}

fn unavailable(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Response {
    let err = err.into();
    tracing::error!(error = %crate::error::error_chain(err.as_ref()), "respondent form failed");
    crate::form_response::plain(StatusCode::SERVICE_UNAVAILABLE, crate::i18n::t::plain::RESPONDENT_UNAVAILABLE)
}

/// Where to send a respondent whose session cannot answer.
fn journey_refusal(err: JourneyError) -> Response {
    match err {
        JourneyError::Answered => see("/a/done"),
        // The answer page explains (session ended, window closed).
        JourneyError::NoSession | JourneyError::Closed | JourneyError::UnknownQuestionnaire => see("/a"),
        JourneyError::Store(err) => unavailable(err),
    }
}

/// `POST /p/{token}`: exchanges the link's token for an answering session
/// and redirects to a URL without the token.
pub async fn open_link(State(state): State<AppState>, Path(token): Path<String>, posted: PostedFields) -> Response {
    // A link's token is base64url; anything else (a mangled copy, CR/LF, a
    // probe) is an unknown link, and never goes into a redirect's address.
    if !links::is_token_shaped(&token) {
        return see("/p/unknown");
    }
    let form = posted.0;
    let birth_date = field(&form, "birth_date");
    match links::open_link(&state, &token, birth_date.as_deref()).await {
        Ok(session) => {
            let mut response = see("/a");
            if let Ok(cookie) = HeaderValue::from_str(&links::session_cookie(&session, state.runtime.secure_cookies)) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(LinkError::Problem(LinkProblem::BirthDateNeeded)) => see(&format!("/p/{token}?problem=birth_date_needed")),
        Err(LinkError::Problem(LinkProblem::BirthDateWrong { attempts_left })) => {
            see(&format!("/p/{token}?problem=birth_date_wrong&left={attempts_left}"))
        }
        // The landing page says why the link does not work.
        Err(LinkError::Problem(_)) => see(&format!("/p/{token}")),
        Err(err) => unavailable(err),
    }
}

/// `POST /a/page`: saves the page's answers as the draft, then goes back,
/// forward, to the review, or records a contact request.
pub async fn save_page(State(state): State<AppState>, headers: HeaderMap, posted: PostedFields) -> Response {
    let form = posted.0;
    let a = match answering::answering(&state, &headers).await {
        Ok(a) => a,
        Err(err) => return journey_refusal(err),
    };
    let pages = &a.questionnaire.questionnaire().pages;
    let page = field(&form, "page").and_then(|p| p.parse::<usize>().ok()).filter(|p| *p < pages.len()).unwrap_or(0);
    let (answers, errors) = match answering::save_page(&state, &a, page, &form).await {
        Ok(saved) => saved,
        Err(err) => return journey_refusal(err),
    };
    let shown = answering::visible_pages(&a.questionnaire, &answers.answers);
    match field(&form, "action").as_deref() {
        Some("contact") => match answering::request_contact(&state, &a, &answers).await {
            Ok(_) => see(&format!("/a?page={page}&contacted=1")),
            Err(err) => journey_refusal(err),
        },
        Some("back") => {
            let previous = shown.iter().rev().find(|p| **p < page).copied().unwrap_or(page);
            see(&format!("/a?page={previous}"))
        }
        _ if !errors.is_empty() => see(&format!("/a?page={page}&check=1")),
        _ => match shown.iter().find(|p| **p > page) {
            Some(next) => see(&format!("/a?page={next}")),
            None => see("/a/review"),
        },
    }
}

/// `POST /a/submit`: submits the draft. Twice (double click, back button,
/// a second device) stores one response.
pub async fn submit(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let a = match answering::answering(&state, &headers).await {
        Ok(a) => a,
        Err(err) => return journey_refusal(err),
    };
    match answering::submit_draft(&state, &a).await {
        Ok(StoredResponse::New(_) | StoredResponse::AlreadyStored(_)) => see("/a/done"),
        // A double tap can read the session while the first tap's response
        // is being stored and the draft just after, when it is gone with
        // that commit: read again, and an answered invitation is the
        // receipt, not an empty review page.
        Err(SubmitError::Invalid { .. }) => match answering::answering(&state, &headers).await {
            Err(err) => journey_refusal(err),
            Ok(_) => see("/a/review"),
        },
        Err(SubmitError::Store(err)) => unavailable(err),
    }
}

/// The respondents' form posts.
pub fn router() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/p/{token}", post(open_link))
        .route("/a/page", post(save_page))
        .route("/a/submit", post(submit))
        // The respondent's copy of what they sent, from the receipt.
        .route("/a/copy.pdf", get(super::copy::download))
}
