//! Whether a change to an enrolment is allowed, and what it records: a
//! pure function, tested on every branch here; the store reads the
//! enrolment, asks this, and writes what it says.

use time::Date;

use super::records::{EnrolmentChange, EnrolmentStatus};

/// What an allowed change records in the enrolment's history: the event's
/// kind and its detail (JSON, as the history stores it).
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeEvent {
    pub kind: &'static str,
    pub detail: serde_json::Value,
}

/// Why a change is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// An ended enrolment is final: nothing about it changes.
    Ended,
    /// The enrolment already has that status (resuming an active one, say).
    Unchanged,
}

/// Decides a change to an enrolment whose current status and index date
/// are given.
pub fn decide_change(status: EnrolmentStatus, index_date: Date, change: &EnrolmentChange) -> Result<ChangeEvent, ChangeRefused> {
    if status == EnrolmentStatus::Ended {
        return Err(ChangeRefused::Ended);
    }
    match change {
        EnrolmentChange::IndexDate(date) => {
            Ok(ChangeEvent { kind: "index_date_changed", detail: serde_json::json!({ "from": index_date.to_string(), "to": date.to_string() }) })
        }
        EnrolmentChange::Status(new, reason) => {
            if *new == status {
                return Err(ChangeRefused::Unchanged);
            }
            let kind = match new {
                EnrolmentStatus::Active => "resumed",
                EnrolmentStatus::Paused => "paused",
                EnrolmentStatus::Ended => "ended",
            };
            Ok(ChangeEvent { kind, detail: serde_json::json!({ "reason": reason }) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use EnrolmentStatus::{Active, Ended, Paused};

    const INDEX: Date = date!(2026 - 11 - 02);

    fn status(to: EnrolmentStatus) -> EnrolmentChange {
        EnrolmentChange::Status(to, "moved away".into())
    }

    #[test]
    fn an_ended_enrolment_refuses_every_change() {
        for change in [EnrolmentChange::IndexDate(date!(2026 - 11 - 09)), status(Active), status(Paused), status(Ended)] {
            assert_eq!(decide_change(Ended, INDEX, &change), Err(ChangeRefused::Ended), "{change:?}");
        }
    }

    #[test]
    fn a_new_index_date_records_both_dates() {
        for current in [Active, Paused] {
            let event = decide_change(current, INDEX, &EnrolmentChange::IndexDate(date!(2026 - 11 - 09))).expect("allowed");
            assert_eq!(event.kind, "index_date_changed");
            assert_eq!(event.detail, serde_json::json!({ "from": "2026-11-02", "to": "2026-11-09" }));
        }
    }

    #[test]
    fn a_status_change_records_its_kind_and_reason() {
        let cases = [(Active, Paused, "paused"), (Active, Ended, "ended"), (Paused, Active, "resumed"), (Paused, Ended, "ended")];
        for (from, to, kind) in cases {
            let event = decide_change(from, INDEX, &status(to)).expect("allowed");
            assert_eq!(event.kind, kind, "{from:?} → {to:?}");
            assert_eq!(event.detail, serde_json::json!({ "reason": "moved away" }));
        }
    }

    #[test]
    fn the_same_status_again_is_refused() {
        assert_eq!(decide_change(Active, INDEX, &status(Active)), Err(ChangeRefused::Unchanged));
        assert_eq!(decide_change(Paused, INDEX, &status(Paused)), Err(ChangeRefused::Unchanged));
    }
}
