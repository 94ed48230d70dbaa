//! A clinic's own invitation and reminder SMS: the mail texts' braces,
//! fewer names, and a price. An SMS is read on lock screens and shared
//! phones, so it may name only the clinic, the last day and the link (no
//! child, no questionnaire); and every part is paid for, so a text that
//! would go out as more than [`MAX_PARTS`] parts is refused. The parts are
//! counted for the longest text the placeholders can make: the clinic's
//! own name, the longest last day in the language, a link of the real
//! length.

use super::mail_template::{pieces, MailValues, Piece, TemplateProblem};
use super::MailKind;
use crate::i18n::{short_date, t, Locale, Text};
use crate::schedule::sms_text::{cost, SmsCost, MAX_PARTS};

/// What an SMS text may name; `{link}` must be there.
pub const SMS_PLACEHOLDERS: [&str; 3] = ["clinic", "last_day", "link"];

/// A link's token: 32 random bytes in base64url.
pub const TOKEN_CHARS: usize = 43;

/// Far more than two parts: a longer text is refused before it is counted.
pub const MAX_SMS_TEMPLATE_CHARS: usize = 1000;

/// Svar's own text for an SMS, used when the clinic wrote none (and the
/// editor's starting point): the same braces as a clinic's text.
pub fn standard(kind: MailKind) -> Text {
    match kind {
        MailKind::Invitation => t::sms::INVITATION,
        MailKind::Reminder => t::sms::REMINDER,
    }
}

/// The widest last day a text can carry in `language` ("30. sep. 2026"
/// is among the longest; a date in December is as long).
pub fn longest_last_day(language: Locale) -> String {
    let widest = time::Date::from_calendar_date(2026, time::Month::December, 30).unwrap_or(time::Date::MIN);
    short_date(widest, language)
}

/// A personal link as long as a real one from `public_url`.
pub fn example_link(public_url: &str) -> String {
    format!("{public_url}/p/{}", "x".repeat(TOKEN_CHARS))
}

/// The text with its placeholders filled in (a text that does not parse,
/// only a hand-edited row, keeps its text as written).
pub fn fill(template: &str, clinic: &str, last_day: &str, link: &str) -> String {
    super::mail_template::fill(template, &MailValues { clinic, child: "", questionnaire: "", last_day, link })
}

/// What the longest SMS this text can make costs.
pub fn worst_cost(template: &str, clinic: &str, language: Locale, public_url: &str) -> SmsCost {
    cost(&fill(template, clinic, &longest_last_day(language), &example_link(public_url)))
}

/// Every problem of `template` for clinic `clinic`, whose links start with
/// `public_url`; empty when it may be saved.
pub fn check(template: &str, clinic: &str, language: Locale, public_url: &str) -> Vec<TemplateProblem> {
    if template.trim().is_empty() {
        return vec![TemplateProblem::Empty];
    }
    if template.chars().count() > MAX_SMS_TEMPLATE_CHARS {
        return vec![TemplateProblem::TooLong { max: MAX_SMS_TEMPLATE_CHARS }];
    }
    let mut problems = Vec::new();
    // One line: a line break or another control character would reach the
    // phone as typed (the form turns CR and LF into spaces already).
    if template.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}')) {
        problems.push(TemplateProblem::LineBreak);
    }
    match pieces(template) {
        // Any other name, too, is one an SMS cannot carry.
        Err(TemplateProblem::Unknown(name)) => problems.push(TemplateProblem::NotInSms(name)),
        Err(problem) => problems.push(problem),
        Ok(parts) => {
            for part in &parts {
                if let Piece::Value(name) = part {
                    if !SMS_PLACEHOLDERS.contains(name) {
                        problems.push(TemplateProblem::NotInSms((*name).to_owned()));
                    }
                }
            }
            if !parts.contains(&Piece::Value("link")) {
                problems.push(TemplateProblem::MissingLink);
            }
        }
    }
    let worst = worst_cost(template, clinic, language, public_url);
    if worst.parts > MAX_PARTS {
        problems.push(TemplateProblem::TooManyParts { parts: worst.parts, max: MAX_PARTS });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://svar.regionh.dk";
    const CLINIC: &str = "Øre-næse-hals-klinikken";

    #[test]
    fn svars_own_texts_pass_their_own_check() {
        for kind in MailKind::ALL {
            for lang in [Locale::Da, Locale::En] {
                let own = standard(kind).get(lang);
                assert_eq!(check(own, "Øre-næse-hals-klinikken, Gentofte Hospital", lang, URL), vec![], "{own}");
            }
        }
    }

    #[test]
    fn a_short_text_with_the_link_passes() {
        assert_eq!(check("{clinic}: Svar senest {last_day}: {link}", CLINIC, Locale::Da, URL), vec![]);
    }

    #[test]
    fn an_sms_names_no_child_and_no_questionnaire() {
        let problems = check("Svar om {child} ({questionnaire}): {link}", CLINIC, Locale::Da, URL);
        assert_eq!(problems, vec![TemplateProblem::NotInSms("child".into()), TemplateProblem::NotInSms("questionnaire".into())]);
        assert!(TemplateProblem::NotInSms("child".into()).message().da.contains("{child}"));
    }

    #[test]
    fn the_link_the_braces_and_an_empty_text_are_checked_as_in_a_mail() {
        assert_eq!(check("Svar senest {last_day}", CLINIC, Locale::Da, URL), vec![TemplateProblem::MissingLink]);
        assert_eq!(check("Svar {link", CLINIC, Locale::Da, URL)[0], TemplateProblem::Unclosed);
        assert_eq!(check("  ", CLINIC, Locale::Da, URL), vec![TemplateProblem::Empty]);
        assert_eq!(check(&"x".repeat(1001), CLINIC, Locale::Da, URL), vec![TemplateProblem::TooLong { max: 1000 }]);
        for broken in ["Svar\nher: {link}", "Svar\u{2028}her: {link}", "Svar\u{c}her: {link}", "Svar\ther: {link}"] {
            assert_eq!(check(broken, CLINIC, Locale::Da, URL)[0], TemplateProblem::LineBreak, "{broken:?}");
        }
        // A name no text knows is refused as an SMS's, with the SMS's list.
        assert_eq!(check("Hej {barn}: {link}", CLINIC, Locale::Da, URL), vec![TemplateProblem::NotInSms("barn".into())]);
    }

    #[test]
    fn two_parts_pass_and_three_are_refused_counted_with_the_longest_values() {
        // The link is 69 characters, the last day 13, the clinic 23.
        let fixed = "{clinic} {last_day} {link}";
        let filled = worst_cost(fixed, CLINIC, Locale::Da, URL).units;
        assert_eq!(filled, 23 + 1 + 13 + 1 + example_link(URL).chars().count());
        // Up to 306 septets are two parts; one more is three.
        let two = format!("{fixed} {}", "a".repeat(306 - filled - 1));
        assert_eq!(worst_cost(&two, CLINIC, Locale::Da, URL).parts, 2);
        assert_eq!(check(&two, CLINIC, Locale::Da, URL), vec![]);
        let three = format!("{two}a");
        assert_eq!(worst_cost(&three, CLINIC, Locale::Da, URL).parts, 3);
        assert_eq!(check(&three, CLINIC, Locale::Da, URL), vec![TemplateProblem::TooManyParts { parts: 3, max: 2 }]);
    }

    #[test]
    fn an_en_dash_makes_the_whole_text_dearer() {
        let plain = "{clinic}: Husk at svare senest {last_day} - tak. Svar her: {link} Venlig hilsen klinikken, der passer på dit barn.";
        let dash = plain.replace(" - ", " – ");
        assert_eq!(worst_cost(plain, CLINIC, Locale::Da, URL).parts, 2);
        assert_eq!(check(plain, CLINIC, Locale::Da, URL), vec![]);
        assert_eq!(worst_cost(&dash, CLINIC, Locale::Da, URL).parts, 3, "67-character parts");
        assert_eq!(check(&dash, CLINIC, Locale::Da, URL), vec![TemplateProblem::TooManyParts { parts: 3, max: 2 }]);
    }

    #[test]
    fn the_longest_last_day_is_at_least_as_long_as_any_day_of_the_year() {
        for lang in [Locale::Da, Locale::En] {
            let longest = longest_last_day(lang).chars().count();
            let mut day = time::macros::date!(2026 - 01 - 01);
            while day.year() == 2026 {
                assert!(short_date(day, lang).chars().count() <= longest, "{day}");
                day = day.next_day().unwrap_or(day);
            }
        }
    }
}
