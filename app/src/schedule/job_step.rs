//! What a due job does, decided from the job's kind, its invitation's
//! status and its enrolment's status: a pure function, so every branch is
//! tested here and the store only carries out the step it is given.

use crate::patients::EnrolmentStatus;

use super::invitations::InvitationStatus;
use super::port::JobKind;

/// The step a due job takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobStep {
    /// Mail the invitation's link to every respondent; `opens` for the
    /// first mail (the invitation becomes open), not for a reminder.
    SendMails { opens: bool },
    /// The window closes unanswered: the invitation is missed and a
    /// no-response item reaches the worklist. `with_draft`: answers saved
    /// but never sent may go with the item (only while it was open: a
    /// planned invitation was never shown, so it has no draft).
    CloseUnanswered { with_draft: bool },
    /// Nothing to do (answered, cancelled, or the enrolment is paused or
    /// ended); the job is finished as skipped.
    Skip,
}

/// Whether an unanswered invitation's close puts an item of its own on the
/// worklist. An invitation of frequent reports watched for gaps
/// (`missed_after_days`) does not: one missed daily weight is not a
/// finding, and a gap of that many days already raised the enrolment's
/// missed-report item (`missed_reports`). Its answers saved but never
/// sent that cannot wait (a red flag, a contact request) still do.
pub fn closing_raises_item(watched_for_gaps: bool, urgent_draft: bool) -> bool {
    !watched_for_gaps || urgent_draft
}

/// Whether a message that failed for good (an SMS refused or never
/// delivered, a mail given up) is followed by the same message by the
/// respondent's next channel: only while its invitation is open and the
/// enrolment active. An answered, missed or cancelled invitation needs no
/// more messages, and a paused or ended enrolment sends nothing new.
pub fn falls_back(invitation: InvitationStatus, enrolment: EnrolmentStatus) -> bool {
    invitation == InvitationStatus::Open && enrolment == EnrolmentStatus::Active
}

impl JobStep {
    /// Decides the step. A paused or ended enrolment sends nothing. A
    /// planned invitation still planned at its close, in an active
    /// enrolment, could never be sent (its invitation job was given up):
    /// it reaches the worklist like an unanswered one, so the clinic learns
    /// that this patient heard nothing.
    pub fn decide(kind: JobKind, invitation: InvitationStatus, enrolment: EnrolmentStatus) -> JobStep {
        let active = enrolment == EnrolmentStatus::Active;
        match (kind, invitation) {
            (JobKind::Invite, InvitationStatus::Planned) if active => JobStep::SendMails { opens: true },
            (JobKind::Remind, InvitationStatus::Open) if active => JobStep::SendMails { opens: false },
            (JobKind::Close, InvitationStatus::Open) => JobStep::CloseUnanswered { with_draft: true },
            (JobKind::Close, InvitationStatus::Planned) if active => JobStep::CloseUnanswered { with_draft: false },
            _ => JobStep::Skip,
        }
    }

    /// The job's outcome as the jobs table records it.
    pub fn outcome(self) -> &'static str {
        match self {
            JobStep::SendMails { .. } => "sent",
            JobStep::CloseUnanswered { .. } => "no_response",
            JobStep::Skip => "skipped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EnrolmentStatus::{Active, Ended, Paused};
    use InvitationStatus::{Answered, Cancelled, Missed, Open, Planned};
    use JobKind::{Close, Invite, Remind};

    const INVITATIONS: [InvitationStatus; 5] = [Planned, Open, Answered, Missed, Cancelled];
    const ENROLMENTS: [EnrolmentStatus; 3] = [Active, Paused, Ended];

    #[test]
    fn a_watched_series_raises_no_item_per_missed_report_unless_a_draft_is_urgent() {
        assert!(closing_raises_item(false, false), "an ordinary invitation: its own no-response item");
        assert!(closing_raises_item(false, true));
        assert!(!closing_raises_item(true, false), "a daily report among many: the gap signal covers it");
        assert!(closing_raises_item(true, true), "a red answer never sent is never dropped");
    }

    #[test]
    fn an_invitation_is_sent_once_while_the_enrolment_is_active() {
        assert_eq!(JobStep::decide(Invite, Planned, Active), JobStep::SendMails { opens: true });
        for enrolment in [Paused, Ended] {
            assert_eq!(JobStep::decide(Invite, Planned, enrolment), JobStep::Skip, "{enrolment:?}");
        }
        for invitation in [Open, Answered, Missed, Cancelled] {
            for enrolment in ENROLMENTS {
                assert_eq!(JobStep::decide(Invite, invitation, enrolment), JobStep::Skip, "{invitation:?} {enrolment:?}");
            }
        }
    }

    #[test]
    fn a_reminder_goes_only_to_an_open_invitation_of_an_active_enrolment() {
        assert_eq!(JobStep::decide(Remind, Open, Active), JobStep::SendMails { opens: false });
        for invitation in INVITATIONS {
            for enrolment in ENROLMENTS {
                if (invitation, enrolment) != (Open, Active) {
                    assert_eq!(JobStep::decide(Remind, invitation, enrolment), JobStep::Skip, "{invitation:?} {enrolment:?}");
                }
            }
        }
    }

    #[test]
    fn an_open_window_closes_unanswered_whatever_the_enrolment() {
        // A paused or ended enrolment's open invitation was sent: the
        // clinic still learns it went unanswered.
        for enrolment in ENROLMENTS {
            assert_eq!(JobStep::decide(Close, Open, enrolment), JobStep::CloseUnanswered { with_draft: true }, "{enrolment:?}");
        }
    }

    #[test]
    fn a_never_sent_invitation_closes_unanswered_only_in_an_active_enrolment() {
        assert_eq!(JobStep::decide(Close, Planned, Active), JobStep::CloseUnanswered { with_draft: false });
        assert_eq!(JobStep::decide(Close, Planned, Paused), JobStep::Skip);
        assert_eq!(JobStep::decide(Close, Planned, Ended), JobStep::Skip);
    }

    #[test]
    fn an_answered_missed_or_cancelled_invitation_is_left_alone() {
        for kind in [Invite, Remind, Close] {
            for invitation in [Answered, Missed, Cancelled] {
                for enrolment in ENROLMENTS {
                    assert_eq!(JobStep::decide(kind, invitation, enrolment), JobStep::Skip, "{kind:?} {invitation:?} {enrolment:?}");
                }
            }
        }
    }

    #[test]
    fn a_failed_message_falls_back_only_while_the_invitation_is_open_in_an_active_enrolment() {
        assert!(falls_back(Open, Active));
        for invitation in INVITATIONS {
            for enrolment in ENROLMENTS {
                if (invitation, enrolment) != (Open, Active) {
                    assert!(!falls_back(invitation, enrolment), "{invitation:?} {enrolment:?}");
                }
            }
        }
    }

    #[test]
    fn each_step_records_its_outcome() {
        assert_eq!(JobStep::SendMails { opens: true }.outcome(), "sent");
        assert_eq!(JobStep::SendMails { opens: false }.outcome(), "sent");
        assert_eq!(JobStep::CloseUnanswered { with_draft: true }.outcome(), "no_response");
        assert_eq!(JobStep::Skip.outcome(), "skipped");
    }
}
