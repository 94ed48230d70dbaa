//! A clinic's own invitation and reminder texts: placeholders in braces,
//! checked when the admin saves and filled in when the mail is written.
//! Checked strictly so a typo (`{chlid}`) is caught at the form, not sent
//! to a parent.

use std::fmt;

use crate::domain::form_error::{filled, LocalText};
use crate::i18n::t;

/// What a text may name. `{link}` must appear in the body: without it the
/// mail is useless.
pub const PLACEHOLDERS: [&str; 5] = ["clinic", "child", "questionnaire", "last_day", "link"];

pub const MAX_SUBJECT_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 5000;

/// What is wrong with a text; `field` is `subject` or `body`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub field: &'static str,
    pub problem: TemplateProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateProblem {
    Empty,
    TooLong {
        max: usize,
    },
    /// A `{name}` that is not one of [`PLACEHOLDERS`].
    Unknown(String),
    /// A `{` without its `}`.
    Unclosed,
    MissingLink,
    /// The subject is one line.
    LineBreak,
    /// An SMS text names a placeholder only a mail may carry (the child,
    /// the questionnaire): an SMS is read on lock screens.
    NotInSms(String),
    /// The longest SMS the text can make would be this many parts.
    TooManyParts {
        parts: usize,
        max: usize,
    },
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl TemplateProblem {
    /// The problem in every language, for the admin's form. The braces
    /// the sentences speak of are values, so no translation can drop them.
    pub fn message(&self) -> LocalText {
        match self {
            TemplateProblem::Empty => t::authoring::TEMPLATE_EMPTY.into(),
            TemplateProblem::TooLong { max } => filled(t::authoring::TEMPLATE_TOO_LONG, &[("max", max)]),
            TemplateProblem::Unknown(name) => {
                filled(t::authoring::TEMPLATE_UNKNOWN_PLACEHOLDER, &[("name", &format!("{{{name}}}")), ("placeholders", &list())])
            }
            TemplateProblem::Unclosed => filled(t::authoring::TEMPLATE_UNCLOSED, &[("open", &"{"), ("close", &"}")]),
            TemplateProblem::MissingLink => filled(t::authoring::TEMPLATE_MISSING_LINK, &[("link", &"{link}")]),
            TemplateProblem::LineBreak => t::authoring::TEMPLATE_LINE_BREAK.into(),
            TemplateProblem::NotInSms(name) => filled(t::authoring::TEMPLATE_NOT_IN_SMS, &[("name", &format!("{{{name}}}"))]),
            TemplateProblem::TooManyParts { parts, max } => filled(t::authoring::TEMPLATE_TOO_MANY_PARTS, &[("parts", parts), ("max", max)]),
        }
    }
}

fn list() -> String {
    PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ")
}

/// The values a mail's placeholders take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailValues<'a> {
    pub clinic: &'a str,
    pub child: &'a str,
    pub questionnaire: &'a str,
    pub last_day: &'a str,
    pub link: &'a str,
}

impl MailValues<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "clinic" => self.clinic,
            "child" => self.child,
            "questionnaire" => self.questionnaire,
            "last_day" => self.last_day,
            "link" => self.link,
            _ => return None,
        })
    }
}

/// A piece of a template: literal text or a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Value(&'a str),
}

/// Splits a template into pieces, refusing unknown placeholders.
pub fn pieces(template: &str) -> Result<Vec<Piece<'_>>, TemplateProblem> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(TemplateProblem::Unclosed)?;
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(TemplateProblem::Unknown(name.to_owned()));
        }
        out.push(Piece::Value(name));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    Ok(out)
}

/// Checks a subject and body as the admin typed them; every problem, each
/// naming its field.
pub fn check(subject: &str, body: &str) -> Vec<TemplateError> {
    let mut errors = Vec::new();
    let mut push = |field, problem| errors.push(TemplateError { field, problem });
    for (field, text, max) in [("subject", subject, MAX_SUBJECT_CHARS), ("body", body, MAX_BODY_CHARS)] {
        if text.trim().is_empty() {
            push(field, TemplateProblem::Empty);
            continue;
        }
        if text.chars().count() > max {
            push(field, TemplateProblem::TooLong { max });
        }
        match pieces(text) {
            Err(p) => push(field, p),
            Ok(ps) if field == "body" && !ps.contains(&Piece::Value("link")) => push(field, TemplateProblem::MissingLink),
            Ok(_) => {}
        }
    }
    if subject.contains(['\n', '\r']) {
        push("subject", TemplateProblem::LineBreak);
    }
    errors
}

/// The template with its placeholders filled in. A template that does not
/// parse (it was checked when saved, so only a hand-edited row) keeps its
/// text as written.
pub fn fill(template: &str, values: &MailValues<'_>) -> String {
    match pieces(template) {
        Ok(ps) => ps
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t,
                Piece::Value(name) => values.get(name).unwrap_or_default(),
            })
            .collect(),
        Err(_) => template.to_owned(),
    }
}

/// The line under every mail, whatever the clinic wrote: the link is
/// personal.
pub fn footer(language: crate::i18n::Locale) -> &'static str {
    crate::i18n::t::mail::FOOTER.get(language)
}

/// A mail from a clinic's own text: the subject and the plain-text body
/// (with the footer), as sent and as previewed.
pub fn custom_mail(text: &super::MailText, values: &MailValues<'_>) -> (String, String) {
    let subject = fill(&text.subject, values);
    let body = format!("{}\n\n--\n{}\n", fill(&text.body, values).trim_end(), footer(text.language));
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> MailValues<'static> {
        MailValues { clinic: "ØNH Nord", child: "Ida", questionnaire: "Opfølgning", last_day: "14. december 2026", link: "https://x/p/T" }
    }

    #[test]
    fn fills_every_placeholder() {
        let out = fill("Kære forælder til {child}: {clinic} beder om {questionnaire} senest {last_day}: {link}", &values());
        assert_eq!(out, "Kære forælder til Ida: ØNH Nord beder om Opfølgning senest 14. december 2026: https://x/p/T");
        assert_eq!(fill("no placeholders", &values()), "no placeholders");
    }

    #[test]
    fn a_custom_mail_keeps_the_footer() {
        let text = super::super::MailText {
            kind: super::super::MailKind::Invitation,
            language: crate::i18n::Locale::En,
            subject: "About {child}".into(),
            body: "Please answer: {link}\n".into(),
        };
        let (subject, body) = custom_mail(&text, &values());
        assert_eq!(subject, "About Ida");
        assert_eq!(body, "Please answer: https://x/p/T\n\n--\nThis email was sent automatically. The link is personal; do not share it.\n");
    }

    #[test]
    fn a_good_text_passes() {
        assert_eq!(check("Spørgeskema om {child}", "Svar her: {link}"), vec![]);
    }

    #[test]
    fn each_problem_names_its_field() {
        let e = check("", "Hej {chlid}");
        assert_eq!(e[0], TemplateError { field: "subject", problem: TemplateProblem::Empty });
        assert_eq!(e[1], TemplateError { field: "body", problem: TemplateProblem::Unknown("chlid".into()) });
        assert_eq!(check("a\nb", "{link}")[0].problem, TemplateProblem::LineBreak);
        assert_eq!(check("a", "Hej {child}")[0].problem, TemplateProblem::MissingLink);
        assert_eq!(check("a {child", "{link}")[0].problem, TemplateProblem::Unclosed);
        let long = "x".repeat(MAX_BODY_CHARS + 1) + "{link}";
        assert_eq!(check("a", &long)[0].problem, TemplateProblem::TooLong { max: MAX_BODY_CHARS });
    }

    #[test]
    fn messages_in_both_languages_list_the_placeholders() {
        let p = TemplateProblem::Unknown("x".into());
        assert!(p.to_string().contains("{link}"));
        assert!(p.message().da.contains("{child}"));
        assert_eq!(p.message().da, "{x} er ikke en pladsholder; brug {clinic}, {child}, {questionnaire}, {last_day}, {link}");
        assert_eq!(TemplateProblem::Unclosed.message().en, "has a { without its }");
        assert_eq!(TemplateProblem::MissingLink.message().da, "skal indeholde {link}, det personlige link");
    }
}
