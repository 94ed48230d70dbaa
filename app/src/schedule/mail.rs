//! The invitation and reminder mails: in the respondent's language, plain
//! text and HTML, naming the clinic and the patient by first name only,
//! with the personal link. Nothing else about the patient goes in a mail.

use crate::patients::patient::first_name;

use super::port::{DueJob, JobKind, Recipient};
use crate::authoring::mail_template::{custom_mail, footer, MailValues};
use crate::authoring::{MailKind, MailText};
use crate::components::escape_html;
use crate::engine::LangText;
use crate::i18n::{t, Locale};
use crate::ports::OutgoingMail;
use time::Date;

fn day(date: Date, lang: Locale) -> String {
    crate::i18n::long_date(date, lang)
}

/// Which of a clinic's texts (mail or SMS) a job's message is written from.
pub fn text_kind(job: &DueJob) -> MailKind {
    if job.kind == JobKind::Remind {
        MailKind::Reminder
    } else {
        MailKind::Invitation
    }
}

/// The clinic's own text for this mail, if it wrote one.
pub fn custom_text<'a>(texts: &'a [MailText], job: &DueJob, lang: Locale) -> Option<&'a MailText> {
    let kind = text_kind(job);
    texts.iter().find(|t| t.kind == kind && t.language == lang)
}

/// Renders the mail for one recipient of a due invitation or reminder, in
/// the clinic's own words if `custom` is given.
pub fn render(job: &DueJob, to: &Recipient, title: &LangText, link: &str, custom: Option<&MailText>) -> OutgoingMail {
    let lang = to.language;
    let child = first_name(&job.patient_name);
    let clinic = &job.clinic_name;
    let title = title.in_locale(lang);
    // The window closes at the start of `closes_on`: the last day is the one before.
    let last_day = day(job.closes_on.previous_day().unwrap_or(job.closes_on), lang);
    if let Some(custom) = custom {
        let values = MailValues { clinic, child: &child, questionnaire: title, last_day: &last_day, link };
        let (subject, text) = custom_mail(custom, &values);
        return OutgoingMail { to: to.email.clone(), subject, html: Some(html_of(&text, link, lang)), text };
    }
    let (subject, ask) = if job.kind == JobKind::Remind {
        (t::mail::REMINDER_SUBJECT, t::mail::REMINDER_ASK)
    } else {
        (t::mail::INVITATION_SUBJECT, t::mail::INVITATION_ASK)
    };
    let values: [(&str, &dyn std::fmt::Display); 4] = [("child", &child), ("clinic", clinic), ("title", &title), ("last_day", &last_day)];
    let subject = subject.fill(lang, &values);
    let hello = t::mail::DEAR.fill(lang, &[("name", &first_name(&to.name))]);
    let ask = ask.fill(lang, &values);
    let open = t::mail::OPEN_QUESTIONNAIRE.get(lang);
    let until = t::mail::ANSWER_UNTIL.fill(lang, &values);
    let (resume, contact, regards) = (t::mail::ANSWERS_SAVED.get(lang), t::mail::ASK_FOR_CONTACT.get(lang), t::mail::REGARDS.get(lang));
    let footer = footer(lang);
    let text = format!("{hello},\n\n{ask}\n\n{open}\n{link}\n\n{until} {resume}\n\n{contact}\n\n{regards}\n{clinic}\n\n--\n{footer}\n");
    let e = escape_html;
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;font-size:16px;line-height:1.5\">\
         <p>{},</p><p>{}</p><p><a href=\"{}\" style=\"display:inline-block;padding:12px 20px;background:#1d4ed8;color:#fff;\
         text-decoration:none;border-radius:6px\">{}</a></p><p>{} {}</p><p>{}</p><p>{}<br>{}</p>\
         <p style=\"color:#555;font-size:13px\">{}</p></body></html>",
        e(&hello),
        e(&ask),
        e(link),
        e(open.trim_end_matches(':')),
        e(&until),
        e(resume),
        e(contact),
        e(regards),
        e(clinic),
        e(footer),
        lang = lang.as_str(),
    );
    OutgoingMail { to: to.email.clone(), subject, text, html: Some(html) }
}

/// HTML for a clinic's own plain text: paragraphs kept, everything
/// escaped, the personal link made a link.
fn html_of(text: &str, link: &str, lang: Locale) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .map(|p| {
            let p = escape_html(p).replace('\n', "<br>");
            let link = escape_html(link);
            let p = p.replace(&link, &format!("<a href=\"{link}\">{link}</a>"));
            format!("<p>{p}</p>")
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"{}\"><body style=\"font-family:sans-serif;font-size:16px;line-height:1.5\">{paragraphs}</body></html>",
        lang.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use uuid::Uuid;

    fn job(kind: JobKind) -> DueJob {
        DueJob {
            job_id: Uuid::nil(),
            kind,
            invitation_id: crate::domain::InvitationId::nil(),
            clinic_id: crate::domain::ClinicId::nil(),
            questionnaire_version: None,
            clinic_name: "Øre & Hals <Nord>".into(),
            sms_sender: super::super::sms::DEFAULT_SENDER.into(),
            patient_name: "Ida Marie Hansen".into(),
            questionnaire_id: "q".into(),
            closes_on: date!(2026 - 12 - 15),
            recipients: vec![],
            instead_of: None,
        }
    }

    fn to(language: Locale) -> Recipient {
        Recipient::by_email(crate::domain::RespondentId::nil(), "Karen Hansen".into(), "karen@example.dk".into(), language)
    }

    #[test]
    fn danish_invitation_names_clinic_child_link_and_last_day() {
        let title = LangText { da: "Opfølgning".into(), en: "Follow-up".into() };
        let mail = render(&job(JobKind::Invite), &to(Locale::Da), &title, "https://svar.example/p/TOKEN", None);
        assert_eq!(mail.subject, "Spørgeskema om Ida fra Øre & Hals <Nord>");
        assert!(mail.text.starts_with("Kære Karen,"));
        assert!(mail.text.contains("https://svar.example/p/TOKEN"));
        assert!(mail.text.contains("til og med 14. december 2026"));
        assert!(!mail.text.contains("Hansen"), "no surname, no other patient data");
        let html = mail.html.unwrap();
        assert!(html.contains("Øre &amp; Hals &lt;Nord&gt;"), "HTML is escaped");
        assert!(html.contains("href=\"https://svar.example/p/TOKEN\""));
    }

    #[test]
    fn english_reminder() {
        let title = LangText { da: "Opfølgning".into(), en: "Follow-up".into() };
        let mail = render(&job(JobKind::Remind), &to(Locale::En), &title, "L", None);
        assert!(mail.subject.starts_with("Reminder: questionnaire about Ida"));
        assert!(mail.text.contains("until and including 14 December 2026"));
    }

    #[test]
    fn a_clinics_own_text_is_used_with_the_link_and_footer() {
        let title = LangText { da: "Opfølgning".into(), en: "Follow-up".into() };
        let own = MailText {
            kind: MailKind::Reminder,
            language: Locale::Da,
            subject: "Husk {questionnaire} om {child}".into(),
            body: "Hej fra {clinic}.\n\nSvar senest {last_day}: {link}".into(),
        };
        let texts = [own];
        let job = job(JobKind::Remind);
        let custom = custom_text(&texts, &job, Locale::Da);
        assert!(custom.is_some());
        assert!(custom_text(&texts, &job, Locale::En).is_none(), "English falls back to the built-in text");
        let mail = render(&job, &to(Locale::Da), &title, "https://svar.example/p/T<", custom);
        assert_eq!(mail.subject, "Husk Opfølgning om Ida");
        assert!(mail.text.starts_with("Hej fra Øre & Hals <Nord>.\n\nSvar senest 14. december 2026: https://svar.example/p/T<"));
        assert!(mail.text.contains("Linket er personligt"));
        let html = mail.html.unwrap_or_default();
        assert!(html.contains("Øre &amp; Hals &lt;Nord&gt;"));
        assert!(html.contains("<a href=\"https://svar.example/p/T&lt;\">"));
    }
}
