//! The history a response's rules see: the patient's earlier responses in
//! the same enrolment.
//!
//! What each part means clinically (written down because a wrong choice
//! raises false red flags or hides real ones):
//! - `previous(...)` is the latest earlier response to the same
//!   questionnaire in the same enrolment. A response entered by staff
//!   without an enrolment uses the patient's latest earlier response to the
//!   same questionnaire.
//! - `baseline(...)` is the answer to the time point the pathway marks
//!   `baseline = true` (e.g. before the operation), in the same enrolment.
//!   A pathway without one, an enrolment whose baseline was never answered,
//!   and a response entered outside an enrolment have no baseline: the
//!   value is unknown and rules on it do not fire. So a message that speaks
//!   of "before the operation" appears only when there is such an answer.
//! - The functions over time (`lowest_within`, `in_each_of_last`, ...)
//!   read every earlier response to the same questionnaire in the same
//!   enrolment, newest first, each with the whole days since it was given;
//!   the last 20, and any older ones within a year (the longest window a
//!   rule may name).
//! - Earlier answers count only where they mean the same as now: the same
//!   item (type, options and weights) or the same score definition in the
//!   version answered then ([`Compiled::comparable_past`]); a sum or mean is
//!   compared only when the same items were answered both times.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::domain::EnrolmentId;
use time::{Date, OffsetDateTime};

use crate::engine::rules::types::{MAX_RESPONSES_BACK, MAX_WINDOW_DAYS};
use crate::engine::{Compiled, DatedResponse, History, PastResponse};
use crate::responses::ResponseRecord;

/// The definitions earlier responses are read with: each questionnaire
/// version they answered, and the baseline time point of each pathway.
#[derive(Clone, Debug, Default)]
pub struct PastDefinitions {
    pub questionnaires: BTreeMap<(String, i64), Arc<Compiled>>,
    /// Pathway id → the id of its baseline time point (pathways without
    /// one are absent).
    pub baselines: BTreeMap<String, String>,
    /// The clinic's time zone: days are counted in its calendar (in UTC
    /// dates when there is none, as in unit tests).
    #[cfg(feature = "ssr")]
    pub zone: Option<&'static time_tz::Tz>,
}

impl PastDefinitions {
    /// The clinic's calendar date of an instant: a report at 00:30 in
    /// Copenhagen (23:30 UTC) belongs to the Danish day it was given on.
    pub fn day(&self, at: OffsetDateTime) -> Date {
        #[cfg(feature = "ssr")]
        if let Some(zone) = self.zone {
            return crate::schedule::zone::local_date(at, zone);
        }
        at.date()
    }

    /// The definitions `records` need, from the clinic's published versions
    /// and the shipped files.
    #[cfg(feature = "ssr")]
    pub async fn load(
        state: &crate::state::AppState,
        clinic_id: crate::domain::ClinicId,
        records: &[ResponseRecord],
    ) -> Result<PastDefinitions, crate::ports::StoreError> {
        let mut out = PastDefinitions::default();
        out.zone = Some(crate::schedule::zone::zone(&state.store.clinic_time_zone(clinic_id).await?));
        for r in records {
            let key = (r.questionnaire_id.clone(), r.questionnaire_version);
            if !out.questionnaires.contains_key(&key) {
                let version = u32::try_from(r.questionnaire_version).ok();
                if let Some(c) = state.definitions.questionnaire(state.store.as_ref(), clinic_id, &key.0, version).await? {
                    // Only the version answered: a newer file in its place
                    // could compare answers given to other questions.
                    if i64::from(c.questionnaire().version) == r.questionnaire_version {
                        out.questionnaires.insert(key, c);
                    }
                }
            }
            if let Some(pathway) = &r.pathway_id {
                if !out.baselines.contains_key(pathway) {
                    if let Some((_, p)) = state.definitions.pathway(state.store.as_ref(), clinic_id, pathway).await? {
                        if let Some(tp) = p.baseline_timepoint() {
                            out.baselines.insert(pathway.clone(), tp.id.clone());
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The enrolment a response belongs to, as its history needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InEnrolment {
    pub id: EnrolmentId,
    /// The index event's date (the operation): `days_since_index()`.
    pub index_date: Option<Date>,
}

/// The history `current`'s rules see for a response in `enrolment` (none:
/// entered by staff answering no invitation), from the patient's `earlier`
/// responses (oldest first); `today` is the clinic's calendar date of the
/// response ([`PastDefinitions::day`]).
pub fn history_for(
    current: &Compiled,
    enrolment: Option<InEnrolment>,
    earlier: &[ResponseRecord],
    definitions: &PastDefinitions,
    today: Date,
) -> History {
    let enrolment_id = enrolment.map(|e| e.id);
    let questionnaire_id = &current.questionnaire().id;
    let in_scope = |r: &&ResponseRecord| enrolment_id.is_none() || r.enrolment_id == enrolment_id;
    let previous = earlier.iter().rev().filter(in_scope).find(|r| &r.questionnaire_id == questionnaire_id);
    let baseline = enrolment_id.and_then(|_| {
        earlier.iter().filter(in_scope).find(|r| {
            let baseline_timepoint = r.pathway_id.as_ref().and_then(|p| definitions.baselines.get(p));
            r.timepoint.is_some() && r.timepoint.as_ref() == baseline_timepoint
        })
    });
    // Whole days in the clinic's calendar between an earlier response and today.
    let days_ago = |r: &ResponseRecord| (today - definitions.day(r.submitted_at)).whole_days();
    let comparable = |r: &ResponseRecord| {
        let past = PastResponse { answers: r.answers.clone(), scores: r.scores.iter().filter_map(|(k, v)| v.map(|v| (k.clone(), v))).collect() };
        match definitions.questionnaires.get(&(r.questionnaire_id.clone(), r.questionnaire_version)) {
            Some(then) => current.comparable_past(then, &past),
            // The version answered cannot be read: nothing is comparable.
            None => PastResponse::default(),
        }
    };
    let earlier = earlier
        .iter()
        .rev()
        .filter(in_scope)
        .filter(|r| &r.questionnaire_id == questionnaire_id)
        .enumerate()
        .take_while(|(i, r)| *i < MAX_RESPONSES_BACK as usize || days_ago(r) <= i64::from(MAX_WINDOW_DAYS))
        .map(|(_, r)| DatedResponse { response: comparable(r), days_ago: days_ago(r) })
        .collect();
    History {
        previous: previous.map(comparable),
        baseline: baseline.map(comparable),
        days_since_previous: previous.map(days_ago),
        days_since_baseline: baseline.map(days_ago),
        // The clinic's calendar days since the operation: day 0 is its date.
        days_since_index: enrolment.and_then(|e| e.index_date).map(|d| (today - d).whole_days()),
        earlier,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{AnswerValue, Answers};
    use crate::responses::EntryMode;

    const BASELINE: &str = include_str!("../../../questionnaires/ear-tubes-baseline.toml");
    const FOLLOW_UP: &str = include_str!("../../../questionnaires/ear-tubes-follow-up.toml");

    fn compiled(name: &str, text: &str) -> Arc<Compiled> {
        use crate::engine::load::{load, Document};
        match load(&crate::engine::SourceFile::new(name, text)).document {
            Some(Document::Questionnaire(q)) => Arc::new(Compiled::new(q).expect("compiles")),
            _ => panic!("{name} reads"),
        }
    }

    fn symptoms(level: &str) -> Answers {
        ["ear_pain", "fever", "hearing_concern", "speech_concern", "sleep_trouble", "mood"]
            .into_iter()
            .map(|k| (k.to_owned(), AnswerValue::Text(level.into())))
            .collect()
    }

    fn record(enrolment: Option<EnrolmentId>, questionnaire: &str, timepoint: Option<&str>, day: u8, score: f64) -> ResponseRecord {
        ResponseRecord {
            id: crate::domain::ResponseId::random(),
            enrolment_id: enrolment,
            pathway_id: enrolment.map(|_| "ear_tubes".to_owned()),
            timepoint: timepoint.map(str::to_owned),
            index_date: None,
            questionnaire_id: questionnaire.into(),
            questionnaire_version: 1,
            answers: symptoms("rarely"),
            scores: [("ear_symptoms".to_owned(), Some(score)), ("none".to_owned(), None)].into(),
            entry_mode: EntryMode::Respondent,
            entered_by_name: None,
            submitted_at: Date::from_calendar_date(2026, time::Month::November, day).unwrap().midnight().assume_utc(),
            flags: vec![],
        }
    }

    fn at(enrolment: Option<EnrolmentId>) -> Option<InEnrolment> {
        enrolment.map(|id| InEnrolment { id, index_date: None })
    }

    #[test]
    fn days_since_index_count_the_clinics_days_from_the_operation() {
        let follow_up = compiled("f.toml", FOLLOW_UP);
        let today = Date::from_calendar_date(2026, time::Month::November, 20).unwrap();
        let operated =
            |day: u8| Some(InEnrolment { id: EnrolmentId::random(), index_date: Date::from_calendar_date(2026, time::Month::November, day).ok() });
        assert_eq!(history_for(&follow_up, operated(13), &[], &definitions(), today).days_since_index, Some(7));
        assert_eq!(history_for(&follow_up, operated(20), &[], &definitions(), today).days_since_index, Some(0), "the operation's own day is day 0");
        // Answered before the operation (a baseline): negative.
        assert_eq!(history_for(&follow_up, operated(22), &[], &definitions(), today).days_since_index, Some(-2));
        // No enrolment (a staff entry that answers no invitation): unknown.
        assert_eq!(history_for(&follow_up, None, &[], &definitions(), today).days_since_index, None);
    }

    fn definitions() -> PastDefinitions {
        PastDefinitions {
            questionnaires: [
                (("ear_tubes_baseline".to_owned(), 1), compiled("b.toml", BASELINE)),
                (("ear_tubes_follow_up".to_owned(), 1), compiled("f.toml", FOLLOW_UP)),
            ]
            .into(),
            baselines: [("ear_tubes".to_owned(), "baseline".to_owned())].into(),
            ..PastDefinitions::default()
        }
    }

    #[test]
    fn baseline_is_the_baseline_time_point_of_the_same_enrolment() {
        let follow_up = compiled("f.toml", FOLLOW_UP);
        let today = Date::from_calendar_date(2026, time::Month::November, 20).unwrap();
        let (this, other) = (Some(EnrolmentId::random()), Some(EnrolmentId::random()));
        let earlier = [
            record(other, "ear_tubes_baseline", Some("baseline"), 1, 1.0),
            record(this, "ear_tubes_follow_up", Some("follow_up"), 2, 2.0),
            record(this, "ear_tubes_baseline", Some("baseline"), 3, 6.0),
            record(this, "ear_tubes_follow_up", Some("follow_up"), 10, 7.0),
            record(other, "ear_tubes_follow_up", Some("follow_up"), 15, 9.0),
        ];
        let h = history_for(&follow_up, at(this), &earlier, &definitions(), today);
        assert_eq!(h.baseline.as_ref().unwrap().scores["ear_symptoms"], 6.0, "this enrolment's baseline time point");
        assert_eq!(h.previous.as_ref().unwrap().scores["ear_symptoms"], 7.0, "this enrolment's latest follow-up");
        assert!(!h.baseline.unwrap().scores.contains_key("none"), "missing scores stay unknown");
        assert_eq!(h.days_since_previous, Some(10));
        assert_eq!(h.days_since_baseline, Some(17));
        // Over time: this enrolment's follow-ups, newest first, with their days.
        let over_time: Vec<(i64, f64)> = h.earlier.iter().map(|d| (d.days_ago, d.response.scores["ear_symptoms"])).collect();
        assert_eq!(over_time, vec![(10, 7.0), (18, 2.0)]);

        // No baseline answered: a follow-up never stands in for it.
        let h = history_for(&follow_up, at(this), &earlier[1..2], &definitions(), today);
        assert!(h.baseline.is_none() && h.previous.is_some());
        // A pathway without a baseline time point has none.
        let mut without = definitions();
        without.baselines.clear();
        assert!(history_for(&follow_up, at(this), &earlier, &without, today).baseline.is_none());
        // Staff entry outside an enrolment: the latest same questionnaire, no baseline.
        let h = history_for(&follow_up, None, &earlier, &definitions(), today);
        assert_eq!(h.previous.unwrap().scores["ear_symptoms"], 9.0);
        assert!(h.baseline.is_none());
        assert_eq!(history_for(&follow_up, at(this), &[], &definitions(), today), History::default());
    }

    #[test]
    fn a_version_that_cannot_be_read_compares_nothing() {
        let follow_up = compiled("f.toml", FOLLOW_UP);
        let today = Date::from_calendar_date(2026, time::Month::November, 20).unwrap();
        let this = Some(EnrolmentId::random());
        let earlier = [record(this, "ear_tubes_baseline", Some("baseline"), 3, 6.0)];
        let mut unknown = definitions();
        unknown.questionnaires.clear();
        assert_eq!(history_for(&follow_up, at(this), &earlier, &unknown, today).baseline, Some(PastResponse::default()));
    }
}
