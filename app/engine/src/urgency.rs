//! The order of urgency: red, then a request for contact, then yellow,
//! then no response. This is the one place it is written. Flag levels sort
//! by it ([`crate::FlagLevel`]), the worklist shows entries in it, the
//! database sorts by the SQL [`Urgency::rank_sql`] writes from it, and the
//! dry-run counts in it.

use serde::{Deserialize, Serialize};

/// How urgent something on the worklist is; the most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// A red flag: the patient should be seen.
    Red,
    /// The respondent asked to be contacted.
    Contact,
    /// A yellow flag: call the patient.
    Yellow,
    /// No answer after the reminders.
    NoResponse,
}

impl Urgency {
    /// Most urgent first.
    pub const ALL: [Urgency; 4] = [Urgency::Red, Urgency::Contact, Urgency::Yellow, Urgency::NoResponse];

    /// The stored name (flag levels are stored by the same names).
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Red => "red",
            Urgency::Contact => "contact",
            Urgency::Yellow => "yellow",
            Urgency::NoResponse => "no_response",
        }
    }

    pub fn parse(s: &str) -> Option<Urgency> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// Sort key: 0 is the most urgent.
    pub fn rank(self) -> i64 {
        Urgency::ALL.iter().position(|u| *u == self).unwrap_or(Urgency::ALL.len()) as i64
    }

    pub fn from_rank(rank: i64) -> Option<Urgency> {
        Urgency::ALL.get(usize::try_from(rank).ok()?).copied()
    }

    /// An SQL expression giving the rank of the level named in `column`
    /// (`'red'`, `'contact'`, ...); unknown names rank last. Queries sort
    /// with it, so the database's order is this enum's order.
    pub fn rank_sql(column: &str) -> String {
        let mut sql = format!("CASE {column}");
        for u in Urgency::ALL {
            sql.push_str(&format!(" WHEN '{}' THEN {}", u.as_str(), u.rank()));
        }
        sql.push_str(&format!(" ELSE {} END", Urgency::ALL.len()));
        sql
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_the_list_and_round_trip() {
        for (i, u) in Urgency::ALL.into_iter().enumerate() {
            assert_eq!(u.rank(), i as i64);
            assert_eq!(Urgency::from_rank(u.rank()), Some(u));
            assert_eq!(Urgency::parse(u.as_str()), Some(u));
        }
        let mut sorted = Urgency::ALL.to_vec();
        sorted.reverse();
        sorted.sort();
        assert_eq!(sorted, Urgency::ALL.to_vec());
    }

    #[test]
    fn the_sql_rank_is_written_from_the_list() {
        assert_eq!(
            Urgency::rank_sql("f.level"),
            "CASE f.level WHEN 'red' THEN 0 WHEN 'contact' THEN 1 WHEN 'yellow' THEN 2 WHEN 'no_response' THEN 3 ELSE 4 END"
        );
    }
}
