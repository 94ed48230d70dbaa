//! Exact decimal numbers for the rule language.
//!
//! A clinician writes `weight - lowest_within(weight, 3) > 2` and means the
//! weights as the patient typed them: 64.4 − 62.4 is 2.0, which is not more
//! than 2. In binary floating point it is 2.0000000000000057, and the rule
//! fired red at some body weights. So every number a rule reads or writes
//! is a [`Decimal`]: an integer count of billionths (nine places after the
//! point), held in an `i128`.
//!
//! - `+`, `-` and comparisons are exact.
//! - `*` is exact while the product has at most nine places (two numbers
//!   with up to four each, or a weight with one place times anything with
//!   up to eight); beyond that it is rounded, as division is.
//! - `/` and means are rounded to nine places, half away from zero (as on
//!   paper): `1 / 3` is 0.333333333, `2 / 3` is 0.666666667.
//! - A result beyond about ±10^20 is not a number (unknown in a rule),
//!   never a wrapped or saturated one.
//!
//! Answers are stored as `f64` (JSON numbers). A number item declares at
//! most a few decimals and a range far below a million, and an `f64` read
//! from "64.4" is within a billionth of 64.4, so rounding it to nine places
//! ([`Decimal::from_f64`]) gives back exactly what was typed.

use std::cmp::Ordering;
use std::fmt;

/// Places after the point that every [`Decimal`] keeps.
pub const PLACES: u32 = 9;
const ONE: i128 = 1_000_000_000;

/// An exact decimal number with [`PLACES`] places after the point.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal(i128);

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);

    /// A whole number.
    pub fn from_int(n: i64) -> Decimal {
        Decimal(i128::from(n) * ONE)
    }

    /// `mantissa × 10^-places`, e.g. `(644, 1)` is 64.4; `None` with more
    /// than [`PLACES`] places.
    pub fn from_parts(mantissa: i64, places: u32) -> Option<Decimal> {
        let scale = 10i128.checked_pow(PLACES.checked_sub(places)?)?;
        Some(Decimal(i128::from(mantissa) * scale))
    }

    /// The number a rule or a file writes: digits with at most one point
    /// (`12`, `3.25`, `.5` is not accepted), at most [`PLACES`] places.
    pub fn parse(text: &str) -> Result<Decimal, ParseError> {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (text.contains('.') && !digits(frac)) {
            return Err(ParseError::NotANumber);
        }
        if frac.len() > PLACES as usize {
            return Err(ParseError::TooManyPlaces);
        }
        let mut units: i128 = 0;
        for b in whole.bytes().chain(frac.bytes()) {
            units = units.checked_mul(10).and_then(|u| u.checked_add(i128::from(b - b'0'))).ok_or(ParseError::TooLarge)?;
        }
        let scale = 10i128.pow(PLACES - frac.len() as u32);
        units.checked_mul(scale).filter(|u| *u <= MAX).map(Decimal).ok_or(ParseError::TooLarge)
    }

    /// An answer or score stored as `f64`: the shortest decimal that reads
    /// back as the same `f64` (what was typed: "64.4", never
    /// 64.400000000000005684…), rounded to [`PLACES`] places; `None` when
    /// it is not finite or too large.
    pub fn from_f64(x: f64) -> Option<Decimal> {
        if !x.is_finite() || x.abs() >= 1e20 {
            return None;
        }
        if x.abs() < 5e-10 {
            return Some(Decimal::ZERO);
        }
        // Rust prints an f64 as that shortest decimal, without exponent;
        // for these magnitudes it has at most ~40 characters, written to
        // the stack so that evaluating a rule does not allocate.
        let mut text = StackText { buf: [0; 64], len: 0 };
        fmt::Write::write_fmt(&mut text, format_args!("{}", x.abs())).ok()?;
        let n = Decimal::parse_rounded(text.as_str())?;
        Some(if x < 0.0 { -n } else { n })
    }

    /// Like [`Decimal::parse`], but places beyond [`PLACES`] are rounded
    /// half away from zero.
    fn parse_rounded(text: &str) -> Option<Decimal> {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        if frac.len() <= PLACES as usize {
            return Decimal::parse(text).ok();
        }
        let (kept, rest) = frac.split_at(PLACES as usize);
        if !kept.bytes().chain(rest.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut units = Decimal::parse(whole).ok()?.0 + kept.parse::<i128>().ok()?;
        if rest.as_bytes()[0] >= b'5' {
            units += 1;
        }
        Some(Decimal(units))
    }

    /// The nearest `f64`, for storage and display.
    pub fn to_f64(self) -> f64 {
        // Through the decimal text: `2.5` becomes the f64 nearest 2.5,
        // where a division would add its own rounding.
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Whether it has no places after the point.
    pub fn is_integer(self) -> bool {
        self.0 % ONE == 0
    }

    /// The whole number, when it is one and fits.
    pub fn to_i64(self) -> Option<i64> {
        if self.is_integer() {
            i64::try_from(self.0 / ONE).ok()
        } else {
            None
        }
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        self.0.checked_add(other.0).filter(|u| u.abs() <= MAX).map(Decimal)
    }

    pub fn checked_sub(self, other: Decimal) -> Option<Decimal> {
        self.0.checked_sub(other.0).filter(|u| u.abs() <= MAX).map(Decimal)
    }

    pub fn checked_mul(self, other: Decimal) -> Option<Decimal> {
        let product = self.0.checked_mul(other.0)?;
        Some(Decimal(round_div(product, ONE))).filter(|d| d.0.abs() <= MAX)
    }

    /// `None` when dividing by zero.
    pub fn checked_div(self, other: Decimal) -> Option<Decimal> {
        if other.0 == 0 {
            return None;
        }
        let scaled = self.0.checked_mul(ONE)?;
        Some(Decimal(round_div(scaled, other.0))).filter(|d| d.0.abs() <= MAX)
    }

    /// The mean of `sum` over `n` values, rounded as division is.
    pub fn mean(sum: Decimal, n: usize) -> Option<Decimal> {
        sum.checked_div(Decimal::from_int(i64::try_from(n).ok()?))
    }

    pub fn abs(self) -> Decimal {
        Decimal(self.0.abs())
    }
}

/// The largest magnitude in billionths (a value of about 1.7 × 10^20), so
/// that no sum of two in-range numbers overflows `i128`; a product that
/// does before rescaling is unknown.
const MAX: i128 = i128::MAX / 1_000_000_000;

/// `a / b` rounded half away from zero.
fn round_div(a: i128, b: i128) -> i128 {
    let q = a / b;
    let r = a % b;
    // |2r| >= |b| means the remainder is at least half way.
    if r != 0 && r.unsigned_abs() * 2 >= b.unsigned_abs() {
        if (a < 0) == (b < 0) {
            q + 1
        } else {
            q - 1
        }
    } else {
        q
    }
}

impl std::ops::Neg for Decimal {
    type Output = Decimal;
    fn neg(self) -> Decimal {
        Decimal(-self.0)
    }
}

impl PartialEq<i64> for Decimal {
    fn eq(&self, other: &i64) -> bool {
        *self == Decimal::from_int(*other)
    }
}

impl PartialOrd<i64> for Decimal {
    fn partial_cmp(&self, other: &i64) -> Option<Ordering> {
        Some(self.cmp(&Decimal::from_int(*other)))
    }
}

/// The shortest exact text: `2`, `2.5`, `-0.25`.
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let units = self.0.unsigned_abs();
        let whole = units / ONE as u128;
        let frac = units % ONE as u128;
        if frac == 0 {
            return write!(f, "{sign}{whole}");
        }
        let digits = format!("{frac:09}");
        write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
    }
}

/// A small text on the stack.
struct StackText {
    buf: [u8; 64],
    len: usize,
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Written as its exact text (`"64.4"`), so no JSON reader turns it back
/// into binary floating point on the way.
impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Decimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = Decimal;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a decimal number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Decimal, E> {
                let (negative, digits) = v.strip_prefix('-').map_or((false, v), |rest| (true, rest));
                let n = Decimal::parse(digits).map_err(|_| E::custom(format!("`{v}` is not a decimal number")))?;
                Ok(if negative { -n } else { n })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Decimal, E> {
                Ok(Decimal::from_int(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Decimal, E> {
                i64::try_from(v).map(Decimal::from_int).map_err(|_| E::custom("number too large"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Decimal, E> {
                Decimal::from_f64(v).ok_or_else(|| E::custom("number too large"))
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Why a written number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    NotANumber,
    TooManyPlaces,
    TooLarge,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn the_weight_that_fired_red_is_exactly_two() {
        assert_eq!(d("64.4").checked_sub(d("62.4")), Some(d("2")));
        assert!(d("64.4").checked_sub(d("62.4")).unwrap() <= 2);
        // Every weight from 30.0 to 300.0 kg in steps of 0.1: a 2.0 kg gain
        // is never more than 2, and a 2.1 kg gain always is.
        for tenths in 300..=3000 {
            let low = Decimal::from_parts(tenths, 1).unwrap();
            let two = Decimal::from_f64(f64::from(tenths as i32) / 10.0 + 2.0).unwrap();
            assert_eq!(two.checked_sub(low), Some(d("2")), "at {low}");
            let more = Decimal::from_f64(f64::from(tenths as i32) / 10.0 + 2.1).unwrap();
            assert!(more.checked_sub(low).unwrap() > 2, "at {low}");
        }
    }

    #[test]
    fn stored_answers_come_back_as_typed() {
        for s in ["64.4", "62.4", "0.1", "82.3", "129.9", "3.75", "0", "250", "0.000000001", "99999.9"] {
            let x: f64 = s.parse().unwrap();
            assert_eq!(Decimal::from_f64(x), Some(d(s)));
            assert_eq!(Decimal::from_f64(-x), Some(-d(s)));
            assert_eq!(Decimal::from_f64(x).unwrap().to_f64(), x);
        }
        assert_eq!(Decimal::from_f64(0.1 + 0.2), Some(d("0.3")));
        assert_eq!(Decimal::from_f64(f64::NAN), None);
        assert_eq!(Decimal::from_f64(f64::INFINITY), None);
        assert_eq!(Decimal::from_f64(1e25), None);
        assert_eq!(Decimal::from_f64(9406067.2), Some(d("9406067.2")));
        assert_eq!(Decimal::from_f64(1e-10), Some(Decimal::ZERO));
        assert_eq!(Decimal::from_f64(0.0000000015), Some(d("0.000000002")));
        assert_eq!(Decimal::from_f64(-0.0000000015), Some(-d("0.000000002")));
        assert_eq!(Decimal::from_f64(99999999999999999999.0 / 10.0), Some(d("10000000000000000000")));
    }

    #[test]
    fn text_is_the_shortest_exact_form() {
        assert_eq!(d("2.50").to_string(), "2.5");
        assert_eq!(d("2.0").to_string(), "2");
        assert_eq!((-d("0.25")).to_string(), "-0.25");
        assert_eq!(d("0.000000001").to_string(), "0.000000001");
        assert_eq!(d("12").to_string(), "12");
    }

    #[test]
    fn parse_refuses_what_is_not_a_plain_number() {
        assert_eq!(Decimal::parse("1.0000000001"), Err(ParseError::TooManyPlaces));
        assert_eq!(Decimal::parse("1e3"), Err(ParseError::NotANumber));
        assert_eq!(Decimal::parse("1."), Err(ParseError::NotANumber));
        assert_eq!(Decimal::parse(""), Err(ParseError::NotANumber));
        assert_eq!(Decimal::parse("99999999999999999999999999999999999"), Err(ParseError::TooLarge));
    }

    #[test]
    fn division_rounds_half_away_from_zero_at_nine_places() {
        assert_eq!(d("1").checked_div(d("3")), Some(d("0.333333333")));
        assert_eq!(d("2").checked_div(d("3")), Some(d("0.666666667")));
        assert_eq!((-d("2")).checked_div(d("3")), Some(-d("0.666666667")));
        assert_eq!(d("1").checked_div(Decimal::ZERO), None);
        assert_eq!(Decimal::mean(d("193.5"), 3), Some(d("64.5")));
        assert_eq!(d("0.00001").checked_mul(d("0.00005")), Some(d("0.000000001")));
    }

    #[test]
    fn overflow_is_not_a_number() {
        let big = d("10000000000000000000");
        assert_eq!(big.checked_mul(big), None);
        assert!(big.checked_add(big).is_some());
    }
}
