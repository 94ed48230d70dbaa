//! The patient values and form, parsed the way staff type them.

use time::macros::date;
use time::Date;

use super::*;
use crate::domain::form_error::FieldError;

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
    for missing in ["2021-02-29", "31.04.2021", "2021-13-01", "00-01-2021", "2021-00-10"] {
        assert_eq!(parse_date(missing).unwrap_err().0.en, "That date does not exist.", "{missing}");
    }
}

#[test]
fn person_names() {
    assert_eq!(PersonName::parse("  Ida Marie Jensen ").unwrap().as_str(), "Ida Marie Jensen");
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
    assert_eq!(DateOfBirth::parse(" ", TODAY).unwrap_err().0.en, "Enter the date of birth.");
    assert!(DateOfBirth::parse("2021-02-30", TODAY).is_err());
    assert!(DateOfBirth::try_from(date!(1899 - 12 - 31)).is_err());
    assert!(DateOfBirth::try_from(date!(2099 - 01 - 01)).is_ok(), "stored values are not re-dated");
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
        assert_eq!(NationalId::parse(id).unwrap().cpr_birth_date(), Some(born), "{id}");
    }
}

#[test]
fn cpr_matches_date_of_birth() {
    let dob = DateOfBirth::new(date!(2021 - 05 - 04), TODAY).unwrap();
    assert_eq!(NationalId::parse("040521-4321").unwrap().matches_date_of_birth(&dob), Some(true));
    assert_eq!(NationalId::parse("050521-4321").unwrap().matches_date_of_birth(&dob), Some(false));
    // right day and month, wrong century digit (3 → 1921)
    assert_eq!(NationalId::parse("040521-3321").unwrap().matches_date_of_birth(&dob), Some(false));
    assert_eq!(NationalId::parse("X123").unwrap().matches_date_of_birth(&dob), None);
}

#[test]
fn national_ids_are_hidden_in_debug_and_keyed_loosely() {
    let id = NationalId::parse("0405211234").unwrap();
    assert_eq!(format!("{id:?}"), "NationalId(***)");
    assert_eq!(id.match_key(), "0405211234");
    assert_eq!(NationalId::parse("ab-12 3.4").unwrap().match_key(), "AB1234");
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
    assert!(language::parse_or_default("sv").unwrap_err().0.da.contains("Ukendt sprog"));
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
        ..PatientForm::default()
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
    let form = PatientForm { name: "Ole".into(), date_of_birth: "1950-01-01".into(), email: "ole@example.dk".into(), ..PatientForm::default() };
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
        ..PatientForm::default()
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
    assert_eq!(errors[4].message.da, "Respondent 1 mangler en e-mailadresse.");
    assert_eq!(errors[4].message.en, "Respondent 1 is missing an email address.");
    assert_eq!(errors[5].message.en, "Respondent 1 is missing a relation to the patient.");
    assert_eq!(errors[7].message.da, "Respondent 2 mangler et navn.");
}

#[test]
fn the_same_email_twice_is_an_error_on_the_second() {
    let form = PatientForm { respondent2_email: "METTE@Example.dk".into(), ..complete_form() };
    let errors = form.parse(TODAY).unwrap_err();
    assert_eq!(fields(&errors), ["respondent2_email"]);
    assert!(errors[0].message.da.starts_with("Respondent 1 har samme e-mailadresse"));
    assert!(errors[0].message.en.starts_with("Respondent 1 has the same email address"));
}

#[test]
fn a_cpr_number_that_contradicts_the_birth_date_is_an_error() {
    let form = PatientForm { national_id: "050521-4321".into(), ..complete_form() };
    let errors = form.parse(TODAY).unwrap_err();
    assert_eq!(fields(&errors), ["national_id"]);
    assert_eq!(errors[0].message.en, "The CPR number does not match the date of birth.");
    // a non-CPR id says nothing about the birth date
    let form = PatientForm { national_id: "SE-19850101".into(), ..complete_form() };
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
    let dup = |a: &DuplicateKeys, b: &DuplicateKeys| a.is_likely_duplicate_of(b) && b.is_likely_duplicate_of(a);
    // same id, different spelling of name: duplicate
    assert!(dup(&keys("Ida Jensen", d, Some("040521-4321")), &keys("Ida J.", d, Some("0405214321"))));
    // both have ids, different: not duplicates even with same name and birth date
    assert!(!dup(&keys("Ida Jensen", d, Some("040521-4321")), &keys("Ida Jensen", d, Some("040521-4322"))));
    // one without id: name and birth date decide
    assert!(dup(&keys("Ida Jensen", d, Some("040521-4321")), &keys("ida  JENSEN", d, None)));
    assert!(dup(&keys("Ida Jensen", d, None), &keys("Ida Jensen", d, None)));
    assert!(!dup(&keys("Ida Jensen", d, None), &keys("Ida Jensen", date!(2021 - 05 - 05), None)));
    assert!(!dup(&keys("Ida Jensen", d, None), &keys("Ida Hansen", d, None)));
    assert_eq!(keys("Ida  Jensen", d, None).name_and_birth, "ida jensen|2021-05-04");
}

#[test]
fn checked_types_refuse_bad_values_when_deserialized() {
    // The `try_from` attributes route deserialization through `parse`.
    assert!(PersonName::try_from(String::from(" ")).is_err());
    assert!(NationalId::try_from(String::from("0405211234")).unwrap().as_str() == "040521-1234");
}

#[test]
fn sms_is_chosen_with_a_mobile_number_and_consent() {
    use crate::schedule::channel::Channel;
    let form = PatientForm {
        respondent1_mobile: "20 12 34 56".into(),
        respondent1_channel: "sms".into(),
        respondent1_sms_consent: "yes".into(),
        ..complete_form()
    };
    let (_, respondents) = form.parse(TODAY).unwrap();
    assert_eq!(respondents[0].mobile.as_ref().map(|m| m.as_str()), Some("+4520123456"));
    assert_eq!((respondents[0].channel, respondents[0].sms_consent), (Channel::Sms, true));
    assert_eq!(
        (respondents[1].channel, respondents[1].sms_consent, respondents[1].mobile.is_none()),
        (Channel::Email, false, true),
        "e-mail by default"
    );
}

#[test]
fn sms_without_a_number_or_consent_is_refused_at_its_field() {
    let no_number = PatientForm { respondent1_channel: "sms".into(), respondent1_sms_consent: "yes".into(), ..complete_form() };
    assert_eq!(fields(&no_number.parse(TODAY).unwrap_err()), ["respondent1_mobile"]);
    let no_consent = PatientForm { respondent1_channel: "sms".into(), respondent1_mobile: "20123456".into(), ..complete_form() };
    assert_eq!(fields(&no_consent.parse(TODAY).unwrap_err()), ["respondent1_sms_consent"]);
    let bad_number = PatientForm { respondent1_mobile: "2012345".into(), ..complete_form() };
    assert_eq!(fields(&bad_number.parse(TODAY).unwrap_err()), ["respondent1_mobile"], "a number is checked even for e-mail");
    let unknown = PatientForm { respondent1_channel: "pigeon".into(), ..complete_form() };
    assert_eq!(fields(&unknown.parse(TODAY).unwrap_err()), ["respondent1_channel"]);
    // Consent and a number without choosing SMS: e-mail, consent kept for later.
    let consent_only = PatientForm { respondent1_mobile: "20123456".into(), respondent1_sms_consent: "ja".into(), ..complete_form() };
    let (_, respondents) = consent_only.parse(TODAY).unwrap();
    assert!(respondents[0].sms_consent);
}
