//! Which invitation a response entered by staff answers.
//!
//! A paper form or a phone call is how the least digital respondents take
//! part, so their answers must count exactly as answers through the link
//! do: a baseline entered from paper is the baseline, a follow-up is the
//! follow-up. What an entry may answer (decided here, so the form offers
//! it and the post checks it the same way):
//! - an **open** invitation to the same questionnaire (sent, window open);
//! - the **most recently missed** one of each enrolment (its window closed
//!   without an answer; the paper came back late, or the clinic phoned);
//! - a **planned** one that opens within [`PLANNED_AHEAD_DAYS`] days (the
//!   form before the operation, filled in at the pre-operative visit).
//!
//! Answered and cancelled invitations, and planned ones further ahead, are
//! never offered. The default is the one the questionnaire most likely
//! belongs to: an open one (the one closing first), else the next planned
//! one, else the most recently missed one. An entry may also answer no
//! invitation: it is then kept apart from the baseline and the time points
//! (see `responses::history`).

use time::Date;

use crate::domain::InvitationId;
use crate::schedule::{InvitationRecord, InvitationStatus};

/// How many days before it opens a planned invitation may be answered on
/// paper.
pub const PLANNED_AHEAD_DAYS: i64 = 14;

/// The invitations an entry to `questionnaire` may answer on `today` (the
/// clinic's date), in the order of their opening.
pub fn entry_targets(invitations: &[InvitationRecord], questionnaire: &str, today: Date) -> Vec<InvitationRecord> {
    let same = || invitations.iter().filter(|i| i.questionnaire_id == questionnaire);
    let mut out: Vec<InvitationRecord> = same()
        .filter(|i| match i.status {
            InvitationStatus::Open => true,
            InvitationStatus::Planned => (i.opens_on - today).whole_days() <= PLANNED_AHEAD_DAYS,
            InvitationStatus::Missed => {
                // Only the most recently closed of its enrolment.
                same().filter(|o| o.enrolment_id == i.enrolment_id && o.status == InvitationStatus::Missed).all(|o| o.closes_on <= i.closes_on)
            }
            InvitationStatus::Answered | InvitationStatus::Cancelled => false,
        })
        .cloned()
        .collect();
    out.sort_by_key(|i| (i.opens_on, i.id));
    out
}

/// The target the form chooses unless staff choose another.
pub fn default_target(targets: &[InvitationRecord]) -> Option<InvitationId> {
    let first = |status: InvitationStatus| targets.iter().filter(move |i| i.status == status);
    first(InvitationStatus::Open)
        .min_by_key(|i| i.closes_on)
        .or_else(|| first(InvitationStatus::Planned).min_by_key(|i| i.opens_on))
        .or_else(|| first(InvitationStatus::Missed).max_by_key(|i| i.closes_on))
        .map(|i| i.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EnrolmentId;
    use time::macros::date;

    fn invitation(enrolment: EnrolmentId, questionnaire: &str, n: u32, opens: Date, status: InvitationStatus) -> InvitationRecord {
        InvitationRecord {
            id: InvitationId::random(),
            enrolment_id: enrolment,
            timepoint: "t".into(),
            sequence: n,
            questionnaire_id: questionnaire.into(),
            opens_on: opens,
            closes_on: opens + time::Duration::days(7),
            status,
            sent_at: None,
        }
    }

    const TODAY: Date = date!(2026 - 12 - 07);

    #[test]
    fn only_what_may_still_be_answered_is_offered() {
        let e = EnrolmentId::random();
        let all = [
            invitation(e, "follow_up", 1, date!(2026 - 09 - 01), InvitationStatus::Missed),
            invitation(e, "follow_up", 2, date!(2026 - 10 - 01), InvitationStatus::Missed),
            invitation(e, "follow_up", 3, date!(2026 - 11 - 01), InvitationStatus::Answered),
            invitation(e, "follow_up", 4, date!(2026 - 12 - 05), InvitationStatus::Open),
            invitation(e, "follow_up", 5, date!(2026 - 12 - 21), InvitationStatus::Planned),
            invitation(e, "follow_up", 6, date!(2026 - 12 - 22), InvitationStatus::Planned),
            invitation(e, "follow_up", 7, date!(2026 - 12 - 01), InvitationStatus::Cancelled),
            invitation(e, "baseline", 1, date!(2026 - 12 - 06), InvitationStatus::Open),
        ];
        let targets = entry_targets(&all, "follow_up", TODAY);
        let numbers: Vec<u32> = targets.iter().map(|i| i.sequence).collect();
        // The latest missed one (2, not 1), the open one, and the planned
        // one opening in 14 days (5; 6 opens in 15).
        assert_eq!(numbers, [2, 4, 5]);
        assert_eq!(default_target(&targets), Some(all[3].id), "the open one");
    }

    #[test]
    fn the_default_is_open_then_next_planned_then_latest_missed() {
        let e = EnrolmentId::random();
        let planned = invitation(e, "baseline", 1, date!(2026 - 12 - 09), InvitationStatus::Planned);
        let missed = invitation(e, "baseline", 1, date!(2026 - 11 - 09), InvitationStatus::Missed);
        assert_eq!(default_target(&entry_targets(std::slice::from_ref(&planned), "baseline", TODAY)), Some(planned.id));
        assert_eq!(default_target(&entry_targets(std::slice::from_ref(&missed), "baseline", TODAY)), Some(missed.id));
        assert_eq!(default_target(&entry_targets(&[planned.clone(), missed.clone()], "baseline", TODAY)), Some(planned.id));
        // Two open ones (two enrolments): the one closing first.
        let soon = invitation(EnrolmentId::random(), "baseline", 1, date!(2026 - 12 - 02), InvitationStatus::Open);
        let later = invitation(e, "baseline", 1, date!(2026 - 12 - 06), InvitationStatus::Open);
        assert_eq!(default_target(&entry_targets(&[later, soon.clone()], "baseline", TODAY)), Some(soon.id));
        // Nothing to answer: the entry answers no invitation.
        assert_eq!(default_target(&entry_targets(&[], "baseline", TODAY)), None);
    }

    #[test]
    fn each_enrolment_offers_its_own_latest_missed_invitation() {
        let (a, b) = (EnrolmentId::random(), EnrolmentId::random());
        let all = [
            invitation(a, "q", 1, date!(2026 - 10 - 01), InvitationStatus::Missed),
            invitation(b, "q", 1, date!(2026 - 09 - 01), InvitationStatus::Missed),
        ];
        assert_eq!(entry_targets(&all, "q", TODAY).len(), 2);
    }
}
