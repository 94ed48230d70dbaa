//! The invitation and reminder SMS: the clinic's name, the last day and the
//! personal link, in the respondent's language, and nothing else: an SMS
//! is read on a lock screen and on shared phones, so it names no patient,
//! questionnaire or health matter. The text stays in one GSM-7 part where
//! it can (`sms_text`); the link is the long part of it.

use super::port::{DueJob, Recipient};
use crate::authoring::SmsText;
use crate::i18n::Locale;
use crate::ports::OutgoingSms;

/// The sender name a clinic's SMS carry when its admin has chosen none.
pub const DEFAULT_SENDER: &str = "Svar";

/// The clinic's own text for this job's SMS in `lang`, if it wrote one.
pub fn custom_text<'a>(texts: &'a [SmsText], job: &DueJob, lang: Locale) -> Option<&'a SmsText> {
    let kind = super::mail::text_kind(job);
    texts.iter().find(|t| t.kind == kind && t.language == lang)
}

/// The SMS for one recipient of a due invitation or reminder, to `mobile`
/// (E.164) from `sender`, in the clinic's own words if `custom` is given
/// (checked when saved: it names nothing but the clinic, the last day and
/// the link).
pub fn render(job: &DueJob, to: &Recipient, mobile: &str, sender: &str, link: &str, custom: Option<&SmsText>) -> OutgoingSms {
    let lang = to.language;
    // The window closes at the start of `closes_on`: the last day is the one before.
    let last_day = crate::i18n::short_date(job.closes_on.previous_day().unwrap_or(job.closes_on), lang);
    let kind = super::mail::text_kind(job);
    let values: [(&str, &dyn std::fmt::Display); 3] = [("clinic", &job.clinic_name), ("last_day", &last_day), ("link", &link)];
    let standard = || crate::authoring::sms_template::standard(kind).fill(lang, &values);
    let text = match custom {
        // The clinic's text was priced when saved, for the public address
        // of that day: one that has since grown past the limit (a longer
        // address) goes out as Svar's own text rather than as three parts.
        Some(own) => {
            let filled = crate::authoring::sms_template::fill(&own.body, &job.clinic_name, &last_day, link);
            if super::sms_text::cost(&filled).fits() {
                filled
            } else {
                standard()
            }
        }
        None => standard(),
    };
    OutgoingSms { to: mobile.to_owned(), sender: sender.to_owned(), text }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::MailKind;
    use crate::domain::{ClinicId, InvitationId, RespondentId};
    use crate::schedule::port::JobKind;
    use crate::schedule::sms_text::{cost, SmsEncoding};

    fn job(kind: JobKind) -> DueJob {
        DueJob {
            job_id: uuid::Uuid::nil(),
            kind,
            invitation_id: InvitationId::nil(),
            clinic_id: ClinicId::nil(),
            questionnaire_version: None,
            clinic_name: "Øre-næse-hals-klinikken, Gentofte Hospital".to_owned(),
            sms_sender: "OreKlinik".to_owned(),
            patient_name: "Ida Testesen".to_owned(),
            questionnaire_id: "ear_tubes_follow_up".to_owned(),
            closes_on: time::macros::date!(2026 - 12 - 24),
            recipients: Vec::new(),
            instead_of: None,
        }
    }

    fn to(language: Locale) -> Recipient {
        Recipient {
            respondent_id: RespondentId::nil(),
            name: "Maria Testesen".to_owned(),
            email: "maria@example.dk".to_owned(),
            language,
            reach: crate::schedule::channel::Reach {
                preferred: crate::schedule::channel::Channel::Sms,
                has_email: true,
                has_mobile: true,
                sms_consent: true,
            },
            mobile: Some("+4512345678".to_owned()),
        }
    }

    /// A link as the scheduler writes it: the public address and a 43-character token.
    const LINK: &str = "https://svar.regionh.dk/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCd";

    #[test]
    fn names_the_clinic_the_last_day_and_the_link_and_nothing_else() {
        for lang in [Locale::Da, Locale::En] {
            for kind in [JobKind::Invite, JobKind::Remind] {
                let sms = render(&job(kind), &to(lang), "+4512345678", "OreKlinik", LINK, None);
                assert_eq!((sms.to.as_str(), sms.sender.as_str()), ("+4512345678", "OreKlinik"));
                assert!(sms.text.contains("Øre-næse-hals-klinikken") && sms.text.contains(LINK), "{}", sms.text);
                assert!(sms.text.contains("23"), "the last day is the day before the window closes: {}", sms.text);
                assert!(
                    !sms.text.contains("Ida") && !sms.text.contains("ear") && !sms.text.contains("øre "),
                    "no patient, no questionnaire: {}",
                    sms.text
                );
            }
        }
    }

    #[test]
    fn one_gsm_part_with_a_short_clinic_name() {
        let short = DueJob { clinic_name: "Demo ENT".to_owned(), ..job(JobKind::Invite) };
        for lang in [Locale::Da, Locale::En] {
            let sms = render(&short, &to(lang), "+4512345678", "OreKlinik", LINK, None);
            assert_eq!((cost(&sms.text).encoding, cost(&sms.text).parts), (SmsEncoding::Gsm7, 1), "{}", sms.text);
        }
    }

    #[test]
    fn gsm_and_at_most_two_parts_with_a_long_clinic_name() {
        for lang in [Locale::Da, Locale::En] {
            for kind in [JobKind::Invite, JobKind::Remind] {
                let sms = render(&job(kind), &to(lang), "+4512345678", "OreKlinik", LINK, None);
                let cost = cost(&sms.text);
                assert_eq!(cost.encoding, SmsEncoding::Gsm7, "{}", sms.text);
                assert!(cost.parts <= 2, "{} parts: {}", cost.parts, sms.text);
            }
        }
    }

    #[test]
    fn the_clinics_own_text_is_used_for_its_kind_and_language_only() {
        let own = vec![
            SmsText { kind: MailKind::Reminder, language: Locale::Da, body: "Husk {clinic} senest {last_day}: {link}".into() },
            SmsText { kind: MailKind::Invitation, language: Locale::En, body: "{clinic} asks: {link}".into() },
        ];
        let reminder = job(JobKind::Remind);
        let custom = custom_text(&own, &reminder, Locale::Da);
        let sms = render(&reminder, &to(Locale::Da), "+4512345678", "OreKlinik", LINK, custom);
        assert_eq!(sms.text, format!("Husk Øre-næse-hals-klinikken, Gentofte Hospital senest 23. dec. 2026: {LINK}"));
        // No Danish invitation of its own: the built-in text.
        assert_eq!(custom_text(&own, &job(JobKind::Invite), Locale::Da), None);
        assert_eq!(custom_text(&own, &job(JobKind::Invite), Locale::En).map(|t| t.body.as_str()), Some("{clinic} asks: {link}"));
    }

    #[test]
    fn a_clinics_text_that_no_longer_fits_goes_out_as_svars_own() {
        // Saved when the address was short; the link is longer now.
        let own = vec![SmsText { kind: MailKind::Invitation, language: Locale::Da, body: format!("{{clinic}}: {} {{link}}", "a".repeat(250)) }];
        let invite = job(JobKind::Invite);
        let sms = render(&invite, &to(Locale::Da), "+4512345678", "OreKlinik", LINK, custom_text(&own, &invite, Locale::Da));
        assert!(!sms.text.contains("aaaa"), "{}", sms.text);
        assert_eq!(sms.text, render(&invite, &to(Locale::Da), "+4512345678", "OreKlinik", LINK, None).text);
        assert!(cost(&sms.text).parts <= 2);
    }
}
