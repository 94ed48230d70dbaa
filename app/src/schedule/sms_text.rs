//! What an SMS text costs: its encoding and how many messages it is sent
//! as, so the clinic's template editor can say so while the text is typed
//! and refuse a text of more than [`MAX_PARTS`].
//!
//! An SMS carries 140 octets. In GSM-7 (GSM 03.38) that is 160 characters
//! of a fixed set that has æøå; one character outside it (an en dash or a
//! curly quote that a word processor put in, an emoji) makes the whole text
//! UCS-2 and 70 characters a message. A longer text goes in parts, each
//! losing room to the header that joins them again: 153 characters a part
//! in GSM-7, 67 in UCS-2.
//!
//! No I/O: the browser counts with the same function the sender uses.

use serde::{Deserialize, Serialize};

/// The most parts a clinic's text may become: every part is paid for, and
/// a text that needs three has room to be shorter.
pub const MAX_PARTS: usize = 2;

/// Septets in one GSM-7 message, and in each part of a longer one.
pub const GSM7_SINGLE: usize = 160;
pub const GSM7_PER_PART: usize = 153;
/// UTF-16 code units in one UCS-2 message, and in each part of a longer one.
pub const UCS2_SINGLE: usize = 70;
pub const UCS2_PER_PART: usize = 67;

/// The longest alphanumeric sender name a network passes on.
pub const MAX_SENDER_CHARS: usize = 11;

/// GSM 03.38's basic character set in its table's order (0x00–0x7F), less
/// 0x1B, the escape into the extension table. One septet each. Note `Ç`
/// is here and `ç` is not.
const BASIC: &str = concat!(
    "@£$¥èéùìòÇ\nØø\rÅå", // 0x00
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ",    // 0x10
    " !\"#¤%&'()*+,-./",  // 0x20
    "0123456789:;<=>?",   // 0x30
    "¡ABCDEFGHIJKLMNO",   // 0x40
    "PQRSTUVWXYZÄÖÑÜ§",   // 0x50
    "¿abcdefghijklmno",   // 0x60
    "pqrstuvwxyzäöñüà",   // 0x70
);

/// The extension table: each is sent as the escape and itself, two septets.
const EXTENSION: &str = "\u{c}^{}\\[~]|€";

/// How a text is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SmsEncoding {
    /// GSM 03.38's 7-bit alphabet: 160 characters a message.
    Gsm7,
    /// UTF-16 (phones accept surrogate pairs, so emoji too): 70 units a message.
    Ucs2,
}

impl SmsEncoding {
    /// Kannel's `coding` parameter of `sendsms`. The sender must pass it:
    /// with `coding=0` Kannel silently turns a character GSM-7 lacks into
    /// `?`, so a text with an en dash would arrive damaged. (Pass `charset`
    /// too, e.g. `UTF-8`, as Kannel's default charset depends on the coding.)
    pub fn kannel_coding(self) -> u8 {
        match self {
            SmsEncoding::Gsm7 => 0,
            SmsEncoding::Ucs2 => 2,
        }
    }
}

/// What a text costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsCost {
    pub encoding: SmsEncoding,
    /// Septets in GSM-7, UTF-16 code units in UCS-2.
    pub units: usize,
    /// Messages it is sent as; an empty text is still one.
    pub parts: usize,
    /// The first character that made the text UCS-2, for the editor to
    /// point at ("the – after 'senest' costs…").
    pub first_non_gsm: Option<char>,
}

impl SmsCost {
    /// Whether a clinic may save a text of this cost.
    pub fn fits(&self) -> bool {
        self.parts <= MAX_PARTS
    }
}

/// The encoding, length and number of parts of `text`.
pub fn cost(text: &str) -> SmsCost {
    match text.chars().find(|&c| septets(c).is_none()) {
        None => {
            let (units, parts) = units_and_parts(text.chars().map(|c| septets(c).unwrap_or(1)), GSM7_SINGLE, GSM7_PER_PART);
            SmsCost { encoding: SmsEncoding::Gsm7, units, parts, first_non_gsm: None }
        }
        Some(c) => {
            let (units, parts) = units_and_parts(text.chars().map(char::len_utf16), UCS2_SINGLE, UCS2_PER_PART);
            SmsCost { encoding: SmsEncoding::Ucs2, units, parts, first_non_gsm: Some(c) }
        }
    }
}

/// A character's septets in GSM-7, or `None` when GSM-7 cannot carry it.
fn septets(c: char) -> Option<usize> {
    if BASIC.contains(c) {
        Some(1)
    } else if EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// The total of `sizes` (one per character) and the parts they fill. A
/// character is never split between parts: an extension character's escape
/// and itself, or an emoji's surrogate pair, must arrive together, so one
/// that does not fit in what is left of a part starts the next.
fn units_and_parts(sizes: impl Iterator<Item = usize> + Clone, single: usize, per_part: usize) -> (usize, usize) {
    let units: usize = sizes.clone().sum();
    if units <= single {
        return (units, 1);
    }
    let (parts, _) = sizes.fold((1, 0), |(parts, used), size| if used + size > per_part { (parts + 1, size) } else { (parts, used + size) });
    (units, parts)
}

/// Whether `name` can be a clinic's alphanumeric sender: 1–11 ASCII
/// letters and digits, at least one a letter. Networks drop or mangle
/// anything else (spaces, æøå), and a name of digits only is taken for a
/// phone number that people would try to answer.
pub fn sender_name_valid(name: &str) -> bool {
    (1..=MAX_SENDER_CHARS).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric()) && name.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn gsm(units: usize, parts: usize) -> SmsCost {
        SmsCost { encoding: SmsEncoding::Gsm7, units, parts, first_non_gsm: None }
    }

    fn ucs2(units: usize, parts: usize, first: char) -> SmsCost {
        SmsCost { encoding: SmsEncoding::Ucs2, units, parts, first_non_gsm: Some(first) }
    }

    #[test]
    fn the_tables_are_gsm_03_38s() {
        // 128 positions less the escape.
        assert_eq!(BASIC.chars().count(), 127);
        let mut seen: Vec<char> = BASIC.chars().collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 127, "a character is listed twice");
        assert_eq!(EXTENSION.chars().count(), 10);
        assert!(!EXTENSION.chars().any(|c| BASIC.contains(c)));
        assert_eq!(cost(BASIC), gsm(127, 1));
        assert_eq!(cost(EXTENSION), gsm(20, 1));
    }

    #[test]
    fn one_gsm_message_holds_160_characters() {
        assert_eq!(cost(&"a".repeat(160)), gsm(160, 1));
        assert_eq!(cost(&"a".repeat(161)), gsm(161, 2));
    }

    #[test]
    fn a_gsm_part_holds_153_characters() {
        assert_eq!(cost(&"a".repeat(306)), gsm(306, 2));
        assert_eq!(cost(&"a".repeat(307)), gsm(307, 3));
        assert_eq!(cost(&"a".repeat(459)), gsm(459, 3));
        assert_eq!(cost(&"a".repeat(460)), gsm(460, 4));
    }

    #[test]
    fn danish_letters_are_gsm() {
        assert_eq!(cost("æøåÆØÅ"), gsm(6, 1));
        let invitation = "Kære forælder. Børneafdelingen på OUH beder om svar senest 12. maj: https://svar.example.dk/p/Xy7_q-2";
        assert_eq!(cost(invitation).encoding, SmsEncoding::Gsm7);
        assert_eq!(cost(invitation).parts, 1);
    }

    #[test]
    fn extension_characters_cost_two() {
        assert_eq!(cost("€"), gsm(2, 1));
        assert_eq!(cost("Pris: 10 €"), gsm(11, 1));
        assert_eq!(cost("\u{c}"), gsm(2, 1));
        // 158 + 2 fills one message exactly; one more septet does not fit.
        assert_eq!(cost(&format!("{}€", "a".repeat(158))), gsm(160, 1));
        assert_eq!(cost(&format!("{}€", "a".repeat(159))), gsm(161, 2));
    }

    #[test]
    fn an_extension_character_is_not_split_between_parts() {
        // 151 + 2 ends the first part exactly: 306 septets in 2 parts.
        assert_eq!(cost(&format!("{}€{}", "a".repeat(151), "a".repeat(153))), gsm(306, 2));
        // At 152 the € would straddle the boundary, so it starts part 2,
        // and the same 306 septets need 3 parts.
        assert_eq!(cost(&format!("{}€{}", "a".repeat(152), "a".repeat(152))), gsm(306, 3));
    }

    #[test]
    fn one_character_outside_gsm_makes_the_whole_text_ucs2() {
        let text = format!("{}–", "a".repeat(159));
        assert_eq!(cost(&text), ucs2(160, 3, '–'));
        for c in ['‘', '’', '“', '”', '…', 'ç', '\t', 'ž'] {
            assert_eq!(cost(&format!("Svar {c} senest")).encoding, SmsEncoding::Ucs2, "{c:?}");
            assert_eq!(cost(&format!("a{c}b{c}")).first_non_gsm, Some(c), "{c:?}");
        }
    }

    #[test]
    fn one_ucs2_message_holds_70_units_and_a_part_67() {
        assert_eq!(cost(&format!("–{}", "a".repeat(69))), ucs2(70, 1, '–'));
        assert_eq!(cost(&format!("–{}", "a".repeat(70))), ucs2(71, 2, '–'));
        assert_eq!(cost(&format!("–{}", "a".repeat(133))), ucs2(134, 2, '–'));
        assert_eq!(cost(&format!("–{}", "a".repeat(134))), ucs2(135, 3, '–'));
    }

    #[test]
    fn an_emoji_counts_two_utf16_units_and_is_not_split() {
        assert_eq!(cost("😀"), ucs2(2, 1, '😀'));
        assert_eq!(cost(&"😀".repeat(35)), ucs2(70, 1, '😀'));
        assert_eq!(cost(&"😀".repeat(36)), ucs2(72, 2, '😀'));
        assert_eq!(cost(&format!("{}😀{}", "a".repeat(65), "a".repeat(67))), ucs2(134, 2, '😀'));
        assert_eq!(cost(&format!("{}😀{}", "a".repeat(66), "a".repeat(66))), ucs2(134, 3, '😀'));
    }

    #[test]
    fn an_empty_text_is_one_gsm_message() {
        assert_eq!(cost(""), gsm(0, 1));
    }

    #[test]
    fn at_most_two_parts_fit() {
        assert!(cost(&"a".repeat(306)).fits());
        assert!(!cost(&"a".repeat(307)).fits());
        assert!(!cost(&format!("{}–", "a".repeat(159))).fits());
    }

    #[test]
    fn kannel_is_told_the_coding() {
        assert_eq!(SmsEncoding::Gsm7.kannel_coding(), 0);
        assert_eq!(SmsEncoding::Ucs2.kannel_coding(), 2);
        assert_eq!(cost("Hej – hej").encoding.kannel_coding(), 2);
    }

    #[test]
    fn sender_names_are_1_to_11_ascii_letters_and_digits() {
        for good in ["Svar", "OUH", "A", "Boernekl2", "Hospital123", "ABCDEFGHIJK"] {
            assert!(sender_name_valid(good), "{good}");
        }
        for bad in ["", "ABCDEFGHIJKL", "OUH Odense", "Børneklinik", "OUH-Boern", "Svar!", " Svar", "12345678", "Ａbc"] {
            assert!(!sender_name_valid(bad), "{bad}");
        }
    }

    /// The parts hold the units: every part full but for a character kept
    /// whole, and one message only when the units fit in one.
    fn consistent(text: &str) -> Result<(), TestCaseError> {
        let sms = cost(text);
        prop_assert!(sms.parts >= 1);
        prop_assert_eq!(sms.encoding == SmsEncoding::Gsm7, sms.first_non_gsm.is_none());
        let (single, per_part) = match sms.encoding {
            SmsEncoding::Gsm7 => (GSM7_SINGLE, GSM7_PER_PART),
            SmsEncoding::Ucs2 => (UCS2_SINGLE, UCS2_PER_PART),
        };
        if sms.parts == 1 {
            prop_assert!(sms.units <= single);
        } else {
            prop_assert!(sms.units > single);
            prop_assert!(sms.units <= sms.parts * per_part);
            prop_assert!(sms.units > (sms.parts - 1) * (per_part - 1));
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn any_text_has_a_consistent_cost(text in any::<String>()) {
            consistent(&text)?;
        }

        #[test]
        fn long_gsm_texts_have_a_consistent_cost(text in r"[a-zæøå €^{}|\\\[\]~]{0,500}") {
            consistent(&text)?;
        }

        #[test]
        fn long_ucs2_texts_have_a_consistent_cost(text in "[a-z –😀]{0,300}") {
            consistent(&text)?;
        }
    }
}
