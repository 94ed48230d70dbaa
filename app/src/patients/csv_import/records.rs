//! From text to records: the separator, RFC 4180 quoting and line ends,
//! each record with the line it starts on.
//!
//! Written here rather than with the `csv` crate: that crate reads an
//! unclosed quote at the end of the file as a field running to the end,
//! so a stray `"` would silently swallow every row after it; here it is
//! a problem naming the line the quote opened on.

use super::FileProblem;

/// One record of the file and the line it starts on.
#[derive(Debug)]
pub(super) struct Record {
    pub(super) line: usize,
    pub(super) fields: Vec<String>,
}

/// The separator that occurs most often (outside quotes) on the first line;
/// `,` when there is none.
pub(super) fn detect_separator(text: &str) -> char {
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
pub(super) fn split_records(text: &str, sep: char) -> Result<Vec<Record>, FileProblem> {
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
