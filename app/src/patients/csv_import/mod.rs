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
//! [`DuplicateKeys`]: crate::patients::patient::DuplicateKeys

use serde::{Deserialize, Serialize};
use time::Date;

use super::enrolment::{EnrolmentForm, NewEnrolment};
use crate::domain::form_error::{filled, FieldError, LocalText};
use crate::i18n::{t, Locale};

mod columns;
mod duplicates;
mod records;
#[cfg(test)]
mod tests;

use columns::read_header;
pub use columns::Column;
use duplicates::mark_duplicates;
use records::{detect_separator, split_records, Record};

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
            FileProblem::TooLarge { .. } => LocalText::from(t::patients::FILE_LARGER_THAN_2_MB),
            FileProblem::TooManyRows { rows } => {
                // Danes write 5.000, English readers 5,000.
                let text = |locale: Locale, sep: char| {
                    t::patients::FILE_TOO_MANY_ROWS.fill(locale, &[("rows", &thousands(*rows, sep)), ("max", &thousands(MAX_ROWS, sep))])
                };
                LocalText::new(text(Locale::Da, '.'), text(Locale::En, ','))
            }
            FileProblem::Empty => LocalText::from(t::patients::FILE_EMPTY),
            FileProblem::NoRows => LocalText::from(t::patients::FILE_HAS_HEADER_LINE_BUT),
            FileProblem::UnclosedQuote { line } => filled(t::patients::UNCLOSED_QUOTE, &[("line", line)]),
            FileProblem::MissingColumns { columns } => filled(t::patients::MISSING_COLUMNS, &[("columns", &columns.join(", "))]),
            FileProblem::UnknownColumns { columns } => {
                let allowed: Vec<&str> = Column::ALL.iter().map(|c| c.canonical()).collect();
                filled(t::patients::UNKNOWN_COLUMNS, &[("columns", &columns.join(", ")), ("allowed", &allowed.join(", "))])
            }
            FileProblem::DuplicateColumn { column } => filled(t::patients::DUPLICATE_COLUMN, &[("column", column)]),
            FileProblem::UnnamedColumn { position } => filled(t::patients::UNNAMED_COLUMN, &[("position", position)]),
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
        problems.push(FieldError::text(ROW, t::patients::ROW_HAS_MORE_CELLS_THAN));
    }
    PreviewRow { line: record.line, input, enrolment, problems }
}
