//! From a pathway and an index date to the invitations to plan, with the
//! times their jobs run. Pure: the scheduler calls it and the store saves
//! the result.

use time::{Date, OffsetDateTime, Time};
use time_tz::Tz;

use super::port::{JobKind, PlannedInvitation};
use super::zone::local;
use crate::engine::Pathway;

/// Invitations and reminders go out at 07:00 on the clinic's clock: early
/// enough to answer during the day, never at night.
pub const SEND_TIME: Time = time::macros::time!(07:00);

/// The invitations of `pathway` for `index`, as seen at `now`: windows that
/// have closed are left out (an enrolment made late does not mail about
/// the past); an invitation whose window is open goes out at once;
/// reminders whose day has passed are dropped. The window closes at the
/// start of its closing day, that is at the end of its last day, on the
/// clinic's clock (`zone`).
pub fn plan(pathway: &Pathway, index: Date, now: OffsetDateTime, zone: &Tz) -> Vec<PlannedInvitation> {
    let at = |d: Date, t: Time| local(d, t, zone);
    pathway
        .expand(index)
        .into_iter()
        .filter(|o| at(o.closes, Time::MIDNIGHT) > now)
        .map(|o| {
            let closes_at = at(o.closes, Time::MIDNIGHT);
            let mut jobs = vec![(JobKind::Invite, at(o.opens, SEND_TIME))];
            jobs.extend(o.reminders.iter().map(|d| at(*d, SEND_TIME)).filter(|t| *t > now && *t < closes_at).map(|t| (JobKind::Remind, t)));
            jobs.push((JobKind::Close, closes_at));
            PlannedInvitation {
                timepoint: o.timepoint,
                sequence: o.sequence,
                questionnaire_id: o.questionnaire,
                opens_on: o.opens,
                closes_on: o.closes,
                missed_after_days: o.missed_after_days,
                jobs,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::pathway::{Duration, Repeat, TimePoint};
    use crate::engine::LangText;
    use time::macros::{date, datetime};

    fn pathway() -> Pathway {
        let text = LangText { da: "x".into(), en: "x".into() };
        Pathway {
            id: "p".into(),
            title: text.clone(),
            index_event: text.clone(),
            source: text,
            timepoints: vec![
                TimePoint {
                    id: "baseline".into(),
                    questionnaire: "base".into(),
                    offset: Duration::days(-2),
                    window_days: 2,
                    reminder_days: vec![1],
                    repeat: None,
                    baseline: true,
                    missed_after_days: None,
                },
                TimePoint {
                    id: "follow_up".into(),
                    questionnaire: "follow".into(),
                    offset: "+1m".parse().unwrap(),
                    window_days: 14,
                    reminder_days: vec![3, 7],
                    repeat: Some(Repeat { every: "12w".parse().unwrap(), until: "1y".parse().unwrap() }),
                    baseline: false,
                    missed_after_days: None,
                },
            ],
        }
    }

    fn copenhagen() -> &'static Tz {
        crate::schedule::zone::zone("Europe/Copenhagen")
    }

    #[test]
    fn plans_every_time_point_with_its_jobs() {
        let plans = plan(&pathway(), date!(2026 - 12 - 10), datetime!(2026-11-25 12:00 UTC), copenhagen());
        assert_eq!(plans.len(), 1 + 4, "baseline and follow-ups at 1, 4, 7 and 10 months");
        let base = &plans[0];
        assert_eq!((base.opens_on, base.closes_on), (date!(2026 - 12 - 08), date!(2026 - 12 - 10)));
        assert_eq!(
            base.jobs,
            vec![
                // 07:00 and midnight in Copenhagen (UTC+1 in winter).
                (JobKind::Invite, datetime!(2026-12-08 06:00 UTC)),
                (JobKind::Remind, datetime!(2026-12-09 06:00 UTC)),
                (JobKind::Close, datetime!(2026-12-09 23:00 UTC)),
            ]
        );
        assert_eq!(plans[1].jobs.len(), 4, "invite, two reminders, close");
        assert_eq!(plans[1].opens_on, date!(2027 - 01 - 10));
    }

    #[test]
    fn a_late_enrolment_skips_closed_windows_and_past_reminders() {
        // Operation 5 weeks ago: baseline closed, first follow-up open for 4 more days.
        let now = datetime!(2026-11-25 12:00 UTC);
        let plans = plan(&pathway(), date!(2026 - 10 - 15), now, copenhagen());
        assert_eq!(plans[0].timepoint, "follow_up");
        assert_eq!(plans[0].opens_on, date!(2026 - 11 - 15));
        let kinds: Vec<JobKind> = plans[0].jobs.iter().map(|j| j.0).collect();
        assert_eq!(kinds, vec![JobKind::Invite, JobKind::Close], "both reminder days have passed");
        assert!(plans[0].jobs[0].1 < now, "the invitation goes out at once");
    }

    /// Summer time begins on 29 March 2026 in Copenhagen: a window over that
    /// night still opens at 07:00 and closes at midnight on the clinic's
    /// clock, an hour earlier in UTC than in winter; another zone's clinic
    /// gets its own 07:00.
    #[test]
    fn the_clinics_clock_holds_across_summer_time() {
        let p = pathway();
        let plans = plan(&p, date!(2026 - 03 - 30), datetime!(2026-03-01 12:00 UTC), copenhagen());
        let base = &plans[0];
        assert_eq!((base.opens_on, base.closes_on), (date!(2026 - 03 - 28), date!(2026 - 03 - 30)));
        assert_eq!(
            base.jobs,
            vec![
                (JobKind::Invite, datetime!(2026-03-28 06:00 UTC)),
                (JobKind::Remind, datetime!(2026-03-29 05:00 UTC)),
                (JobKind::Close, datetime!(2026-03-29 22:00 UTC)),
            ]
        );
        let auckland = crate::schedule::zone::zone("Pacific/Auckland");
        let far = plan(&p, date!(2026 - 12 - 10), datetime!(2026-11-25 12:00 UTC), auckland);
        assert_eq!(far[0].jobs[0], (JobKind::Invite, datetime!(2026-12-07 18:00 UTC)), "07:00 on 8 December in Auckland");
    }
}
