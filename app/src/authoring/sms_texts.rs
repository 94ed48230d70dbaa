//! The clinic's own SMS texts (admins, on the mail texts page): read with
//! their previews and prices, saved after `sms_template::check`, or set
//! back to Svar's text. Every change is audited with the text's kind and
//! language.

use super::service::AuthoringError;
use super::sms_template::{check, example_link, fill, standard};
use super::view::SmsTextView;
use super::{MailKind, SmsText};
use crate::auth::{audit_entry, require, RequestMeta};
use crate::domain::form_error::FieldError;
use crate::domain::AuditOutcome;
use crate::i18n::{short_date, Locale};
use crate::staff::Role;
use crate::state::AppState;

/// The last day the previews show (a window closing 15 December).
fn example_last_day(language: Locale) -> String {
    let day = time::Date::from_calendar_date(2026, time::Month::December, 14).unwrap_or(time::Date::MIN);
    short_date(day, language)
}

pub async fn sms_texts(state: &AppState, meta: &RequestMeta) -> Result<Vec<SmsTextView>, AuthoringError> {
    let session = require(state, meta, Role::Admin, "authoring.sms.view").await?;
    let own = state.store.sms_texts(session.clinic.id).await?;
    let clinic = session.clinic.name.as_str();
    let mut out = Vec::new();
    for kind in MailKind::ALL {
        for language in Locale::ALL {
            let mine = own.iter().find(|t| t.kind == kind && t.language == language).cloned();
            let template = mine.as_ref().map_or_else(|| standard(kind).get(language).to_owned(), |t| t.body.clone());
            let preview = fill(&template, clinic, &example_last_day(language), &example_link(&state.public_url));
            out.push(SmsTextView {
                kind,
                language,
                own: mine,
                preview,
                clinic_name: clinic.to_owned(),
                example_link: example_link(&state.public_url),
            });
        }
    }
    Ok(out)
}

/// Saves a clinic's own SMS text after checking its placeholders and its
/// price; every problem is reported at the text's field.
pub async fn set_sms_text(state: &AppState, meta: &RequestMeta, text: SmsText) -> Result<(), AuthoringError> {
    let session = require(state, meta, Role::Admin, "authoring.sms").await?;
    let problems = check(&text.body, session.clinic.name.as_str(), text.language, &state.public_url);
    if !problems.is_empty() {
        return Err(AuthoringError::Invalid(problems.into_iter().map(|p| FieldError { field: "body".into(), message: p.message() }).collect()));
    }
    let entry =
        audit_entry(&session, "authoring.sms", None, AuditOutcome::Ok, &meta.client, &format!("{} {}", text.kind.as_str(), text.language.as_str()));
    state.store.set_sms_text(session.clinic.id, &text, session.staff.id, state.clock.now(), &entry).await?;
    Ok(())
}

pub async fn reset_sms_text(state: &AppState, meta: &RequestMeta, kind: MailKind, language: Locale) -> Result<(), AuthoringError> {
    let session = require(state, meta, Role::Admin, "authoring.sms").await?;
    let entry =
        audit_entry(&session, "authoring.sms", None, AuditOutcome::Ok, &meta.client, &format!("{} {} reset", kind.as_str(), language.as_str()));
    state.store.reset_sms_text(session.clinic.id, kind, language, &entry, state.clock.now()).await?;
    Ok(())
}
