//! Server functions behind the respondents' pages. Each reads the
//! answering session from its cookie and calls a plain function in
//! `journey`.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::engine::{AnswerError, Answers, Confirmed, Questionnaire};

/// Why a respondent's page cannot show the questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PatientError {
    /// No live answering session: open the link from the email again.
    #[error("no session")]
    NoSession,
    #[error("answered")]
    Answered,
    #[error("closed")]
    Closed,
    #[error("the link does not work")]
    Link(crate::respondent::LinkProblem),
    /// The call was not one the page makes (missing or unreadable arguments).
    #[error("bad request")]
    BadRequest,
    #[error("unavailable")]
    Unavailable,
}

impl PatientError {
    /// The HTTP status a server function answers with for this error.
    pub fn status(&self) -> u16 {
        use crate::respondent::LinkProblem;
        match self {
            PatientError::NoSession => 401,
            PatientError::Answered | PatientError::Closed => 409,
            PatientError::Link(LinkProblem::Unknown) => 404,
            PatientError::Link(LinkProblem::Answered | LinkProblem::Closed | LinkProblem::Expired) => 409,
            PatientError::Link(LinkProblem::BirthDateNeeded | LinkProblem::BirthDateWrong { .. } | LinkProblem::Locked) => 403,
            PatientError::BadRequest => 400,
            PatientError::Unavailable => 503,
        }
    }
}

impl FromServerFnError for PatientError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(err: ServerFnErrorErr) -> Self {
        match err {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => PatientError::BadRequest,
            _ => PatientError::Unavailable,
        }
    }
}

/// The landing page of a personal link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkPageData {
    pub clinic_name: String,
    pub verify_birth_date: bool,
}

/// One page of the questionnaire, with the draft and where it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerPageData {
    pub clinic_name: String,
    pub child: String,
    pub questionnaire: Questionnaire,
    /// Index into `questionnaire.pages`.
    pub page: usize,
    /// 1-based position among the pages shown, and how many are shown.
    pub position: usize,
    pub total: usize,
    pub answers: Answers,
    /// The unusual numbers the respondent has confirmed.
    pub confirmed: Confirmed,
    pub errors: Vec<AnswerError>,
}

/// Everything answered, for the review page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewData {
    pub clinic_name: String,
    pub child: String,
    pub questionnaire: Questionnaire,
    pub pages: Vec<usize>,
    pub visible: Vec<String>,
    pub answers: Answers,
    pub errors: Vec<AnswerError>,
}

#[server(endpoint = "patient/link")]
pub async fn link_page(token: String) -> Result<LinkPageData, PatientError> {
    let state = state()?;
    detached(async move {
        use crate::respondent::links::{link_info, LinkError};
        match link_info(&state, &token).await {
            Ok(info) => Ok(LinkPageData { clinic_name: info.clinic_name, verify_birth_date: info.verify_birth_date }),
            Err(LinkError::Problem(p)) => Err(PatientError::Link(p)),
            Err(err) => {
                crate::error::log_failure("link page", &err);
                Err(PatientError::Unavailable)
            }
        }
    })
    .await
}

#[server(endpoint = "patient/page")]
pub async fn answer_page(page: Option<usize>, check: bool) -> Result<AnswerPageData, PatientError> {
    let (state, headers) = request()?;
    detached(async move {
        use crate::respondent::answering::{answering, page_errors, visible_pages};
        let a = answering(&state, &headers).await.map_err(journey_error)?;
        let shown = visible_pages(&a.questionnaire, &a.draft.answers);
        let page = page.filter(|p| shown.contains(p)).or_else(|| shown.first().copied()).unwrap_or(0);
        let position = shown.iter().position(|p| *p == page).map_or(1, |n| n + 1);
        let errors = if check { page_errors(&a.questionnaire, &a.draft, Some(page)) } else { Vec::new() };
        Ok(AnswerPageData {
            clinic_name: a.session.clinic_name.clone(),
            child: crate::patients::patient::first_name(&a.session.patient_name).to_owned(),
            questionnaire: a.questionnaire.questionnaire().for_respondent().with_out_of_hours(a.session.region.out_of_hours_phone()),
            page,
            position,
            total: shown.len().max(1),
            answers: a.draft.answers,
            confirmed: a.draft.confirmed,
            errors,
        })
    })
    .await
}

#[server(endpoint = "patient/review")]
pub async fn review_page() -> Result<ReviewData, PatientError> {
    let (state, headers) = request()?;
    detached(async move {
        use crate::respondent::answering::{answering, page_errors, visible_pages};
        let a = answering(&state, &headers).await.map_err(journey_error)?;
        let visible = a.questionnaire.visible_items(&a.draft.answers, &crate::engine::History::default());
        Ok(ReviewData {
            clinic_name: a.session.clinic_name.clone(),
            child: crate::patients::patient::first_name(&a.session.patient_name).to_owned(),
            questionnaire: a.questionnaire.questionnaire().for_respondent().with_out_of_hours(a.session.region.out_of_hours_phone()),
            pages: visible_pages(&a.questionnaire, &a.draft.answers),
            visible,
            errors: page_errors(&a.questionnaire, &a.draft, None),
            answers: a.draft.answers,
        })
    })
    .await
}

/// The receipt: whose questionnaire was received, and what to do now.
#[server(endpoint = "patient/receipt")]
pub async fn receipt_page() -> Result<crate::respondent::Receipt, PatientError> {
    let (state, headers) = request()?;
    detached(async move {
        let session = crate::respondent::answering::session(&state, &headers).await.map_err(journey_error)?;
        match session.status {
            crate::schedule::port::InvitationStatus::Answered => crate::respondent::answering::receipt(&state, session).await.map_err(journey_error),
            crate::schedule::port::InvitationStatus::Open => Err(PatientError::NoSession),
            _ => Err(PatientError::Closed),
        }
    })
    .await
}

#[cfg(feature = "ssr")]
fn journey_error(err: crate::respondent::answering::JourneyError) -> PatientError {
    use crate::respondent::answering::JourneyError;
    match err {
        JourneyError::NoSession => PatientError::NoSession,
        JourneyError::Answered => PatientError::Answered,
        JourneyError::Closed | JourneyError::UnknownQuestionnaire => PatientError::Closed,
        JourneyError::Store(err) => {
            crate::error::log_failure("answering", &err);
            PatientError::Unavailable
        }
    }
}

#[cfg(feature = "ssr")]
fn state() -> Result<crate::state::AppState, PatientError> {
    use_context::<crate::state::AppState>().ok_or(PatientError::Unavailable)
}

#[cfg(feature = "ssr")]
fn request() -> Result<(crate::state::AppState, http::HeaderMap), PatientError> {
    let parts = use_context::<http::request::Parts>().ok_or(PatientError::Unavailable)?;
    Ok((state()?, parts.headers))
}

/// Runs the work in its own task, so a closed connection cannot cancel it
/// half-way (see `crate::request::detached`).
#[cfg(feature = "ssr")]
async fn detached<T: Send + 'static>(work: impl std::future::Future<Output = Result<T, PatientError>> + Send + 'static) -> Result<T, PatientError> {
    tokio::spawn(work).await.unwrap_or(Err(PatientError::Unavailable))
}
