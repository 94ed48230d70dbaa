//! Personal links: a token from an email is exchanged, on a POST, for a
//! short answering session bound to one invitation. Only hashes of either
//! are stored. An optional date-of-birth check has a hard attempt limit
//! kept in the database.

use time::{Date, Duration};

use super::port::LinkTarget;
use crate::auth::token::{hash_token, new_token};
use crate::ports::StoreError;
use crate::schedule::port::InvitationStatus;
use crate::state::AppState;

/// How long an answering session lasts (never past the window's end).
pub const SESSION_LENGTH: Duration = Duration::hours(2);
/// Wrong dates of birth allowed per invitation before its links stop.
pub const MAX_BIRTH_DATE_ATTEMPTS: i64 = 5;

pub use super::LinkProblem;

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error(transparent)]
    Problem(#[from] LinkProblem),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no random numbers")]
    Random,
}

/// What the landing page shows before the link is used.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkInfo {
    pub clinic_name: String,
    pub verify_birth_date: bool,
    /// The respondent's language as the clinic recorded it.
    pub language: crate::i18n::Locale,
}

async fn target(state: &AppState, token: &str) -> Result<LinkTarget, LinkError> {
    if token.is_empty() || token.len() > 100 {
        return Err(LinkProblem::Unknown.into());
    }
    let target = state.store.link_target(&hash_token(token)).await?.ok_or(LinkProblem::Unknown)?;
    match target.status {
        InvitationStatus::Answered => return Err(LinkProblem::Answered.into()),
        InvitationStatus::Open => {}
        _ => return Err(LinkProblem::Closed.into()),
    }
    if target.expires_at <= state.clock.now() {
        return Err(LinkProblem::Expired.into());
    }
    if target.verify_birth_date && target.birth_date_failures >= MAX_BIRTH_DATE_ATTEMPTS {
        return Err(LinkProblem::Locked.into());
    }
    Ok(target)
}

/// For the landing page: whose link it is and whether it asks for a date
/// of birth. Using the link needs a POST ([`open_link`]).
pub async fn link_info(state: &AppState, token: &str) -> Result<LinkInfo, LinkError> {
    let t = target(state, token).await?;
    Ok(LinkInfo { clinic_name: t.clinic_name, verify_birth_date: t.verify_birth_date, language: t.language })
}

/// Exchanges a link token for an answering session; returns the session's
/// token for the cookie.
pub async fn open_link(state: &AppState, token: &str, birth_date: Option<&str>) -> Result<String, LinkError> {
    let t = target(state, token).await?;
    if t.verify_birth_date {
        let typed = birth_date.map(str::trim).filter(|s| !s.is_empty()).ok_or(LinkProblem::BirthDateNeeded)?;
        // The attempt is counted before the date is compared, so guesses
        // sent in parallel cannot get past the limit; a right one is given back.
        let taken = state.store.take_birth_date_attempt(t.invitation_id, MAX_BIRTH_DATE_ATTEMPTS).await?.ok_or(LinkProblem::Locked)?;
        if parse_birth_date(typed) != Some(t.birth_date) {
            if taken >= MAX_BIRTH_DATE_ATTEMPTS {
                return Err(LinkProblem::Locked.into());
            }
            return Err(LinkProblem::BirthDateWrong { attempts_left: MAX_BIRTH_DATE_ATTEMPTS - taken }.into());
        }
        state.store.return_birth_date_attempt(t.invitation_id).await?;
    }
    let now = state.clock.now();
    let (session, hash) = new_token().map_err(|_| LinkError::Random)?;
    // Not cut at the window's close: a respondent on the page when it
    // closes is told it has closed (the answering check), not that the
    // session ended and to open the link again.
    let expires_at = now + SESSION_LENGTH;
    state.store.create_answer_session(&hash, t.invitation_id, t.respondent_id, now, expires_at).await?;
    Ok(session)
}

/// A date as a browser's date field sends it (`2019-04-30`) or as people
/// write it in Denmark (`30-04-2019`, `30.04.2019`, `30/04/2019`).
pub fn parse_birth_date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.split(['-', '.', '/']).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let (y, m, d) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let month = time::Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// `Set-Cookie` for an answering session: not readable by scripts, ends
/// with the browser or after [`SESSION_LENGTH`].
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", super::ANSWER_COOKIE, SESSION_LENGTH.whole_seconds())
}

/// The answering session token in a request's cookies, if any.
pub fn session_token(headers: &http::HeaderMap) -> Option<String> {
    crate::auth::token::cookie(headers, super::ANSWER_COOKIE)
}

/// Whether a text can be a personal link's token at all: base64url, of a
/// sensible length. Checked before a token is looked up or written into an
/// address.
pub fn is_token_shaped(token: &str) -> bool {
    (16..=128).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn reads_dates_of_birth_as_typed() {
        for s in ["2019-04-30", "30-04-2019", "30.04.2019", "30/04/2019", " 2019-04-30 ".trim()] {
            assert_eq!(parse_birth_date(s), Some(date!(2019 - 04 - 30)), "{s}");
        }
        for s in ["", "2019-02-30", "30042019", "a-b-c"] {
            assert_eq!(parse_birth_date(s), None, "{s}");
        }
    }

    #[test]
    fn finds_the_answering_cookie() {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::COOKIE, "svar_lang=da; svar_answer=abc".parse().unwrap());
        assert_eq!(session_token(&headers).as_deref(), Some("abc"));
    }
}
