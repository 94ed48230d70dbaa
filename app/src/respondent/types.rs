//! What the respondent's pages and their server share.

/// Why a link does not lead to the questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
pub enum LinkProblem {
    #[error("the link is not known")]
    Unknown,
    #[error("the link has expired")]
    Expired,
    #[error("the questionnaire has been answered")]
    Answered,
    #[error("the questionnaire can no longer be answered")]
    Closed,
    #[error("the date of birth is needed")]
    BirthDateNeeded,
    #[error("the date of birth does not match")]
    BirthDateWrong { attempts_left: i64 },
    #[error("too many wrong dates of birth")]
    Locked,
}

/// What the receipt shows: who received the answers, who answered (a
/// parent for a child, or the patient), and the advice of every rule the
/// answers raised, most urgent first.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Receipt {
    pub clinic_name: String,
    pub respondent: crate::engine::model::Respondent,
    pub advice: Vec<crate::engine::LangText>,
    /// This session sent the answers, so it may download a copy of them
    /// (`/a/copy.pdf`); another respondent of the patient may not.
    pub copy_available: bool,
}

/// Name of the cookie that holds an answering session.
pub const ANSWER_COOKIE: &str = "svar_answer";
