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

/// Name of the cookie that holds an answering session.
pub const ANSWER_COOKIE: &str = "svar_answer";
