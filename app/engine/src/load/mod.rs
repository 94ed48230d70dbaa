//! Reads questionnaire and pathway TOML files into the model, remembering
//! where every element sits so later errors can name file, line and column.
//!
//! A file is a questionnaire when it has a `[questionnaire]` table and a
//! pathway when it has a `[pathway]` table (by convention pathway files are
//! named `*.pathway.toml`). The reader walks the TOML tree itself rather than
//! using serde derive so it can report *every* missing, unknown or mistyped
//! field, each at its own position, in one pass.

pub mod strings;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::answers::{AnswerValue, Answers};
use super::diagnostics::{hint, Diagnostic, LineIndex, ModelError, Site, Span};
use super::model::{
    AnswerOption, FlagRule, Item, ItemKind, Page, Questionnaire, Respondent, RuleLevel, RuleTest,
    Score, ScoreItem, ScoreKind, TestHistory,
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
        Self {
            name: name.into(),
            text: text.into(),
        }
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
        Self {
            file: file.name.clone(),
            text: file.text.clone(),
            lines: LineIndex::new(&file.text),
            sites: HashMap::new(),
        }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// A diagnostic at a byte offset of the file.
    pub fn at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.lines.line_col(&self.text, offset);
        Diagnostic {
            file: self.file.clone(),
            line,
            column,
            message: message.into(),
        }
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

    fn record(&mut self, site: Site, span: Span, origin: Option<StrOrigin>) {
        self.sites.entry(site).or_insert((span, origin));
    }
}

/// The result of reading one file.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// `None` when the file could not be read into a model at all.
    pub document: Option<Document>,
    pub spans: SourceSpans,
    pub diagnostics: Vec<Diagnostic>,
}

type Val<'i> = Spanned<DeValue<'i>>;

/// Walks one TOML document, collecting errors.
struct Reader<'s> {
    spans: SourceSpans,
    errors: Vec<(usize, String)>,
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

    fn record(&mut self, site: Site, span: Span) {
        self.spans.record(site, span, None);
    }

    /// Reports keys not in `allowed`.
    fn known_keys(&mut self, t: &Tbl<'_, '_>, allowed: &[&str]) {
        for (k, _) in t.t.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                let h = hint(key, allowed.iter().copied());
                self.err(
                    k.span().start,
                    format!("unknown field `{key}` in {}{h}", t.what),
                );
            }
        }
    }

    fn table<'a, 'i>(&mut self, v: &'a Val<'i>, what: String, site: Site) -> Option<Tbl<'a, 'i>> {
        match v.get_ref() {
            DeValue::Table(t) => {
                self.record(site.clone(), span_of(v));
                Some(Tbl {
                    t,
                    span: span_of(v),
                    what,
                    site,
                })
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
        self.err(
            v.span().start,
            format!(
                "field `{key}` in {} must be {want}, not {}",
                t.what,
                type_name(v.get_ref())
            ),
        );
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
                self.spans
                    .sites
                    .insert(t.site.with_field(key), (span, Some(origin)));
                Some(s.to_string())
            }
            _ => {
                self.wrong(
                    v,
                    t,
                    key,
                    "a rule expression in quotes (best in single quotes: '...')",
                );
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

    fn integer(
        &mut self,
        t: &Tbl<'_, '_>,
        key: &str,
        required: bool,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        let v = self.field(t, key, required)?;
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) if (min..=max).contains(&n) => Some(n),
                _ => {
                    self.err(
                        v.span().start,
                        format!("field `{key}` in {} must be from {min} to {max}", t.what),
                    );
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
                self.err(
                    v.span().start,
                    format!("field `{key}` in {} must be a finite number", t.what),
                );
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
                            self.err(
                                at,
                                format!(
                                    "`{lang}` in {what} must be text, not {}",
                                    type_name(other)
                                ),
                            );
                            ok = false;
                        }
                        None => {
                            let name = if lang == "da" { "Danish" } else { "English" };
                            self.err(
                                v.span().start,
                                format!("missing {name} translation (`{lang}`) in {what}"),
                            );
                            ok = false;
                        }
                    }
                }
                for (k, _) in tbl.iter() {
                    let key: &str = k.get_ref();
                    if key != "da" && key != "en" {
                        self.err(
                            k.span().start,
                            format!("unknown language `{key}` in {what}; use `da` and `en`"),
                        );
                    }
                }
                ok.then_some(out)
            }
            DeValue::String(s) if allow_plain && what.starts_with("field `unit`") => {
                Some(LangText::new(s.to_string(), s.to_string()))
            }
            other => {
                self.err(
                    v.span().start,
                    format!("{what} needs a Danish and an English text: {{ da = \"...\", en = \"...\" }}, not {}", type_name(other)),
                );
                None
            }
        }
    }

    fn array<'a, 'i>(
        &mut self,
        t: &Tbl<'a, 'i>,
        key: &str,
        required: bool,
    ) -> Option<&'a [Val<'i>]> {
        let v = self.field(t, key, required)?;
        match v.get_ref() {
            DeValue::Array(a) => Some(a.as_ref()),
            _ => {
                self.wrong(v, t, key, "a list");
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        t: &Tbl<'_, '_>,
        key: &str,
        required: bool,
        options: &[(&str, T)],
    ) -> Option<T> {
        let v = self.field(t, key, required)?;
        let names: Vec<&str> = options.iter().map(|o| o.0).collect();
        let list = names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        match v.get_ref() {
            DeValue::String(s) => match options.iter().find(|o| o.0 == s.as_ref()) {
                Some(o) => Some(o.1),
                None => {
                    let h = hint(s, names.iter().copied());
                    self.err(
                        v.span().start,
                        format!(
                            "`{s}` is not a valid `{key}` in {}; use one of {list}{h}",
                            t.what
                        ),
                    );
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
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// Reads one file.
/// The largest definition file read (the web import takes the same): the
/// shipped ones are under 20 KB, so anything near this is a mistake.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

pub fn load(file: &SourceFile) -> Loaded {
    let mut r = Reader {
        spans: SourceSpans::new(file),
        errors: Vec::new(),
        _text: &file.text,
    };
    let document = if file.text.len() > MAX_FILE_BYTES {
        let mb = |n: usize| format!("{:.1} MB", n as f64 / (1024.0 * 1024.0));
        r.err(0, format!("this file is {}; at most {} are read (is it the right file?)", mb(file.text.len()), mb(MAX_FILE_BYTES)));
        None
    } else {
        match DeTable::parse(&file.text) {
            Err(e) => {
                let at = e.span().map_or(0, |s| s.start);
                let (at, message) = plain_syntax_error(&file.text, at, e.message().trim_end());
                r.err(at, message);
                None
            }
            Ok(root) => read_root(&mut r, &root),
        }
    };
    let Reader { spans, errors, .. } = r;
    let diagnostics = errors
        .into_iter()
        .map(|(off, msg)| spans.at(off, msg))
        .collect();
    Loaded {
        document,
        spans,
        diagnostics,
    }
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
    let plain = if message.contains("duplicate key") {
        "this key is written twice in the same section; keep one of them".to_owned()
    } else if message.contains("unclosed table") || message.contains("unclosed array of tables") {
        "this section header has no closing `]`".to_owned()
    } else if message.contains("invalid table header") && message.contains("duplicate") {
        "this section is written twice; put its fields under one header".to_owned()
    } else {
        format!("invalid TOML: {message}")
    };
    (at, plain)
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
    let t = Tbl {
        t: root.get_ref(),
        span: Span::new(0, 0),
        what: "the file".into(),
        site: Site::Questionnaire {
            field: String::new(),
        },
    };
    let is_q = t.get("questionnaire").is_some();
    let is_p = t.get("pathway").is_some();
    match (is_q, is_p) {
        (true, false) => read_questionnaire(r, &t).map(Document::Questionnaire),
        (false, true) => read_pathway(r, &t).map(Document::Pathway),
        (true, true) => {
            r.err(
                0,
                "a file defines either a `[questionnaire]` or a `[pathway]`, not both",
            );
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
    r.known_keys(
        root,
        &["questionnaire", "pages", "scores", "rules", "tests"],
    );
    let qv = root.get("questionnaire")?;
    let qt = r.table(
        qv,
        "`[questionnaire]`".into(),
        Site::Questionnaire {
            field: String::new(),
        },
    )?;
    r.known_keys(
        &qt,
        &[
            "id",
            "version",
            "title",
            "description",
            "respondent",
            "source",
            "contact_item",
        ],
    );
    let id = r.string(&qt, "id", true);
    let version = r.integer(&qt, "version", true, 1, i64::from(u32::MAX));
    let title = r.lang(&qt, "title", true);
    let description = r.lang(&qt, "description", true);
    let respondent = r.choice(
        &qt,
        "respondent",
        true,
        &[
            ("patient", Respondent::Patient),
            ("proxy", Respondent::Proxy),
        ],
    );
    let source = r.lang(&qt, "source", true);
    let contact_item = r.string(&qt, "contact_item", false);

    let root_site = Site::Questionnaire {
        field: String::new(),
    };
    let mut pages = Vec::new();
    let mut item_count = 0usize;
    let mut ok = true;
    match r.array(
        &Tbl {
            site: root_site.clone(),
            ..copy(root)
        },
        "pages",
        true,
    ) {
        Some(list) => {
            for (pi, pv) in list.iter().enumerate() {
                match read_page(r, pv, pi, &mut item_count) {
                    Some(p) => pages.push(p),
                    None => ok = false,
                }
            }
        }
        None => ok = false,
    }
    let mut scores = Vec::new();
    for (si, sv) in r
        .array(root, "scores", false)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        match read_score(r, sv, si) {
            Some(s) => scores.push(s),
            None => ok = false,
        }
    }
    let mut rules = Vec::new();
    for (ri, rv) in r
        .array(root, "rules", false)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        match read_rule(r, rv, ri) {
            Some(x) => rules.push(x),
            None => ok = false,
        }
    }
    let mut tests = Vec::new();
    for (ti, tv) in r
        .array(root, "tests", false)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        match read_test(r, tv, ti) {
            Some(x) => tests.push(x),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    Some(Questionnaire {
        id: id?,
        version: u32::try_from(version?).ok()?,
        title: title?,
        description: description?,
        respondent: respondent?,
        source: source?,
        contact_item,
        pages,
        scores,
        rules,
        tests,
    })
}

/// A shallow copy of a table view (the root is shared by all readers).
fn copy<'a, 'i>(t: &Tbl<'a, 'i>) -> Tbl<'a, 'i> {
    Tbl {
        t: t.t,
        span: t.span,
        what: t.what.clone(),
        site: t.site.clone(),
    }
}

fn read_page(r: &mut Reader<'_>, v: &Val<'_>, pi: usize, item_count: &mut usize) -> Option<Page> {
    let site = Site::Page {
        page: pi,
        field: String::new(),
    };
    let name = match v.get_ref() {
        DeValue::Table(t) => {
            Reader::peek_id(t, "id").map_or(format!("page {}", pi + 1), |id| format!("page `{id}`"))
        }
        _ => format!("page {}", pi + 1),
    };
    let t = r.table(v, name, site)?;
    r.known_keys(&t, &["id", "title", "enable_when", "items"]);
    let id = r.string(&t, "id", true);
    let title = r.lang(&t, "title", true);
    let enable_when = r.expr(&t, "enable_when", false);
    let mut items = Vec::new();
    let mut ok = true;
    for iv in r.array(&t, "items", true).unwrap_or(&[]) {
        let index = *item_count;
        *item_count += 1;
        match read_item(r, iv, index) {
            Some(i) => items.push(i),
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    Some(Page {
        id: id?,
        title: title?,
        enable_when,
        items,
    })
}

const ITEM_TYPES: [&str; 8] = [
    "single_choice",
    "multiple_choice",
    "scale",
    "number",
    "yes_no",
    "date",
    "text",
    "display",
];

fn read_item(r: &mut Reader<'_>, v: &Val<'_>, index: usize) -> Option<Item> {
    let site = Site::Item {
        item: index,
        field: String::new(),
    };
    let name = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id")
            .map_or(format!("item {}", index + 1), |id| format!("item `{id}`")),
        _ => format!("item {}", index + 1),
    };
    let t = r.table(v, name, site)?;
    let common = ["id", "type", "text", "help", "required", "enable_when"];
    let id = r.string(&t, "id", true);
    let text = r.lang(&t, "text", true);
    let help = r.lang(&t, "help", false);
    let required = r.boolean(&t, "required").unwrap_or(false);
    let enable_when = r.expr(&t, "enable_when", false);
    let types: Vec<(&str, &str)> = ITEM_TYPES.iter().map(|s| (*s, *s)).collect();
    let ty = r.choice(&t, "type", true, &types);
    let extra: &[&str] = match ty {
        Some("single_choice" | "multiple_choice") => &["options"],
        Some("scale") => &["min", "max", "min_label", "max_label"],
        Some("number") => &["min", "max", "decimals", "unit"],
        Some("text") => &["max_length"],
        _ => &[],
    };
    if let Some(ty) = ty {
        // Fields of other item types get a precise message.
        for (k, _) in t.t.iter() {
            let key: &str = k.get_ref();
            if !common.contains(&key) && !extra.contains(&key) {
                let all = [
                    "options",
                    "min",
                    "max",
                    "min_label",
                    "max_label",
                    "decimals",
                    "unit",
                    "max_length",
                ];
                if all.contains(&key) {
                    r.err(
                        k.span().start,
                        format!("field `{key}` does not apply to a {ty} item ({})", t.what),
                    );
                } else {
                    let h = hint(key, common.iter().chain(extra.iter()).copied());
                    r.err(
                        k.span().start,
                        format!("unknown field `{key}` in {}{h}", t.what),
                    );
                }
            }
        }
    }
    let kind = match ty? {
        "single_choice" | "multiple_choice" => {
            let mut options = Vec::new();
            let mut ok = true;
            for (oi, ov) in r
                .array(&t, "options", true)
                .unwrap_or(&[])
                .iter()
                .enumerate()
            {
                match read_option(r, ov, index, oi, &t.what) {
                    Some(o) => options.push(o),
                    None => ok = false,
                }
            }
            if !ok {
                return None;
            }
            if ty == Some("single_choice") {
                ItemKind::SingleChoice { options }
            } else {
                ItemKind::MultipleChoice { options }
            }
        }
        "scale" => ItemKind::Scale {
            min: r.integer(&t, "min", true, -1000, 1000)? as i32,
            max: r.integer(&t, "max", true, -1000, 1000)? as i32,
            min_label: r.lang(&t, "min_label", true)?,
            max_label: r.lang(&t, "max_label", true)?,
        },
        "number" => ItemKind::Number {
            min: r.number(&t, "min", true)?,
            max: r.number(&t, "max", true)?,
            decimals: r.integer(&t, "decimals", false, 0, 6).unwrap_or(0) as u8,
            unit: r.lang(&t, "unit", false),
        },
        "yes_no" => ItemKind::YesNo,
        "date" => ItemKind::Date,
        "text" => ItemKind::Text {
            max_length: r
                .integer(&t, "max_length", false, 1, 100_000)
                .unwrap_or(500) as u32,
        },
        _ => ItemKind::Display,
    };
    Some(Item {
        id: id?,
        text: text?,
        help,
        required,
        enable_when,
        kind,
    })
}

fn read_option(
    r: &mut Reader<'_>,
    v: &Val<'_>,
    item: usize,
    oi: usize,
    item_what: &str,
) -> Option<AnswerOption> {
    let site = Site::ItemOption {
        item,
        option: oi,
        field: String::new(),
    };
    let name = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "value")
            .map_or(format!("option {} of {item_what}", oi + 1), |id| {
                format!("option `{id}` of {item_what}")
            }),
        _ => format!("option {} of {item_what}", oi + 1),
    };
    let t = r.table(v, name, site)?;
    r.known_keys(&t, &["value", "text", "weight"]);
    let value = r.string(&t, "value", true);
    let text = r.lang(&t, "text", true);
    let weight = r.number(&t, "weight", false);
    Some(AnswerOption {
        value: value?,
        text: text?,
        weight,
    })
}

fn read_score(r: &mut Reader<'_>, v: &Val<'_>, si: usize) -> Option<Score> {
    let site = Site::Score {
        score: si,
        field: String::new(),
    };
    let name = match v.get_ref() {
        DeValue::Table(t) => Reader::peek_id(t, "id")
            .map_or(format!("score {}", si + 1), |id| format!("score `{id}`")),
        _ => format!("score {}", si + 1),
    };
    let t = r.table(v, name, site.clone())?;
    r.known_keys(&t, &["id", "text", "kind", "items", "min_answered", "expr"]);
    let id = r.string(&t, "id", true);
    let text = r.lang(&t, "text", true);
    let kind = r.choice(
        &t,
        "kind",
        true,
        &[
            ("sum", ScoreKind::Sum),
            ("mean", ScoreKind::Mean),
            ("expr", ScoreKind::Expr),
        ],
    );
    let min_answered = r
        .integer(&t, "min_answered", false, 0, 10_000)
        .map(|n| n as u32);
    let expr = r.expr(&t, "expr", false);
    let mut items = Vec::new();
    for (k, iv) in r
        .array(&t, "items", false)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let isite = site.with_field(&format!("items.{k}"));
        r.record(isite, span_of(iv));
        match iv.get_ref() {
            DeValue::String(s) => items.push(ScoreItem {
                id: s.to_string(),
                reverse: false,
            }),
            DeValue::Table(_) => {
                let what = format!("an item of {}", t.what);
                let it = r.table(iv, what, site.with_field(&format!("items.{k}")))?;
                r.known_keys(&it, &["id", "reverse"]);
                let id = r.string(&it, "id", true)?;
                let reverse = r.boolean(&it, "reverse").unwrap_or(false);
                items.push(ScoreItem { id, reverse });
            }
            other => {
                r.err(
                    iv.span().start,
                    format!(
                        "items of {} are item ids or {{ id = \"...\", reverse = true }}, not {}",
                        t.what,
                        type_name(other)
                    ),
                );
                return None;
            }
        }
    }
    Some(Score {
        id: id?,
        text: text?,
        kind: kind?,
        items,
        min_answered,
        expr,
    })
}

fn read_rule(r: &mut Reader<'_>, v: &Val<'_>, ri: usize) -> Option<FlagRule> {
    let site = Site::Rule {
        rule: ri,
        field: String::new(),
    };
    let name = match v.get_ref() {
        DeValue::Table(t) => {
            Reader::peek_id(t, "id").map_or(format!("rule {}", ri + 1), |id| format!("rule `{id}`"))
        }
        _ => format!("rule {}", ri + 1),
    };
    let t = r.table(v, name, site)?;
    r.known_keys(&t, &["id", "level", "when", "message", "advice"]);
    let id = r.string(&t, "id", true);
    let level = r.choice(
        &t,
        "level",
        true,
        &[("red", RuleLevel::Red), ("yellow", RuleLevel::Yellow)],
    );
    let when = r.expr(&t, "when", true);
    let message = r.lang(&t, "message", true);
    let advice = r.lang(&t, "advice", false);
    Some(FlagRule {
        id: id?,
        level: level?,
        when: when?,
        message: message?,
        advice,
    })
}

fn answer_value(v: &DeValue<'_>) -> Option<AnswerValue> {
    Some(match v {
        DeValue::Boolean(b) => AnswerValue::Bool(*b),
        DeValue::Integer(_) | DeValue::Float(_) => AnswerValue::Number(de_number(v)?),
        DeValue::String(s) => AnswerValue::Text(s.to_string()),
        DeValue::Datetime(d) if d.time.is_none() && d.date.is_some() => {
            AnswerValue::Text(d.to_string())
        }
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
        r.record(
            t.site.with_field(&format!("{prefix}{id}")),
            Span::from(k.span()),
        );
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
    let what = format!("`{key}` of {}", t.what);
    let h = r.table(v, what, t.site.with_field(key))?;
    let allowed: &[&str] = if key == "previous" {
        &["answers", "scores", "days_ago"]
    } else {
        &["answers", "scores"]
    };
    r.known_keys(&h, allowed);
    // Sites of history answers are recorded on the test, prefixed by `key`.
    let hs = Tbl {
        site: t.site.clone(),
        ..copy(&h)
    };
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
                        None => r.err(
                            x.span().start,
                            format!("score `{}` in {} must be a number", k.get_ref(), h.what),
                        ),
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
    let days_ago = r.integer(&h, "days_ago", false, 0, 100_000);
    Some(TestHistory {
        answers,
        scores,
        days_ago,
    })
}

fn read_test(r: &mut Reader<'_>, v: &Val<'_>, ti: usize) -> Option<RuleTest> {
    let site = Site::Test {
        test: ti,
        field: String::new(),
    };
    let name = match v.get_ref() {
        DeValue::Table(t) => {
            Reader::peek_id(t, "name").map_or(format!("test {}", ti + 1), |n| format!("test `{n}`"))
        }
        _ => format!("test {}", ti + 1),
    };
    let t = r.table(v, name, site)?;
    r.known_keys(
        &t,
        &[
            "name",
            "answers",
            "previous",
            "baseline",
            "expect_flags",
            "expect_scores",
        ],
    );
    let name = r.string(&t, "name", true);
    let answers = read_answers(r, &t, "answers", "answers.").unwrap_or_default();
    let previous = read_history(r, &t, "previous");
    let baseline = read_history(r, &t, "baseline");
    let mut expect_flags = Vec::new();
    match r.array(&t, "expect_flags", true) {
        Some(list) => {
            for f in list {
                match f.get_ref() {
                    DeValue::String(s) => expect_flags.push(s.to_string()),
                    other => r.err(
                        f.span().start,
                        format!(
                            "flags in {} are rule ids in quotes, not {}",
                            t.what,
                            type_name(other)
                        ),
                    ),
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
                    r.record(
                        t.site.with_field(&format!("expect_scores.{id}")),
                        Span::from(k.span()),
                    );
                    match x.get_ref() {
                        DeValue::String(s) if s == "none" => {
                            expect_scores.insert(id, None);
                        }
                        other => match de_number(other) {
                            Some(n) => {
                                expect_scores.insert(id, Some(n));
                            }
                            None => r.err(
                                x.span().start,
                                format!(
                                    "expected score `{id}` in {} must be a number or \"none\"",
                                    t.what
                                ),
                            ),
                        },
                    }
                }
            }
            _ => r.wrong(
                sv,
                &t,
                "expect_scores",
                "scores written as { score = number or \"none\" }",
            ),
        }
    }
    Some(RuleTest {
        name: name?,
        answers,
        previous,
        baseline,
        expect_flags,
        expect_scores,
    })
}

fn read_pathway(r: &mut Reader<'_>, root: &Tbl<'_, '_>) -> Option<Pathway> {
    r.known_keys(root, &["pathway", "timepoints"]);
    let pv = root.get("pathway")?;
    let pt = r.table(
        pv,
        "`[pathway]`".into(),
        Site::Pathway {
            field: String::new(),
        },
    )?;
    r.known_keys(&pt, &["id", "title", "index_event", "source"]);
    let id = r.string(&pt, "id", true);
    let title = r.lang(&pt, "title", true);
    let index_event = r.lang(&pt, "index_event", true);
    let source = r.lang(&pt, "source", true);
    let root = Tbl {
        site: Site::Pathway {
            field: String::new(),
        },
        ..copy(root)
    };
    let mut timepoints = Vec::new();
    let mut ok = true;
    for (i, tv) in r
        .array(&root, "timepoints", true)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let site = Site::TimePoint {
            timepoint: i,
            field: String::new(),
        };
        let name = match tv.get_ref() {
            DeValue::Table(t) => Reader::peek_id(t, "id")
                .map_or(format!("time point {}", i + 1), |id| {
                    format!("time point `{id}`")
                }),
            _ => format!("time point {}", i + 1),
        };
        let Some(t) = r.table(tv, name, site) else {
            ok = false;
            continue;
        };
        r.known_keys(
            &t,
            &[
                "id",
                "questionnaire",
                "offset",
                "window_days",
                "reminder_days",
                "every",
                "until",
                "baseline",
            ],
        );
        let id = r.string(&t, "id", true);
        let baseline = r.boolean(&t, "baseline").unwrap_or(false);
        let questionnaire = r.string(&t, "questionnaire", true);
        let offset = r.duration(&t, "offset", true);
        let window_days = r
            .integer(&t, "window_days", true, 0, 3650)
            .map(|n| n as u32);
        let mut reminder_days = Vec::new();
        for x in r.array(&t, "reminder_days", false).unwrap_or(&[]) {
            match x.get_ref() {
                DeValue::Integer(n) => match u32::from_str_radix(n.as_str(), n.radix()) {
                    Ok(d) => reminder_days.push(d),
                    Err(_) => r.err(
                        x.span().start,
                        format!("reminder_days in {} are whole days after opening", t.what),
                    ),
                },
                _ => r.err(
                    x.span().start,
                    format!(
                        "reminder_days in {} are whole days after opening, e.g. [3, 7]",
                        t.what
                    ),
                ),
            }
        }
        let every = r.duration(&t, "every", false);
        let until = r.duration(&t, "until", false);
        let repeat = match (t.get("every").is_some(), t.get("until").is_some()) {
            (false, false) => None,
            (true, true) => match (every, until) {
                (Some(every), Some(until)) => Some(Repeat { every, until }),
                _ => {
                    ok = false;
                    None
                }
            },
            (true, false) => {
                r.missing(&t, "until");
                ok = false;
                None
            }
            (false, true) => {
                r.missing(&t, "every");
                ok = false;
                None
            }
        };
        match (id, questionnaire, offset, window_days) {
            (Some(id), Some(questionnaire), Some(offset), Some(window_days)) => {
                timepoints.push(TimePoint {
                    id,
                    questionnaire,
                    offset,
                    window_days,
                    reminder_days,
                    repeat,
                    baseline,
                })
            }
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    Some(Pathway {
        id: id?,
        title: title?,
        index_event: index_event?,
        source: source?,
        timepoints,
    })
}
