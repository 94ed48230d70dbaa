//! Email addresses of patients and respondents.
//!
//! Svar sends invitations to these addresses, so a typo costs a missed
//! questionnaire: we accept the everyday `local@domain.tld` form and reject
//! the exotic corners of RFC 5322 (quoted local parts, IP-literal domains,
//! comments) that no patient will type on purpose. Domains may contain
//! non-ASCII letters (`æøå.dk` is a real Danish domain); local parts are ASCII
//! because SMTPUTF8 support is patchy. The domain is lowercased; the local
//! part is kept as typed (it is case-sensitive in theory), and
//! [`Email::match_key`] compares case-insensitively.
//!
//! Addresses are personal data: `Debug` prints the masked form, and
//! [`Email::mask`] is the form to put in logs.

use crate::i18n::t;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::form_error::{validated_string, InvalidValue};

/// A checked email address, trimmed, domain lowercased.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// The longest address SMTP can carry (RFC 5321 path limit minus `<>`).
    pub const MAX_CHARS: usize = 254;
    const MAX_LOCAL: usize = 64;
    const MAX_LABEL: usize = 63;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(InvalidValue::from(t::domain::ENTER_EMAIL_ADDRESS));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(InvalidValue::with(t::domain::EMAIL_TOO_LONG, &[("max", &Self::MAX_CHARS)]));
        }
        let invalid = || InvalidValue::from(t::domain::ENTER_VALID_EMAIL_ADDRESS_E);
        let (local, domain) = s.rsplit_once('@').ok_or_else(invalid)?;
        if !valid_local(local) || !valid_domain(domain) {
            return Err(invalid());
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(l, _)| l)
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }

    /// The address for logs: first character of the local part, then `***`,
    /// e.g. `a***@example.dk`.
    pub fn mask(&self) -> String {
        let first = self.local_part().chars().next().unwrap_or('*');
        format!("{first}***@{}", self.domain())
    }

    /// The whole address lowercased: two addresses with the same key reach
    /// the same mailbox at every provider that matters.
    pub fn match_key(&self) -> String {
        self.0.to_lowercase()
    }
}

fn valid_local(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";
    !local.is_empty()
        && local.len() <= Email::MAX_LOCAL
        && local.chars().all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let labels_ok = labels.iter().all(|label| {
        let n = label.chars().count();
        (1..=Email::MAX_LABEL).contains(&n)
            && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    });
    let tld = labels.last().copied().unwrap_or("");
    labels_ok && tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({})", self.mask())
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

validated_string!(Email);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_everyday_addresses() {
        for (raw, stored) in [
            ("anna@example.dk", "anna@example.dk"),
            ("  Anna.Hansen@Example.DK ", "Anna.Hansen@example.dk"),
            ("a+svar@sub.example.co.uk", "a+svar@sub.example.co.uk"),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("x@æøå.dk", "x@æøå.dk"),
            ("x@ÆØÅ.DK", "x@æøå.dk"),
            ("anna@example.dk\n", "anna@example.dk"),
            ("first_last-1@xn--r-1ga.dk", "first_last-1@xn--r-1ga.dk"),
        ] {
            assert_eq!(Email::parse(raw).map(|e| e.as_str().to_owned()), Ok(stored.to_owned()), "{raw}");
        }
    }

    #[test]
    fn rejects_typos_and_exotic_forms() {
        for bad in [
            "",
            "   ",
            "anna",
            "anna@",
            "@example.dk",
            "anna@example",
            "anna@example.",
            "anna@.example.dk",
            "anna@example..dk",
            "anna@example,dk",
            "anna example@example.dk",
            "anna@@example.dk",
            "an@na@example.dk",
            ".anna@example.dk",
            "anna.@example.dk",
            "an..na@example.dk",
            "\"anna\"@example.dk",
            "anna@[127.0.0.1]",
            "anna@127.0.0.1",
            "anna@-example.dk",
            "anna@example-.dk",
            "anna@example.d",
            "søren@example.dk",
            "anna@exa_mple.dk",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn length_limits() {
        let local = "a".repeat(64);
        assert!(Email::parse(&format!("{local}@example.dk")).is_ok());
        assert!(Email::parse(&format!("a{local}@example.dk")).is_err());
        let label = "b".repeat(63);
        assert!(Email::parse(&format!("a@{label}.dk")).is_ok());
        assert!(Email::parse(&format!("a@b{label}.dk")).is_err());
        // 254 characters in total is the maximum
        let domain = format!("{}.{}.{}.dk", "c".repeat(63), "d".repeat(63), "e".repeat(58));
        let ok = format!("{local}@{domain}");
        assert_eq!(ok.chars().count(), 254);
        assert!(Email::parse(&ok).is_ok());
        let too_long = format!("{local}@f{domain}");
        let err = Email::parse(&too_long).unwrap_err();
        assert!(err.0.en.contains("254"), "{err:?}");
        assert!(err.0.da.contains("254"));
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let empty = Email::parse("").unwrap_err();
        assert_eq!(empty.0.da, "Skriv en e-mailadresse.");
        assert_eq!(empty.0.en, "Enter an email address.");
        let bad = Email::parse("nope").unwrap_err();
        assert!(bad.0.da.contains("gyldig"));
        assert!(bad.0.en.contains("valid"));
    }

    #[test]
    fn masks_for_logs() {
        let e = Email::parse("anna.hansen@Example.dk").unwrap();
        assert_eq!(e.mask(), "a***@example.dk");
        assert_eq!(format!("{e:?}"), "Email(a***@example.dk)");
        assert_eq!(e.to_string(), "anna.hansen@example.dk");
        assert_eq!(Email::parse("x@y.dk").unwrap().mask(), "x***@y.dk");
    }

    #[test]
    fn match_key_ignores_case() {
        let a = Email::parse("Anna@example.dk").unwrap();
        let b = Email::parse("anna@EXAMPLE.dk").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.match_key(), b.match_key());
    }

    #[test]
    fn try_from_string_checks() {
        assert!(Email::try_from(String::from("a@b.dk")).is_ok());
        assert!(Email::try_from(String::from("a@b")).is_err());
        assert_eq!(String::from(Email::parse("a@B.dk").unwrap()), "a@b.dk");
    }
}
