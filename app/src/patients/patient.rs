//! Patients and the respondents who answer for them, as staff type them in.
//!
//! A patient has a name, a date of birth, optionally a national id (stored as
//! given) and optionally a contact email. Zero or more respondents answer the
//! questionnaires for the patient: typically one or two parents, each with
//! their own email, relation and language, or the patient themself.
//!
//! [`PatientForm`] is the raw form as the browser posts it (all strings);
//! [`PatientForm::parse`] turns it into checked values or a list of *every*
//! field error, in Danish and English. The CSV import feeds its rows through
//! the same parser so both paths give the same messages.
//!
//! [`DuplicateKeys`] says when two patients are probably the same person.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::domain::email::Email;
use crate::domain::form_error::{FieldError, InvalidValue, LocalText};
use crate::i18n::Locale;

/// Form field names. They are also the canonical CSV column names.
pub mod field {
    pub const NAME: &str = "name";
    pub const DATE_OF_BIRTH: &str = "date_of_birth";
    pub const NATIONAL_ID: &str = "national_id";
    pub const EMAIL: &str = "email";
    pub const INDEX_DATE: &str = "index_date";

    /// The field names of one respondent block on the form.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct RespondentFields {
        /// 1 or 2, as shown to staff ("Respondent 1").
        pub number: usize,
        pub name: &'static str,
        pub email: &'static str,
        pub relation: &'static str,
        pub language: &'static str,
    }

    pub const RESPONDENTS: [RespondentFields; 2] = [
        RespondentFields {
            number: 1,
            name: "respondent1_name",
            email: "respondent1_email",
            relation: "respondent1_relation",
            language: "respondent1_language",
        },
        RespondentFields {
            number: 2,
            name: "respondent2_name",
            email: "respondent2_email",
            relation: "respondent2_relation",
            language: "respondent2_language",
        },
    ];
}

/// Parses a calendar date as staff write it: `YYYY-MM-DD` (what an HTML date
/// input posts and the ISO form), or the Danish `DD-MM-YYYY` / `DD.MM.YYYY`
/// that Danish spreadsheets export. Day and month may have one digit.
pub fn parse_date(raw: &str) -> Result<Date, InvalidValue> {
    let s = raw.trim();
    let format_error = || {
        InvalidValue::new(
            "Skriv datoen som ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ.",
            "Write the date as YYYY-MM-DD, DD-MM-YYYY or DD.MM.YYYY.",
        )
    };
    let sep = if s.contains('-') && !s.contains('.') {
        '-'
    } else if s.contains('.') && !s.contains('-') {
        '.'
    } else {
        return Err(format_error());
    };
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(format_error());
    };
    let digits = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    let (year, month, day) =
        if sep == '-' && digits(a, 4..=4) && digits(b, 1..=2) && digits(c, 1..=2) {
            (*a, *b, *c)
        } else if digits(c, 4..=4) && digits(b, 1..=2) && digits(a, 1..=2) {
            (*c, *b, *a)
        } else {
            return Err(format_error());
        };
    let (Ok(year), Ok(month), Ok(day)) =
        (year.parse::<i32>(), month.parse::<u8>(), day.parse::<u8>())
    else {
        return Err(format_error());
    };
    let no_such_date = || InvalidValue::new("Datoen findes ikke.", "That date does not exist.");
    let month = Month::try_from(month).map_err(|_| no_such_date())?;
    Date::from_calendar_date(year, month, day).map_err(|_| no_such_date())
}

/// `YYYY-MM-DD`, for keys and messages.
pub(crate) fn iso_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A person's full name as written, trimmed: 1–200 characters, no control
/// characters (line breaks from a pasted cell, NUL, …).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

/// The first word of a name: all a mail or a respondent's page says about
/// the patient (and how a mail greets a parent).
pub fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or("")
}

impl PersonName {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(InvalidValue::new("Skriv navnet.", "Enter the name."));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(InvalidValue::new(
                format!("Navnet må højst være {} tegn.", Self::MAX_CHARS),
                format!("The name can be at most {} characters.", Self::MAX_CHARS),
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(InvalidValue::new(
                "Navnet indeholder ugyldige tegn (fx linjeskift).",
                "The name contains invalid characters (such as line breaks).",
            ));
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name for comparing: lowercased, runs of whitespace collapsed to
    /// one space. "Anna  HANSEN" and "anna hansen" get the same key.
    pub fn match_key(&self) -> String {
        self.0
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
}

impl TryFrom<String> for PersonName {
    type Error = InvalidValue;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonName> for String {
    fn from(value: PersonName) -> Self {
        value.0
    }
}

/// A date of birth: not in the future and not before 1900.
///
/// "The future" depends on the clock, which the domain does not read: the
/// caller passes `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "Date", into = "Date")]
pub struct DateOfBirth(Date);

impl DateOfBirth {
    pub const MIN_YEAR: i32 = 1900;

    pub fn new(date: Date, today: Date) -> Result<Self, InvalidValue> {
        if date > today {
            return Err(InvalidValue::new(
                "Fødselsdatoen kan ikke ligge i fremtiden.",
                "The date of birth cannot be in the future.",
            ));
        }
        Self::check_year(date)
    }

    pub fn parse(raw: &str, today: Date) -> Result<Self, InvalidValue> {
        if raw.trim().is_empty() {
            return Err(InvalidValue::new(
                "Skriv fødselsdatoen.",
                "Enter the date of birth.",
            ));
        }
        Self::new(parse_date(raw)?, today)
    }

    fn check_year(date: Date) -> Result<Self, InvalidValue> {
        if date.year() < Self::MIN_YEAR {
            return Err(InvalidValue::new(
                format!("Fødselsdatoen skal være i {} eller senere.", Self::MIN_YEAR),
                format!("The date of birth must be in {} or later.", Self::MIN_YEAR),
            ));
        }
        Ok(Self(date))
    }

    pub fn date(self) -> Date {
        self.0
    }
}

/// Stored values are re-checked for the year only: "not in the future" was
/// checked against the day they were entered.
impl TryFrom<Date> for DateOfBirth {
    type Error = InvalidValue;
    fn try_from(value: Date) -> Result<Self, Self::Error> {
        Self::check_year(value)
    }
}

impl From<DateOfBirth> for Date {
    fn from(value: DateOfBirth) -> Self {
        value.0
    }
}

/// A national id (CPR number in Denmark, something else elsewhere), stored as
/// given: trimmed, at most 32 characters, no control characters.
///
/// An id that looks like a Danish CPR number (`DDMMYY-XXXX` or `DDMMYYXXXX`,
/// also with a space, whose first six digits and seventh digit make a real
/// date of birth) is normalised to `DDMMYY-XXXX`. The modulus-11 check is
/// deliberately *not* made: Denmark stopped guaranteeing it in 2007, so valid
/// numbers fail it.
///
/// `Debug` hides the value: ids are personal data and must not reach logs.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalId(String);

impl NationalId {
    pub const MAX_CHARS: usize = 32;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let id = raw.trim();
        if id.is_empty() {
            return Err(InvalidValue::new(
                "Skriv id-nummeret.",
                "Enter the id number.",
            ));
        }
        if id.chars().count() > Self::MAX_CHARS {
            return Err(InvalidValue::new(
                format!("Id-nummeret må højst være {} tegn.", Self::MAX_CHARS),
                format!(
                    "The id number can be at most {} characters.",
                    Self::MAX_CHARS
                ),
            ));
        }
        if id.chars().any(char::is_control) {
            return Err(InvalidValue::new(
                "Id-nummeret indeholder ugyldige tegn.",
                "The id number contains invalid characters.",
            ));
        }
        if let Some(digits) = cpr_digits(id) {
            if cpr_birth_date(&digits).is_some() {
                let d: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                return Ok(Self(format!("{}-{}", &d[..6], &d[6..])));
            }
        }
        Ok(Self(id.to_owned()))
    }

    /// An empty field means "no id".
    pub fn parse_optional(raw: &str) -> Result<Option<Self>, InvalidValue> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(raw).map(Some)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_cpr(&self) -> bool {
        self.cpr_birth_date().is_some()
    }

    /// The date of birth a CPR-looking id encodes (century from the seventh
    /// digit, as the CPR office defines it); `None` for other ids.
    pub fn cpr_birth_date(&self) -> Option<Date> {
        cpr_digits(&self.0).and_then(|d| cpr_birth_date(&d))
    }

    /// Whether a CPR-looking id agrees with a date of birth; `None` when the
    /// id is not CPR-looking and so says nothing about the birth date.
    pub fn matches_date_of_birth(&self, dob: &DateOfBirth) -> Option<bool> {
        self.cpr_birth_date().map(|d| d == dob.date())
    }

    /// The id for comparing: uppercase, without spaces, hyphens and dots, so
    /// `010203-1234`, `0102031234` and `01 02 03 1234` compare equal.
    pub fn match_key(&self) -> String {
        self.0
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '.')
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// The ten digits of `DDMMYYXXXX`, `DDMMYY-XXXX` or `DDMMYY XXXX`.
fn cpr_digits(s: &str) -> Option<[u8; 10]> {
    let bytes = s.as_bytes();
    let compact: Vec<u8> = match bytes.len() {
        10 => bytes.to_vec(),
        11 if matches!(bytes[6], b'-' | b' ') => {
            bytes[..6].iter().chain(&bytes[7..]).copied().collect()
        }
        _ => return None,
    };
    if !compact.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut out = [0u8; 10];
    for (o, b) in out.iter_mut().zip(compact) {
        *o = b - b'0';
    }
    Some(out)
}

/// CPR century rule: the seventh digit with the two-digit year gives the century.
fn cpr_birth_date(d: &[u8; 10]) -> Option<Date> {
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    let yy = i32::from(d[4] * 10 + d[5]);
    let century = match d[6] {
        0..=3 => 1900,
        4 | 9 if yy <= 36 => 2000,
        4 | 9 => 1900,
        5..=8 if yy <= 57 => 2000,
        5..=8 => 1800,
        _ => return None,
    };
    Date::from_calendar_date(century + yy, Month::try_from(month).ok()?, day).ok()
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NationalId(***)")
    }
}

impl TryFrom<String> for NationalId {
    type Error = InvalidValue;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<NationalId> for String {
    fn from(value: NationalId) -> Self {
        value.0
    }
}

/// How a respondent is related to the patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    Mother,
    Father,
    /// A parent when mother/father does not fit or is not wanted.
    Parent,
    Guardian,
    Other,
    /// The patient answers for themself.
    #[serde(rename = "self")]
    SelfPatient,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::Mother,
        Relation::Father,
        Relation::Parent,
        Relation::Guardian,
        Relation::Other,
        Relation::SelfPatient,
    ];

    /// The stored code (also the serde form and the form's option value).
    pub fn code(self) -> &'static str {
        match self {
            Relation::Mother => "mother",
            Relation::Father => "father",
            Relation::Parent => "parent",
            Relation::Guardian => "guardian",
            Relation::Other => "other",
            Relation::SelfPatient => "self",
        }
    }

    pub fn label(self) -> LocalText {
        let (da, en) = match self {
            Relation::Mother => ("Mor", "Mother"),
            Relation::Father => ("Far", "Father"),
            Relation::Parent => ("Forælder", "Parent"),
            Relation::Guardian => ("Værge", "Guardian"),
            Relation::Other => ("Anden", "Other"),
            Relation::SelfPatient => ("Patienten selv", "The patient themself"),
        };
        LocalText::new(da, en)
    }

    /// Accepts the code, the Danish or English label, and a few everyday
    /// spellings ("foraelder", "vaerge", "selv"), ignoring case.
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(InvalidValue::new(
                "Vælg respondentens relation til patienten.",
                "Choose the respondent's relation to the patient.",
            ));
        }
        let found = Self::ALL.into_iter().find(|r| {
            let label = r.label();
            s == r.code() || s == label.da.to_lowercase() || s == label.en.to_lowercase()
        });
        let alias = match s.as_str() {
            "mom" | "mum" => Some(Relation::Mother),
            "dad" => Some(Relation::Father),
            "foraelder" => Some(Relation::Parent),
            "vaerge" => Some(Relation::Guardian),
            "andet" | "anden relation" => Some(Relation::Other),
            "selv" | "patient" | "patienten" | "myself" | "themself" => Some(Relation::SelfPatient),
            _ => None,
        };
        found.or(alias).ok_or_else(|| {
            InvalidValue::new(
                "Ukendt relation. Brug en af: mor, far, forælder, værge, anden, selv.",
                "Unknown relation. Use one of: mother, father, parent, guardian, other, self.",
            )
        })
    }
}

/// The language a respondent reads invitations and questionnaires in is a
/// [`Locale`]; these read it from a form or an import.
pub mod language {
    use super::{InvalidValue, LocalText, Locale};

    /// The language's name in Danish and English, for choosers.
    pub fn label(locale: Locale) -> LocalText {
        match locale {
            Locale::Da => LocalText::new("Dansk", "Danish"),
            Locale::En => LocalText::new("Engelsk", "English"),
        }
    }

    /// Accepts `da`/`en` and the language names in Danish and English,
    /// ignoring case. Use [`parse_or_default`] where an empty value means
    /// Danish.
    pub fn parse(raw: &str) -> Result<Locale, InvalidValue> {
        match raw.trim().to_lowercase().as_str() {
            "da" | "dansk" | "danish" | "da-dk" => Ok(Locale::Da),
            "en" | "engelsk" | "english" | "en-gb" | "en-us" => Ok(Locale::En),
            _ => Err(InvalidValue::new(
                "Ukendt sprog. Brug da (dansk) eller en (engelsk).",
                "Unknown language. Use da (Danish) or en (English).",
            )),
        }
    }

    /// An empty value is Danish, the default.
    pub fn parse_or_default(raw: &str) -> Result<Locale, InvalidValue> {
        if raw.trim().is_empty() {
            Ok(Locale::default())
        } else {
            parse(raw)
        }
    }
}

/// What it takes to register a patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPatient {
    pub name: PersonName,
    pub date_of_birth: DateOfBirth,
    pub national_id: Option<NationalId>,
    /// The patient's own contact address, if any. Who *answers* is decided
    /// by the respondents; a patient who answers themself is a respondent
    /// with [`Relation::SelfPatient`].
    pub email: Option<Email>,
}

/// Someone who answers questionnaires for a patient.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRespondent {
    pub name: PersonName,
    pub email: Email,
    pub relation: Relation,
    pub language: Locale,
}

/// When two patients of one clinic are probably the same person.
///
/// The rule: if **both** have a national id, they are duplicates exactly when
/// the ids are equal (compared by [`NationalId::match_key`]); otherwise they
/// are duplicates when their names (compared by [`PersonName::match_key`])
/// and dates of birth are equal.
///
/// That rule cannot be one string: a patient with an id is a duplicate of an
/// id-less patient with the same name and birth date, but not of a patient
/// with the same name and birth date and a *different* id (twins named alike
/// are rare, data entry with and without an id is not). So there are two
/// keys. A store finds candidates with
/// `WHERE national_id_key = ? OR name_birth_key = ?` (both columns indexed,
/// within the clinic) and keeps those for which
/// [`DuplicateKeys::is_likely_duplicate_of`] holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DuplicateKeys {
    pub national_id: Option<String>,
    /// `"<name match key>|<YYYY-MM-DD>"`.
    pub name_and_birth: String,
}

impl DuplicateKeys {
    pub fn is_likely_duplicate_of(&self, other: &DuplicateKeys) -> bool {
        match (&self.national_id, &other.national_id) {
            (Some(a), Some(b)) => a == b,
            _ => self.name_and_birth == other.name_and_birth,
        }
    }
}

impl NewPatient {
    pub fn duplicate_keys(&self) -> DuplicateKeys {
        DuplicateKeys {
            national_id: self.national_id.as_ref().map(NationalId::match_key),
            name_and_birth: format!(
                "{}|{}",
                self.name.match_key(),
                iso_date(self.date_of_birth.date())
            ),
        }
    }
}

/// The patient form as the browser posts it: every field a string, empty when
/// not filled in. Up to two respondents.
///
/// A respondent block counts as empty when its name, email and relation are
/// all empty (the language is ignored because a select always posts a
/// value), so the relation select needs an empty first option.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatientForm {
    pub name: String,
    pub date_of_birth: String,
    pub national_id: String,
    pub email: String,
    pub respondent1_name: String,
    pub respondent1_email: String,
    pub respondent1_relation: String,
    pub respondent1_language: String,
    pub respondent2_name: String,
    pub respondent2_email: String,
    pub respondent2_relation: String,
    pub respondent2_language: String,
}

/// One respondent block's raw values.
struct RespondentInput<'a> {
    fields: field::RespondentFields,
    name: &'a str,
    email: &'a str,
    relation: &'a str,
    language: &'a str,
}

impl PatientForm {
    /// Checks every field and returns all errors at once, in form order.
    /// `today` decides what "in the future" means for the date of birth.
    pub fn parse(&self, today: Date) -> Result<(NewPatient, Vec<NewRespondent>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = keep(
            PersonName::parse(&self.name).map_err(|e| e.at(field::NAME)),
            &mut errors,
        );
        let dob = keep(
            DateOfBirth::parse(&self.date_of_birth, today).map_err(|e| e.at(field::DATE_OF_BIRTH)),
            &mut errors,
        );
        let national_id = keep(
            NationalId::parse_optional(&self.national_id).map_err(|e| e.at(field::NATIONAL_ID)),
            &mut errors,
        );
        if let (Some(Some(id)), Some(dob)) = (&national_id, &dob) {
            if id.matches_date_of_birth(dob) == Some(false) {
                errors.push(FieldError::new(
                    field::NATIONAL_ID,
                    "CPR-nummeret passer ikke med fødselsdatoen.",
                    "The CPR number does not match the date of birth.",
                ));
            }
        }
        let email = if self.email.trim().is_empty() {
            Some(None)
        } else {
            keep(
                Email::parse(&self.email)
                    .map(Some)
                    .map_err(|e| e.at(field::EMAIL)),
                &mut errors,
            )
        };

        let mut respondents: Vec<(field::RespondentFields, NewRespondent)> = Vec::new();
        for input in self.respondent_inputs() {
            if let Some(respondent) = parse_respondent(&input, &mut errors) {
                let key = respondent.email.match_key();
                if let Some((earlier, _)) =
                    respondents.iter().find(|(_, r)| r.email.match_key() == key)
                {
                    errors.push(FieldError::new(
                        input.fields.email,
                        format!(
                            "Respondent {} har samme e-mailadresse. Hver respondent skal have sin egen.",
                            earlier.number
                        ),
                        format!(
                            "Respondent {} has the same email address. Each respondent needs their own.",
                            earlier.number
                        ),
                    ));
                } else {
                    respondents.push((input.fields, respondent));
                }
            }
        }

        match (name, dob, national_id, email) {
            (Some(name), Some(date_of_birth), Some(national_id), Some(email))
                if errors.is_empty() =>
            {
                Ok((
                    NewPatient {
                        name,
                        date_of_birth,
                        national_id,
                        email,
                    },
                    respondents.into_iter().map(|(_, r)| r).collect(),
                ))
            }
            _ => Err(errors),
        }
    }

    fn respondent_inputs(&self) -> [RespondentInput<'_>; 2] {
        let [f1, f2] = field::RESPONDENTS;
        [
            RespondentInput {
                fields: f1,
                name: &self.respondent1_name,
                email: &self.respondent1_email,
                relation: &self.respondent1_relation,
                language: &self.respondent1_language,
            },
            RespondentInput {
                fields: f2,
                name: &self.respondent2_name,
                email: &self.respondent2_email,
                relation: &self.respondent2_relation,
                language: &self.respondent2_language,
            },
        ]
    }
}

fn keep<T>(result: Result<T, FieldError>, errors: &mut Vec<FieldError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// `None` for an empty block or a block with errors (pushed to `errors`).
fn parse_respondent(
    input: &RespondentInput<'_>,
    errors: &mut Vec<FieldError>,
) -> Option<NewRespondent> {
    let f = input.fields;
    let blank = |s: &str| s.trim().is_empty();
    if blank(input.name) && blank(input.email) && blank(input.relation) {
        return None;
    }
    let n = f.number;
    let before = errors.len();
    let name = if blank(input.name) {
        errors.push(FieldError::new(
            f.name,
            format!("Respondent {n} mangler et navn."),
            format!("Respondent {n} is missing a name."),
        ));
        None
    } else {
        keep(
            PersonName::parse(input.name).map_err(|e| e.at(f.name)),
            errors,
        )
    };
    let email = if blank(input.email) {
        errors.push(FieldError::new(
            f.email,
            format!("Respondent {n} mangler en e-mailadresse."),
            format!("Respondent {n} is missing an email address."),
        ));
        None
    } else {
        keep(Email::parse(input.email).map_err(|e| e.at(f.email)), errors)
    };
    let relation = if blank(input.relation) {
        errors.push(FieldError::new(
            f.relation,
            format!("Respondent {n} mangler en relation til patienten."),
            format!("Respondent {n} is missing a relation to the patient."),
        ));
        None
    } else {
        keep(
            Relation::parse(input.relation).map_err(|e| e.at(f.relation)),
            errors,
        )
    };
    let language = keep(
        language::parse_or_default(input.language).map_err(|e| e.at(f.language)),
        errors,
    );
    match (name, email, relation, language) {
        (Some(name), Some(email), Some(relation), Some(language)) if errors.len() == before => {
            Some(NewRespondent {
                name,
                email,
                relation,
                language,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2025 - 03 - 10);

    #[test]
    fn dates_in_iso_and_danish_forms() {
        for (raw, want) in [
            ("2021-05-04", date!(2021 - 05 - 04)),
            (" 2021-5-4 ", date!(2021 - 05 - 04)),
            ("04-05-2021", date!(2021 - 05 - 04)),
            ("04.05.2021", date!(2021 - 05 - 04)),
            ("4.5.2021", date!(2021 - 05 - 04)),
            ("29.02.2024", date!(2024 - 02 - 29)),
        ] {
            assert_eq!(parse_date(raw), Ok(want), "{raw}");
        }
        for bad in [
            "",
            "2021",
            "2021-05",
            "2021/05/04",
            "04.05-2021",
            "2021.05.04",
            "21-05-04",
            "04-05-21",
            "2021-05-04T00:00",
            "x021-05-04",
            "2021-005-04",
            "+2021-05-04",
            "2021 05 04",
        ] {
            let err = parse_date(bad).unwrap_err();
            assert!(err.0.en.contains("YYYY-MM-DD"), "{bad}: {err:?}");
            assert!(err.0.da.contains("ÅÅÅÅ-MM-DD"));
        }
        for missing in [
            "2021-02-29",
            "31.04.2021",
            "2021-13-01",
            "00-01-2021",
            "2021-00-10",
        ] {
            assert_eq!(
                parse_date(missing).unwrap_err().0.en,
                "That date does not exist.",
                "{missing}"
            );
        }
    }

    #[test]
    fn person_names() {
        assert_eq!(
            PersonName::parse("  Ida Marie Jensen ").unwrap().as_str(),
            "Ida Marie Jensen"
        );
        assert!(PersonName::parse("Ø").is_ok());
        assert!(PersonName::parse(&"å".repeat(200)).is_ok());
        for bad in ["", "  ", "Ida\nJensen", "Ida\u{0}", "Ida\tJensen"] {
            assert!(PersonName::parse(bad).is_err(), "{bad:?}");
        }
        let long = PersonName::parse(&"å".repeat(201)).unwrap_err();
        assert_eq!(long.0.da, "Navnet må højst være 200 tegn.");
        assert_eq!(long.0.en, "The name can be at most 200 characters.");
        assert_eq!(PersonName::parse("").unwrap_err().0.en, "Enter the name.");
    }

    #[test]
    fn name_match_key_ignores_case_and_spacing() {
        let a = PersonName::parse("Ida  Marie\u{a0}JENSEN").unwrap();
        assert_eq!(a.match_key(), "ida marie jensen");
        assert_eq!(PersonName::parse("ÆBLE Ø").unwrap().match_key(), "æble ø");
    }

    #[test]
    fn dates_of_birth() {
        assert!(DateOfBirth::parse("2025-03-10", TODAY).is_ok());
        assert!(DateOfBirth::parse("1900-01-01", TODAY).is_ok());
        assert!(DateOfBirth::parse("10.03.2025", TODAY).is_ok());
        let future = DateOfBirth::parse("2025-03-11", TODAY).unwrap_err();
        assert_eq!(future.0.da, "Fødselsdatoen kan ikke ligge i fremtiden.");
        assert_eq!(future.0.en, "The date of birth cannot be in the future.");
        let old = DateOfBirth::parse("1899-12-31", TODAY).unwrap_err();
        assert!(old.0.en.contains("1900"));
        assert_eq!(
            DateOfBirth::parse(" ", TODAY).unwrap_err().0.en,
            "Enter the date of birth."
        );
        assert!(DateOfBirth::parse("2021-02-30", TODAY).is_err());
        assert!(DateOfBirth::try_from(date!(1899 - 12 - 31)).is_err());
        assert!(
            DateOfBirth::try_from(date!(2099 - 01 - 01)).is_ok(),
            "stored values are not re-dated"
        );
    }

    #[test]
    fn cpr_looking_ids_are_normalised() {
        for (raw, stored) in [
            ("0405211234", "040521-1234"),
            ("040521-1234", "040521-1234"),
            (" 040521 1234 ", "040521-1234"),
            ("290200-4000", "290200-4000"), // 2000 is a leap year (7th digit 4, yy 00 → 2000)
        ] {
            let id = NationalId::parse(raw).unwrap();
            assert_eq!(id.as_str(), stored, "{raw}");
            assert!(id.is_cpr());
        }
    }

    #[test]
    fn other_ids_are_stored_as_given() {
        for raw in [
            "19850101-1234", // Swedish personnummer
            "320521-1234",   // day 32: not a date, so not CPR-looking
            "290201-4000",   // 29 Feb 2001 does not exist
            "040521-12345",
            "04052-11234",
            "AB 12 34 56 C", // UK NI number
            "040521–1234",   // en dash
            "x",
        ] {
            let id = NationalId::parse(raw).unwrap();
            assert_eq!(id.as_str(), raw.trim(), "{raw}");
            assert!(!id.is_cpr(), "{raw}");
        }
        assert!(NationalId::parse(&"9".repeat(32)).is_ok());
        let long = NationalId::parse(&"9".repeat(33)).unwrap_err();
        assert!(long.0.en.contains("32") && long.0.da.contains("32"));
        assert!(NationalId::parse("0405\n211234").is_err());
        assert!(NationalId::parse("").is_err());
        assert_eq!(NationalId::parse_optional("  "), Ok(None));
        assert!(NationalId::parse_optional("0405211234").unwrap().is_some());
    }

    #[test]
    fn modulus_11_is_not_checked() {
        // 010101-1234 fails modulus 11 but is a valid post-2007 style number.
        assert!(NationalId::parse("010101-1234").unwrap().is_cpr());
    }

    #[test]
    fn cpr_century_from_seventh_digit() {
        for (id, born) in [
            ("010190-0000", date!(1990 - 01 - 01)),
            ("010190-3999", date!(1990 - 01 - 01)),
            ("010136-4000", date!(2036 - 01 - 01)),
            ("010137-4000", date!(1937 - 01 - 01)),
            ("010157-5000", date!(2057 - 01 - 01)),
            ("010158-8999", date!(1858 - 01 - 01)),
            ("010136-9000", date!(2036 - 01 - 01)),
            ("010137-9000", date!(1937 - 01 - 01)),
            ("010110-5000", date!(2010 - 01 - 01)),
        ] {
            assert_eq!(
                NationalId::parse(id).unwrap().cpr_birth_date(),
                Some(born),
                "{id}"
            );
        }
    }

    #[test]
    fn cpr_matches_date_of_birth() {
        let dob = DateOfBirth::new(date!(2021 - 05 - 04), TODAY).unwrap();
        assert_eq!(
            NationalId::parse("040521-4321")
                .unwrap()
                .matches_date_of_birth(&dob),
            Some(true)
        );
        assert_eq!(
            NationalId::parse("050521-4321")
                .unwrap()
                .matches_date_of_birth(&dob),
            Some(false)
        );
        // right day and month, wrong century digit (3 → 1921)
        assert_eq!(
            NationalId::parse("040521-3321")
                .unwrap()
                .matches_date_of_birth(&dob),
            Some(false)
        );
        assert_eq!(
            NationalId::parse("X123")
                .unwrap()
                .matches_date_of_birth(&dob),
            None
        );
    }

    #[test]
    fn national_ids_are_hidden_in_debug_and_keyed_loosely() {
        let id = NationalId::parse("0405211234").unwrap();
        assert_eq!(format!("{id:?}"), "NationalId(***)");
        assert_eq!(id.match_key(), "0405211234");
        assert_eq!(
            NationalId::parse("ab-12 3.4").unwrap().match_key(),
            "AB1234"
        );
    }

    #[test]
    fn relations_parse_codes_and_labels_in_both_languages() {
        for (raw, want) in [
            ("mother", Relation::Mother),
            ("Mor", Relation::Mother),
            (" FAR ", Relation::Father),
            ("forælder", Relation::Parent),
            ("Foraelder", Relation::Parent),
            ("parent", Relation::Parent),
            ("værge", Relation::Guardian),
            ("guardian", Relation::Guardian),
            ("anden", Relation::Other),
            ("andet", Relation::Other),
            ("other", Relation::Other),
            ("self", Relation::SelfPatient),
            ("selv", Relation::SelfPatient),
            ("Patienten selv", Relation::SelfPatient),
        ] {
            assert_eq!(Relation::parse(raw), Ok(want), "{raw}");
        }
        assert!(Relation::parse("").unwrap_err().0.en.contains("Choose"));
        let unknown = Relation::parse("aunt").unwrap_err();
        assert!(unknown.0.da.contains("mor, far"));
        assert!(unknown.0.en.contains("mother, father"));
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.code()), Ok(r));
            assert_eq!(Relation::parse(&r.label().da), Ok(r));
            assert_eq!(Relation::parse(&r.label().en), Ok(r));
        }
    }

    #[test]
    fn languages() {
        for (raw, want) in [
            ("da", Locale::Da),
            ("DA", Locale::Da),
            ("dansk", Locale::Da),
            ("Danish", Locale::Da),
            ("en", Locale::En),
            ("engelsk", Locale::En),
            ("English", Locale::En),
        ] {
            assert_eq!(language::parse(raw), Ok(want), "{raw}");
        }
        assert!(language::parse("").is_err());
        assert!(language::parse("de").is_err());
        assert_eq!(language::parse_or_default(" "), Ok(Locale::Da));
        assert_eq!(language::parse_or_default("en"), Ok(Locale::En));
        assert!(language::parse_or_default("sv")
            .unwrap_err()
            .0
            .da
            .contains("Ukendt sprog"));
    }

    fn complete_form() -> PatientForm {
        PatientForm {
            name: "Ida Jensen".into(),
            date_of_birth: "2021-05-04".into(),
            national_id: "0405214321".into(),
            email: "".into(),
            respondent1_name: "Mette Jensen".into(),
            respondent1_email: "mette@example.dk".into(),
            respondent1_relation: "mother".into(),
            respondent1_language: "da".into(),
            respondent2_name: "Peter Jensen".into(),
            respondent2_email: "peter@example.dk".into(),
            respondent2_relation: "father".into(),
            respondent2_language: "en".into(),
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_ref()).collect()
    }

    #[test]
    fn a_complete_form_with_two_parents_parses() {
        let (patient, respondents) = complete_form().parse(TODAY).unwrap();
        assert_eq!(patient.name.as_str(), "Ida Jensen");
        assert_eq!(patient.national_id.unwrap().as_str(), "040521-4321");
        assert_eq!(patient.email, None);
        assert_eq!(respondents.len(), 2);
        assert_eq!(respondents[0].relation, Relation::Mother);
        assert_eq!(respondents[1].language, Locale::En);
    }

    #[test]
    fn an_empty_second_block_means_one_respondent() {
        let form = PatientForm {
            respondent2_name: " ".into(),
            respondent2_email: "".into(),
            respondent2_relation: "".into(),
            respondent2_language: "da".into(), // a select always posts something
            ..complete_form()
        };
        let (_, respondents) = form.parse(TODAY).unwrap();
        assert_eq!(respondents.len(), 1);
    }

    #[test]
    fn no_respondents_is_fine_for_a_patient() {
        let form = PatientForm {
            name: "Ole".into(),
            date_of_birth: "1950-01-01".into(),
            email: "ole@example.dk".into(),
            ..PatientForm::default()
        };
        let (patient, respondents) = form.parse(TODAY).unwrap();
        assert!(respondents.is_empty());
        assert_eq!(patient.email.unwrap().as_str(), "ole@example.dk");
    }

    #[test]
    fn every_error_is_collected_in_form_order() {
        let form = PatientForm {
            name: "".into(),
            date_of_birth: "2030-01-01".into(),
            national_id: "1\n2".into(),
            email: "not-an-email".into(),
            respondent1_name: "Mette".into(),
            respondent1_email: "".into(),
            respondent1_relation: "".into(),
            respondent1_language: "fr".into(),
            respondent2_name: "".into(),
            respondent2_email: "peter@example".into(),
            respondent2_relation: "uncle".into(),
            respondent2_language: "".into(),
        };
        let errors = form.parse(TODAY).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "name",
                "date_of_birth",
                "national_id",
                "email",
                "respondent1_email",
                "respondent1_relation",
                "respondent1_language",
                "respondent2_name",
                "respondent2_email",
                "respondent2_relation",
            ]
        );
        for e in &errors {
            assert!(!e.message.da.is_empty() && !e.message.en.is_empty());
            assert_ne!(e.message.da, e.message.en, "{e}");
        }
        assert_eq!(
            errors[4].message.da,
            "Respondent 1 mangler en e-mailadresse."
        );
        assert_eq!(
            errors[4].message.en,
            "Respondent 1 is missing an email address."
        );
        assert_eq!(
            errors[5].message.en,
            "Respondent 1 is missing a relation to the patient."
        );
        assert_eq!(errors[7].message.da, "Respondent 2 mangler et navn.");
    }

    #[test]
    fn the_same_email_twice_is_an_error_on_the_second() {
        let form = PatientForm {
            respondent2_email: "METTE@Example.dk".into(),
            ..complete_form()
        };
        let errors = form.parse(TODAY).unwrap_err();
        assert_eq!(fields(&errors), ["respondent2_email"]);
        assert!(errors[0]
            .message
            .da
            .starts_with("Respondent 1 har samme e-mailadresse"));
        assert!(errors[0]
            .message
            .en
            .starts_with("Respondent 1 has the same email address"));
    }

    #[test]
    fn a_cpr_number_that_contradicts_the_birth_date_is_an_error() {
        let form = PatientForm {
            national_id: "050521-4321".into(),
            ..complete_form()
        };
        let errors = form.parse(TODAY).unwrap_err();
        assert_eq!(fields(&errors), ["national_id"]);
        assert_eq!(
            errors[0].message.en,
            "The CPR number does not match the date of birth."
        );
        // a non-CPR id says nothing about the birth date
        let form = PatientForm {
            national_id: "SE-19850101".into(),
            ..complete_form()
        };
        assert!(form.parse(TODAY).is_ok());
    }

    fn patient(name: &str, dob: Date, id: Option<&str>) -> NewPatient {
        NewPatient {
            name: PersonName::parse(name).unwrap(),
            date_of_birth: DateOfBirth::new(dob, TODAY).unwrap(),
            national_id: id.map(|i| NationalId::parse(i).unwrap()),
            email: None,
        }
    }

    #[test]
    fn duplicate_rule() {
        let d = date!(2021 - 05 - 04);
        let keys = |n, dob, id| patient(n, dob, id).duplicate_keys();
        let dup = |a: &DuplicateKeys, b: &DuplicateKeys| {
            a.is_likely_duplicate_of(b) && b.is_likely_duplicate_of(a)
        };
        // same id, different spelling of name: duplicate
        assert!(dup(
            &keys("Ida Jensen", d, Some("040521-4321")),
            &keys("Ida J.", d, Some("0405214321"))
        ));
        // both have ids, different: not duplicates even with same name and birth date
        assert!(!dup(
            &keys("Ida Jensen", d, Some("040521-4321")),
            &keys("Ida Jensen", d, Some("040521-4322"))
        ));
        // one without id: name and birth date decide
        assert!(dup(
            &keys("Ida Jensen", d, Some("040521-4321")),
            &keys("ida  JENSEN", d, None)
        ));
        assert!(dup(
            &keys("Ida Jensen", d, None),
            &keys("Ida Jensen", d, None)
        ));
        assert!(!dup(
            &keys("Ida Jensen", d, None),
            &keys("Ida Jensen", date!(2021 - 05 - 05), None)
        ));
        assert!(!dup(
            &keys("Ida Jensen", d, None),
            &keys("Ida Hansen", d, None)
        ));
        assert_eq!(
            keys("Ida  Jensen", d, None).name_and_birth,
            "ida jensen|2021-05-04"
        );
    }

    #[test]
    fn checked_types_refuse_bad_values_when_deserialized() {
        // The `try_from` attributes route deserialization through `parse`.
        assert!(PersonName::try_from(String::from(" ")).is_err());
        assert!(
            NationalId::try_from(String::from("0405211234"))
                .unwrap()
                .as_str()
                == "040521-1234"
        );
    }
}
