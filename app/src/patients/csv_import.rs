//! Enrolment import from CSV, as clinic admins export it from a spreadsheet.
//!
//! [`preview`] reads the whole file and reports, per row, either the checked
//! enrolment or every problem with the row, so the admin can fix the file and
//! try again. Import is all-or-nothing: [`ImportPreview::into_enrolments`]
//! gives the enrolments only when the whole file is clean, so nothing is ever
//! half-imported.
//!
//! What we accept, because that is what spreadsheets produce:
//! - `,`, `;` (Danish Excel) or tab as separator, detected from the header line;
//! - UTF-8 with or without a byte-order mark; CRLF, LF or CR line ends;
//! - RFC 4180 quoting: `"..."` fields with `""` for a quote and embedded
//!   separators and line breaks; blank lines (also `;;;;`) are skipped;
//! - header names in any case and order, with or without `_`, `-`, `.` or
//!   spaces (`Date of birth`), and Danish aliases (see [`Column::aliases`]);
//! - dates as `YYYY-MM-DD`, `DD-MM-YYYY` or `DD.MM.YYYY`.
//!
//! Every row goes through [`EnrolmentForm::parse`], the parser behind the web
//! form, so a cell gets exactly the message the form field would get.
//! Duplicates *within the file* are found here; duplicates of patients
//! already stored are the store's job (same [`DuplicateKeys`] rule).
//!
//! [`DuplicateKeys`]: super::patient::DuplicateKeys

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use time::Date;

use super::enrolment::{EnrolmentForm, NewEnrolment};
use super::patient::field;
use crate::domain::form_error::{FieldError, LocalText};

/// At most this many rows (not counting the header) per file.
pub const MAX_ROWS: usize = 5_000;
/// At most this many bytes of text per file (2 MiB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// A problem with one row: the column (canonical name, which is also the web
/// form's field name) and the message. The same type as the form's errors.
pub type RowProblem = FieldError;

/// The field name of problems that concern the row as a whole.
pub const ROW: &str = "row";

/// A problem with the file as a whole (its size, its header or its quoting).
/// When there is one, no rows are read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FileProblem {
    TooLarge {
        bytes: usize,
    },
    TooManyRows {
        rows: usize,
    },
    Empty,
    NoRows,
    UnclosedQuote {
        line: usize,
    },
    MissingColumns {
        columns: Vec<String>,
    },
    UnknownColumns {
        columns: Vec<String>,
    },
    DuplicateColumn {
        column: String,
    },
    /// A column without a header that has data (1-based position).
    UnnamedColumn {
        position: usize,
    },
}

impl FileProblem {
    pub fn message(&self) -> LocalText {
        match self {
            FileProblem::TooLarge { .. } => {
                LocalText::new("Filen fylder mere end 2 MB. Del den op i flere filer.", "The file is larger than 2 MB. Split it into several files.")
            }
            FileProblem::TooManyRows { rows } => LocalText::new(
                format!(
                    "Filen har {} rækker; højst {} kan indlæses ad gangen. Del den op i flere filer.",
                    thousands(*rows, '.'),
                    thousands(MAX_ROWS, '.')
                ),
                format!(
                    "The file has {} rows; at most {} can be imported at a time. Split it into several files.",
                    thousands(*rows, ','),
                    thousands(MAX_ROWS, ',')
                ),
            ),
            FileProblem::Empty => LocalText::new("Filen er tom.", "The file is empty."),
            FileProblem::NoRows => LocalText::new("Filen har en overskriftslinje, men ingen rækker.", "The file has a header line but no rows."),
            FileProblem::UnclosedQuote { line } => LocalText::new(
                format!("Et anførselstegn (\") på linje {line} bliver aldrig lukket."),
                format!("A quotation mark (\") on line {line} is never closed."),
            ),
            FileProblem::MissingColumns { columns } => {
                LocalText::new(format!("Kolonner mangler: {}.", columns.join(", ")), format!("Missing columns: {}.", columns.join(", ")))
            }
            FileProblem::UnknownColumns { columns } => {
                let allowed: Vec<&str> = Column::ALL.iter().map(|c| c.canonical()).collect();
                LocalText::new(
                    format!("Ukendte kolonner: {}. Tilladte kolonner: {}.", columns.join(", "), allowed.join(", ")),
                    format!("Unknown columns: {}. Allowed columns: {}.", columns.join(", "), allowed.join(", ")),
                )
            }
            FileProblem::DuplicateColumn { column } => {
                LocalText::new(format!("Kolonnen {column} findes flere gange."), format!("The column {column} appears more than once."))
            }
            FileProblem::UnnamedColumn { position } => LocalText::new(
                format!("Kolonne nr. {position} har ingen overskrift, men indeholder data."),
                format!("Column {position} has no header but contains data."),
            ),
        }
    }
}

fn thousands(n: usize, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// One data row of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The 1-based line of the file where the row starts (rows with quoted
    /// line breaks span several lines).
    pub line: usize,
    /// The row's cells as read, for showing the row in the preview.
    pub input: EnrolmentForm,
    /// The checked enrolment when every cell parsed. It can be present while
    /// `problems` is not empty: a row that duplicates an earlier row parses
    /// fine on its own.
    pub enrolment: Option<NewEnrolment>,
    pub problems: Vec<RowProblem>,
}

/// The result of reading a file, before anything is saved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub rows: Vec<PreviewRow>,
    /// Problems with the file itself (size, header, quoting). When there are
    /// any, `rows` is empty.
    pub header_errors: Vec<FileProblem>,
}

impl ImportPreview {
    /// Only a file with rows, a good header and no problem on any row.
    pub fn is_importable(&self) -> bool {
        !self.rows.is_empty() && self.header_errors.is_empty() && self.rows.iter().all(|r| r.problems.is_empty() && r.enrolment.is_some())
    }

    /// Number of problems over the whole file.
    pub fn problem_count(&self) -> usize {
        self.header_errors.len() + self.rows.iter().map(|r| r.problems.len()).sum::<usize>()
    }

    /// All enrolments, or none: `None` unless [`Self::is_importable`].
    pub fn into_enrolments(self) -> Option<Vec<NewEnrolment>> {
        if !self.is_importable() {
            return None;
        }
        self.rows.into_iter().map(|r| r.enrolment).collect()
    }

    fn file_problem(problem: FileProblem) -> Self {
        Self { rows: Vec::new(), header_errors: vec![problem] }
    }
}

/// Reads a CSV file of enrolments; `today` bounds dates of birth and index
/// dates. Never panics, whatever the input.
pub fn preview(text: &str, today: Date) -> ImportPreview {
    if text.len() > MAX_BYTES {
        return ImportPreview::file_problem(FileProblem::TooLarge { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = detect_separator(text);
    let records = match split_records(text, separator) {
        Ok(records) => records,
        Err(problem) => return ImportPreview::file_problem(problem),
    };
    let mut records = records.into_iter().filter(|r| !r.fields.iter().all(|f| f.trim().is_empty()));
    let Some(header) = records.next() else {
        return ImportPreview::file_problem(FileProblem::Empty);
    };
    let data: Vec<Record> = records.collect();
    let columns = match read_header(&header.fields, &data) {
        Ok(columns) => columns,
        Err(problems) => return ImportPreview { rows: Vec::new(), header_errors: problems },
    };
    if data.is_empty() {
        return ImportPreview::file_problem(FileProblem::NoRows);
    }
    if data.len() > MAX_ROWS {
        return ImportPreview::file_problem(FileProblem::TooManyRows { rows: data.len() });
    }
    let mut rows: Vec<PreviewRow> = data.iter().map(|r| read_row(r, &columns, today)).collect();
    mark_duplicates(&mut rows);
    ImportPreview { rows, header_errors: Vec::new() }
}

/// A column the import understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Name,
    DateOfBirth,
    NationalId,
    Email,
    IndexDate,
    /// Respondent 1 or 2 (index 0 or 1).
    RespondentName(usize),
    RespondentEmail(usize),
    RespondentRelation(usize),
    RespondentLanguage(usize),
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Name,
        Column::DateOfBirth,
        Column::NationalId,
        Column::Email,
        Column::IndexDate,
        Column::RespondentName(0),
        Column::RespondentEmail(0),
        Column::RespondentRelation(0),
        Column::RespondentLanguage(0),
        Column::RespondentName(1),
        Column::RespondentEmail(1),
        Column::RespondentRelation(1),
        Column::RespondentLanguage(1),
    ];

    /// The canonical header, which is also the web form's field name.
    pub fn canonical(self) -> &'static str {
        let r = |i: usize| field::RESPONDENTS[i.min(1)];
        match self {
            Column::Name => field::NAME,
            Column::DateOfBirth => field::DATE_OF_BIRTH,
            Column::NationalId => field::NATIONAL_ID,
            Column::Email => field::EMAIL,
            Column::IndexDate => field::INDEX_DATE,
            Column::RespondentName(i) => r(i).name,
            Column::RespondentEmail(i) => r(i).email,
            Column::RespondentRelation(i) => r(i).relation,
            Column::RespondentLanguage(i) => r(i).language,
        }
    }

    /// Columns a file must have. Respondent 2's name, email and relation are
    /// required together if any of them is present.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Column::Name
                | Column::DateOfBirth
                | Column::IndexDate
                | Column::RespondentName(0)
                | Column::RespondentEmail(0)
                | Column::RespondentRelation(0)
        )
    }

    /// Accepted header spellings, normalised (lowercase, without spaces,
    /// `_`, `-` and `.`). For respondents the header is `respondent1`/
    /// `respondent2` followed by one of these.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["name", "navn", "patientnavn", "patientname", "fuldtnavn", "fullname"],
            Column::DateOfBirth => &["dateofbirth", "birthdate", "dob", "fødselsdato", "foedselsdato", "fodselsdato"],
            Column::NationalId => &["nationalid", "cpr", "cprnr", "cprnummer", "personnummer"],
            Column::Email => &["email", "mail", "emailadresse", "epost"],
            Column::IndexDate => &["indexdate", "indeksdato", "indexdato"],
            Column::RespondentName(_) => &["name", "navn"],
            Column::RespondentEmail(_) => &["email", "mail", "emailadresse"],
            Column::RespondentRelation(_) => &["relation", "tilknytning"],
            Column::RespondentLanguage(_) => &["language", "sprog", "lang"],
        }
    }

    pub fn from_header(header: &str) -> Option<Column> {
        let h: String = header.trim().chars().filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.')).flat_map(char::to_lowercase).collect();
        if let Some(rest) = h.strip_prefix("respondent") {
            let index = match rest.chars().next() {
                Some('1') => 0,
                Some('2') => 1,
                _ => return None,
            };
            let suffix = &rest[1..];
            return [
                Column::RespondentName(index),
                Column::RespondentEmail(index),
                Column::RespondentRelation(index),
                Column::RespondentLanguage(index),
            ]
            .into_iter()
            .find(|c| c.aliases().contains(&suffix));
        }
        [Column::Name, Column::DateOfBirth, Column::NationalId, Column::Email, Column::IndexDate]
            .into_iter()
            .find(|c| c.aliases().contains(&h.as_str()))
    }

    fn cell(self, form: &mut EnrolmentForm) -> &mut String {
        let p = &mut form.patient;
        match self {
            Column::Name => &mut p.name,
            Column::DateOfBirth => &mut p.date_of_birth,
            Column::NationalId => &mut p.national_id,
            Column::Email => &mut p.email,
            Column::IndexDate => &mut form.index_date,
            Column::RespondentName(0) => &mut p.respondent1_name,
            Column::RespondentEmail(0) => &mut p.respondent1_email,
            Column::RespondentRelation(0) => &mut p.respondent1_relation,
            Column::RespondentLanguage(0) => &mut p.respondent1_language,
            Column::RespondentName(_) => &mut p.respondent2_name,
            Column::RespondentEmail(_) => &mut p.respondent2_email,
            Column::RespondentRelation(_) => &mut p.respondent2_relation,
            Column::RespondentLanguage(_) => &mut p.respondent2_language,
        }
    }
}

/// One record of the file and the line it starts on.
#[derive(Debug)]
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// The separator that occurs most often (outside quotes) on the first line;
/// `,` when there is none.
fn detect_separator(text: &str) -> char {
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut in_quotes = false;
    for c in text.chars() {
        if !in_quotes && matches!(c, '\n' | '\r') {
            break;
        }
        if c == '"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            for (sep, n) in counts.iter_mut() {
                if c == *sep {
                    *n += 1;
                }
            }
        }
    }
    let mut best = (',', 0);
    for (sep, n) in counts {
        if n > best.1 {
            best = (sep, n);
        }
    }
    best.0
}

/// Splits the text into records (RFC 4180, leniently: a quote inside an
/// unquoted field is kept as a character, text after a closing quote is
/// appended). Quoted line breaks become `\n`.
fn split_records(text: &str, sep: char) -> Result<Vec<Record>, FileProblem> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut in_quotes = false;
    let mut quote_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\r' | '\n' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    field.push('\n');
                    line += 1;
                }
                _ => field.push(c),
            }
        } else if c == '"' && field.trim().is_empty() {
            field.clear();
            in_quotes = true;
            quote_line = line;
        } else if c == sep {
            fields.push(std::mem::take(&mut field));
        } else if c == '\r' || c == '\n' {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            fields.push(std::mem::take(&mut field));
            records.push(Record { line: record_line, fields: std::mem::take(&mut fields) });
            line += 1;
            record_line = line;
        } else {
            field.push(c);
        }
    }
    if in_quotes {
        return Err(FileProblem::UnclosedQuote { line: quote_line });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push(Record { line: record_line, fields });
    }
    Ok(records)
}

/// Maps header positions to columns; `None` for an unnamed, empty column
/// (spreadsheets add those after a stray separator).
fn read_header(headers: &[String], data: &[Record]) -> Result<Vec<Option<Column>>, Vec<FileProblem>> {
    let mut columns = Vec::with_capacity(headers.len());
    let mut unknown = Vec::new();
    let mut problems = Vec::new();
    for (position, header) in headers.iter().enumerate() {
        if header.trim().is_empty() {
            let has_data = data.iter().any(|r| r.fields.get(position).is_some_and(|f| !f.trim().is_empty()));
            if has_data {
                problems.push(FileProblem::UnnamedColumn { position: position + 1 });
            }
            columns.push(None);
            continue;
        }
        match Column::from_header(header) {
            Some(column) if columns.contains(&Some(column)) => {
                let column = column.canonical().to_owned();
                if !problems.contains(&FileProblem::DuplicateColumn { column: column.clone() }) {
                    problems.push(FileProblem::DuplicateColumn { column });
                }
                columns.push(None);
            }
            Some(column) => columns.push(Some(column)),
            None => {
                unknown.push(header.trim().to_owned());
                columns.push(None);
            }
        }
    }
    let has = |c: Column| columns.contains(&Some(c));
    let second = [Column::RespondentName(1), Column::RespondentEmail(1), Column::RespondentRelation(1)];
    let wants_second = second.iter().any(|c| has(*c)) || has(Column::RespondentLanguage(1));
    let missing: Vec<String> = Column::ALL
        .into_iter()
        .filter(|c| !has(*c) && (c.is_required() || (wants_second && second.contains(c))))
        .map(|c| c.canonical().to_owned())
        .collect();
    let mut all = Vec::new();
    if !unknown.is_empty() {
        all.push(FileProblem::UnknownColumns { columns: unknown });
    }
    if !missing.is_empty() {
        all.push(FileProblem::MissingColumns { columns: missing });
    }
    all.extend(problems);
    if all.is_empty() {
        Ok(columns)
    } else {
        Err(all)
    }
}

fn read_row(record: &Record, columns: &[Option<Column>], today: Date) -> PreviewRow {
    let mut input = EnrolmentForm::default();
    let mut extra_cells = false;
    for (position, cell) in record.fields.iter().enumerate() {
        match columns.get(position) {
            Some(Some(column)) => *column.cell(&mut input) = cell.clone(),
            Some(None) => {}
            None => extra_cells |= !cell.trim().is_empty(),
        }
    }
    let (enrolment, mut problems) = match input.parse(today) {
        Ok(enrolment) => (Some(enrolment), Vec::new()),
        Err(problems) => (None, problems),
    };
    if extra_cells {
        problems.push(FieldError::new(
            ROW,
            "Rækken har flere celler, end der er kolonner i overskriften.",
            "The row has more cells than the header has columns.",
        ));
    }
    PreviewRow { line: record.line, input, enrolment, problems }
}

/// Adds a problem to each row that is a likely duplicate of an earlier row,
/// naming the earlier row's line. Same rule as
/// [`super::patient::DuplicateKeys::is_likely_duplicate_of`], with maps
/// instead of comparing every pair.
fn mark_duplicates(rows: &mut [PreviewRow]) {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_name_any: HashMap<String, usize> = HashMap::new();
    let mut by_name_without_id: HashMap<String, usize> = HashMap::new();
    for row in rows.iter_mut() {
        let Some(enrolment) = &row.enrolment else {
            continue;
        };
        let keys = enrolment.patient.duplicate_keys();
        let name = keys.name_and_birth;
        let earlier = match &keys.national_id {
            Some(id) => {
                let by_id_hit = by_id.get(id).map(|l| (*l, true));
                let by_name_hit = by_name_without_id.get(&name).map(|l| (*l, false));
                let hit = by_id_hit.into_iter().chain(by_name_hit).min_by_key(|(l, _)| *l);
                by_id.entry(id.clone()).or_insert(row.line);
                hit
            }
            None => {
                let hit = by_name_any.get(&name).map(|l| (*l, false));
                by_name_without_id.entry(name.clone()).or_insert(row.line);
                hit
            }
        };
        by_name_any.entry(name).or_insert(row.line);
        if let Some((line, same_id)) = earlier {
            let (field, da, en) = if same_id {
                (field::NATIONAL_ID, "samme id-nummer", "same id number")
            } else {
                (field::NAME, "samme navn og fødselsdato", "same name and date of birth")
            };
            row.problems.push(FieldError::new(
                field,
                format!("Samme patient som på linje {line} ({da})."),
                format!("Same patient as on line {line} ({en})."),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::super::patient::{PatientForm, Relation};
    use super::*;
    use crate::i18n::Locale;

    const TODAY: Date = date!(2025 - 03 - 10);
    const HEADER: &str =
        "name,date_of_birth,national_id,email,index_date,respondent1_name,respondent1_email,respondent1_relation,respondent1_language";

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
        let text =
            "\u{feff}Navn;Fødselsdato;CPR-nr;E-mail;Indeksdato;Respondent 1 navn;Respondent1 E-mail;Respondent1_Tilknytning;respondent1 sprog\r\n\
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
                    columns: ["date_of_birth", "index_date", "respondent1_name", "respondent1_email", "respondent1_relation"]
                        .map(String::from)
                        .to_vec()
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
}
