//! A respondent's mobile number, for SMS invitations.
//!
//! Kept and sent in one form, E.164 (`+4520123456`): it is what an SMS
//! gateway takes, and two ways of typing the same number become the same
//! value. People type numbers with spaces, dashes, dots and parentheses,
//! and Danes mostly without a prefix, so those are accepted: 8 digits with
//! no prefix are a Danish number. Anything else (a letter, a slash, an
//! extension) is refused rather than guessed at, because a wrong number
//! sends a personal link to a stranger.
//!
//! Numbers are personal data: `Debug` prints the masked form, and
//! [`MobileNumber::mask`] is the form to put in logs.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::form_error::{validated_string, InvalidValue};
use crate::i18n::t;

/// A checked mobile number in E.164: `+`, the country code and the
/// number, digits only.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

/// Denmark's country code.
const DENMARK: &str = "45";

/// The country codes of one and two digits; every other code has three.
/// Codes are prefix-free (no code begins another), so the first digits of
/// a number say where its code ends. Only [`MobileNumber::grouped`] and
/// [`MobileNumber::mask`] need it.
const ONE_DIGIT_CODES: &[&str] = &["1", "7"];
const TWO_DIGIT_CODES: &[&str] = &[
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56",
    "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

impl MobileNumber {
    /// A Danish number has 8 digits after +45.
    pub const DANISH_DIGITS: usize = 8;
    /// The fewest digits, country code included, we take for a foreign
    /// number. A few small countries have shorter numbers, but the mobile
    /// numbers of the countries respondents come from are longer, so a
    /// shorter one is far more likely a digit left out.
    pub const MIN_DIGITS: usize = 8;
    /// E.164's longest number, country code included.
    pub const MAX_DIGITS: usize = 15;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let typed = raw.trim();
        if typed.is_empty() {
            return Err(InvalidValue::empty());
        }
        let mut digits = String::new();
        let mut plus = false;
        for c in typed.chars() {
            match c {
                '0'..='9' => digits.push(c),
                // Only before the first digit: `(+45) 20 12 34 56`, not `20+12`.
                '+' if !plus && digits.is_empty() => plus = true,
                c if is_separator(c) => {}
                _ => return Err(InvalidValue::from(t::domain::MOBILE_DIGITS_ONLY)),
            }
        }
        let international = if plus { Some(digits.as_str()) } else { digits.strip_prefix("00") };
        let Some(number) = international else {
            if digits.len() != Self::DANISH_DIGITS {
                return Err(InvalidValue::from(t::domain::MOBILE_8_DIGITS_OR_COUNTRY_CODE));
            }
            return Self::danish(&digits);
        };
        if let Some(national) = number.strip_prefix(DENMARK) {
            if national.len() != Self::DANISH_DIGITS {
                return Err(InvalidValue::from(t::domain::DANISH_MOBILE_8_DIGITS));
            }
            return Self::danish(national);
        }
        if number.starts_with('0') {
            // Typed both ways (`+0046…`), or a national number after the prefix.
            return Err(InvalidValue::from(t::domain::COUNTRY_CODE_NOT_0));
        }
        if number.len() < Self::MIN_DIGITS {
            return Err(InvalidValue::with(t::domain::MOBILE_TOO_FEW_DIGITS, &[("min", &Self::MIN_DIGITS)]));
        }
        if number.len() > Self::MAX_DIGITS {
            return Err(InvalidValue::with(t::domain::MOBILE_TOO_MANY_DIGITS, &[("max", &Self::MAX_DIGITS)]));
        }
        Ok(Self(format!("+{number}")))
    }

    /// The 8 digits of a Danish number: Danish numbers never begin with 0
    /// or 1 (1 is for short service numbers), so such a number is a typo.
    fn danish(national: &str) -> Result<Self, InvalidValue> {
        if matches!(national.as_bytes().first(), Some(b'0' | b'1')) {
            return Err(InvalidValue::from(t::domain::DANISH_MOBILE_NOT_0_OR_1));
        }
        Ok(Self(format!("+{DENMARK}{national}")))
    }

    /// The number in E.164, as stored and as the gateway takes it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_danish(&self) -> bool {
        self.0[1..].starts_with(DENMARK)
    }

    /// The number as people read it: a Danish one in pairs
    /// (`+45 20 12 34 56`); another as its country code and the rest in
    /// threes, a lone last digit joining the group before it
    /// (`+46 701 234 567`, `+1 415 555 2671`). Not each country's own
    /// habit, but always readable, and it parses back to the same number.
    pub fn grouped(&self) -> String {
        let (code, rest) = self.split_code();
        let size = if code == DENMARK { 2 } else { 3 };
        let mut out = format!("+{code}");
        let mut at = 0;
        for len in group_lengths(rest.len(), size) {
            out.push(' ');
            out.push_str(&rest[at..at + len]);
            at += len;
        }
        out
    }

    /// The number for logs: the country code and the last two digits,
    /// e.g. `+45******56`.
    pub fn mask(&self) -> String {
        let (code, rest) = self.split_code();
        let hidden = rest.len().saturating_sub(2);
        format!("+{code}{}{}", "*".repeat(hidden), &rest[hidden..])
    }

    /// The country code and the rest, without the `+`.
    fn split_code(&self) -> (&str, &str) {
        let digits = &self.0[1..];
        let len = if ONE_DIGIT_CODES.iter().any(|code| digits.starts_with(*code)) {
            1
        } else if TWO_DIGIT_CODES.iter().any(|code| digits.starts_with(*code)) {
            2
        } else {
            3
        };
        digits.split_at(len.min(digits.len()))
    }
}

/// What people put between digits. The typographic dashes come with a
/// number pasted from a document that "corrected" its hyphens.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' | '.' | '(' | ')')
}

/// The lengths of `n` digits in groups of `size`; a lone digit at the end
/// joins the group before it.
fn group_lengths(n: usize, size: usize) -> Vec<usize> {
    let mut lengths = vec![size; n / size];
    let rest = n % size;
    if rest == 1 && !lengths.is_empty() {
        let last = lengths.len() - 1;
        lengths[last] += 1;
    } else if rest > 0 {
        lengths.push(rest);
    }
    lengths
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MobileNumber({})", self.mask())
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

validated_string!(MobileNumber);

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn stored(raw: &str) -> Result<String, InvalidValue> {
        MobileNumber::parse(raw).map(|n| n.as_str().to_owned())
    }

    fn refused(raw: &str) -> InvalidValue {
        MobileNumber::parse(raw).expect_err(raw)
    }

    #[test]
    fn danish_numbers_as_people_type_them() {
        for raw in [
            "20123456",
            "20 12 34 56",
            "2012 3456",
            "20-12-34-56",
            "20.12.34.56",
            "  20123456\n",
            "20\u{a0}12\u{a0}34\u{a0}56",
            "20 12 – 34 56",
            "+4520123456",
            "+45 20 12 34 56",
            "(+45) 20 12 34 56",
            "+45-20123456",
            "004520123456",
            "0045 20 12 34 56",
            "(0045) 2012 3456",
        ] {
            assert_eq!(stored(raw), Ok("+4520123456".to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn foreign_numbers_need_plus_or_00() {
        for (raw, e164) in [
            ("+46 70 123 45 67", "+46701234567"),
            ("0046 70 123 45 67", "+46701234567"),
            ("+1 (415) 555-2671", "+14155552671"),
            ("+44 7911 123456", "+447911123456"),
            ("+298 123456", "+298123456"),
            ("+49 151 23456789", "+4915123456789"),
        ] {
            assert_eq!(stored(raw), Ok(e164.to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn empty_is_refused_like_every_other_value() {
        for raw in ["", "   ", "\t\n"] {
            assert_eq!(refused(raw), InvalidValue::empty(), "{raw:?}");
        }
    }

    #[test]
    fn letters_and_other_characters_are_refused() {
        let digits_only = InvalidValue::from(t::domain::MOBILE_DIGITS_ONLY);
        for raw in [
            "2012345a",
            "tlf. 20123456",
            "20123456 ext 12",
            "+45/20123456",
            "20+123456",
            "++4520123456",
            "+45 +20123456",
            "20_12_34_56",
            "２０１２３４５６",
            "٢٠١٢٣٤٥٦",
            "20123456,",
        ] {
            assert_eq!(refused(raw), digits_only, "{raw:?}");
        }
    }

    #[test]
    fn without_a_prefix_a_number_has_exactly_8_digits() {
        let message = InvalidValue::from(t::domain::MOBILE_8_DIGITS_OR_COUNTRY_CODE);
        assert_eq!(refused("2012345"), message);
        assert!(MobileNumber::parse("20123456").is_ok());
        assert_eq!(refused("201234567"), message);
        // The country code without its + is not a prefix.
        assert_eq!(refused("4520123456"), message);
        assert_eq!(refused("46701234567"), message);
        // Separators alone are not empty, but have no digits.
        assert_eq!(refused("-"), message);
    }

    #[test]
    fn after_45_a_number_has_exactly_8_digits() {
        let message = InvalidValue::from(t::domain::DANISH_MOBILE_8_DIGITS);
        for prefix in ["+45", "0045"] {
            assert_eq!(refused(&format!("{prefix}2012345")), message, "{prefix} and 7 digits");
            assert_eq!(stored(&format!("{prefix}20123456")), Ok("+4520123456".to_owned()), "{prefix} and 8 digits");
            assert_eq!(refused(&format!("{prefix}201234567")), message, "{prefix} and 9 digits");
            assert_eq!(refused(prefix), message, "{prefix} alone");
        }
    }

    #[test]
    fn a_danish_number_never_starts_with_0_or_1() {
        let message = InvalidValue::from(t::domain::DANISH_MOBILE_NOT_0_OR_1);
        for prefix in ["", "+45", "0045"] {
            assert_eq!(refused(&format!("{prefix}01234567")), message, "{prefix} 0");
            assert_eq!(refused(&format!("{prefix}12345678")), message, "{prefix} 1");
            assert_eq!(stored(&format!("{prefix}22345678")), Ok("+4522345678".to_owned()), "{prefix} 2");
            assert_eq!(stored(&format!("{prefix}92345678")), Ok("+4592345678".to_owned()), "{prefix} 9");
        }
    }

    #[test]
    fn a_country_code_never_starts_with_0() {
        let message = InvalidValue::from(t::domain::COUNTRY_CODE_NOT_0);
        assert_eq!(refused("+0046701234567"), message);
        assert_eq!(refused("+0"), message);
        assert_eq!(refused("00046701234567"), message);
    }

    #[test]
    fn a_foreign_number_has_8_to_15_digits() {
        let few = InvalidValue::with(t::domain::MOBILE_TOO_FEW_DIGITS, &[("min", &MobileNumber::MIN_DIGITS)]);
        let many = InvalidValue::with(t::domain::MOBILE_TOO_MANY_DIGITS, &[("max", &MobileNumber::MAX_DIGITS)]);
        assert_eq!(refused("+4670123"), few);
        assert_eq!(stored("+46701234"), Ok("+46701234".to_owned()));
        assert_eq!(refused("004670123"), few);
        assert_eq!(stored("0046701234"), Ok("+46701234".to_owned()));
        assert_eq!(stored("+123456789012345"), Ok("+123456789012345".to_owned()));
        assert_eq!(refused("+1234567890123456"), many);
        assert_eq!(stored("00123456789012345"), Ok("+123456789012345".to_owned()));
        assert_eq!(refused("001234567890123456"), many);
        assert_eq!(refused("+"), few);
        assert_eq!(refused("00"), few);
        assert!(many.0.en.contains("15") && many.0.da.contains("15"), "{many:?}");
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let danish = refused("+45201234");
        assert_eq!(danish.0.da, "Et dansk nummer har 8 cifre efter landekoden 45.");
        assert_eq!(danish.0.en, "A Danish number has 8 digits after the country code 45.");
        let letters = refused("abc");
        assert!(letters.0.da.contains("cifre"), "{letters:?}");
        assert!(letters.0.en.contains("digits"), "{letters:?}");
    }

    #[test]
    fn grouped_for_reading() {
        for (raw, grouped) in [
            ("20123456", "+45 20 12 34 56"),
            ("+46701234567", "+46 701 234 567"),
            ("+14155552671", "+1 415 555 2671"),
            ("+447911123456", "+44 791 112 3456"),
            ("+298123456", "+298 123 456"),
            ("+4915123456789", "+49 151 234 567 89"),
            ("+79161234567", "+7 916 123 4567"),
        ] {
            assert_eq!(MobileNumber::parse(raw).map(|n| n.grouped()), Ok(grouped.to_owned()), "{raw}");
        }
    }

    #[test]
    fn group_lengths_never_leave_a_lone_digit() {
        assert_eq!(group_lengths(8, 2), [2, 2, 2, 2]);
        assert_eq!(group_lengths(9, 3), [3, 3, 3]);
        assert_eq!(group_lengths(10, 3), [3, 3, 4]);
        assert_eq!(group_lengths(11, 3), [3, 3, 3, 2]);
        assert_eq!(group_lengths(4, 3), [4]);
        assert_eq!(group_lengths(1, 3), [1]);
        assert!(group_lengths(0, 3).is_empty());
    }

    #[test]
    fn display_and_as_str_are_e164_and_debug_is_masked() {
        let n = MobileNumber::parse("20 12 34 56").unwrap();
        assert_eq!(n.to_string(), "+4520123456");
        assert_eq!(n.as_str(), "+4520123456");
        assert_eq!(n.mask(), "+45******56");
        assert_eq!(format!("{n:?}"), "MobileNumber(+45******56)");
        assert!(n.is_danish());
        let foreign = MobileNumber::parse("+46701234567").unwrap();
        assert_eq!(foreign.mask(), "+46*******67");
        assert!(!foreign.is_danish());
        assert_eq!(MobileNumber::parse("+14155552671").unwrap().mask(), "+1********71");
    }

    #[test]
    fn stored_and_grouped_forms_parse_back_to_the_same_number() {
        for raw in ["20123456", "+45 99 88 77 66", "+46701234567", "+14155552671", "+298123456", "+123456789012345", "+46701234"] {
            let n = MobileNumber::parse(raw).unwrap();
            assert_eq!(MobileNumber::parse(n.as_str()), Ok(n.clone()), "{raw}");
            assert_eq!(MobileNumber::parse(&n.grouped()), Ok(n.clone()), "{raw}");
        }
    }

    #[test]
    fn try_from_string_checks() {
        assert!(MobileNumber::try_from(String::from("20123456")).is_ok());
        assert!(MobileNumber::try_from(String::from("2012345")).is_err());
        assert_eq!(String::from(MobileNumber::parse("20 12 34 56").unwrap()), "+4520123456");
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            let _ = MobileNumber::parse(&text);
        }

        /// Whatever is accepted, however it was typed, comes back the same
        /// from its stored and its grouped form.
        #[test]
        fn accepted_numbers_round_trip(text in "[+]?[0-9 ().-]{0,24}") {
            if let Ok(n) = MobileNumber::parse(&text) {
                prop_assert_eq!(MobileNumber::parse(n.as_str()), Ok(n.clone()));
                prop_assert_eq!(MobileNumber::parse(&n.grouped()), Ok(n.clone()));
                prop_assert!(n.as_str().len() <= 1 + MobileNumber::MAX_DIGITS);
            }
        }
    }
}
