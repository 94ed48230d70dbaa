//! The Danish region a clinic is in, for the out-of-hours number a
//! respondent is told to call.
//!
//! A flag is read in the clinic's opening hours. Advice that cannot wait
//! ("call the out-of-hours doctor now") must give the number of the
//! respondent's own region: 1813 is the Capital Region's medical helpline
//! only, and a parent in Aarhus who dials it reaches nobody who can help.
//! Rule advice writes `{out_of_hours}` and the receipt fills in the
//! clinic's region's number (`engine::model::OUT_OF_HOURS`).
//!
//! The numbers are the regions' published out-of-hours numbers
//! (lægevagten / akuttelefonen); a clinic checks them when it chooses its
//! region (`questionnaires/REVIEW.md`).

use serde::{Deserialize, Serialize};

/// The five Danish regions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// Region Hovedstaden: Akuttelefonen 1813.
    #[default]
    Hovedstaden,
    Sjaelland,
    Syddanmark,
    Midtjylland,
    Nordjylland,
}

impl Region {
    pub const ALL: [Region; 5] = [Region::Hovedstaden, Region::Sjaelland, Region::Syddanmark, Region::Midtjylland, Region::Nordjylland];

    /// As stored and posted.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Hovedstaden => "hovedstaden",
            Region::Sjaelland => "sjaelland",
            Region::Syddanmark => "syddanmark",
            Region::Midtjylland => "midtjylland",
            Region::Nordjylland => "nordjylland",
        }
    }

    pub fn parse(s: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The out-of-hours number, written as Danes write it.
    pub fn out_of_hours_phone(self) -> &'static str {
        match self {
            Region::Hovedstaden => "1813",
            Region::Sjaelland => "70 15 07 08",
            Region::Syddanmark => "70 11 07 07",
            Region::Midtjylland => "70 11 31 31",
            Region::Nordjylland => "70 15 03 00",
        }
    }

    /// The region's name: Danish, English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Region::Hovedstaden => ("Region Hovedstaden", "Capital Region of Denmark"),
            Region::Sjaelland => ("Region Sjælland", "Region Zealand"),
            Region::Syddanmark => ("Region Syddanmark", "Region of Southern Denmark"),
            Region::Midtjylland => ("Region Midtjylland", "Central Denmark Region"),
            Region::Nordjylland => ("Region Nordjylland", "North Denmark Region"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_reads_back_and_has_its_own_number() {
        let mut numbers = std::collections::BTreeSet::new();
        for r in Region::ALL {
            assert_eq!(Region::parse(r.as_str()), Some(r));
            assert!(numbers.insert(r.out_of_hours_phone()), "{r:?}");
        }
        assert_eq!(Region::parse("capital"), None);
        assert_eq!(Region::default().out_of_hours_phone(), "1813");
    }
}
