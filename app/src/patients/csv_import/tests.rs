//! The import's tests: files as spreadsheets write them, and the property
//! that no input makes it panic.

use proptest::prelude::*;
use time::macros::date;

use super::*;
use crate::i18n::Locale;
use crate::patients::patient::{PatientForm, Relation};

const TODAY: Date = date!(2025 - 03 - 10);
const HEADER: &str = "name,date_of_birth,national_id,email,index_date,respondent1_name,respondent1_email,respondent1_relation,respondent1_language";

fn good_row(i: usize) -> String {
    format!("Barn {i},2021-05-0{i},,,2025-04-01,Forælder {i},parent{i}@example.dk,mother,da")
}

fn problems(row: &PreviewRow) -> Vec<(&str, &str)> {
    row.problems.iter().map(|p| (p.field.as_ref(), p.message.en.as_str())).collect()
}

#[test]
fn a_clean_comma_file_is_importable() {
    let text = format!("{HEADER}\n{}\n{}\n", good_row(1), good_row(2));
    let p = preview(&text, TODAY);
    assert!(p.header_errors.is_empty(), "{:?}", p.header_errors);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].line, 2);
    assert_eq!(p.rows[1].line, 3);
    assert!(p.is_importable());
    let enrolments = p.into_enrolments().unwrap();
    assert_eq!(enrolments[1].patient.name.as_str(), "Barn 2");
    assert_eq!(enrolments[1].respondents[0].relation, Relation::Mother);
    assert_eq!(enrolments[0].index_date.date(), date!(2025 - 04 - 01));
}

#[test]
fn danish_excel_semicolons_bom_crlf_aliases_and_dates() {
    let text = "\u{feff}Navn;Fødselsdato;CPR-nr;E-mail;Indeksdato;Respondent 1 navn;Respondent1 E-mail;Respondent1_Tilknytning;respondent1 sprog\r\n\
                Ida Jensen;04-05-2021;040521-4321;;01.04.2025;Mette Jensen;mette@example.dk;Mor;\r\n\
                Bo Hansen;4.5.2020;;bo@example.dk;2025-04-02;Bo Hansen;bo.voksen@example.dk;selv;engelsk\r\n\r\n\r\n";
    let p = preview(text, TODAY);
    assert!(p.is_importable(), "{p:#?}");
    let e = p.into_enrolments().unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].patient.date_of_birth.date(), date!(2021 - 05 - 04));
    assert_eq!(e[0].index_date.date(), date!(2025 - 04 - 01));
    assert_eq!(e[0].respondents[0].language, Locale::Da, "empty language means Danish");
    assert_eq!(e[1].respondents[0].relation, Relation::SelfPatient);
    assert_eq!(e[1].respondents[0].language, Locale::En);
}

#[test]
fn sms_columns_in_danish_with_consent_as_spreadsheets_write_it() {
    use crate::schedule::channel::Channel;
    let text = "Navn;Fødselsdato;Indeksdato;Respondent 1 navn;Respondent1 E-mail;Respondent1 tilknytning;Respondent1 mobil;Respondent1 kanal;Respondent1 sms-samtykke\n\
                Ida Jensen;04-05-2021;01.04.2025;Mette Jensen;mette@example.dk;Mor;20 12 34 56;sms;ja\n\
                Bo Hansen;4.5.2020;2025-04-02;Bo Hansen;bo@example.dk;selv;;;\n\
                Eva Holm;4.5.2020;2025-04-02;Eva Holm;eva@example.dk;selv;30405060;sms;\n";
    let p = preview(text, TODAY);
    assert_eq!(problems(&p.rows[2]), [("respondent1_sms_consent", "Respondent 1: SMS only with their consent. Tick that they agreed.")]);
    assert!(p.rows[0].problems.is_empty() && p.rows[1].problems.is_empty(), "{p:#?}");
    let text = text.lines().take(3).collect::<Vec<_>>().join("\n");
    let e = preview(&text, TODAY).into_enrolments().expect("importable without the third row");
    assert_eq!(e[0].respondents[0].mobile.as_ref().map(|m| m.as_str()), Some("+4520123456"));
    assert_eq!((e[0].respondents[0].channel, e[0].respondents[0].sms_consent), (Channel::Sms, true));
    assert_eq!((e[1].respondents[0].channel, e[1].respondents[0].sms_consent), (Channel::Email, false), "e-mail when the columns are empty");
}

#[test]
fn tabs_work_too() {
    let text = format!("{}\n{}\n", HEADER.replace(',', "\t"), good_row(1).replace(',', "\t"));
    assert!(preview(&text, TODAY).is_importable());
}

#[test]
fn quoted_fields_keep_separators_and_escaped_quotes() {
    let text = format!("{HEADER}\n\"Jensen, Ida \"\"Lille\"\"\",2021-05-04,,,2025-04-01,\"Mette; Jensen\",mette@example.dk,mother,da\n");
    let p = preview(&text, TODAY);
    assert!(p.is_importable(), "{p:#?}");
    let e = &p.rows[0].enrolment.as_ref().unwrap();
    assert_eq!(e.patient.name.as_str(), "Jensen, Ida \"Lille\"");
    assert_eq!(e.respondents[0].name.as_str(), "Mette; Jensen");
}

#[test]
fn line_numbers_count_quoted_line_breaks() {
    // Row 2 starts on line 3 and spans lines 3-4 (a pasted line break in
    // the name, which names may not contain); row 3 starts on line 5.
    let text = format!(
        "{HEADER}\r\n{}\r\n\"Ida\r\nJensen\",2021-05-04,,,2025-04-01,Mette,mette@example.dk,mother,da\r\n\
         Bo,2021-05-04,,,2025-04-01,Mette,mette@example.dk,aunt,da\r\n",
        good_row(1)
    );
    let p = preview(&text, TODAY);
    let lines: Vec<usize> = p.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 3, 5]);
    assert_eq!(problems(&p.rows[1]), [("name", "The name contains invalid characters (such as line breaks).")]);
    assert_eq!(p.rows[2].problems.len(), 1);
    assert_eq!(p.rows[2].problems[0].field, "respondent1_relation");
    assert!(!p.is_importable());
}

#[test]
fn one_bad_row_among_five_good_ones() {
    let mut lines = vec![HEADER.to_owned()];
    for i in 1..=3 {
        lines.push(good_row(i));
    }
    lines.push("Bad Row,2021-05-09,,,2025-04-01,Forælder,not-an-email,mother,da".to_owned());
    for i in 4..=5 {
        lines.push(good_row(i));
    }
    let p = preview(&(lines.join("\n") + "\n"), TODAY);
    assert_eq!(p.rows.len(), 6);
    let bad: Vec<&PreviewRow> = p.rows.iter().filter(|r| !r.problems.is_empty()).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].line, 5);
    assert_eq!(bad[0].input.patient.name, "Bad Row");
    assert_eq!(bad[0].problems.len(), 1);
    assert_eq!(bad[0].problems[0].field, "respondent1_email");
    assert_eq!(bad[0].problems[0].message.da, "Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.");
    assert_eq!(p.problem_count(), 1);
    assert!(!p.is_importable());
    assert_eq!(p.into_enrolments(), None, "nothing half-imported");
}

#[test]
fn row_messages_are_the_web_forms_messages() {
    let text = format!("{HEADER}\n,2030-01-01,,x@,2025-04-01,Mette,,,da\n");
    let p = preview(&text, TODAY);
    let form = PatientForm {
        date_of_birth: "2030-01-01".into(),
        email: "x@".into(),
        respondent1_name: "Mette".into(),
        respondent1_language: "da".into(),
        ..PatientForm::default()
    };
    let form_errors = form.parse(TODAY).unwrap_err();
    assert_eq!(p.rows[0].problems, form_errors);
    let fields: Vec<&str> = form_errors.iter().map(|e| e.field.as_ref()).collect();
    assert_eq!(fields, ["name", "date_of_birth", "email", "respondent1_email", "respondent1_relation"]);
}

#[test]
fn optional_columns_may_be_left_out_and_second_respondent_read() {
    let text = "name;date_of_birth;index_date;respondent1_name;respondent1_email;respondent1_relation;\
                respondent2_name;respondent2_email;respondent2_relation;respondent2_language\n\
                Ida;2021-05-04;2025-04-01;Mette;m@example.dk;mor;Peter;p@example.dk;far;en\n\
                Bo;2021-05-04;2025-04-01;Mette;n@example.dk;mor;;;;\n";
    let p = preview(text, TODAY);
    assert!(p.is_importable(), "{p:#?}");
    let e = p.into_enrolments().unwrap();
    assert_eq!(e[0].respondents.len(), 2);
    assert_eq!(e[0].respondents[1].language, Locale::En);
    assert_eq!(e[1].respondents.len(), 1);
    assert_eq!(e[1].patient.national_id, None);
}

#[test]
fn a_partly_filled_second_respondent_names_the_missing_cells() {
    let text = "name,date_of_birth,index_date,respondent1_name,respondent1_email,respondent1_relation,\
                respondent2_name,respondent2_email,respondent2_relation\n\
                Ida,2021-05-04,2025-04-01,Mette,m@example.dk,mor,Peter,,\n";
    let p = preview(text, TODAY);
    assert_eq!(
        problems(&p.rows[0]),
        [
            ("respondent2_email", "Respondent 2 is missing an email address."),
            ("respondent2_relation", "Respondent 2 is missing a relation to the patient."),
        ]
    );
}

#[test]
fn a_row_needs_a_respondent() {
    let text = format!("{HEADER}\nIda,2021-05-04,,,2025-04-01,,,,\n");
    let p = preview(&text, TODAY);
    assert_eq!(p.rows[0].problems.len(), 1);
    assert_eq!(p.rows[0].problems[0].field, "respondent1_name");
}

#[test]
fn missing_unknown_and_duplicate_columns_are_named() {
    let p = preview("Navn,foo,Email,E-mail,Bar baz\nIda,1,a@b.dk,a@b.dk,2\n", TODAY);
    assert!(p.rows.is_empty());
    assert_eq!(
        p.header_errors,
        [
            FileProblem::UnknownColumns { columns: vec!["foo".into(), "Bar baz".into()] },
            FileProblem::MissingColumns {
                columns: ["date_of_birth", "index_date", "respondent1_name", "respondent1_email", "respondent1_relation"].map(String::from).to_vec()
            },
            FileProblem::DuplicateColumn { column: "email".into() },
        ]
    );
    let msg = p.header_errors[1].message();
    assert_eq!(msg.en, "Missing columns: date_of_birth, index_date, respondent1_name, respondent1_email, respondent1_relation.");
    assert!(msg.da.starts_with("Kolonner mangler: date_of_birth"));
    assert!(p.header_errors[0].message().en.contains("Allowed columns: name, date_of_birth"));
    assert!(!p.is_importable());
}

#[test]
fn second_respondent_columns_come_together() {
    let text = format!("{HEADER},respondent2_name\n{},Peter\n", good_row(1));
    let p = preview(&text, TODAY);
    assert_eq!(p.header_errors, [FileProblem::MissingColumns { columns: vec!["respondent2_email".into(), "respondent2_relation".into()] }]);
}

#[test]
fn empty_unnamed_columns_are_ignored_but_not_if_they_hold_data() {
    let text = format!("{HEADER};;\n{};;\n", good_row(1)).replace(',', ";");
    assert!(preview(&text, TODAY).is_importable());
    let text = format!("{HEADER},\n{},surprise\n", good_row(1));
    assert_eq!(preview(&text, TODAY).header_errors, [FileProblem::UnnamedColumn { position: 10 }]);
}

#[test]
fn extra_cells_beyond_the_header_are_a_row_problem() {
    let text = format!("{HEADER}\n{},extra\n{},\n", good_row(1), good_row(2));
    let p = preview(&text, TODAY);
    assert_eq!(p.rows[0].problems.len(), 1);
    assert_eq!(p.rows[0].problems[0].field, ROW);
    assert!(p.rows[1].problems.is_empty(), "an empty extra cell is harmless");
}

#[test]
fn short_rows_read_missing_cells_as_empty() {
    let text = "name,date_of_birth,index_date,respondent1_name,respondent1_email,respondent1_relation,email\n\
                Ida,2021-05-04,2025-04-01,Mette,m@example.dk,mor\n";
    assert!(preview(text, TODAY).is_importable());
}

#[test]
fn blank_lines_anywhere_are_skipped() {
    let text = format!("\n{HEADER}\n\n{}\n,,,,,,,,\n \n{}\n\n\n", good_row(1), good_row(2));
    let p = preview(&text, TODAY);
    assert!(p.is_importable());
    let lines: Vec<usize> = p.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [4, 7]);
}

#[test]
fn index_dates_more_than_two_years_ahead_are_a_problem() {
    let text = format!("{HEADER}\nIda,2021-05-04,,,11-03-2027,Mette,m@example.dk,mor,da\n");
    let p = preview(&text, TODAY);
    assert_eq!(p.rows[0].problems[0].field, "index_date");
    assert!(p.rows[0].problems[0].message.en.contains("at most 2 years ahead"));
    let text = format!("{HEADER}\nIda,2021-05-04,,,10.03.2027,Mette,m@example.dk,mor,da\n");
    assert!(preview(&text, TODAY).is_importable());
    let text = format!("{HEADER}\nIda,2021-05-04,,,01.01.2001,Mette,m@example.dk,mor,da\n");
    assert!(preview(&text, TODAY).is_importable(), "the past is fine");
}

#[test]
fn duplicates_within_the_file_name_the_earlier_line() {
    let text = format!(
        "{HEADER}\n\
         Ida Jensen,2021-05-04,040521-4321,,2025-04-01,Mette,m@example.dk,mor,da\n\
         Anna Berg,2020-01-01,,,2025-04-01,Lis,l@example.dk,mor,da\n\
         Ida J,2021-05-04,0405214321,,2025-04-01,Mette,m@example.dk,mor,da\n\
         anna  BERG,2020-01-01,,,2025-04-01,Lis,l@example.dk,mor,da\n\
         Ida Jensen,2021-05-04,040521-4322,,2025-04-01,Mette,m@example.dk,mor,da\n\
         Ida Jensen,2021-05-04,,,2025-04-01,Mette,m@example.dk,mor,da\n"
    );
    let p = preview(&text, TODAY);
    let found: Vec<(usize, Vec<(&str, &str)>)> = p.rows.iter().filter(|r| !r.problems.is_empty()).map(|r| (r.line, problems(r))).collect();
    assert_eq!(
        found,
        [
            (4, vec![("national_id", "Same patient as on line 2 (same id number).")]),
            (5, vec![("name", "Same patient as on line 3 (same name and date of birth).")]),
            // line 6 has a different id from line 2: not a duplicate
            (7, vec![("name", "Same patient as on line 2 (same name and date of birth).")]),
        ]
    );
    assert!(p.rows[2].enrolment.is_some(), "a duplicate row still shows what it read");
    assert_eq!(p.rows[2].problems[0].message.da, "Samme patient som på linje 2 (samme id-nummer).");
    assert!(!p.is_importable());
}

#[test]
fn an_id_row_after_an_id_less_row_with_the_same_name_is_a_duplicate() {
    let text = format!(
        "{HEADER}\n\
         Ida Jensen,2021-05-04,,,2025-04-01,Mette,m@example.dk,mor,da\n\
         Ida Jensen,2021-05-04,040521-4321,,2025-04-01,Mette,m@example.dk,mor,da\n"
    );
    let p = preview(&text, TODAY);
    assert_eq!(problems(&p.rows[1]), [("name", "Same patient as on line 2 (same name and date of birth).")]);
}

#[test]
fn size_limits() {
    let big = format!("{HEADER}\n{}", "x".repeat(MAX_BYTES));
    let p = preview(&big, TODAY);
    assert_eq!(p.header_errors, [FileProblem::TooLarge { bytes: big.len() }]);
    assert!(p.header_errors[0].message().en.contains("2 MB"));
    assert!(!p.is_importable());
}

#[test]
fn row_limits() {
    let rows = |n: usize| {
        let mut text = format!("{HEADER}\n");
        for i in 0..n {
            text.push_str(&format!("Barn {i},2021-05-04,,,2025-04-01,F {i},f{i}@example.dk,mor,da\n"));
        }
        text
    };
    let p = preview(&rows(MAX_ROWS), TODAY);
    assert!(p.is_importable(), "{} problems", p.problem_count());
    let p = preview(&rows(MAX_ROWS + 1), TODAY);
    assert_eq!(p.header_errors, [FileProblem::TooManyRows { rows: 5001 }]);
    let msg = p.header_errors[0].message();
    assert!(msg.da.contains("5.001 rækker") && msg.da.contains("højst 5.000"), "{}", msg.da);
    assert!(msg.en.contains("5,001 rows") && msg.en.contains("at most 5,000"), "{}", msg.en);
}

#[test]
fn empty_files_unclosed_quotes_and_header_only() {
    assert_eq!(preview("", TODAY).header_errors, [FileProblem::Empty]);
    assert_eq!(preview("\u{feff}\r\n\r\n", TODAY).header_errors, [FileProblem::Empty]);
    assert_eq!(preview(&format!("{HEADER}\r\n"), TODAY).header_errors, [FileProblem::NoRows]);
    let text = format!("{HEADER}\n{}\n\"Ida,2021-05-04\n", good_row(1));
    let p = preview(&text, TODAY);
    assert_eq!(p.header_errors, [FileProblem::UnclosedQuote { line: 3 }]);
    assert!(p.header_errors[0].message().en.contains("line 3"));
    assert!(!preview("", TODAY).is_importable());
}

#[test]
fn separator_detection() {
    assert_eq!(detect_separator("a,b,c"), ',');
    assert_eq!(detect_separator("a;b;c\n1,2"), ';');
    assert_eq!(detect_separator("\"a;b\",c"), ',');
    assert_eq!(detect_separator("a\tb"), '\t');
    assert_eq!(detect_separator("abc"), ',');
    assert_eq!(detect_separator(""), ',');
}

#[test]
fn record_splitting_is_lenient_with_stray_quotes() {
    let r = split_records("a\"b,\"c\"d,\"\"\r\nlast", ',').unwrap();
    assert_eq!(r[0].fields, ["a\"b", "cd", ""]);
    assert_eq!(r[1].fields, ["last"]);
    assert_eq!(r[1].line, 2);
    let r = split_records("a\rb\r\nc", ',').unwrap();
    assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn header_aliases() {
    for (h, c) in [
        ("Date of birth", Column::DateOfBirth),
        ("FØDSELSDATO", Column::DateOfBirth),
        ("CPR-nummer", Column::NationalId),
        ("national-id", Column::NationalId),
        ("E-mail", Column::Email),
        ("Indeksdato", Column::IndexDate),
        ("Respondent 2 Sprog", Column::RespondentLanguage(1)),
        ("respondent1.e-mail", Column::RespondentEmail(0)),
    ] {
        assert_eq!(Column::from_header(h), Some(c), "{h}");
    }
    for h in ["respondent3_name", "respondent", "respondent1", "respondent1_foo", "x"] {
        assert_eq!(Column::from_header(h), None, "{h}");
    }
    for c in Column::ALL {
        assert_eq!(Column::from_header(c.canonical()), Some(c));
    }
}

proptest! {
    #[test]
    fn preview_never_panics_on_any_text(text in any::<String>()) {
        let _ = preview(&text, TODAY);
    }

    /// A good file with random edits (characters that matter to CSV
    /// put anywhere, spans cut out, lines repeated), as a spreadsheet
    /// export gone wrong: a preview, never a panic, and only a file
    /// without problems can be imported.
    #[test]
    fn preview_never_panics_on_a_damaged_good_file(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0..4usize, "[;,\"\r\n\t\u{feff}\u{200b}\u{a0}æ0-9-]{1,3}"), 0..12),
    ) {
        let mut text: Vec<char> = format!("{HEADER}\n{}\n{}\n{}\n", good_row(1), good_row(2), good_row(3)).chars().collect();
        for (at, kind, piece) in &edits {
            let i = at.index(text.len() + 1);
            match kind {
                0 | 1 => text.splice(i..i, piece.chars()).for_each(drop),
                2 => text.drain(i..(i + piece.len()).min(text.len())).for_each(drop),
                _ => {
                    let line: Vec<char> = text[i.min(text.len())..].iter().copied().take_while(|c| *c != '\n').collect();
                    text.splice(i..i, line.into_iter().chain(['\n'])).for_each(drop);
                }
            }
        }
        let text: String = text.into_iter().collect();
        let p = preview(&text, TODAY);
        if p.is_importable() {
            prop_assert!(p.into_enrolments().is_some());
        }
    }

    #[test]
    fn preview_never_panics_on_csv_like_text(body in "[a-zæø0-9@.;,\"\r\n\t\u{feff} -]{0,400}") {
        let p = preview(&format!("{HEADER}\n{body}"), TODAY);
        for row in &p.rows {
            prop_assert!(row.line >= 2);
        }
        if p.is_importable() {
            prop_assert!(p.into_enrolments().is_some());
        }
    }
}
