//! The dry-run: a draft's rules over the clinic's past responses, beside
//! the version in use, before anything is published. Each response is
//! evaluated as it would have been on the day it came in: with the
//! patient's history up to then (previous response, baseline).

use std::collections::BTreeSet;

use crate::domain::{PatientId, ResponseId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::authoring::PastRecord;
use crate::engine::{Compiled, Completeness, FlagLevel};
use crate::responses::history::{history_for, InEnrolment, PastDefinitions};

/// Responses raising at least one flag of each level (a response can count
/// under several), and those raising none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCounts {
    pub red: usize,
    pub yellow: usize,
    pub contact: usize,
    pub none: usize,
}

impl LevelCounts {
    fn add(&mut self, levels: &BTreeSet<FlagLevel>) {
        if levels.is_empty() {
            self.none += 1;
        }
        for l in levels {
            match l {
                FlagLevel::Red => self.red += 1,
                FlagLevel::Yellow => self.yellow += 1,
                FlagLevel::Contact => self.contact += 1,
            }
        }
    }
}

/// A response whose flags would change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Changed {
    pub response_id: ResponseId,
    pub patient_id: PatientId,
    pub patient_name: String,
    pub submitted_at: OffsetDateTime,
    /// The version that was answered.
    pub answered_version: i64,
    /// Rule ids that fire with the version in use, and with the draft.
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub before_level: Option<FlagLevel>,
    pub after_level: Option<FlagLevel>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DryRun {
    pub responses: usize,
    pub patients: usize,
    pub current: LevelCounts,
    pub draft: LevelCounts,
    pub changed: Vec<Changed>,
}

/// Most changed responses listed (the counts cover all).
pub const MAX_LISTED: usize = 200;

/// Runs `current` and `draft` over `records` (each patient's responses
/// oldest first, as the store returns them) for the responses to the
/// draft's questionnaire.
pub fn dry_run(records: &[PastRecord], definitions: &PastDefinitions, current: &Compiled, draft: &Compiled) -> DryRun {
    let id = &draft.questionnaire().id;
    let mut out = DryRun::default();
    let mut patients = BTreeSet::new();
    for (n, record) in records.iter().enumerate() {
        let r = &record.response;
        if &r.questionnaire_id != id {
            continue;
        }
        // Earlier responses of the same patient: the records before this
        // one back to the patient's first.
        let start = records[..n].iter().rposition(|e| e.patient_id != record.patient_id).map_or(0, |p| p + 1);
        let earlier: Vec<_> = records[start..n].iter().map(|e| e.response.clone()).collect();
        let outcome = |c: &Compiled| {
            let enrolment = r.enrolment_id.map(|id| InEnrolment { id, index_date: r.index_date });
            let history = history_for(c, enrolment, &earlier, definitions, definitions.day(r.submitted_at));
            let validated = c.validate(&r.answers, &history, Completeness::Draft);
            let flags = c.evaluate(&validated.answers, &history).flags;
            let mut rules: Vec<String> = flags.iter().map(|f| f.rule.clone()).collect();
            rules.sort();
            let levels: BTreeSet<FlagLevel> = flags.iter().map(|f| f.level).collect();
            (rules, levels)
        };
        let (before, before_levels) = outcome(current);
        let (after, after_levels) = outcome(draft);
        out.responses += 1;
        patients.insert(record.patient_id);
        out.current.add(&before_levels);
        out.draft.add(&after_levels);
        if before != after && out.changed.len() < MAX_LISTED {
            out.changed.push(Changed {
                response_id: r.id,
                patient_id: record.patient_id,
                patient_name: record.patient_name.clone(),
                submitted_at: r.submitted_at,
                answered_version: r.questionnaire_version,
                before,
                after,
                before_level: before_levels.first().copied(),
                after_level: after_levels.first().copied(),
            });
        }
    }
    out.patients = patients.len();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::{FlagRule, RuleLevel};
    use crate::engine::{AnswerValue, Answers, LangText};
    use crate::responses::{EntryMode, ResponseRecord};

    use crate::test_support::shipped_follow_up as follow_up;

    fn record(patient: u128, day: u8, answers: Answers) -> PastRecord {
        PastRecord {
            patient_id: uuid::Uuid::from_u128(patient).into(),
            patient_name: format!("Patient {patient}"),
            response: ResponseRecord {
                id: crate::domain::ResponseId::random(),
                enrolment_id: None,
                pathway_id: None,
                timepoint: None,
                index_date: None,
                questionnaire_id: "ear_tubes_follow_up".into(),
                questionnaire_version: 1,
                answers,
                scores: Default::default(),
                entry_mode: EntryMode::StaffPaper,
                entered_by_name: None,
                submitted_at: time::Date::from_calendar_date(2026, time::Month::November, day).expect("date").midnight().assume_utc(),
                flags: vec![],
            },
        }
    }

    #[test]
    fn a_stricter_rule_changes_the_outcome_of_the_responses_it_catches() {
        let current = follow_up();
        let mut q = current.questionnaire().clone();
        q.version = 2;
        q.rules.push(FlagRule {
            id: "any_contact_wish".into(),
            level: RuleLevel::Yellow,
            when: "answered(contact)".into(),
            message: LangText { da: "a".into(), en: "b".into() },
            advice: None,
            rationale: None,
        });
        let draft = Compiled::new(q).expect("compiles");
        let yes: Answers = [("contact".to_owned(), AnswerValue::Bool(false))].into_iter().collect();
        let records = vec![record(1, 1, Answers::new()), record(1, 5, yes.clone()), record(2, 3, Answers::new())];
        let run = dry_run(&records, &PastDefinitions::default(), &current, &draft);
        assert_eq!(run.responses, 3);
        assert_eq!(run.patients, 2);
        assert_eq!(run.draft.yellow, run.current.yellow + 1);
        assert_eq!(run.changed.len(), 1);
        assert_eq!(run.changed[0].patient_name, "Patient 1");
        assert_eq!(run.changed[0].after, vec!["any_contact_wish".to_owned()]);
        assert_eq!(run.changed[0].after_level, Some(FlagLevel::Yellow));
    }

    #[test]
    fn the_same_rules_change_nothing() {
        let current = follow_up();
        let records = vec![record(1, 1, Answers::new())];
        let run = dry_run(&records, &PastDefinitions::default(), &current, &current);
        assert_eq!(run.current, run.draft);
        assert!(run.changed.is_empty());
    }
}
