//! Pathways: which questionnaire at which time points after an index event
//! (e.g. the operation date), with answer windows, reminders and recurrence.
//!
//! Durations are written `[+|-]<whole number><unit>` with unit `d` (days),
//! `w` (weeks), `m` (calendar months) or `y` (calendar years): `-2d`,
//! `+1m`, `12w`, `2y`. Months and years keep the day of month, clamped to
//! the month's last day (31 January + 1m = 28/29 February). Occurrence *k* of
//! a recurring time point is `index + offset + k × every`, computed from the
//! index each time so clamping never drifts, for as long as it is not later
//! than `index + until`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use super::compile::is_valid_id;
use super::diagnostics::{ModelError, Site};
use super::text::LangText;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A signed calendar duration such as `-2d` or `+12w`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Duration {
    pub amount: i32,
    pub unit: Unit,
}

/// Why a duration text is not valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a duration; write a whole number and a unit: d, w, m or y (e.g. `-2d`, `+1m`, `12w`, `2y`)")]
pub struct DurationError {
    pub text: String,
}

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DurationError { text: s.to_string() };
        let t = s.trim();
        let (sign, rest) = match t.as_bytes().first() {
            Some(b'-') => (-1, &t[1..]),
            Some(b'+') => (1, &t[1..]),
            _ => (1, t),
        };
        let unit = match rest.chars().last() {
            Some('d') => Unit::Day,
            Some('w') => Unit::Week,
            Some('m') => Unit::Month,
            Some('y') => Unit::Year,
            _ => return Err(err()),
        };
        let digits = &rest[..rest.len() - 1];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 5 {
            return Err(err());
        }
        let n: i32 = digits.parse().map_err(|_| err())?;
        Ok(Duration { amount: sign * n, unit })
    }
}

impl TryFrom<String> for Duration {
    type Error = DurationError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Duration> for String {
    fn from(d: Duration) -> String {
        d.to_string()
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = match self.unit {
            Unit::Day => 'd',
            Unit::Week => 'w',
            Unit::Month => 'm',
            Unit::Year => 'y',
        };
        if self.amount < 0 {
            write!(f, "{}{u}", self.amount)
        } else {
            write!(f, "+{}{u}", self.amount)
        }
    }
}

impl Duration {
    pub fn days(n: i32) -> Self {
        Duration { amount: n, unit: Unit::Day }
    }

    /// `date + times × self`; `None` when the date would leave the
    /// representable range.
    pub fn add_to(self, date: Date, times: i64) -> Option<Date> {
        let n = i64::from(self.amount).checked_mul(times)?;
        match self.unit {
            Unit::Day => date.checked_add(time::Duration::days(n)),
            Unit::Week => date.checked_add(time::Duration::weeks(n)),
            Unit::Month => add_months(date, n),
            Unit::Year => add_months(date, n.checked_mul(12)?),
        }
    }

    /// Rough length in days, for ordering checks only.
    pub fn approx_days(self) -> i64 {
        let n = i64::from(self.amount);
        match self.unit {
            Unit::Day => n,
            Unit::Week => 7 * n,
            Unit::Month => 30 * n,
            Unit::Year => 365 * n,
        }
    }
}

fn add_months(date: Date, months: i64) -> Option<Date> {
    let total = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last)).ok()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pathway {
    pub id: String,
    pub title: LangText,
    /// What the index date is, e.g. "operation date".
    pub index_event: LangText,
    pub source: LangText,
    pub timepoints: Vec<TimePoint>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimePoint {
    pub id: String,
    pub questionnaire: String,
    /// From the index date to the (first) opening.
    pub offset: Duration,
    /// How many days the invitation stays open.
    pub window_days: u32,
    /// Days after opening on which to remind, ascending, inside the window.
    pub reminder_days: Vec<u32>,
    pub repeat: Option<Repeat>,
    /// The answer rules compare with through `baseline(...)`: the state
    /// before the index event (e.g. before the operation). At most one time
    /// point of a pathway is the baseline, and it does not repeat; a pathway
    /// without one has no baseline, so `baseline(...)` stays unknown.
    pub baseline: bool,
    /// For frequent reports (a repeating time point): when no report to it
    /// has come for this many days, the enrolment reaches the worklist at
    /// once ("no report since …"), before any window runs out; its
    /// invitations that close unanswered then raise no item each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missed_after_days: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub every: Duration,
    /// Measured from the index date; the last opening is not later.
    pub until: Duration,
}

/// One concrete invitation of a pathway for one index date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub timepoint: String,
    /// 1 for the first occurrence of this time point.
    pub sequence: u32,
    pub questionnaire: String,
    pub opens: Date,
    /// The first day on which it can no longer be answered (`opens + window_days`).
    pub closes: Date,
    pub reminders: Vec<Date>,
    /// The time point's [`TimePoint::missed_after_days`].
    pub missed_after_days: Option<u32>,
}

/// Most occurrences one time point may produce.
pub const MAX_OCCURRENCES: i64 = 1000;

impl Pathway {
    /// Checks ids, texts, durations, windows and reminders (not whether the
    /// questionnaires exist: that needs the other files, see
    /// [`crate::check`]).
    pub fn check(&self) -> Vec<ModelError> {
        let mut errors = Vec::new();
        let ps = |f: &str| Site::Pathway { field: f.into() };
        if !is_valid_id(&self.id) {
            errors.push(ModelError::new(
                ps("id"),
                format!("pathway id `{}` must start with a lower-case letter and contain only a-z, 0-9 and _", self.id),
            ));
        }
        for (f, t) in [("title", &self.title), ("index_event", &self.index_event), ("source", &self.source)] {
            for lang in t.empty_languages() {
                errors.push(ModelError::new(ps(f), format!("{f} has no {} text (`{}`)", lang.english_name(), lang.as_str())));
            }
        }
        if self.timepoints.is_empty() {
            errors.push(ModelError::new(ps(""), "the pathway has no time points"));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, tp) in self.timepoints.iter().enumerate() {
            let ts = |f: &str| Site::TimePoint { timepoint: i, field: f.into() };
            let what = format!("time point `{}`", tp.id);
            if !is_valid_id(&tp.id) {
                errors.push(ModelError::new(ts("id"), format!("{what}: id must start with a lower-case letter and contain only a-z, 0-9 and _")));
            }
            if !ids.insert(tp.id.as_str()) {
                errors.push(ModelError::new(ts("id"), format!("duplicate time point id `{}`", tp.id)));
            }
            if tp.window_days == 0 {
                errors.push(ModelError::new(ts("window_days"), format!("window_days of {what} must be at least 1")));
            }
            let mut last = 0;
            for &r in &tp.reminder_days {
                if r == 0 || r >= tp.window_days {
                    errors.push(ModelError::new(
                        ts("reminder_days"),
                        format!(
                            "reminder after {r} days in {what} must be inside its {}-day window (1 to {})",
                            tp.window_days,
                            tp.window_days.saturating_sub(1)
                        ),
                    ));
                } else if r <= last {
                    errors.push(ModelError::new(ts("reminder_days"), format!("reminder_days of {what} must be in ascending order")));
                }
                last = r;
            }
            match (tp.missed_after_days, tp.repeat) {
                (Some(_), None) => errors.push(ModelError::new(
                    ts("missed_after_days"),
                    format!("missed_after_days of {what} applies to reports that repeat: give it `every` and `until`, or remove it"),
                )),
                (Some(0), _) => errors.push(ModelError::new(ts("missed_after_days"), format!("missed_after_days of {what} must be at least 1"))),
                _ => {}
            }
            if let Some(rep) = tp.repeat {
                if rep.every.amount <= 0 {
                    errors.push(ModelError::new(ts("every"), format!("`every` of {what} must be positive, not `{}`", rep.every)));
                } else {
                    let span = rep.until.approx_days() - tp.offset.approx_days();
                    if span < 0 {
                        errors.push(ModelError::new(ts("until"), format!("`until` ({}) of {what} is before its offset ({})", rep.until, tp.offset)));
                    } else if span / rep.every.approx_days().max(1) > MAX_OCCURRENCES {
                        errors.push(ModelError::new(ts("every"), format!("{what} would repeat more than {MAX_OCCURRENCES} times")));
                    }
                }
            }
        }
        let baselines: Vec<usize> = (0..self.timepoints.len()).filter(|&i| self.timepoints[i].baseline).collect();
        for &i in baselines.iter().skip(1) {
            errors.push(ModelError::new(
                Site::TimePoint { timepoint: i, field: "baseline".into() },
                format!("only one time point can be the baseline; `{}` is already marked `baseline = true`", self.timepoints[baselines[0]].id),
            ));
        }
        for &i in &baselines {
            let tp = &self.timepoints[i];
            if tp.repeat.is_some() {
                errors.push(ModelError::new(
                    Site::TimePoint { timepoint: i, field: "baseline".into() },
                    format!("the baseline time point `{}` cannot repeat: remove `every` and `until`, or `baseline = true`", tp.id),
                ));
            }
        }
        errors
    }

    /// The time point whose answer is the baseline, if the pathway has one.
    pub fn baseline_timepoint(&self) -> Option<&TimePoint> {
        self.timepoints.iter().find(|tp| tp.baseline)
    }

    /// Concrete invitations for an index date, ordered by opening date.
    pub fn expand(&self, index: Date) -> Vec<Occurrence> {
        let mut out = Vec::new();
        for tp in &self.timepoints {
            let Some(first) = tp.offset.add_to(index, 1) else {
                continue;
            };
            let last = tp.repeat.and_then(|r| r.until.add_to(index, 1));
            let mut k: i64 = 0;
            loop {
                let opens = match tp.repeat {
                    None if k > 0 => break,
                    None => Some(first),
                    Some(r) if r.every.amount <= 0 && k > 0 => break,
                    Some(r) => {
                        // From the first opening each time, so month clamping never drifts.
                        r.every.add_to(first, k)
                    }
                };
                let Some(opens) = opens else { break };
                if k > 0 && last.is_none_or(|l| opens > l) {
                    break;
                }
                if k >= MAX_OCCURRENCES {
                    break;
                }
                let day = |n: u32| opens.checked_add(time::Duration::days(i64::from(n)));
                out.push(Occurrence {
                    timepoint: tp.id.clone(),
                    sequence: k as u32 + 1,
                    questionnaire: tp.questionnaire.clone(),
                    opens,
                    closes: day(tp.window_days).unwrap_or(opens),
                    reminders: tp.reminder_days.iter().filter_map(|r| day(*r)).collect(),
                    missed_after_days: tp.missed_after_days,
                });
                k += 1;
            }
        }
        out.sort_by(|a, b| a.opens.cmp(&b.opens).then(a.timepoint.cmp(&b.timepoint)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn d(s: &str) -> Duration {
        s.parse().unwrap_or(Duration { amount: 9999, unit: Unit::Day })
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(d("-2d"), Duration { amount: -2, unit: Unit::Day });
        assert_eq!(d("+1m"), Duration { amount: 1, unit: Unit::Month });
        assert_eq!(d("12w"), Duration { amount: 12, unit: Unit::Week });
        assert_eq!(d("2y"), Duration { amount: 2, unit: Unit::Year });
        assert_eq!(d("12w").to_string(), "+12w");
        assert_eq!(d("-2d").to_string(), "-2d");
        for bad in ["", "d", "2", "2x", "1.5w", "two weeks", "--2d", "+-2d", "999999d", " w", "2 d"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad:?} should be rejected");
        }
        let e = "2x".parse::<Duration>().err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("`2x` is not a duration; write a whole number and a unit: d, w, m or y (e.g. `-2d`, `+1m`, `12w`, `2y`)"));
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        assert_eq!(d("1m").add_to(date!(2025 - 01 - 31), 1), Some(date!(2025 - 02 - 28)));
        assert_eq!(d("1m").add_to(date!(2024 - 01 - 31), 1), Some(date!(2024 - 02 - 29)));
        assert_eq!(d("-1m").add_to(date!(2025 - 03 - 31), 1), Some(date!(2025 - 02 - 28)));
        assert_eq!(d("1y").add_to(date!(2024 - 02 - 29), 1), Some(date!(2025 - 02 - 28)));
        assert_eq!(d("1m").add_to(date!(2025 - 12 - 15), 1), Some(date!(2026 - 01 - 15)));
        assert_eq!(d("1m").add_to(date!(2025 - 01 - 31), 3), Some(date!(2025 - 04 - 30)));
    }

    fn ear_tubes() -> Pathway {
        let tp = |id: &str, q: &str, off: &str, repeat: Option<Repeat>| TimePoint {
            id: id.into(),
            questionnaire: q.into(),
            offset: d(off),
            window_days: 14,
            reminder_days: vec![3, 7],
            baseline: repeat.is_none(),
            repeat,
            missed_after_days: None,
        };
        Pathway {
            id: "ear_tubes".into(),
            title: LangText::new("Dræn", "Tubes"),
            index_event: LangText::new("operationsdato", "operation date"),
            source: LangText::new("Eksempel", "Example"),
            timepoints: vec![
                tp("baseline", "ear_tubes_baseline", "-2d", None),
                tp("follow_up", "ear_tubes_follow_up", "+1m", Some(Repeat { every: d("12w"), until: d("2y") })),
            ],
        }
    }

    #[test]
    fn ear_tube_schedule_expands_to_baseline_and_follow_ups() {
        let occ = ear_tubes().expand(date!(2025 - 03 - 10));
        let opens: Vec<String> = occ.iter().map(|o| o.opens.to_string()).collect();
        assert_eq!(
            opens,
            vec![
                "2025-03-08",
                "2025-04-10",
                "2025-07-03",
                "2025-09-25",
                "2025-12-18",
                "2026-03-12",
                "2026-06-04",
                "2026-08-27",
                "2026-11-19",
                "2027-02-11",
            ]
        );
        assert_eq!(occ[0].timepoint, "baseline");
        assert_eq!(occ[1].sequence, 1);
        assert_eq!(occ[9].sequence, 9);
        assert_eq!(occ[1].closes, date!(2025 - 04 - 24));
        assert_eq!(occ[1].reminders, vec![date!(2025 - 04 - 13), date!(2025 - 04 - 17)]);
        // The last opening is not after index + 2 years.
        assert!(occ.iter().all(|o| o.opens <= date!(2027 - 03 - 10)));
    }

    #[test]
    fn moving_the_index_date_moves_every_occurrence() {
        let p = ear_tubes();
        let a = p.expand(date!(2025 - 03 - 10));
        let b = p.expand(date!(2025 - 03 - 17));
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(y.opens - x.opens, time::Duration::days(7));
        }
    }

    #[test]
    fn check_reports_bad_windows_reminders_and_recurrence() {
        let mut p = ear_tubes();
        p.timepoints[0].window_days = 0;
        p.timepoints[1].reminder_days = vec![7, 3, 20];
        p.timepoints[1].repeat = Some(Repeat { every: d("-1w"), until: d("2y") });
        let msgs: Vec<String> = p.check().into_iter().map(|e| e.message).collect();
        assert_eq!(
            msgs,
            vec![
                "window_days of time point `baseline` must be at least 1",
                "reminder after 3 days in time point `baseline` must be inside its 0-day window (1 to 0)",
                "reminder after 7 days in time point `baseline` must be inside its 0-day window (1 to 0)",
                "reminder_days of time point `follow_up` must be in ascending order",
                "reminder after 20 days in time point `follow_up` must be inside its 14-day window (1 to 13)",
                "`every` of time point `follow_up` must be positive, not `-1w`",
            ]
        );
        let mut p = ear_tubes();
        p.timepoints[1].repeat = Some(Repeat { every: d("1d"), until: d("10y") });
        assert_eq!(p.check().len(), 1);
        assert!(ear_tubes().check().is_empty());
    }

    #[test]
    fn one_baseline_that_does_not_repeat() {
        let p = ear_tubes();
        assert_eq!(p.baseline_timepoint().map(|tp| tp.id.as_str()), Some("baseline"));
        let mut two = ear_tubes();
        two.timepoints[1].baseline = true;
        let msgs: Vec<String> = two.check().into_iter().map(|e| e.message).collect();
        assert_eq!(
            msgs,
            vec![
                "only one time point can be the baseline; `baseline` is already marked `baseline = true`",
                "the baseline time point `follow_up` cannot repeat: remove `every` and `until`, or `baseline = true`",
            ]
        );
        let mut none = ear_tubes();
        none.timepoints[0].baseline = false;
        assert!(none.check().is_empty() && none.baseline_timepoint().is_none(), "a pathway may have no baseline");
    }

    #[test]
    fn serde_uses_duration_text() {
        let t = &ear_tubes().timepoints[1];
        let json = serde_json::to_value(t).unwrap_or_default();
        assert_eq!(json["offset"], "+1m");
        assert_eq!(json["repeat"]["every"], "+12w");
    }
}
