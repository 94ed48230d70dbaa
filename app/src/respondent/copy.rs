//! The respondent's own copy of what they sent (`GET /a/copy.pdf`, linked
//! from the receipt): every question they were shown, in the words of the
//! version they answered and in their language, with their answer, when
//! the clinic received it and what to do if they are worried. Never the
//! clinic's reading of it (flags, scores, advice): the copy is a record
//! of what the respondent said, and it may be printed or forwarded.
//! Only the answering session that sent the answers can fetch it, and no
//! cache keeps it.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use time::OffsetDateTime;

use crate::engine::model::{ItemKind, Questionnaire, Respondent};
use crate::engine::{Answers, History};
use crate::i18n::{long_date, t, Locale};
use crate::pdf::{Block, Document};
use crate::schedule::port::InvitationStatus;
use crate::state::AppState;

/// What the copy is made of, read for one answering session.
pub struct CopySource<'a> {
    pub clinic_name: &'a str,
    /// The patient's first name, as the mails name them: a parent with two
    /// children in follow-up can tell the copies apart.
    pub child: &'a str,
    /// The questionnaire as the respondent read it (its out-of-hours
    /// number filled in).
    pub questionnaire: &'a Questionnaire,
    /// The items shown for these answers; answers to hidden items (left
    /// from a changed earlier answer) are not the respondent's statement.
    pub visible: &'a [String],
    pub answers: &'a Answers,
    /// When the clinic received the answers, on the clinic's clock.
    pub received: OffsetDateTime,
}

/// The copy as a document, in `lang`.
pub fn document(source: &CopySource<'_>, lang: Locale) -> Document {
    let q = source.questionnaire;
    let title = q.title.in_locale(lang).to_owned();
    let time = match lang {
        Locale::Da => format!("{:02}.{:02}", source.received.hour(), source.received.minute()),
        Locale::En => format!("{:02}:{:02}", source.received.hour(), source.received.minute()),
    };
    let date = long_date(source.received.date(), lang);
    let mut blocks = vec![
        Block::Title(t::respondent::COPY_TITLE.get(lang).to_owned()),
        Block::Text(match q.respondent {
            Respondent::Proxy => t::respondent::COPY_QUESTIONNAIRE_ABOUT.fill(lang, &[("title", &title), ("child", &source.child)]),
            Respondent::Patient => t::respondent::COPY_QUESTIONNAIRE.fill(lang, &[("title", &title)]),
        }),
        Block::Text(t::respondent::COPY_SENT.fill(lang, &[("clinic", &source.clinic_name), ("date", &date), ("time", &time)])),
    ];
    for page in &q.pages {
        let shown: Vec<_> = page.items.iter().filter(|i| source.visible.contains(&i.id) && !matches!(i.kind, ItemKind::Display)).collect();
        if shown.is_empty() {
            continue;
        }
        blocks.push(Block::Heading(page.title.in_locale(lang).to_owned()));
        for item in shown {
            let answer = match source.answers.get(&item.id) {
                Some(value) => super::display::show(item, value, lang),
                None => t::respondent::COPY_NOT_ANSWERED.get(lang).to_owned(),
            };
            blocks.push(Block::Answer { question: item.text.in_locale(lang).to_owned(), answer });
        }
    }
    let worried = match q.respondent {
        Respondent::Proxy => t::respondent::IF_YOU_ARE_WORRIED_YOUR,
        Respondent::Patient => t::respondent::IF_YOU_ARE_WORRIED_YOU,
    };
    blocks.push(Block::Text(t::respondent::COPY_KEEP.get(lang).to_owned()));
    blocks.push(Block::Text(worried.get(lang).to_owned()));
    Document { title: format!("{} – {title}", t::respondent::COPY_TITLE.get(lang)), language: lang, blocks, footer: source.clinic_name.to_owned() }
}

/// `GET /a/copy.pdf`. A session that has not sent its answers (or has
/// none) goes to the questionnaire page, which says where it stands.
pub async fn download(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let session = match super::answering::session(&state, &headers).await {
        Ok(session) if session.status == InvitationStatus::Answered => session,
        Ok(_) | Err(super::answering::JourneyError::NoSession) => return Redirect::to("/a").into_response(),
        Err(err) => return unavailable(err),
    };
    let lang = crate::i18n::locale_from_headers(&headers);
    let built = async {
        let Some(response) = state.store.answered_response(session.invitation_id, session.respondent_id, session.clinic_id).await? else {
            return Ok(None);
        };
        let Some(compiled) = state
            .definitions
            .questionnaire(state.store.as_ref(), session.clinic_id, &session.questionnaire_id, Some(response.questionnaire_version))
            .await?
        else {
            return Ok(None);
        };
        let zone = crate::schedule::zone::zone(&state.store.clinic_time_zone(session.clinic_id).await?);
        let received = crate::schedule::zone::on_clock(response.submitted_at, zone);
        let questionnaire = compiled.questionnaire().for_respondent().with_out_of_hours(session.region.out_of_hours_phone());
        let visible = compiled.visible_items(&response.answers, &History::default());
        let source = CopySource {
            clinic_name: &session.clinic_name,
            child: crate::domain::person_name::first_name(&session.patient_name),
            questionnaire: &questionnaire,
            visible: &visible,
            answers: &response.answers,
            received,
        };
        Ok::<_, crate::ports::StoreError>(Some((document(&source, lang), received.date())))
    };
    let (doc, day) = match built.await {
        Ok(Some(built)) => built,
        // Answered, but not by this respondent (another parent, or a
        // member from a paper form): the receipt, which offers no copy.
        Ok(None) => return Redirect::to("/a/done").into_response(),
        Err(err) => return unavailable(err),
    };
    // A few milliseconds of CPU per page: off the request threads.
    let bytes = match tokio::task::spawn_blocking(move || crate::pdf::render(&doc)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(err)) => return unavailable(err),
        Err(err) => return unavailable(err),
    };
    let file = format!("{}-{day}.pdf", t::respondent::COPY_FILE.get(lang));
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn unavailable(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Response {
    let err = err.into();
    crate::error::log_failure("respondent copy", err.as_ref());
    crate::plain_answer::plain(StatusCode::SERVICE_UNAVAILABLE, t::plain::RESPONDENT_UNAVAILABLE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::AnswerValue;
    use crate::pdf::layout;

    use crate::test_support::shipped_follow_up as follow_up;

    fn copy(answers: &Answers, lang: Locale) -> Vec<Block> {
        let compiled = follow_up();
        let questionnaire = compiled.questionnaire().for_respondent();
        let visible = compiled.visible_items(answers, &History::default());
        let received = time::macros::datetime!(2026-12-07 09:05 +01:00);
        let source = CopySource { clinic_name: "Demo ØNH", child: "Ida", questionnaire: &questionnaire, visible: &visible, answers, received };
        document(&source, lang).blocks
    }

    fn answers(pairs: &[(&str, AnswerValue)]) -> Answers {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    #[test]
    fn the_copy_has_each_shown_question_with_its_answer_in_the_respondents_words() {
        let a = answers(&[("discharge", AnswerValue::Bool(true)), ("discharge_days", AnswerValue::Text("3_7".into()))]);
        let blocks = copy(&a, Locale::Da);
        assert_eq!(blocks[0], Block::Title("Kopi af dine svar".into()));
        assert_eq!(blocks[1], Block::Text("Spørgeskema om Ida: Opfølgning efter dræn i ørerne".into()));
        assert!(blocks.contains(&Block::Text("Sendt til Demo ØNH den 7. december 2026 kl. 09.05.".into())), "{blocks:?}");
        assert!(blocks.contains(&Block::Answer {
            question: "Er der inden for de seneste 4 uger løbet væske (flåd) fra dit barns øre?".into(),
            answer: "Ja".into()
        }));
        assert!(blocks.contains(&Block::Answer {
            question: "Hvis ja: hvor længe varede det længste forløb med væske fra øret?".into(),
            answer: "3-7 dage".into()
        }));
        // A shown question left empty says so.
        assert!(blocks.iter().any(|b| matches!(b, Block::Answer { answer, .. } if answer == "Ikke besvaret")));
        let en = copy(&a, Locale::En);
        assert!(en.contains(&Block::Text("Sent to Demo ØNH on 7 December 2026 at 09:05.".into())), "{en:?}");
    }

    #[test]
    fn answers_to_hidden_questions_and_the_clinics_reading_are_left_out() {
        // "No" hides the follow-up questions; an answer left from an
        // earlier "yes" is not what the respondent finally said.
        let a = answers(&[("discharge", AnswerValue::Bool(false)), ("discharge_days", AnswerValue::Text("more_14".into()))]);
        let blocks = copy(&a, Locale::Da);
        let text = format!("{blocks:?}");
        assert!(!text.contains("Hvis ja: hvor længe"), "{text}");
        assert!(!text.contains("Mere end 14 dage"));
        // No rule's name, advice or score: those are the clinic's.
        let compiled = follow_up();
        for rule in &compiled.questionnaire().rules {
            assert!(!text.contains(rule.message.da.as_str()), "rule {} shown", rule.id);
            if let Some(advice) = &rule.advice {
                assert!(!text.contains(advice.da.as_str()), "advice of {} shown", rule.id);
            }
        }
        for score in &compiled.questionnaire().scores {
            assert!(!text.contains(score.text.da.as_str()), "score {} shown", score.id);
        }
    }

    #[test]
    fn the_copy_lays_out_on_pages_with_the_clinic_in_the_footer() {
        let a = answers(&[("discharge", AnswerValue::Bool(false))]);
        let compiled = follow_up();
        let questionnaire = compiled.questionnaire().for_respondent();
        let visible = compiled.visible_items(&a, &History::default());
        let received = time::macros::datetime!(2026-12-07 09:05 +01:00);
        let source = CopySource { clinic_name: "Demo ØNH", child: "Ida", questionnaire: &questionnaire, visible: &visible, answers: &a, received };
        let pages = layout(&document(&source, Locale::Da));
        let footer = pages[0].last().map(|l| l.text.clone()).unwrap_or_default();
        assert!(footer.starts_with("Demo ØNH · Side 1 af "), "{footer}");
    }
}
