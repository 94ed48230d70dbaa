//! Errors that point at a place: `file:line:column: message`.
//!
//! Two layers:
//! - [`Site`] names an element of a questionnaire or pathway model (item 3's
//!   `enable_when`, rule 1's `when`, ...). The compiler works on the model
//!   alone (it may come from a file or from the admin's web editor), so its
//!   errors ([`ModelError`]) carry a `Site` plus, for rule expressions, the
//!   byte range inside the expression.
//! - [`Diagnostic`] is what a person reads: file, line, column and message.
//!   The loader remembers where each `Site` sits in the TOML text
//!   ([`crate::load::SourceSpans`]) and turns `ModelError`s into
//!   `Diagnostic`s.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A byte range in a text (a TOML file or a rule expression).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// An error a person reads, with a 1-based line and column (column counted
/// in characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// Where each line of a text starts, to turn byte offsets into line/column.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { starts }
    }

    /// 1-based line and column (in characters) of a byte offset. Offsets past
    /// the end, or inside a multi-byte character, are clamped.
    pub fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text.get(start..end).map_or(0, |s| s.chars().count());
        (line as u32 + 1, col as u32 + 1)
    }
}

/// An element of a questionnaire or pathway model, by position. `field` is
/// the TOML key (`"enable_when"`, `"id"`, `"items.2"`, `"answers.pain"`), or
/// empty for the element itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Site {
    Questionnaire {
        field: String,
    },
    Page {
        page: usize,
        field: String,
    },
    /// `item` is the index in document order over all pages.
    Item {
        item: usize,
        field: String,
    },
    ItemOption {
        item: usize,
        option: usize,
        field: String,
    },
    Score {
        score: usize,
        field: String,
    },
    Rule {
        rule: usize,
        field: String,
    },
    Test {
        test: usize,
        field: String,
    },
    Pathway {
        field: String,
    },
    TimePoint {
        timepoint: usize,
        field: String,
    },
}

impl Site {
    pub fn field(&self) -> &str {
        match self {
            Site::Questionnaire { field }
            | Site::Page { field, .. }
            | Site::Item { field, .. }
            | Site::ItemOption { field, .. }
            | Site::Score { field, .. }
            | Site::Rule { field, .. }
            | Site::Test { field, .. }
            | Site::Pathway { field }
            | Site::TimePoint { field, .. } => field,
        }
    }

    /// The same element with another field.
    pub fn with_field(&self, f: &str) -> Site {
        let field = f.to_string();
        match *self {
            Site::Questionnaire { .. } => Site::Questionnaire { field },
            Site::Page { page, .. } => Site::Page { page, field },
            Site::Item { item, .. } => Site::Item { item, field },
            Site::ItemOption { item, option, .. } => Site::ItemOption { item, option, field },
            Site::Score { score, .. } => Site::Score { score, field },
            Site::Rule { rule, .. } => Site::Rule { rule, field },
            Site::Test { test, .. } => Site::Test { test, field },
            Site::Pathway { .. } => Site::Pathway { field },
            Site::TimePoint { timepoint, .. } => Site::TimePoint { timepoint, field },
        }
    }

    /// The element that contains this one (option → item), used when a
    /// position is not known for the element itself.
    pub fn parent(&self) -> Option<Site> {
        if !self.field().is_empty() {
            return Some(self.with_field(""));
        }
        match *self {
            Site::ItemOption { item, .. } => Some(Site::Item { item, field: String::new() }),
            Site::Questionnaire { .. } | Site::Pathway { .. } => None,
            Site::TimePoint { .. } => Some(Site::Pathway { field: String::new() }),
            _ => Some(Site::Questionnaire { field: String::new() }),
        }
    }
}

/// An error found in a model, before it is tied to a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelError {
    pub site: Site,
    /// Byte range inside the expression at `site`, for rule-language errors.
    pub expr_span: Option<Span>,
    pub message: String,
}

impl ModelError {
    pub fn new(site: Site, message: impl Into<String>) -> Self {
        Self { site, expr_span: None, message: message.into() }
    }

    pub fn in_expr(site: Site, span: Span, message: impl Into<String>) -> Self {
        Self { site, expr_span: Some(span), message: message.into() }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Edit distance counting a swap of two neighbours as one edit (optimal
/// string alignment), for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for j in 0..=b.len() {
        d[j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The closest candidate if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        // Names whose lengths differ by more than the limit cannot be
        // close: skipped before the (allocating) distance is computed.
        .filter(|c| c.len().abs_diff(name.len()) <= 2 * limit + 2 && c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// How many names one check compares at most for "did you mean" hints.
/// Each search compares a name with every candidate, so a file with
/// thousands of unknown names would take time growing with the square of
/// its size; past this many comparisons, messages come without the hint.
pub const MAX_HINT_COMPARISONS: usize = 100_000;

/// The hint comparisons left for one check.
#[derive(Debug)]
pub struct HintBudget(std::cell::Cell<usize>);

impl Default for HintBudget {
    fn default() -> Self {
        Self(std::cell::Cell::new(MAX_HINT_COMPARISONS))
    }
}

impl HintBudget {
    /// [`hint`] while comparisons are left for all the candidates, then
    /// nothing (a search cut short could suggest the wrong name).
    pub fn hint<'a>(&self, name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
        let candidates: Vec<&str> = candidates.into_iter().collect();
        let left = self.0.get();
        if candidates.len() > left {
            self.0.set(0);
            return String::new();
        }
        self.0.set(left - candidates.len());
        hint(name, candidates)
    }
}

/// "<mistake> in <place>; <hint>": the place goes after the mistake, not
/// after the hint that follows it.
pub fn in_place(message: &str, place: &str) -> String {
    let mut quote: Option<char> = None;
    for (i, c) in message.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '`' | '"') => quote = Some(c),
            (None, ';') if message[i + 1..].starts_with(' ') => {
                return format!("{} in {place}{}", &message[..i], &message[i..]);
            }
            _ => {}
        }
    }
    format!("{message} in {place}")
}

/// `"; did you mean `x`?"` or nothing.
pub fn hint<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// Field names people bring from other tools, and the field Svar uses for
/// the same thing (offered only where that field is allowed).
const FIELD_ALIASES: &[(&str, &str)] = &[
    ("help_text", "help"),
    ("helptext", "help"),
    ("hint", "help"),
    ("description", "help"),
    ("label", "text"),
    ("question", "text"),
    ("title", "text"),
    ("name", "id"),
    ("choices", "options"),
    ("answers", "options"),
    ("minimum", "min"),
    ("maximum", "max"),
    ("severity", "level"),
    ("condition", "when"),
    ("show_if", "enable_when"),
    ("enablewhen", "enable_when"),
    ("depends_on", "enable_when"),
    ("maxlength", "max_length"),
    ("mandatory", "required"),
];

/// "unknown field `x` in …" with the likely fix: a close spelling, the name
/// Svar uses for a field known from other tools, or else the fields allowed.
pub fn unknown_field(key: &str, what: &str, allowed: &[&str]) -> String {
    let lower = key.to_lowercase();
    let suggestion = did_you_mean(key, allowed.iter().copied())
        .or_else(|| FIELD_ALIASES.iter().find(|(from, to)| *from == lower && allowed.contains(to)).map(|(_, to)| *to));
    match suggestion {
        Some(s) => format!("unknown field `{key}` in {what}; did you mean `{s}`?"),
        None => {
            let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
            format!("unknown field `{key}` in {what}; the fields allowed here are {}", list.join(", "))
        }
    }
}

/// A hint for a number written as text: `"7"` or `"seven"` / `"syv"`.
pub fn number_in_quotes(text: &str) -> Option<String> {
    const WORDS: [(&[&str], u32); 13] = [
        (&["zero", "nul"], 0),
        (&["one", "en", "et"], 1),
        (&["two", "to"], 2),
        (&["three", "tre"], 3),
        (&["four", "fire"], 4),
        (&["five", "fem"], 5),
        (&["six", "seks"], 6),
        (&["seven", "syv"], 7),
        (&["eight", "otte"], 8),
        (&["nine", "ni"], 9),
        (&["ten", "ti"], 10),
        (&["eleven", "elleve"], 11),
        (&["twelve", "tolv"], 12),
    ];
    let t = text.trim();
    if let Ok(n) = t.replace(',', ".").parse::<f64>() {
        if n.is_finite() {
            return Some(format!("write the number without quotes: `{}`", t.replace(',', ".")));
        }
    }
    let lower = t.to_lowercase();
    WORDS.iter().find(|(words, _)| words.contains(&lower.as_str())).map(|(_, n)| format!("write the number in digits, without quotes: `{n}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_is_one_based_and_counts_characters() {
        let text = "ab\næøå = 1\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        // byte 9 is after "æøå" (6 bytes) + " " on line 2
        assert_eq!(idx.line_col(text, 10), (2, 5));
        assert_eq!(idx.line_col(text, 999), (3, 1));
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let c = ["discharge", "pain", "fever"];
        assert_eq!(did_you_mean("discharg", c), Some("discharge"));
        assert_eq!(did_you_mean("pian", c), Some("pain"));
        assert_eq!(did_you_mean("weight", c), None);
    }

    #[test]
    fn unknown_fields_suggest_the_fix() {
        let item = ["id", "type", "text", "help"];
        assert_eq!(unknown_field("help_text", "item `a`", &item), "unknown field `help_text` in item `a`; did you mean `help`?");
        assert_eq!(unknown_field("txet", "item `a`", &item), "unknown field `txet` in item `a`; did you mean `text`?");
        // An alias is offered only where its field is allowed.
        assert_eq!(
            unknown_field("severity", "item `a`", &item),
            "unknown field `severity` in item `a`; the fields allowed here are `id`, `type`, `text`, `help`"
        );
    }

    #[test]
    fn numbers_in_quotes_get_a_hint() {
        assert_eq!(number_in_quotes("7").as_deref(), Some("write the number without quotes: `7`"));
        assert_eq!(number_in_quotes("2,5").as_deref(), Some("write the number without quotes: `2.5`"));
        assert_eq!(number_in_quotes("Seven").as_deref(), Some("write the number in digits, without quotes: `7`"));
        assert_eq!(number_in_quotes("syv").as_deref(), Some("write the number in digits, without quotes: `7`"));
        assert_eq!(number_in_quotes("many"), None);
    }

    #[test]
    fn the_place_goes_before_the_hint() {
        assert_eq!(
            in_place("unknown function `answerd`; did you mean `answered`?", "rule `r`"),
            "unknown function `answerd` in rule `r`; did you mean `answered`?"
        );
        assert_eq!(in_place("unknown item `a;b`", "rule `r`"), "unknown item `a;b` in rule `r`");
    }

    #[test]
    fn hints_stop_when_the_budget_is_spent() {
        let budget = HintBudget::default();
        let many: Vec<String> = (0..MAX_HINT_COMPARISONS / 2 + 1).map(|i| format!("item_{i}")).collect();
        let names = || many.iter().map(String::as_str);
        assert_eq!(budget.hint("item_1x", names()), "; did you mean `item_1`?");
        assert_eq!(budget.hint("item_1x", names()), "", "the second search would pass the budget");
        assert_eq!(budget.hint("pian", ["pain"]), "", "spent");
    }

    #[test]
    fn diagnostic_display_is_file_line_col_message() {
        let d = Diagnostic { file: "q.toml".into(), line: 3, column: 7, message: "boom".into() };
        assert_eq!(d.to_string(), "q.toml:3:7: boom");
    }

    #[test]
    fn site_parent_chain_ends_at_the_document() {
        let s = Site::ItemOption { item: 1, option: 2, field: "value".into() };
        let p = s.parent().and_then(|p| p.parent());
        assert_eq!(p, Some(Site::Item { item: 1, field: String::new() }));
    }
}
