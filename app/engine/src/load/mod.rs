//! Reads questionnaire and pathway TOML files into the model, remembering
//! where every element sits so later errors can name file, line and column.
//!
//! A file is a questionnaire when it has a `[questionnaire]` table and a
//! pathway when it has a `[pathway]` table (by convention pathway files are
//! named `*.pathway.toml`). The reader walks the TOML tree itself rather than
//! using serde derive so it can report *every* missing, unknown or mistyped
//! field, each at its own position, in one pass.

pub mod strings;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::answers::{AnswerValue, Answers};
use super::diagnostics::{hint, number_in_quotes, unknown_field, Diagnostic, LineIndex, ModelError, Site, Span};
use super::model::{
    AnswerOption, FlagRule, Item, ItemKind, Page, Questionnaire, Respondent, RuleLevel, RuleTest, Score, ScoreBand, ScoreItem, ScoreKind, TestHistory,
};
use super::pathway::{Duration, Pathway, Repeat, TimePoint};
use super::text::LangText;
use strings::StrOrigin;

/// A file handed to the engine: its name (as it should appear in messages)
/// and its text. Reading files is the caller's job.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self { name: name.into(), text: text.into() }
    }
}

/// What a file defines.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    Questionnaire(Questionnaire),
    Pathway(Pathway),
}

/// Positions of the elements of one file.
#[derive(Clone, Debug)]
pub struct SourceSpans {
    file: String,
    text: String,
    lines: LineIndex,
    sites: HashMap<Site, (Span, Option<StrOrigin>)>,
}

impl SourceSpans {
    fn new(file: &SourceFile) -> Self {
        Self { file: file.name.clone(), text: file.text.clone(), lines: LineIndex::new(&file.text), sites: HashMap::new() }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// A diagnostic at a byte offset of the file.
    pub fn at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.lines.line_col(&self.text, offset);
        Diagnostic { file: self.file.clone(), line, column, message: message.into() }
    }

    /// File offset of a site (falling back to its enclosing elements).
    pub fn offset(&self, site: &Site, expr_offset: Option<usize>) -> usize {
        let mut cur = Some(site.clone());
        while let Some(s) = cur {
            if let Some((span, origin)) = self.sites.get(&s) {
                return match (expr_offset, origin, &s == site) {
                    (Some(k), Some(o), true) => o.file_offset(k),
                    _ => span.start,
                };
            }
            cur = s.parent();
        }
        0
    }

    /// Ties a model error to its place in this file.
    pub fn diagnostic(&self, e: &ModelError) -> Diagnostic {
        let off = self.offset(&e.site, e.expr_span.map(|s| s.start));
        self.at(off, e.message.clone())
    }

    /// The element (or field of one) at a byte offset: the smallest
    /// recorded site whose span holds it, so a warning found in the text
    /// can be shown beside its element in the editor.
    pub fn site_at(&self, offset: usize) -> Option<Site> {
        self.sites
            .iter()
            .filter(|(_, (span, _))| span.start <= offset && offset < span.end)
            .min_by_key(|(_, (span, _))| (span.end - span.start, std::cmp::Reverse(span.start)))
            .map(|(site, _)| site.clone())
    }

    fn record(&mut self, site: Site, span: Span, origin: Option<StrOrigin>) {
        self.sites.entry(site).or_insert((span, origin));
    }
}

/// The result of reading one file.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// `None` when the file had errors: only a file read whole is used.
    pub document: Option<Document>,
    /// A file with errors, read as far as it could be, so that checking can
    /// go on and report the file's other mistakes in the same run.
    pub recovered: Option<Recovered>,
    pub spans: SourceSpans,
    pub diagnostics: Vec<Diagnostic>,
    /// Allowed but most likely a mistake: invisible characters.
    pub warnings: Vec<Diagnostic>,
    /// The same warnings tied to their element, where they are inside one.
    pub placed_warnings: Vec<ModelError>,
}

/// Characters that cannot be seen but change a text or an id: they come
/// with text copied from a word processor or a web page.
const INVISIBLE: [(char, &str); 12] = [
    ('\u{00A0}', "a non-breaking space"),
    ('\u{00AD}', "a soft hyphen"),
    ('\u{200B}', "a zero-width space"),
    ('\u{200C}', "a zero-width non-joiner"),
    ('\u{200D}', "a zero-width joiner"),
    ('\u{200E}', "a left-to-right mark"),
    ('\u{200F}', "a right-to-left mark"),
    ('\u{202A}', "a left-to-right embedding"),
    ('\u{202B}', "a right-to-left embedding"),
    ('\u{202E}', "a right-to-left override"),
    ('\u{2060}', "a word joiner"),
    ('\u{FEFF}', "a zero-width no-break space"),
];

/// A warning for each invisible character (a byte-order mark at the very
/// start of a file is what some editors write, and harmless).
fn invisible_characters(text: &str) -> Vec<(usize, String)> {
    text.char_indices()
        .filter(|&(at, c)| !(at == 0 && c == '\u{FEFF}'))
        .filter_map(|(at, c)| {
            INVISIBLE.iter().find(|(x, _)| *x == c).map(|(_, name)| {
                (
                    at,
                    format!(
                        "there is an invisible character here, {name} (U+{:04X}); delete it, or write an ordinary space if one is meant",
                        c as u32
                    ),
                )
            })
        })
        .collect()
}

/// What stands in for a value that could not be read. Never shown to
/// anyone: a recovered document is only checked, never published or served.
const UNREADABLE: &str = "?";

fn unreadable_text() -> LangText {
    LangText::new(UNREADABLE.to_owned(), UNREADABLE.to_owned())
}

/// A document read in spite of errors, with stand-ins where a value could
/// not be read. The elements with errors of their own are `broken`: a later
/// check of them, or of anything that names them, would only repeat or
/// guess at what the reader already said, so such messages are dropped.
#[derive(Clone, Debug)]
pub struct Recovered {
    pub document: Document,
    broken: BTreeSet<Site>,
    broken_ids: BTreeSet<String>,
}

impl Recovered {
    /// Whether an element (any field of it) was read with errors.
    pub fn is_broken(&self, site: &Site) -> bool {
        let element = match site {
            Site::ItemOption { item, .. } => Site::Item { item: *item, field: String::new() },
            s => s.with_field(""),
        };
        self.broken.contains(&element)
    }

    /// Whether a later message concerns a broken element: it is at one, or
    /// it names one by its id.
    pub fn concerns_broken(&self, e: &ModelError) -> bool {
        self.is_broken(&e.site) || self.broken_ids.iter().any(|id| e.message.contains(&format!("`{id}`")))
    }
}

type Val<'i> = Spanned<DeValue<'i>>;

/// Walks one TOML document, collecting errors.
struct Reader<'s> {
    spans: SourceSpans,
    errors: Vec<(usize, String)>,
    broken: BTreeSet<Site>,
    broken_ids: BTreeSet<String>,
    _text: &'s str,
}

fn span_of<T>(v: &Spanned<T>) -> Span {
    Span::from(v.span())
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a group of fields { ... }",
    }
}

/// A table being read: its entries, where it is, what to call it in
/// messages, and the site its fields are recorded under.
struct Tbl<'a, 'i> {
    t: &'a DeTable<'i>,
    span: Span,
    what: String,
    site: Site,
}

impl<'a, 'i> Tbl<'a, 'i> {
    fn get(&self, key: &str) -> Option<&'a Val<'i>> {
        self.t.get(key)
    }
}

impl<'s> Reader<'s> {
    fn err(&mut self, offset: usize, msg: impl Into<String>) {
        self.errors.push((offset, msg.into()));
    }

    /// Call before reading an element; pass the result to [`Self::settle`].
    fn mark(&self) -> usize {
        self.errors.len()
    }

    /// Records the element read since `mark` as broken if it had errors.
    fn settle(&mut self, mark: usize, site: Site, id: Option<&str>) {
        if self.errors.len() > mark {
            self.broken.insert(site);
            if let Some(id) = id.filter(|id| !id.is_empty()) {
                self.broken_ids.insert(id.to_owned());
            }
        }
    }

    fn record(&mut self, site: Site, span: Span) {
        self.spans.record(site, span, None);
    }

    /// Reports keys not in `allowed`.
    fn known_keys(&mut self, t: &Tbl<'_, '_>, allowed: &[&str]) {
        for (k, _) in t.t.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                self.err(k.span().start, unknown_field(key, &t.what, allowed));
            }
        }
    }

    fn table<'a, 'i>(&mut self, v: &'a Val<'i>, what: String, site: Site) -> Option<Tbl<'a, 'i>> {
        match v.get_ref() {
            DeValue::Table(t) => {
                self.record(site.clone(), span_of(v));
                Some(Tbl { t, span: span_of(v), what, site })
            }
            other => {
                self.err(
                    v.span().start,
                    format!("{what} must be a group of fields (`{{ key = value, ... }}` or a `[section]`), not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn missing(&mut self, t: &Tbl<'_, '_>, key: &str) {
        self.err(t.span.start, format!("missing field `{key}` in {}", t.what));
    }

    fn field<'a, 'i>(&mut self, t: &Tbl<'a, 'i>, key: &str, required: bool) -> Option<&'a Val<'i>> {
        match t.get(key) {
            Some(v) => {
                self.record(t.site.with_field(key), span_of(v));
                Some(v)
            }
            None => {
                if required {
                    self.missing(t, key);
                }
                None
            }
        }
    }

    fn wrong(&mut self, v: &Val<'_>, t: &Tbl<'_, '_>, key: &str, want: &str) {
        let fix = match v.get_ref() {
            DeValue::String(s) if want.contains("number") => number_in_quotes(s),
            _ => None,
        };
        let fix = fix.map(|f| format!("; {f}")).unwrap_or_default();
        self.err(v.span().start, format!("field `{key}` in {} must be {want}, not {}{fix}", t.what, type_name(v.get_ref())));
    }

    fn string(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<String> {
        let v = self.field(t, key, required)?;
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.wrong(v, t, key, "text");
                None
            }
        }
    }

    /// A rule expression: a string whose inner positions are remembered.
    fn expr(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<String> {
        let v = self.field(t, key, required)?;
        match v.get_ref() {
            DeValue::String(s) => {
                let span = span_of(v);
                let raw = self.spans.text.get(span.start..span.end).unwrap_or("");
                let origin = StrOrigin::new(raw, span.start, s);
                self.spans.sites.insert(t.site.with_field(key), (span, Some(origin)));
                Some(s.to_string())
            }
            _ => {
                self.wrong(v, t, key, "a rule expression in quotes (best in single quotes: '...')");
                None
            }
        }
    }

    fn boolean(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<bool> {
        let v = self.field(t, key, false)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong(v, t, key, "true or false");
                None
            }
        }
    }

    fn integer(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool, min: i64, max: i64) -> Option<i64> {
        let v = self.field(t, key, required)?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) if (min..=max).contains(&n) => Some(n),
                _ => {
                    let range = if max >= i64::from(i32::MAX) {
                        format!("a whole number, {min} or higher")
                    } else {
                        format!("a whole number from {min} to {max}")
                    };
                    self.err(v.span().start, format!("field `{key}` in {} must be {range}", t.what));
                    None
                }
            },
            _ => {
                self.wrong(v, t, key, "a whole number");
                None
            }
        }
    }

    fn number(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<f64> {
        let v = self.field(t, key, required)?;
        match de_number(v.get_ref()) {
            Some(n) if n.is_finite() => Some(n),
            Some(_) => {
                self.err(v.span().start, format!("field `{key}` in {} must be a finite number", t.what));
                None
            }
            None => {
                self.wrong(v, t, key, "a number");
                None
            }
        }
    }

    /// `{ da = "...", en = "..." }`; a missing translation is an error.
    fn lang(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<LangText> {
        let v = self.field(t, key, required)?;
        self.lang_value(v, &format!("field `{key}` in {}", t.what), true)
    }

    fn lang_value(&mut self, v: &Val<'_>, what: &str, allow_plain: bool) -> Option<LangText> {
        match v.get_ref() {
            DeValue::Table(tbl) => {
                let mut out = LangText::default();
                let mut ok = true;
                for (lang, slot) in [("da", &mut out.da), ("en", &mut out.en)] {
                    match tbl.get(lang).map(|x| x.get_ref()) {
                        Some(DeValue::String(s)) => *slot = s.to_string(),
                        Some(other) => {
                            let at = tbl.get(lang).map_or(v.span().start, |x| x.span().start);
                            self.err(at, format!("`{lang}` in {what} must be text, not {}", type_name(other)));
                            ok = false;
                        }
                        None => {
                            let name = if lang == "da" { "Danish" } else { "English" };
                            self.err(v.span().start, format!("missing {name} translation (`{lang}`) in {what}"));
                            ok = false;
                        }
                    }
                }
                for (k, _) in tbl.iter() {
                    let key: &str = k.get_ref();
                    if key != "da" && key != "en" {
                        self.err(k.span().start, format!("unknown language `{key}` in {what}; use `da` and `en`"));
                    }
                }
                ok.then_some(out)
            }
            DeValue::String(s) if allow_plain && what.starts_with("field `unit`") => Some(LangText::new(s.to_string(), s.to_string())),
            other => {
                self.err(
                    v.span().start,
                    format!("{what} needs a Danish and an English text: {{ da = \"...\", en = \"...\" }}, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn array<'a, 'i>(&mut self, t: &Tbl<'a, 'i>, key: &str, required: bool) -> Option<&'a [Val<'i>]> {
        let v = self.field(t, key, required)?;
        match v.get_ref() {
            DeValue::Array(a) => Some(a.as_ref()),
            _ => {
                self.wrong(v, t, key, "a list");
                None
            }
        }
    }

    fn choice<T: Copy>(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool, options: &[(&str, T)]) -> Option<T> {
        let v = self.field(t, key, required)?;
        let names: Vec<&str> = options.iter().map(|o| o.0).collect();
        let list = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        match v.get_ref() {
            DeValue::String(s) => match options.iter().find(|o| o.0 == s.as_ref()) {
                Some(o) => Some(o.1),
                None => {
                    let h = hint(s, names.iter().copied());
                    self.err(v.span().start, format!("`{s}` is not a valid `{key}` in {}; use one of {list}{h}", t.what));
                    None
                }
            },
            _ => {
                self.wrong(v, t, key, &format!("one of {list}"));
                None
            }
        }
    }

    fn duration(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<Duration> {
        let s = self.string(t, key, required)?;
        match s.parse::<Duration>() {
            Ok(d) => Some(d),
            Err(e) => {
                let at = t.get(key).map_or(t.span.start, |v| v.span().start);
                self.err(at, format!("{e} in {}", t.what));
                None
            }
        }
    }

    /// The id of a table, used to name it in messages.
    fn peek_id(t: &DeTable<'_>, key: &str) -> Option<String> {
        match t.get(key).map(|v| v.get_ref()) {
            Some(DeValue::String(s)) => Some(s.to_string()),
            _ => None,
        }
    }
}

fn de_number(v: &DeValue<'_>) -> Option<f64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// Reads one file.
/// The largest definition file read (the web import takes the same): the
/// shipped ones are under 20 KB, so anything near this is a mistake.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

pub fn load(file: &SourceFile) -> Loaded {
    let mut r = Reader { spans: SourceSpans::new(file), errors: Vec::new(), broken: BTreeSet::new(), broken_ids: BTreeSet::new(), _text: &file.text };
    let document = if file.text.len() > MAX_FILE_BYTES {
        let mb = |n: usize| format!("{:.1} MB", n as f64 / (1024.0 * 1024.0));
        r.err(0, format!("this file is {}; at most {} are read (is it the right file?)", mb(file.text.len()), mb(MAX_FILE_BYTES)));
        None
    } else {
        match DeTable::parse(&file.text) {
            Err(e) => {
                for (at, message) in syntax_errors(&file.text, e) {
                    r.err(at, message);
                }
                None
            }
            Ok(root) => read_root(&mut r, &root),
        }
    };
    let Reader { spans, errors, broken, broken_ids, .. } = r;
    let (document, recovered) = match document {
        Some(d) if errors.is_empty() => (Some(d), None),
        Some(d) => (None, Some(Recovered { document: d, broken, broken_ids })),
        None => (None, None),
    };
    let diagnostics = errors.into_iter().map(|(off, msg)| spans.at(off, msg)).collect();
    let invisible = if file.text.len() > MAX_FILE_BYTES { Vec::new() } else { invisible_characters(&file.text) };
    let warnings = invisible.iter().map(|(at, msg)| spans.at(*at, msg.clone())).collect();
    let placed_warnings = invisible.into_iter().filter_map(|(at, msg)| spans.site_at(at).map(|site| ModelError::new(site, msg))).collect();
    Loaded { document, recovered, spans, diagnostics, warnings, placed_warnings }
}

/// At most this many syntax errors are reported for one file.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Every section's syntax error, not only the first: after each, the body
/// of the section it is in is set aside, blanked so that positions hold,
/// and the rest is read again. The whole body, not the line, so that a
/// value cut in half cannot cause a false error; the header stays (its
/// children still belong to it) unless the mistake is in the header, and
/// then its child sections go with it. Nothing else of such a file is
/// checked: with parts set aside, its other messages would be guesses.
fn syntax_errors(text: &str, first: toml::de::Error) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut text = text.to_owned();
    let mut error = first;
    loop {
        let raw = error.span().map_or(0, |s| s.start).min(text.len());
        let (at, message) = plain_syntax_error(&text, raw, error.message().trim_end());
        out.push((at, message));
        let Some((start, end)) = set_aside(&text, at.min(raw), raw.max(at)) else { break };
        if out.len() >= MAX_SYNTAX_ERRORS {
            break;
        }
        // Blank (ASCII spaces keep every byte offset; newlines keep lines).
        let blank: String = text[start..end].chars().flat_map(|c| std::iter::repeat_n(if c == '\n' { '\n' } else { ' ' }, c.len_utf8())).collect();
        text.replace_range(start..end, &blank);
        match DeTable::parse(&text) {
            Ok(_) => break,
            // Only a mistake after what was set aside is a new one; the
            // same message right where the blank ends is the old mistake
            // showing through (an array left open above it).
            Err(next) => {
                let next_at = next.span().map_or(0, |s| s.start);
                let (_, next_message) = plain_syntax_error(&text, next_at.min(text.len()), next.message().trim_end());
                let same = out.last().is_some_and(|(_, m)| *m == next_message);
                if next_at < end || (same && next_at == end) {
                    break;
                }
                error = next;
            }
        }
    }
    out
}

/// What to set aside after a syntax error between `from` and `to`: the
/// body of the section it is in, or, when it is in the header line, the
/// header, its body and its child sections. `None` when nothing follows.
fn set_aside(text: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    // (start of line, header name when the line is a header)
    let mut lines: Vec<(usize, Option<&str>)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, header_name(line)));
        offset += line.len();
    }
    let line_of = |at: usize| lines.iter().rposition(|(start, _)| *start <= at).unwrap_or(0);
    let (first, last) = (line_of(from), line_of(to));
    let header = lines[..=first].iter().rposition(|(_, h)| h.is_some());
    let next_header = |after: usize| lines.iter().skip(after + 1).position(|(_, h)| h.is_some()).map(|i| after + 1 + i);
    let (start, mut end_line) = match header {
        // In the header itself: the header, its body and its children.
        Some(h) if h == first => (lines[h].0, next_header(last)),
        // In the body: the body, from the line after the header.
        Some(h) => (lines.get(h + 1).map_or(text.len(), |l| l.0), next_header(last)),
        None => (0, next_header(last)),
    };
    if let (Some(h), true) = (header, header == Some(first)) {
        let name = lines[h].1.unwrap_or_default().to_owned();
        while let Some(e) = end_line {
            let child = lines[e].1.is_some_and(|n| n.starts_with(&format!("{name}.")));
            if !child {
                break;
            }
            end_line = next_header(e);
        }
    }
    let end = end_line.map(|e| lines[e].0)?;
    (start < end).then_some((start, end))
}

/// The name of a section header line (`[[pages.items]]` → `pages.items`),
/// also of one left unclosed.
fn header_name(line: &str) -> Option<&str> {
    let line = line.trim();
    let name = line.strip_prefix('[')?;
    let name = name.strip_prefix('[').unwrap_or(name);
    Some(name.split(']').next().unwrap_or_default().trim())
}

/// A TOML syntax error where the mistake is and in words an admin uses.
/// The parser notices an unclosed quote only on a later line ("missing
/// comma"), so the text is scanned for a one-line string without its
/// closing quote first, up to the line the parser stopped on.
fn plain_syntax_error(text: &str, at: usize, message: &str) -> (usize, String) {
    let error_line_end = text[at.min(text.len())..].find('\n').map_or(text.len(), |n| at + n);
    if let Some((open, quote)) = unclosed_quote(&text[..error_line_end]) {
        return (open, format!("this text has no closing quote: end it with {quote} on the same line"));
    }
    if let Some(end) = unclosed_brace_before(text, at) {
        return (end, "this `{ … }` has no closing `}`: add it at the end of the line".to_owned());
    }
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |n| n + 1);
    let line = text[line_start..].lines().next().unwrap_or("").trim();
    let header = line.starts_with('[');
    if message.contains("unclosed array table") || message.contains("unclosed table") {
        let name = line.trim_matches(['[', ']']).trim();
        let fixed = if message.contains("array") { format!("[[{name}]]") } else { format!("[{name}]") };
        return (line_start, format!("this section header has no closing `]`: write `{fixed}`"));
    }
    // A list left open (`options = [` without its `]`) is noticed only at
    // the next section header or below it: point at where the list starts.
    if message.contains("array elements") {
        let before = &text[..line_start];
        let open = before.lines().rev().take_while(|l| !l.trim_start().starts_with(']')).position(|l| l.trim_end().ends_with('[') && l.contains('='));
        if let Some(back) = open {
            let lines: Vec<&str> = before.lines().collect();
            let index = lines.len() - 1 - back;
            let offset: usize = lines[..index].iter().map(|l| l.len() + 1).sum();
            let column = lines[index].rfind('[').unwrap_or(0);
            return (offset + column, "this list has no closing `]`: add it on a line of its own after the last element".to_owned());
        }
    }
    if message.contains("duplicate key") && header {
        let name = line.trim_matches(['[', ']']).trim();
        return (line_start, format!("the section `[{name}]` is written twice; put its fields under one header"));
    }
    let plain = if message.contains("duplicate key") {
        "this key is written twice in the same section; keep one of them".to_owned()
    } else if message.contains("string values must be quoted") {
        "write text in quotes (\"…\"), and a number alone, without a unit or other words".to_owned()
    } else {
        plain_parser_message(message).to_owned()
    };
    (at, plain)
}

/// The TOML parser's own words ("invalid key-value pair, expected …") said
/// as an admin would: what is wrong and how it is written instead. Matched
/// on the start of the parser's message, which names the kind of mistake.
fn plain_parser_message(message: &str) -> &'static str {
    const PLAIN: &[(&[&str], &str)] = &[
        (&["invalid boolean"], "write `true` or `false`, in small letters and in full"),
        (
            &[
                "invalid integer",
                "invalid float",
                "invalid fraction",
                "invalid exponent",
                "invalid mantissa",
                "unexpected leading zero",
                "unexpected sign",
                "invalid hexadecimal",
                "invalid octal",
                "invalid binary",
            ],
            "this number cannot be read: write it in digits with a decimal point, e.g. `38.5`",
        ),
        (&["invalid date-time"], "this date cannot be read: write it as `2025-03-01`"),
        (&["invalid multi-line"], "this text over several lines has no end: close it with the same three quotes it starts with"),
        (
            &["invalid basic string", "invalid literal string", "invalid string", "missing escaped value", "missing opening quote"],
            "this text cannot be read: start and end it with the same quote, and write a backslash as two (`\\\\`)",
        ),
        (&["missing comma between array elements"], "the elements of a list are separated by commas: add a `,`"),
        (&["missing comma between key-value pairs"], "the fields of a `{ … }` group are separated by commas: add a `,`"),
        (&["extra comma"], "there is one comma too many here: delete it"),
        (&["extra `=`", "extra assignment"], "there is one `=` too many here: delete it"),
        (&["unexpected `=` in array"], "a list holds values, not fields: write `[\"a\", \"b\"]`, or a group of fields as `{ name = value }`"),
        (&["unclosed array"], "this list has no closing `]`: add it after the last element"),
        (&["unclosed inline table"], "this `{ … }` has no closing `}`: add it at the end of the line"),
        (
            &["missing table open", "missing array opening", "missing inline table opening"],
            "this closing bracket has no opening one: delete it, or add the opening `[` or `{`",
        ),
        (
            &[
                "key with no value",
                "missing value",
                "missing assignment",
                "invalid key-value pair",
                "missing key",
                "invalid inline table element",
                "invalid value",
            ],
            "a field is written as `name = value` (text in quotes, a number alone, a list in `[ ]`): part of it is missing or cannot be read",
        ),
        (&["invalid key", "invalid unquoted key", "unquoted keys cannot be empty"], "a field name is written with the letters a-z, digits and `_`"),
        (&["invalid table"], "a section header is written as `[name]` or `[[name]]`"),
    ];
    PLAIN.iter().find(|(starts, _)| starts.iter().any(|s| message.starts_with(s))).map_or(
        "this line cannot be read: a line holds a field (`name = value`), a section header (`[name]`) or a comment (`# …`)",
        |(_, plain)| plain,
    )
}

/// The end of the last non-empty line before `at` if it opens more `{`
/// than it closes (a `{ … }` group must end on its own line).
fn unclosed_brace_before(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at.min(text.len())].rfind('\n').map_or(0, |n| n + 1);
    let before = text[..line_start].trim_end_matches(['\n', '\r', ' ', '\t']);
    let start = before.rfind('\n').map_or(0, |n| n + 1);
    let line = &before[start..];
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '{') => depth += 1,
            (None, '}') => depth -= 1,
            _ => {}
        }
        escaped = false;
    }
    (depth > 0 && !line.is_empty()).then_some(before.len())
}

/// The offset and quote of the first one-line string (`"…"` or `'…'`)
/// whose line ends before it is closed; multi-line strings and comments
/// are skipped.
fn unclosed_quote(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            q @ (b'"' | b'\'') if text[i..].starts_with(if q == b'"' { "\"\"\"" } else { "\'\'\'" }) => {
                let close = if q == b'"' { "\"\"\"" } else { "\'\'\'" };
                i = text[i + 3..].find(close).map_or(bytes.len(), |n| i + 3 + n + 3);
            }
            q @ (b'"' | b'\'') => {
                let open = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None | Some(b'\n') | Some(b'\r') => return Some((open, q as char)),
                        Some(b'\\') if q == b'"' => i += 2,
                        Some(&c) if c == q => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn read_root(r: &mut Reader<'_>, root: &Spanned<DeTable<'_>>) -> Option<Document> {
    let t = Tbl { t: root.get_ref(), span: Span::new(0, 0), what: "the file".into(), site: Site::Questionnaire { field: String::new() } };
    let is_q = t.get("questionnaire").is_some();
    let is_p = t.get("pathway").is_some();
    match (is_q, is_p) {
        (true, false) => read_questionnaire(r, &t).map(Document::Questionnaire),
        (false, true) => read_pathway(r, &t).map(Document::Pathway),
        (true, true) => {
            r.err(0, "a file defines either a `[questionnaire]` or a `[pathway]`, not both");
            None
        }
        (false, false) => {
            r.err(
                0,
                "this is neither a questionnaire (it would start with `[questionnaire]`) nor a pathway (`[pathway]`); is it in the right folder?",
            );
            None
        }
    }
}

fn read_questionnaire(r: &mut Reader<'_>, root: &Tbl<'_, '_>) -> Option<Questionnaire> {
    r.known_keys(root, &["questionnaire", "pages", "scores", "rules", "tests"]);
    let qv = root.get("questionnaire")?;
    let qt = r.table(qv, "`[questionnaire]`".into(), Site::Questionnaire { field: String::new() })?;
    r.known_keys(&qt, &["id", "version", "title", "description", "respondent", "source", "contact_item"]);
    let id = r.string(&qt, "id", true);
    let version = r.integer(&qt, "version", true, 1, i64::from(u32::MAX));
    let title = r.lang(&qt, "title", true);
    let description = r.lang(&qt, "description", true);
    let respondent = r.choice(&qt, "respondent", true, &[("patient", Respondent::Patient), ("proxy", Respondent::Proxy)]);
    let source = r.lang(&qt, "source", true);
    let contact_item = r.string(&qt, "contact_item", false);

    let root_site = Site::Questionnaire { field: String::new() };
    // Elements with errors are kept, filled in, so that every index (and so
    // every position of a later message) stays as it is in the file.
    let mut pages = Vec::new();
    let mut item_count = 0usize;
    if let Some(list) = r.array(&Tbl { site: root_site.clone(), ..copy(root) }, "pages", true) {
        for (pi, pv) in list.iter().enumerate() {
            pages.push(read_page(r, pv, pi, &mut item_count));
        }
    }
    let scores = r.array(root, "scores", false).unwrap_or(&[]).iter().enumerate().map(|(si, sv)| read_score(r, sv, si)).collect();
    let rules = r.array(root, "rules", false).unwrap_or(&[]).iter().enumerate().map(|(ri, rv)| read_rule(r, rv, ri)).collect();
    let tests = r.array(root, "tests", false).unwrap_or(&[]).iter().enumerate().map(|(ti, tv)| read_test(r, tv, ti)).collect();
    // Without its id a questionnaire cannot be told apart from another, so
    // it is not checked further.
    let id = id?;
    let version = version.and_then(|v| u32::try_from(v).ok());
    if version.is_none() || title.is_none() || description.is_none() || respondent.is_none() || source.is_none() {
        r.broken.insert(root_site);
    }
    Some(Questionnaire {
        id,
        version: version.unwrap_or(1),
        title: title.unwrap_or_else(unreadable_text),
        description: description.unwrap_or_else(unreadable_text),
        respondent: respondent.unwrap_or(Respondent::Patient),
        source: source.unwrap_or_else(unreadable_text),
        contact_item,
        pages,
        scores,
        rules,
        tests,
    })
}

/// A shallow copy of a table view (the root is shared by all readers).
fn copy<'a, 'i>(t: &Tbl<'a, 'i>) -> Tbl<'a, 'i> {
    Tbl { t: t.t, span: t.span, what: t.what.clone(), site: t.site.clone() }
}

fn read_page(r: &mut Reader<'_>, v: &Val<'_>, pi: usize, item_count: &mut usize) -> Page {
    let site = Site::Page { page: pi, field: String::new() };
    let peeked = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id"),
        _ => None,
    };
    let name = peeked.as_ref().map_or(format!("page {}", pi + 1), |id| format!("page `{id}`"));
    let mark = r.mark();
    let Some(t) = r.table(v, name, site.clone()) else {
        r.settle(mark, site, None);
        return Page { id: format!("unreadable_page_{}", pi + 1), title: unreadable_text(), enable_when: None, items: Vec::new() };
    };
    r.known_keys(&t, &["id", "title", "enable_when", "items"]);
    let id = r.string(&t, "id", true);
    let title = r.lang(&t, "title", true);
    let enable_when = r.expr(&t, "enable_when", false);
    // The page's own fields decide whether it is broken; its items are
    // elements of their own.
    let list = r.array(&t, "items", true).unwrap_or(&[]);
    r.settle(mark, site, peeked.as_deref());
    let mut items = Vec::new();
    for iv in list {
        let index = *item_count;
        *item_count += 1;
        items.push(read_item(r, iv, index));
    }
    Page { id: id.unwrap_or_else(|| format!("unreadable_page_{}", pi + 1)), title: title.unwrap_or_else(unreadable_text), enable_when, items }
}

const ITEM_TYPES: [&str; 8] = ["single_choice", "multiple_choice", "scale", "number", "yes_no", "date", "text", "display"];

fn read_item(r: &mut Reader<'_>, v: &Val<'_>, index: usize) -> Item {
    let site = Site::Item { item: index, field: String::new() };
    let peeked = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id"),
        _ => None,
    };
    let name = peeked.as_ref().map_or(format!("item {}", index + 1), |id| format!("item `{id}`"));
    let mark = r.mark();
    let item = match r.table(v, name, site.clone()) {
        Some(t) => read_item_fields(r, &t, index),
        None => None,
    };
    r.settle(mark, site, peeked.as_deref());
    item.unwrap_or_else(|| Item {
        id: peeked.unwrap_or_else(|| format!("unreadable_item_{}", index + 1)),
        text: unreadable_text(),
        help: None,
        required: false,
        enable_when: None,
        kind: ItemKind::Display,
    })
}

/// An item's fields; `None` when its type or a field its type needs could
/// not be read. Single fields that could not be read are filled in.
fn read_item_fields(r: &mut Reader<'_>, t: &Tbl<'_, '_>, index: usize) -> Option<Item> {
    let common = ["id", "type", "text", "help", "required", "enable_when"];
    let id = r.string(t, "id", true);
    let text = r.lang(t, "text", true);
    let help = r.lang(t, "help", false);
    let required = r.boolean(t, "required").unwrap_or(false);
    let enable_when = r.expr(t, "enable_when", false);
    let types: Vec<(&str, &str)> = ITEM_TYPES.iter().map(|s| (*s, *s)).collect();
    let ty = r.choice(t, "type", true, &types);
    let extra: &[&str] = match ty {
        Some("single_choice" | "multiple_choice") => &["options"],
        Some("scale") => &["min", "max", "min_label", "max_label"],
        Some("number") => &["min", "max", "decimals", "unit", "expected_min", "expected_max"],
        Some("text") => &["max_length"],
        _ => &[],
    };
    if let Some(ty) = ty {
        // Fields of other item types get a precise message.
        for (k, _) in t.t.iter() {
            let key: &str = k.get_ref();
            if !common.contains(&key) && !extra.contains(&key) {
                let all = ["options", "min", "max", "min_label", "max_label", "decimals", "unit", "expected_min", "expected_max", "max_length"];
                if all.contains(&key) {
                    r.err(k.span().start, format!("field `{key}` does not apply to a {ty} item ({})", t.what));
                } else {
                    let allowed: Vec<&str> = common.iter().chain(extra.iter()).copied().collect();
                    r.err(k.span().start, unknown_field(key, &t.what, &allowed));
                }
            }
        }
    }
    let kind = match ty? {
        "single_choice" | "multiple_choice" => {
            let options = r
                .array(t, "options", true)
                .unwrap_or(&[])
                .iter()
                .enumerate()
                .map(|(oi, ov)| {
                    read_option(r, ov, index, oi, &t.what).unwrap_or_else(|| AnswerOption {
                        value: format!("unreadable_option_{}", oi + 1),
                        text: unreadable_text(),
                        weight: None,
                    })
                })
                .collect();
            if ty == Some("single_choice") {
                ItemKind::SingleChoice { options }
            } else {
                ItemKind::MultipleChoice { options }
            }
        }
        "scale" => {
            let min = r.integer(t, "min", true, -1000, 1000);
            let max = r.integer(t, "max", true, -1000, 1000);
            let min_label = r.lang(t, "min_label", true);
            let max_label = r.lang(t, "max_label", true);
            ItemKind::Scale {
                min: min? as i32,
                max: max? as i32,
                min_label: min_label.unwrap_or_else(unreadable_text),
                max_label: max_label.unwrap_or_else(unreadable_text),
            }
        }
        "number" => {
            let min = r.number(t, "min", true);
            let max = r.number(t, "max", true);
            ItemKind::Number {
                min: min?,
                max: max?,
                decimals: r.integer(t, "decimals", false, 0, 6).unwrap_or(0) as u8,
                unit: r.lang(t, "unit", false),
                expected_min: r.number(t, "expected_min", false),
                expected_max: r.number(t, "expected_max", false),
            }
        }
        "yes_no" => ItemKind::YesNo,
        "date" => ItemKind::Date,
        "text" => ItemKind::Text { max_length: r.integer(t, "max_length", false, 1, 100_000).unwrap_or(500) as u32 },
        _ => ItemKind::Display,
    };
    Some(Item { id: id?, text: text.unwrap_or_else(unreadable_text), help, required, enable_when, kind })
}

fn read_option(r: &mut Reader<'_>, v: &Val<'_>, item: usize, oi: usize, item_what: &str) -> Option<AnswerOption> {
    let site = Site::ItemOption { item, option: oi, field: String::new() };
    let name = match v.get_ref() {
        DeValue::Table(t) => {
            Reader::peek_id(t, "value").map_or(format!("option {} of {item_what}", oi + 1), |id| format!("option `{id}` of {item_what}"))
        }
        _ => format!("option {} of {item_what}", oi + 1),
    };
    let t = r.table(v, name, site)?;
    r.known_keys(&t, &["value", "text", "weight"]);
    let value = r.string(&t, "value", true);
    let text = r.lang(&t, "text", true);
    let weight = r.number(&t, "weight", false);
    Some(AnswerOption { value: value?, text: text.unwrap_or_else(unreadable_text), weight })
}

fn read_score(r: &mut Reader<'_>, v: &Val<'_>, si: usize) -> Score {
    let site = Site::Score { score: si, field: String::new() };
    let peeked = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id"),
        _ => None,
    };
    let mark = r.mark();
    let score = read_score_fields(r, v, si);
    r.settle(mark, site, peeked.as_deref());
    score.unwrap_or_else(|| Score {
        id: peeked.unwrap_or_else(|| format!("unreadable_score_{}", si + 1)),
        text: unreadable_text(),
        kind: ScoreKind::Sum,
        items: Vec::new(),
        min_answered: None,
        expr: None,
        bands: Vec::new(),
    })
}

fn read_score_fields(r: &mut Reader<'_>, v: &Val<'_>, si: usize) -> Option<Score> {
    let site = Site::Score { score: si, field: String::new() };
    let name = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id").map_or(format!("score {}", si + 1), |id| format!("score `{id}`")),
        _ => format!("score {}", si + 1),
    };
    let t = r.table(v, name, site.clone())?;
    r.known_keys(&t, &["id", "text", "kind", "items", "min_answered", "expr", "bands"]);
    let id = r.string(&t, "id", true);
    let text = r.lang(&t, "text", true);
    let kind = r.choice(&t, "kind", true, &[("sum", ScoreKind::Sum), ("mean", ScoreKind::Mean), ("expr", ScoreKind::Expr)]);
    let min_answered = r.integer(&t, "min_answered", false, 0, 10_000).map(|n| n as u32);
    let expr = r.expr(&t, "expr", false);
    let mut items = Vec::new();
    for (k, iv) in r.array(&t, "items", false).unwrap_or(&[]).iter().enumerate() {
        let isite = site.with_field(&format!("items.{k}"));
        r.record(isite, span_of(iv));
        match iv.get_ref() {
            DeValue::String(s) => items.push(ScoreItem { id: s.to_string(), reverse: false }),
            DeValue::Table(_) => {
                let what = format!("an item of {}", t.what);
                let Some(it) = r.table(iv, what, site.with_field(&format!("items.{k}"))) else {
                    continue;
                };
                r.known_keys(&it, &["id", "reverse"]);
                let Some(id) = r.string(&it, "id", true) else {
                    continue;
                };
                let reverse = r.boolean(&it, "reverse").unwrap_or(false);
                items.push(ScoreItem { id, reverse });
            }
            other => {
                r.err(iv.span().start, format!("items of {} are item ids or {{ id = \"...\", reverse = true }}, not {}", t.what, type_name(other)));
            }
        }
    }
    let bands = read_bands(r, &t, &site);
    Some(Score { id: id?, text: text.unwrap_or_else(unreadable_text), kind: kind?, items, min_answered, bands, expr })
}

/// `bands = [{ from = 0, to = 5, label = { da = "...", en = "..." } }, ...]`:
/// each range goes up, and the next starts where one ends or above it.
fn read_bands(r: &mut Reader<'_>, t: &Tbl<'_, '_>, site: &Site) -> Vec<ScoreBand> {
    let Some(list) = r.array(t, "bands", false) else { return Vec::new() };
    let mut out: Vec<ScoreBand> = Vec::new();
    for (k, v) in list.iter().enumerate() {
        let what = format!("band {} of {}", k + 1, t.what);
        let Some(b) = r.table(v, what, site.with_field(&format!("bands.{k}"))) else { continue };
        r.known_keys(&b, &["from", "to", "label"]);
        let (Some(from), Some(to), Some(label)) = (r.number(&b, "from", true), r.number(&b, "to", true), r.lang(&b, "label", true)) else {
            continue;
        };
        if to <= from {
            r.err(b.span.start, format!("{} goes from {from} to {to}: `to` must be above `from`", b.what));
            continue;
        }
        if let Some(last) = out.last() {
            if from < last.to {
                r.err(
                    b.span.start,
                    format!(
                        "{} starts at {from}, inside the band before it (up to {}): list bands from the lowest, without overlap",
                        b.what, last.to
                    ),
                );
                continue;
            }
        }
        out.push(ScoreBand { from, to, label });
    }
    out
}

fn read_rule(r: &mut Reader<'_>, v: &Val<'_>, ri: usize) -> FlagRule {
    let site = Site::Rule { rule: ri, field: String::new() };
    let peeked = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id"),
        _ => None,
    };
    let mark = r.mark();
    let rule = read_rule_fields(r, v, ri);
    r.settle(mark, site, peeked.as_deref());
    rule.unwrap_or_else(|| FlagRule {
        id: peeked.unwrap_or_else(|| format!("unreadable_rule_{}", ri + 1)),
        level: RuleLevel::Yellow,
        when: "false".to_owned(),
        message: unreadable_text(),
        advice: None,
        rationale: None,
    })
}

fn read_rule_fields(r: &mut Reader<'_>, v: &Val<'_>, ri: usize) -> Option<FlagRule> {
    let site = Site::Rule { rule: ri, field: String::new() };
    let name = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id").map_or(format!("rule {}", ri + 1), |id| format!("rule `{id}`")),
        _ => format!("rule {}", ri + 1),
    };
    let t = r.table(v, name, site)?;
    r.known_keys(&t, &["id", "level", "when", "message", "advice", "rationale"]);
    let id = r.string(&t, "id", true);
    let level = r.choice(&t, "level", true, &[("red", RuleLevel::Red), ("yellow", RuleLevel::Yellow)]);
    let when = r.expr(&t, "when", true);
    let message = r.lang(&t, "message", true);
    let advice = r.lang(&t, "advice", false);
    let rationale = r.lang(&t, "rationale", false);
    Some(FlagRule { id: id?, level: level?, when: when?, message: message.unwrap_or_else(unreadable_text), advice, rationale })
}

fn answer_value(v: &DeValue<'_>) -> Option<AnswerValue> {
    Some(match v {
        DeValue::Boolean(b) => AnswerValue::Bool(*b),
        DeValue::Integer(_) | DeValue::Float(_) => AnswerValue::Number(de_number(v)?),
        DeValue::String(s) => AnswerValue::Text(s.to_string()),
        DeValue::Datetime(d) if d.time.is_none() && d.date.is_some() => AnswerValue::Text(d.to_string()),
        DeValue::Array(a) => AnswerValue::Choices(
            a.iter()
                .map(|x| match x.get_ref() {
                    DeValue::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => return None,
    })
}

fn read_answers(r: &mut Reader<'_>, t: &Tbl<'_, '_>, key: &str, prefix: &str) -> Option<Answers> {
    let v = r.field(t, key, false)?;
    let DeValue::Table(tbl) = v.get_ref() else {
        r.wrong(v, t, key, "answers written as { item = value, ... }");
        return None;
    };
    let mut out = BTreeMap::new();
    for (k, val) in tbl.iter() {
        let id: &str = k.get_ref();
        r.record(t.site.with_field(&format!("{prefix}{id}")), Span::from(k.span()));
        match answer_value(val.get_ref()) {
            Some(a) => {
                out.insert(id.to_string(), a);
            }
            None => r.err(
                val.span().start,
                format!("answer to `{id}` in {} must be true/false, a number, text, a date or a list of option values", t.what),
            ),
        }
    }
    Some(out)
}

fn read_history(r: &mut Reader<'_>, t: &Tbl<'_, '_>, key: &str) -> Option<TestHistory> {
    let v = r.field(t, key, false)?;
    read_past_response(r, t, v, key, format!("`{key}` of {}", t.what))
}

/// `earlier = [{ days_ago = 2, answers = { ... } }, ...]`: several earlier
/// responses with their days, for the functions over time.
fn read_earlier(r: &mut Reader<'_>, t: &Tbl<'_, '_>) -> Vec<TestHistory> {
    let Some(list) = r.array(t, "earlier", false) else { return Vec::new() };
    let mut out = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let what = format!("response {} of `earlier` in {}", i + 1, t.what);
        if let Some(h) = read_past_response(r, t, v, &format!("earlier.{i}"), what) {
            out.push(h);
        }
    }
    out
}

/// One earlier response of a rule test; `key` is `previous`, `baseline`
/// or `earlier.N` (its answers' sites are recorded on the test under it).
fn read_past_response(r: &mut Reader<'_>, t: &Tbl<'_, '_>, v: &Val<'_>, key: &str, what: String) -> Option<TestHistory> {
    let h = r.table(v, what, t.site.with_field(key))?;
    r.known_keys(&h, &["answers", "scores", "days_ago"]);
    // Sites of history answers are recorded on the test, prefixed by `key`.
    let hs = Tbl { site: t.site.clone(), ..copy(&h) };
    let answers = read_answers(r, &hs, "answers", &format!("{key}.answers.")).unwrap_or_default();
    let scores = match h.get("scores") {
        None => None,
        Some(sv) => match sv.get_ref() {
            DeValue::Table(st) => {
                let mut m = BTreeMap::new();
                for (k, x) in st.iter() {
                    match de_number(x.get_ref()) {
                        Some(n) => {
                            m.insert(k.get_ref().to_string(), n);
                        }
                        None => r.err(x.span().start, format!("score `{}` in {} must be a number", k.get_ref(), h.what)),
                    }
                }
                Some(m)
            }
            _ => {
                r.wrong(sv, &h, "scores", "scores written as { id = number, ... }");
                None
            }
        },
    };
    // Responses in `earlier` are placed in time by their days.
    let days_ago = r.integer(&h, "days_ago", key.starts_with("earlier."), 0, 100_000);
    Some(TestHistory { answers, scores, days_ago })
}

fn read_test(r: &mut Reader<'_>, v: &Val<'_>, ti: usize) -> RuleTest {
    let site = Site::Test { test: ti, field: String::new() };
    let mark = r.mark();
    let test = read_test_fields(r, v, ti);
    r.settle(mark, site, None);
    test.unwrap_or_else(|| RuleTest {
        name: format!("test {}", ti + 1),
        answers: Answers::new(),
        previous: None,
        baseline: None,
        earlier: Vec::new(),
        index_days_ago: None,
        expect_flags: Vec::new(),
        expect_scores: BTreeMap::new(),
    })
}

fn read_test_fields(r: &mut Reader<'_>, v: &Val<'_>, ti: usize) -> Option<RuleTest> {
    let site = Site::Test { test: ti, field: String::new() };
    let name = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "name").map_or(format!("test {}", ti + 1), |n| format!("test `{n}`")),
        _ => format!("test {}", ti + 1),
    };
    let t = r.table(v, name, site)?;
    r.known_keys(&t, &["name", "answers", "previous", "baseline", "earlier", "index_days_ago", "expect_flags", "expect_scores"]);
    let name = r.string(&t, "name", true);
    let answers = read_answers(r, &t, "answers", "answers.").unwrap_or_default();
    let previous = read_history(r, &t, "previous");
    let baseline = read_history(r, &t, "baseline");
    let earlier = read_earlier(r, &t);
    let index_days_ago = r.integer(&t, "index_days_ago", false, 0, 100_000);
    if previous.is_some() && !earlier.is_empty() {
        if let Some(v) = t.get("previous") {
            r.err(
                v.span().start,
                format!("{} gives both `previous` and `earlier`; the previous response is the newest of `earlier`, so write it there", t.what),
            );
        }
    }
    let mut expect_flags = Vec::new();
    match r.array(&t, "expect_flags", true) {
        Some(list) => {
            for f in list {
                match f.get_ref() {
                    DeValue::String(s) => expect_flags.push(s.to_string()),
                    other => r.err(f.span().start, format!("flags in {} are rule ids in quotes, not {}", t.what, type_name(other))),
                }
            }
        }
        None => return None,
    }
    let mut expect_scores = BTreeMap::new();
    if let Some(sv) = r.field(&t, "expect_scores", false) {
        match sv.get_ref() {
            DeValue::Table(st) => {
                for (k, x) in st.iter() {
                    let id = k.get_ref().to_string();
                    r.record(t.site.with_field(&format!("expect_scores.{id}")), Span::from(k.span()));
                    match x.get_ref() {
                        DeValue::String(s) if s == "none" => {
                            expect_scores.insert(id, None);
                        }
                        other => match de_number(other) {
                            Some(n) => {
                                expect_scores.insert(id, Some(n));
                            }
                            None => r.err(x.span().start, format!("expected score `{id}` in {} must be a number or \"none\"", t.what)),
                        },
                    }
                }
            }
            _ => r.wrong(sv, &t, "expect_scores", "scores written as { score = number or \"none\" }"),
        }
    }
    Some(RuleTest { name: name?, answers, previous, baseline, earlier, index_days_ago, expect_flags, expect_scores })
}

fn read_pathway(r: &mut Reader<'_>, root: &Tbl<'_, '_>) -> Option<Pathway> {
    r.known_keys(root, &["pathway", "timepoints"]);
    let pv = root.get("pathway")?;
    let pt = r.table(pv, "`[pathway]`".into(), Site::Pathway { field: String::new() })?;
    r.known_keys(&pt, &["id", "title", "index_event", "source"]);
    let id = r.string(&pt, "id", true);
    let title = r.lang(&pt, "title", true);
    let index_event = r.lang(&pt, "index_event", true);
    let source = r.lang(&pt, "source", true);
    let root = Tbl { site: Site::Pathway { field: String::new() }, ..copy(root) };
    let mut timepoints = Vec::new();
    for (i, tv) in r.array(&root, "timepoints", true).unwrap_or(&[]).iter().enumerate() {
        let site = Site::TimePoint { timepoint: i, field: String::new() };
        let peeked = match tv.get_ref() {
            DeValue::Table(t) => Reader::peek_id(t, "id"),
            _ => None,
        };
        let mark = r.mark();
        let tp = read_timepoint(r, tv, i, peeked.as_deref());
        r.settle(mark, site, peeked.as_deref());
        // A time point with errors still names its questionnaire, which
        // is checked like any other's.
        let questionnaire = match tv.get_ref() {
            DeValue::Table(t) => Reader::peek_id(t, "questionnaire"),
            _ => None,
        };
        timepoints.push(tp.unwrap_or_else(|| TimePoint {
            id: peeked.unwrap_or_else(|| format!("unreadable_timepoint_{}", i + 1)),
            questionnaire: questionnaire.unwrap_or_default(),
            offset: Duration { amount: 0, unit: super::pathway::Unit::Day },
            window_days: 1,
            reminder_days: Vec::new(),
            repeat: None,
            baseline: false,
            missed_after_days: None,
        }));
    }
    let id = id?;
    if title.is_none() || index_event.is_none() || source.is_none() {
        r.broken.insert(Site::Pathway { field: String::new() });
    }
    Some(Pathway {
        id,
        title: title.unwrap_or_else(unreadable_text),
        index_event: index_event.unwrap_or_else(unreadable_text),
        source: source.unwrap_or_else(unreadable_text),
        timepoints,
    })
}

fn read_timepoint(r: &mut Reader<'_>, tv: &Val<'_>, i: usize, peeked: Option<&str>) -> Option<TimePoint> {
    let site = Site::TimePoint { timepoint: i, field: String::new() };
    let name = peeked.map_or(format!("time point {}", i + 1), |id| format!("time point `{id}`"));
    let t = r.table(tv, name, site)?;
    r.known_keys(&t, &["id", "questionnaire", "offset", "window_days", "reminder_days", "every", "until", "baseline", "missed_after_days"]);
    let id = r.string(&t, "id", true);
    let baseline = r.boolean(&t, "baseline").unwrap_or(false);
    let questionnaire = r.string(&t, "questionnaire", true);
    let offset = r.duration(&t, "offset", true);
    let window_days = r.integer(&t, "window_days", true, 0, 3650).map(|n| n as u32);
    let missed_after_days = r.integer(&t, "missed_after_days", false, 1, 366).map(|n| n as u32);
    let mut reminder_days = Vec::new();
    for x in r.array(&t, "reminder_days", false).unwrap_or(&[]) {
        match x.get_ref() {
            DeValue::Integer(n) => match u32::from_str_radix(n.as_str(), n.radix()) {
                Ok(d) => reminder_days.push(d),
                Err(_) => r.err(x.span().start, format!("reminder_days in {} are whole days after opening", t.what)),
            },
            _ => r.err(x.span().start, format!("reminder_days in {} are whole days after opening, e.g. [3, 7]", t.what)),
        }
    }
    let every = r.duration(&t, "every", false);
    let until = r.duration(&t, "until", false);
    let repeat = match (t.get("every").is_some(), t.get("until").is_some()) {
        (false, false) => None,
        (true, true) => Some(Repeat { every: every?, until: until? }),
        (true, false) => {
            r.missing(&t, "until");
            return None;
        }
        (false, true) => {
            r.missing(&t, "every");
            return None;
        }
    };
    Some(TimePoint {
        id: id?,
        questionnaire: questionnaire?,
        offset: offset?,
        window_days: window_days?,
        reminder_days,
        repeat,
        baseline,
        missed_after_days,
    })
}
