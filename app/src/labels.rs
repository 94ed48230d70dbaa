//! What people read in place of ids: the titles of questionnaires, scores
//! and pathways as the clinic's definitions name them, and sentences for
//! enrolment history. An id shows only when its definition is gone.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::engine::model::Questionnaire;
use crate::engine::{AnswerValue, Explained, LangText, ShownValue};
use crate::i18n::t;
use crate::i18n::{short_date, Locale};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Labels {
    pub questionnaires: BTreeMap<String, LangText>,
    /// By `questionnaire/score`.
    pub scores: BTreeMap<String, LangText>,
    pub pathways: BTreeMap<String, LangText>,
    /// Time points by id, described by when they open.
    #[serde(default)]
    pub timepoints: BTreeMap<String, LangText>,
    /// A score's bands (cut-offs) by `questionnaire/score`, for its charts.
    #[serde(default)]
    pub score_bands: BTreeMap<String, Vec<crate::engine::model::ScoreBand>>,
}

impl Labels {
    pub fn questionnaire(&self, id: &str, locale: Locale) -> String {
        self.questionnaires.get(id).map_or_else(|| id.to_owned(), |t| t.get(locale).to_owned())
    }

    pub fn score(&self, questionnaire: &str, score: &str, locale: Locale) -> String {
        self.scores.get(&format!("{questionnaire}/{score}")).map_or_else(|| score.to_owned(), |t| t.get(locale).to_owned())
    }

    pub fn pathway(&self, id: &str, locale: Locale) -> String {
        self.pathways.get(id).map_or_else(|| id.to_owned(), |t| t.get(locale).to_owned())
    }

    pub fn timepoint(&self, id: &str, locale: Locale) -> String {
        self.timepoints.get(id).map_or_else(|| id.to_owned(), |t| t.get(locale).to_owned())
    }
}

/// A pathway time point by when it opens: "Udgangspunkt, 2 dage før
/// indeksdatoen", "1 måned efter indeksdatoen, derefter hver 12. uge".
pub fn timepoint(tp: &crate::engine::pathway::TimePoint) -> LangText {
    use crate::engine::pathway::{Duration, Unit};
    let unit = |d: &Duration, locale: Locale| {
        let n = d.amount.unsigned_abs();
        let (one, many) = match (d.unit, locale) {
            (Unit::Day, Locale::Da) => ("dag", "dage"),
            (Unit::Week, Locale::Da) => ("uge", "uger"),
            (Unit::Month, Locale::Da) => ("måned", "måneder"),
            (Unit::Year, Locale::Da) => ("år", "år"),
            (Unit::Day, Locale::En) => ("day", "days"),
            (Unit::Week, Locale::En) => ("week", "weeks"),
            (Unit::Month, Locale::En) => ("month", "months"),
            (Unit::Year, Locale::En) => ("year", "years"),
        };
        (n, one, many)
    };
    let text = |locale: Locale| {
        let (n, one, many) = unit(&tp.offset, locale);
        let amount = format!("{n} {}", if n == 1 { one } else { many });
        let mut s = match (tp.offset.amount.signum(), locale) {
            (0, Locale::Da) => "På indeksdatoen".to_owned(),
            (0, Locale::En) => "On the index date".to_owned(),
            (-1, Locale::Da) => format!("{amount} før indeksdatoen"),
            (-1, Locale::En) => format!("{amount} before the index date"),
            (_, Locale::Da) => format!("{amount} efter indeksdatoen"),
            (_, Locale::En) => format!("{amount} after the index date"),
        };
        if let Some(r) = &tp.repeat {
            let (n, one, many) = unit(&r.every, locale);
            s.push_str(&match (n, locale) {
                (1, Locale::Da) => format!(", derefter hver {one}"),
                (_, Locale::Da) => format!(", derefter hver {n}. {one}"),
                (1, Locale::En) => format!(", then every {one}"),
                (_, Locale::En) => format!(", then every {n} {many}"),
            });
        }
        if tp.baseline {
            s = match locale {
                Locale::Da => format!("Udgangspunkt, {}", lowercase_first(&s)),
                Locale::En => format!("Baseline, {}", lowercase_first(&s)),
            };
        }
        s
    };
    LangText::new(text(Locale::Da), text(Locale::En))
}

/// An urgency as the worklist names it ("Rød", "Ønsker kontakt").
pub fn urgency(urgency: crate::engine::Urgency) -> crate::i18n::Text {
    use crate::engine::Urgency;
    match urgency {
        Urgency::Red => t::worklist::URGENCY_RED,
        Urgency::Contact => t::worklist::URGENCY_CONTACT,
        Urgency::Yellow => t::worklist::URGENCY_YELLOW,
        Urgency::NoResponse => t::worklist::URGENCY_NO_RESPONSE,
    }
}

/// `s` with its first letter in upper case, for a label at the start of a cell.
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// An enrolment history entry as a sentence: `kind` and its JSON `detail`
/// as the store records them.
pub fn enrolment_event(kind: &str, detail: &str, locale: Locale) -> String {
    let facts: serde_json::Value = serde_json::from_str(detail).unwrap_or_default();
    let date = |key: &str| {
        facts[key]
            .as_str()
            .and_then(|d| time::Date::parse(d, &time::format_description::well_known::Iso8601::DATE).ok())
            .map(|d| short_date(d, locale))
    };
    let reason = facts["reason"].as_str().filter(|r| !r.trim().is_empty()).map(|r| format!(": {r}")).unwrap_or_default();
    let text = |text: crate::i18n::Text, places: &[(&str, &dyn std::fmt::Display)]| text.fill(locale, places);
    match kind {
        "enrolled" => match date("index_date") {
            Some(d) => text(t::enrolment::ENROLLED_ON, &[("date", &d)]),
            None => text(t::enrolment::ENROLLED, &[]),
        },
        "index_date_changed" => match (date("from"), date("to")) {
            (Some(from), Some(to)) => text(t::enrolment::INDEX_DATE_MOVED_FROM_TO, &[("from", &from), ("to", &to)]),
            _ => text(t::enrolment::INDEX_DATE_MOVED, &[]),
        },
        "paused" => text(t::enrolment::PAUSED, &[("reason", &reason)]),
        "resumed" => text(t::enrolment::RESUMED, &[("reason", &reason)]),
        "ended" => text(t::enrolment::ENDED, &[("reason", &reason)]),
        _ => text(t::enrolment::CHANGED, &[]),
    }
}

/// An audit log action as a sentence fragment (`patient.view` → "Så
/// patientens side"); an action not named here shows as itself.
pub fn audit_action(action: &str, locale: Locale) -> String {
    let text = match action {
        "sign_in" => t::audit::SIGN_IN,
        "sign_out" => t::audit::SIGN_OUT,
        "password.change" => t::audit::PASSWORD_CHANGE,
        "password.reset" => t::audit::PASSWORD_RESET,
        "password.reset_request" => t::audit::PASSWORD_RESET_REQUEST,
        "staff.create" => t::audit::STAFF_CREATE,
        "staff.list" => t::audit::STAFF_LIST,
        "audit.view" => t::audit::AUDIT_VIEW,
        "patient.list" => t::audit::PATIENT_LIST,
        "patient.view" => t::audit::PATIENT_VIEW,
        "enrolment.create" => t::audit::ENROLMENT_CREATE,
        "enrolment.import" => t::audit::ENROLMENT_IMPORT,
        "enrolment.change" => t::audit::ENROLMENT_CHANGE,
        "response.enter" => t::audit::RESPONSE_ENTER,
        "response.entry_form" => t::audit::RESPONSE_ENTRY_FORM,
        "worklist.view" => t::audit::WORKLIST_VIEW,
        "worklist.entry.view" => t::audit::WORKLIST_ENTRY_VIEW,
        "worklist.decide" => t::audit::WORKLIST_DECIDE,
        "worklist.assign" => t::audit::WORKLIST_ASSIGN,
        "overview.view" => t::audit::OVERVIEW_VIEW,
        "clinic.time_zone" => t::audit::CLINIC_TIME_ZONE,
        "clinic.region" => t::audit::CLINIC_REGION,
        "clinic.sms_sender" => t::audit::CLINIC_SMS_SENDER,
        "clinic.notify" => t::audit::CLINIC_NOTIFY,
        "questionnaire.list" => t::audit::QUESTIONNAIRE_LIST,
        "pathway.list" => t::audit::PATHWAY_LIST,
        "authoring.view" => t::audit::AUTHORING_VIEW,
        "authoring.draft" => t::audit::AUTHORING_DRAFT,
        "authoring.edit" => t::audit::AUTHORING_EDIT,
        "authoring.discard" => t::audit::AUTHORING_DISCARD,
        "authoring.publish" => t::audit::AUTHORING_PUBLISH,
        "authoring.dry_run" => t::audit::AUTHORING_DRY_RUN,
        "authoring.export" => t::audit::AUTHORING_EXPORT,
        "authoring.import" => t::audit::AUTHORING_IMPORT,
        "authoring.mail" => t::audit::AUTHORING_MAIL,
        "authoring.mail.view" => t::audit::AUTHORING_MAIL_VIEW,
        "authoring.sms" => t::audit::AUTHORING_SMS,
        "authoring.sms.view" => t::audit::AUTHORING_SMS_VIEW,
        other => return other.to_owned(),
    };
    text.get(locale).to_owned()
}

/// An audit outcome: allowed or refused.
pub fn audit_outcome(outcome: &str, locale: Locale) -> &'static str {
    match outcome {
        "refused" => t::audit::OUTCOME_REFUSED,
        _ => t::audit::OUTCOME_DONE,
    }
    .get(locale)
}

/// One value behind a flag as staff read it, in the words of the
/// questionnaire version that raised it: the question and the answer's
/// label (`Hvor længe har øret løbet? Mere end 14 dage`), a score's title,
/// for earlier answers which one and when (`Forrige svar (2. dec. 2026): …`,
/// `Laveste inden for 3 dage (1. dec. 2026): …`), and for a value of one of
/// the last responses its date (`Svar 3. dec. 2026: …`). `answered_on` is
/// the date of the flagged response, from which earlier dates are counted.
/// Without the definition (it is gone) the reference itself is shown.
pub fn reason(q: Option<&Questionnaire>, e: &Explained, answered_on: Option<time::Date>) -> LangText {
    let (function, reference, days) = match e.reference.split_once('(') {
        Some((f, rest)) if !f.is_empty() => {
            // `lowest_within(weight, 3)` or `lowest_within(weight, 3, 6)`:
            // the item, then the window's days.
            let inner = rest.trim_end_matches(')');
            let mut args = inner.split(", ");
            let item = args.next().unwrap_or_default();
            (Some(f), item, args.next().and_then(|d| d.parse::<u32>().ok()))
        }
        _ => (None, e.reference.as_str(), None),
    };
    let on = e.days_ago.zip(answered_on).and_then(|(d, day)| day.checked_sub(time::Duration::days(d)));
    let lang = |locale: Locale| {
        let score = reference.strip_prefix("score.");
        let item = q.and_then(|q| q.item(reference));
        let name = if e.reference == "days_since_previous()" {
            t::explanation::DAYS_SINCE_PREVIOUS.get(locale).to_owned()
        } else if e.reference == "days_since_index()" {
            t::explanation::DAYS_SINCE_INDEX.get(locale).to_owned()
        } else if let Some(s) = score {
            q.and_then(|q| q.scores.iter().find(|x| x.id == s)).map_or_else(|| s.to_owned(), |x| x.text.get(locale).to_owned())
        } else {
            item.map_or_else(|| reference.to_owned(), |i| i.text.get(locale).to_owned())
        };
        let value = match (&e.value, item) {
            (None, _) => t::explanation::NOT_ANSWERED.get(locale).to_owned(),
            (Some(v), Some(item)) => crate::respondent::show_answer(item, &answer_value(v), locale),
            (Some(v), None) => number(v, locale),
        };
        // A rise is written with its sign, so it is not read as a weight.
        let value = match (function, &e.value) {
            (Some("change_within"), Some(ShownValue::Number(n))) if *n > 0.0 => format!("+{value}"),
            _ => value,
        };
        let n = days.unwrap_or_default();
        // A window that reached back past its days for want of a response
        // in them says so: the value is the latest one before them.
        let reached_back = e.days_ago.is_some_and(|d| days.is_some_and(|n| d > i64::from(n)));
        let when = match function {
            Some("highest_within" | "lowest_within" | "change_within") if reached_back => Some(t::explanation::LATEST_BEFORE),
            Some("previous") => Some(t::explanation::PREVIOUS),
            Some("baseline") => Some(t::explanation::BASELINE),
            Some("highest_within") => Some(t::explanation::HIGHEST_WITHIN),
            Some("lowest_within") => Some(t::explanation::LOWEST_WITHIN),
            Some("change_within") => Some(t::explanation::CHANGE_WITHIN),
            // One of the last responses, read by `in_each_of_last`.
            None if on.is_some() => Some(t::explanation::RESPONSE),
            _ => None,
        }
        .map(|text| text.fill(locale, &[("n", &n)]));
        let prefix = match (when, on) {
            (Some(w), Some(d)) if function.is_none() => format!("{w} {}: ", short_date(d, locale)),
            (Some(w), Some(d)) => format!("{w} ({}): ", short_date(d, locale)),
            (Some(w), None) => format!("{w}: "),
            (None, _) => String::new(),
        };
        // A question ends in its own mark; a title gets a colon.
        let sep = if name.ends_with(['?', ':', '.']) { " " } else { ": " };
        format!("{prefix}{name}{sep}{value}")
    };
    LangText::new(lang(Locale::Da), lang(Locale::En))
}

fn answer_value(v: &ShownValue) -> AnswerValue {
    match v {
        ShownValue::Bool(b) => AnswerValue::Bool(*b),
        ShownValue::Number(n) => AnswerValue::Number(*n),
        ShownValue::Text(t) => AnswerValue::Text(t.clone()),
        ShownValue::Choices(c) => AnswerValue::Choices(c.clone()),
    }
}

/// A score's or a count's value: whole numbers as they are, others with
/// one decimal, written with a decimal comma in Danish.
fn number(v: &ShownValue, locale: Locale) -> String {
    match v {
        ShownValue::Number(n) if n.fract() == 0.0 => format!("{n}"),
        ShownValue::Number(n) => {
            let s = format!("{n:.1}");
            if locale == Locale::Da {
                s.replace('.', ",")
            } else {
                s
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_entries_are_sentences() {
        assert_eq!(enrolment_event("enrolled", r#"{"index_date":"2026-10-31"}"#, Locale::Da), "Indskrevet i forløbet, indeksdato 31. okt. 2026");
        assert_eq!(enrolment_event("enrolled", r#"{"index_date":"2026-10-31"}"#, Locale::En), "Enrolled, index date 31 Oct 2026");
        assert_eq!(
            enrolment_event("index_date_changed", r#"{"from":"2026-10-31","to":"2026-11-07"}"#, Locale::Da),
            "Indeksdato flyttet fra 31. okt. 2026 til 7. nov. 2026"
        );
        assert_eq!(enrolment_event("ended", r#"{"reason":"moved away"}"#, Locale::En), "Ended: moved away");
        assert_eq!(enrolment_event("paused", r#"{"reason":null}"#, Locale::Da), "Sat på pause");
        assert_eq!(enrolment_event("other", "not json", Locale::En), "Enrolment changed");
    }

    #[test]
    fn reasons_use_the_questionnaires_words() {
        use crate::engine::load::{load, Document};
        let text = include_str!("../../questionnaires/ear-tubes-follow-up.toml");
        let Some(Document::Questionnaire(q)) = load(&crate::engine::SourceFile::new("f.toml", text)).document else { panic!("shipped file reads") };
        let why =
            |reference: &str, value: Option<ShownValue>| reason(Some(&q), &Explained { reference: reference.into(), value, days_ago: None }, None);
        let days = why("discharge_days", Some(ShownValue::Text("more_14".into())));
        assert!(!days.da.contains("discharge_days") && !days.da.contains("more_14"), "{days:?}");
        assert!(days.da.contains("14"), "{days:?}");
        assert!(why("previous(discharge)", Some(ShownValue::Bool(true))).da.starts_with("Forrige svar: "));
        assert_eq!(why("days_since_previous()", Some(ShownValue::Number(3.0))).en, "Days since the previous response: 3");
        assert!(why("discharge", None).en.ends_with("not answered"));
        let gone = reason(None, &Explained { reference: "score.ear".into(), value: Some(ShownValue::Number(2.5)), days_ago: None }, None);
        assert_eq!((gone.da.as_str(), gone.en.as_str()), ("ear: 2,5", "ear: 2.5"));
    }

    #[test]
    fn values_over_time_say_which_response_and_its_date() {
        use crate::engine::load::{load, Document};
        let text = include_str!("../../questionnaires/heart-failure-home.toml");
        let Some(Document::Questionnaire(q)) = load(&crate::engine::SourceFile::new("h.toml", text)).document else { panic!("shipped file reads") };
        let day = time::Date::from_calendar_date(2026, time::Month::December, 5).ok();
        let why = |reference: &str, value: f64, days_ago: Option<i64>| {
            reason(Some(&q), &Explained { reference: reference.into(), value: Some(ShownValue::Number(value)), days_ago }, day)
        };
        let lowest = why("lowest_within(weight, 3)", 80.5, Some(3));
        assert!(lowest.da.starts_with("Laveste inden for 3 dage (2. dec. 2026): "), "{lowest:?}");
        assert!(lowest.da.contains("80,5") && lowest.en.contains("80.5") && !lowest.da.contains("weight"), "{lowest:?}");
        assert!(lowest.en.starts_with("Lowest within 3 days (2 Dec 2026): "), "{lowest:?}");
        let change = why("change_within(weight, 7)", 2.5, Some(6));
        assert!(change.en.starts_with("Change within 7 days (29 Nov 2026): ") && change.en.contains("+2.5"), "{change:?}");
        // A window that reached back past its 3 days to the report 5 days ago.
        let reached = why("lowest_within(weight, 3, 6)", 82.0, Some(5));
        assert!(reached.da.starts_with("Seneste svar før de 3 dage (30. nov. 2026): "), "{reached:?}");
        assert!(reached.en.starts_with("Latest response before the 3 days (30 Nov 2026): "), "{reached:?}");
        let inside = why("lowest_within(weight, 3, 6)", 82.0, Some(2));
        assert!(inside.en.starts_with("Lowest within 3 days (3 Dec 2026): "), "{inside:?}");
        let day_of = why("days_since_index()", 6.0, None);
        assert_eq!((day_of.da.as_str(), day_of.en.as_str()), ("Dage siden indeksdatoen: 6", "Days since the index date: 6"));
        let previous = why("previous(weight)", 80.0, Some(1));
        assert!(previous.da.starts_with("Forrige svar (4. dec. 2026): "), "{previous:?}");
        let one_of_the_last = why("weight", 81.0, Some(0));
        assert!(one_of_the_last.da.starts_with("Svar 5. dec. 2026: "), "{one_of_the_last:?}");
        assert!(!why("weight", 81.0, None).da.starts_with("Svar"));
    }

    #[test]
    fn every_audited_action_has_a_label() {
        // Every action name in the source (`"patient.view"` and the like,
        // read from the files, so a new action without a label fails here).
        const KINDS: [&str; 12] = [
            "patient",
            "enrolment",
            "response",
            "worklist",
            "overview",
            "staff",
            "audit",
            "password",
            "authoring",
            "clinic",
            "questionnaire",
            "pathway",
        ];
        let mut missing = Vec::new();
        let mut seen = 0;
        for (_, text) in crate::test_support::source_files() {
            for literal in text.match_indices('"').filter_map(|(at, _)| text[at + 1..].split('"').next()) {
                let action = literal.split_once('.').is_some_and(|(kind, rest)| {
                    KINDS.contains(&kind) && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                });
                if action {
                    seen += 1;
                    if audit_action(literal, Locale::En) == literal {
                        missing.push(literal.to_owned());
                    }
                }
            }
        }
        assert!(seen > 20, "the audit actions were found ({seen})");
        assert!(missing.is_empty(), "audit actions without a label: {missing:?}");
    }

    #[test]
    fn time_points_read_as_when_they_open() {
        use crate::engine::pathway::TimePoint;
        let tp = |offset: &str, every: Option<&str>, baseline: bool| TimePoint {
            id: "t".into(),
            questionnaire: "q".into(),
            offset: offset.parse().unwrap(),
            window_days: 14,
            reminder_days: vec![],
            repeat: every.map(|e| crate::engine::pathway::Repeat { every: e.parse().unwrap(), until: "2y".parse().unwrap() }),
            baseline,
            missed_after_days: None,
        };
        assert_eq!(timepoint(&tp("-2d", None, true)).da, "Udgangspunkt, 2 dage før indeksdatoen");
        assert_eq!(timepoint(&tp("-2d", None, true)).en, "Baseline, 2 days before the index date");
        assert_eq!(timepoint(&tp("+1m", Some("12w"), false)).da, "1 måned efter indeksdatoen, derefter hver 12. uge");
        assert_eq!(timepoint(&tp("+1m", Some("12w"), false)).en, "1 month after the index date, then every 12 weeks");
        assert_eq!(timepoint(&tp("0d", Some("1d"), false)).en, "On the index date, then every day");
    }

    #[test]
    fn an_unknown_id_shows_as_itself() {
        let mut l = Labels::default();
        l.questionnaires.insert("q".into(), LangText::new("Spørgeskema", "Questionnaire"));
        assert_eq!(l.questionnaire("q", Locale::Da), "Spørgeskema");
        assert_eq!(l.questionnaire("gone", Locale::En), "gone");
    }
}
