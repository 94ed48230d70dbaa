//! Writes a questionnaire or pathway model back as TOML, in the file format
//! of `questionnaires/README.md`, so what the web editor saves can be read
//! by [`crate::load`], checked by `svar check` and read by a person
//! in review.
//!
//! The output is laid out like the shipped files: one `[[pages]]`,
//! `[[pages.items]]`, `[[scores]]`, `[[rules]]`, `[[tests]]` or
//! `[[timepoints]]` table each, texts as inline tables
//! `{ da = "...", en = "..." }`, rule expressions in literal strings
//! (`'...'`, `'''...'''`) so they read exactly as typed and error columns map
//! 1:1. Fields whose value is what the reader assumes when they are left out
//! (`required = false`, `decimals = 0`, `max_length = 500`, no `help`, ...)
//! are left out.
//!
//! The contract, tested below on every shipped file: reading the output
//! gives back a model equal (`==`) to the one written, without diagnostics.
//! `scores` of a history that is neither given nor computed never arise
//! from a file.

use std::collections::BTreeMap;

use super::answers::AnswerValue;
use super::model::{AnswerOption, FlagRule, Item, ItemKind, Page, Questionnaire, RuleTest, Score, TestHistory};
use super::pathway::{Duration, Pathway, TimePoint};
use super::rules::ast::format_date;
use super::rules::parser::parse_date;
use super::text::LangText;

/// What the reader assumes for a text item without `max_length`.
const DEFAULT_MAX_LENGTH: u32 = 500;

/// A questionnaire as a TOML file.
pub fn questionnaire_toml(q: &Questionnaire) -> String {
    let mut w = Writer::default();
    if q.pages.is_empty() {
        // A root key must come before the first table header; without it the
        // reader would report `pages` as missing.
        w.field("pages", "[]");
        w.blank();
    }
    w.header("[questionnaire]");
    w.field("id", &basic(&q.id));
    w.field("version", &q.version.to_string());
    w.field("respondent", &basic(q.respondent.as_str()));
    if let Some(c) = &q.contact_item {
        w.field("contact_item", &basic(c));
    }
    w.field("title", &lang(&q.title));
    w.field("description", &lang(&q.description));
    w.field("source", &lang(&q.source));
    for page in &q.pages {
        write_page(&mut w, page);
    }
    for s in &q.scores {
        write_score(&mut w, s);
    }
    for r in &q.rules {
        write_rule(&mut w, r);
    }
    for t in &q.tests {
        write_test(&mut w, t, q);
    }
    w.finish()
}

/// A pathway as a TOML file.
pub fn pathway_toml(p: &Pathway) -> String {
    let mut w = Writer::default();
    if p.timepoints.is_empty() {
        w.field("timepoints", "[]");
        w.blank();
    }
    w.header("[pathway]");
    w.field("id", &basic(&p.id));
    w.field("title", &lang(&p.title));
    w.field("index_event", &lang(&p.index_event));
    w.field("source", &lang(&p.source));
    for tp in &p.timepoints {
        write_timepoint(&mut w, tp);
    }
    w.finish()
}

/// A duration as written in pathway files. Offsets keep their sign (`+1m`,
/// `-2d`, `+0d`: "after" and "before" the index date are both common);
/// `every` and `until` read better without a plus (`12w`, `2y`), as in the
/// shipped files. Both forms parse to the same [`Duration`].
pub fn duration_text(d: Duration, signed: bool) -> String {
    let s = d.to_string();
    if signed {
        s
    } else {
        s.strip_prefix('+').map_or(s.clone(), str::to_string)
    }
}

/// Lines of TOML being built.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A table header, with a blank line before it.
    fn header(&mut self, h: &str) {
        self.blank();
        self.line(h);
    }

    /// `key = value`, the value already in TOML syntax.
    fn field(&mut self, k: &str, v: &str) {
        self.out.push_str(&key(k));
        self.out.push_str(" = ");
        self.out.push_str(v);
        self.out.push('\n');
    }

    fn finish(self) -> String {
        self.out
    }
}

fn write_page(w: &mut Writer, page: &Page) {
    w.header("[[pages]]");
    w.field("id", &basic(&page.id));
    w.field("title", &lang(&page.title));
    if let Some(e) = &page.enable_when {
        w.field("enable_when", &expr(e));
    }
    if page.items.is_empty() {
        // `items` is required; an empty page is an error for the compiler,
        // not for the reader, so write it as it is.
        w.field("items", "[]");
    }
    for item in &page.items {
        write_item(w, item);
    }
}

fn write_item(w: &mut Writer, item: &Item) {
    w.header("[[pages.items]]");
    w.field("id", &basic(&item.id));
    w.field("type", &basic(item.kind.type_name()));
    if item.required {
        w.field("required", "true");
    }
    if let Some(e) = &item.enable_when {
        w.field("enable_when", &expr(e));
    }
    w.field("text", &lang(&item.text));
    if let Some(h) = &item.help {
        w.field("help", &lang(h));
    }
    match &item.kind {
        ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => write_options(w, options),
        ItemKind::Scale { min, max, min_label, max_label } => {
            w.field("min", &min.to_string());
            w.field("max", &max.to_string());
            w.field("min_label", &lang(min_label));
            w.field("max_label", &lang(max_label));
        }
        ItemKind::Number { unit, min, max, decimals, expected_min, expected_max } => {
            w.field("min", &number(*min));
            w.field("max", &number(*max));
            if *decimals != 0 {
                w.field("decimals", &decimals.to_string());
            }
            if let Some(n) = expected_min {
                w.field("expected_min", &number(*n));
            }
            if let Some(n) = expected_max {
                w.field("expected_max", &number(*n));
            }
            match unit {
                // The reader takes a plain string as the same text in both languages.
                Some(u) if u.da == u.en => w.field("unit", &basic(&u.da)),
                Some(u) => w.field("unit", &lang(u)),
                None => {}
            }
        }
        ItemKind::Text { max_length } => {
            if *max_length != DEFAULT_MAX_LENGTH {
                w.field("max_length", &max_length.to_string());
            }
        }
        ItemKind::YesNo | ItemKind::Date | ItemKind::Display => {}
    }
}

/// One option per line, as in the shipped files.
fn write_options(w: &mut Writer, options: &[AnswerOption]) {
    if options.is_empty() {
        w.field("options", "[]");
        return;
    }
    w.line("options = [");
    for o in options {
        let mut s = format!("  {{ value = {}, text = {}", basic(&o.value), lang(&o.text));
        if let Some(weight) = o.weight {
            s.push_str(&format!(", weight = {}", number(weight)));
        }
        s.push_str(" },");
        w.line(&s);
    }
    w.line("]");
}

fn write_score(w: &mut Writer, s: &Score) {
    w.header("[[scores]]");
    w.field("id", &basic(&s.id));
    w.field("text", &lang(&s.text));
    w.field("kind", &basic(s.kind.as_str()));
    if !s.items.is_empty() {
        let items: Vec<String> =
            s.items.iter().map(|i| if i.reverse { format!("{{ id = {}, reverse = true }}", basic(&i.id)) } else { basic(&i.id) }).collect();
        w.field("items", &format!("[{}]", items.join(", ")));
    }
    if let Some(m) = s.min_answered {
        w.field("min_answered", &m.to_string());
    }
    if let Some(e) = &s.expr {
        w.field("expr", &expr(e));
    }
    if !s.bands.is_empty() {
        let bands: Vec<String> =
            s.bands.iter().map(|b| format!("  {{ from = {}, to = {}, label = {} }},\n", number(b.from), number(b.to), lang(&b.label))).collect();
        w.field("bands", &format!("[\n{}]", bands.concat()));
    }
}

fn write_rule(w: &mut Writer, r: &FlagRule) {
    w.header("[[rules]]");
    w.field("id", &basic(&r.id));
    w.field("level", &basic(r.level.as_str()));
    w.field("when", &expr(&r.when));
    w.field("message", &lang(&r.message));
    if let Some(a) = &r.advice {
        w.field("advice", &lang(a));
    }
    if let Some(a) = &r.rationale {
        w.field("rationale", &lang(a));
    }
}

fn write_test(w: &mut Writer, t: &RuleTest, q: &Questionnaire) {
    w.header("[[tests]]");
    w.field("name", &basic(&t.name));
    if !t.answers.is_empty() {
        w.field("answers", &answers(&t.answers, q));
    }
    if let Some(h) = &t.previous {
        w.field("previous", &history(h, q));
    }
    if let Some(h) = &t.baseline {
        w.field("baseline", &history(h, q));
    }
    if !t.earlier.is_empty() {
        let list: Vec<String> = t.earlier.iter().map(|h| format!("  {},\n", history(h, q))).collect();
        w.field("earlier", &format!("[\n{}]", list.concat()));
    }
    if let Some(days) = t.index_days_ago {
        w.field("index_days_ago", &days.to_string());
    }
    let flags: Vec<String> = t.expect_flags.iter().map(|f| basic(f)).collect();
    w.field("expect_flags", &format!("[{}]", flags.join(", ")));
    if !t.expect_scores.is_empty() {
        let scores = t.expect_scores.iter().map(|(id, v)| {
            let v = v.map_or_else(|| basic("none"), number);
            format!("{} = {v}", key(id))
        });
        w.field("expect_scores", &inline_table(scores));
    }
}

/// `{ answers = {...}, scores = {...}, days_ago = N }`.
fn history(h: &TestHistory, q: &Questionnaire) -> String {
    let mut parts = Vec::new();
    if !h.answers.is_empty() {
        parts.push(format!("answers = {}", answers(&h.answers, q)));
    }
    if let Some(s) = &h.scores {
        let scores = s.iter().map(|(id, v)| format!("{} = {}", key(id), number(*v)));
        parts.push(format!("scores = {}", inline_table(scores)));
    }
    if let Some(d) = h.days_ago {
        parts.push(format!("days_ago = {d}"));
    }
    inline_table(parts.into_iter())
}

fn answers(a: &BTreeMap<String, AnswerValue>, q: &Questionnaire) -> String {
    inline_table(a.iter().map(|(id, v)| {
        let is_date = q.item(id).is_some_and(|i| i.kind == ItemKind::Date);
        format!("{} = {}", key(id), answer(v, is_date))
    }))
}

/// An answer in TOML: `true`, `3`, `"more_14"`, `["a", "b"]`, or a bare
/// date (`2025-01-31`) for a date item, as the README shows.
fn answer(v: &AnswerValue, is_date: bool) -> String {
    match v {
        AnswerValue::Bool(b) => b.to_string(),
        AnswerValue::Number(n) => number(*n),
        AnswerValue::Text(s) if is_date && is_plain_date(s) => s.clone(),
        AnswerValue::Text(s) => basic(s),
        AnswerValue::Choices(c) => {
            let c: Vec<String> = c.iter().map(|s| basic(s)).collect();
            format!("[{}]", c.join(", "))
        }
    }
}

/// A `YYYY-MM-DD` text that a TOML date reproduces exactly (the reader turns
/// a TOML date back into this text).
fn is_plain_date(s: &str) -> bool {
    s.len() == 10 && s.as_bytes().first().is_some_and(u8::is_ascii_digit) && parse_date(s).is_some_and(|d| format_date(d) == s)
}

fn inline_table(parts: impl Iterator<Item = String>) -> String {
    let parts: Vec<String> = parts.collect();
    if parts.is_empty() {
        "{}".to_string()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

/// `{ da = "...", en = "..." }`.
fn lang(t: &LangText) -> String {
    format!("{{ da = {}, en = {} }}", basic(&t.da), basic(&t.en))
}

/// A key: bare when TOML allows it, else quoted.
fn key(k: &str) -> String {
    let bare = !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        k.to_string()
    } else {
        basic(k)
    }
}

/// Characters TOML allows in no string except escaped (tab is allowed in
/// all strings, newline in multi-line ones).
fn is_toml_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}')
}

/// A basic string `"..."` with everything TOML requires escaped; other
/// characters (æøå, emoji) are kept as they are.
fn basic(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if is_toml_control(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A rule expression: `'...'` when it fits on one line without a `'`,
/// `'''...'''` when it has line breaks or a `'`, and a basic string only
/// when neither can hold it (a `'''`, a trailing `'`, or a control
/// character). Literal strings keep the text byte for byte, so error columns
/// in the written file point at the right token.
fn expr(s: &str) -> String {
    let literal_ok = |newlines: bool| s.chars().all(|c| !is_toml_control(c) || c == '\t' || (newlines && c == '\n'));
    if !s.contains('\'') && literal_ok(false) {
        return format!("'{s}'");
    }
    // A quote right before the closing `'''` would be legal TOML but easy
    // to misread; the fallback is exact too.
    if !s.contains("'''") && !s.ends_with('\'') && literal_ok(true) {
        if s.contains('\n') {
            // The reader drops a newline right after the opening quotes.
            return format!("'''\n{s}'''");
        }
        return format!("'''{s}'''");
    }
    basic(s)
}

/// A number that reads back as the same `f64`: whole numbers without `.0`
/// (the reader accepts integers wherever it takes a number), others in the
/// shortest form that round-trips; an exponent only when the plain form
/// would be unwieldy or would read as an out-of-range integer.
fn number(n: f64) -> String {
    if n.is_nan() {
        return "nan".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "inf" } else { "-inf" }.into();
    }
    if n == 0.0 && n.is_sign_negative() {
        return "-0.0".into();
    }
    // Below 2^53 every whole f64 is exact as an i64, and back.
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return format!("{}", n as i64);
    }
    let plain = format!("{n}");
    if plain.contains('.') && plain.len() <= 24 {
        plain
    } else {
        format!("{n:e}")
    }
}

fn write_timepoint(w: &mut Writer, tp: &TimePoint) {
    w.header("[[timepoints]]");
    w.field("id", &basic(&tp.id));
    w.field("questionnaire", &basic(&tp.questionnaire));
    w.field("offset", &basic(&duration_text(tp.offset, true)));
    if tp.baseline {
        w.field("baseline", "true");
    }
    if let Some(r) = &tp.repeat {
        w.field("every", &basic(&duration_text(r.every, false)));
        w.field("until", &basic(&duration_text(r.until, false)));
    }
    w.field("window_days", &tp.window_days.to_string());
    if let Some(days) = tp.missed_after_days {
        w.field("missed_after_days", &days.to_string());
    }
    if !tp.reminder_days.is_empty() {
        let days: Vec<String> = tp.reminder_days.iter().map(u32::to_string).collect();
        w.field("reminder_days", &format!("[{}]", days.join(", ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_files;
    use crate::load::{load, Document, SourceFile};
    use crate::model::ScoreItem;
    use crate::model::{Respondent, RuleLevel, ScoreKind};
    use crate::pathway::{Repeat, Unit};

    const SHIPPED_QUESTIONNAIRES: [(&str, &str); 5] = [
        ("ear-tubes-baseline.toml", include_str!("../../../questionnaires/ear-tubes-baseline.toml")),
        ("ear-tubes-follow-up.toml", include_str!("../../../questionnaires/ear-tubes-follow-up.toml")),
        ("heart-failure-home.toml", include_str!("../../../questionnaires/heart-failure-home.toml")),
        ("tonsil-recovery.toml", include_str!("../../../questionnaires/tonsil-recovery.toml")),
        ("mini.toml", include_str!("../tests/engine/fixtures/mini.toml")),
    ];

    const SHIPPED_PATHWAYS: [(&str, &str); 3] = [
        ("ear-tubes.pathway.toml", include_str!("../../../questionnaires/ear-tubes.pathway.toml")),
        ("heart-failure.pathway.toml", include_str!("../../../questionnaires/heart-failure.pathway.toml")),
        ("tonsillectomy.pathway.toml", include_str!("../../../questionnaires/tonsillectomy.pathway.toml")),
    ];

    /// Reads a file that must have no diagnostics.
    fn read(name: &str, text: &str) -> Option<Document> {
        let l = load(&SourceFile::new(name, text));
        let msgs: Vec<String> = l.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(msgs.is_empty(), "{name}:\n{}\n---\n{text}", msgs.join("\n"));
        l.document
    }

    fn read_q(name: &str, text: &str) -> Questionnaire {
        match read(name, text) {
            Some(Document::Questionnaire(q)) => q,
            other => panic!("{name} is not a questionnaire: {other:?}"),
        }
    }

    fn read_p(name: &str, text: &str) -> Pathway {
        match read(name, text) {
            Some(Document::Pathway(p)) => p,
            other => panic!("{name} is not a pathway: {other:?}"),
        }
    }

    fn round_trip_q(q: &Questionnaire) -> String {
        let text = questionnaire_toml(q);
        let back = read_q("x.toml", &text);
        assert_eq!(&back, q, "round trip changed the model; written:\n{text}");
        // Writing what was read gives the same text.
        assert_eq!(questionnaire_toml(&back), text);
        text
    }

    #[test]
    fn every_shipped_questionnaire_round_trips() {
        for (name, text) in SHIPPED_QUESTIONNAIRES {
            let q = read_q(name, text);
            let written = round_trip_q(&q);
            assert_eq!(written.matches("[[pages.items]]").count(), q.items().count(), "{name}");
            assert_eq!(written.matches("[[rules]]").count(), q.rules.len());
            assert_eq!(written.matches("[[tests]]").count(), q.tests.len());
        }
    }

    #[test]
    fn every_shipped_pathway_round_trips() {
        for (name, text) in SHIPPED_PATHWAYS {
            let p = read_p(name, text);
            let written = pathway_toml(&p);
            assert_eq!(read_p("x.pathway.toml", &written), p, "{name}:\n{written}");
            assert_eq!(written.matches("[[timepoints]]").count(), p.timepoints.len());
        }
    }

    #[test]
    fn written_files_still_pass_check_and_their_rule_tests() {
        let mut files: Vec<SourceFile> = Vec::new();
        for (name, text) in SHIPPED_QUESTIONNAIRES {
            if name != "mini.toml" {
                files.push(SourceFile::new(name, questionnaire_toml(&read_q(name, text))));
            }
        }
        for (name, text) in SHIPPED_PATHWAYS {
            files.push(SourceFile::new(name, pathway_toml(&read_p(name, text))));
        }
        let report = check_files(&files);
        let msgs: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(msgs.is_empty(), "{}", msgs.join("\n"));
        assert!(report.tests_run >= 20);
        assert_eq!(report.tests_failed, 0);
    }

    #[test]
    fn output_reads_like_the_shipped_files() {
        let q = read_q(SHIPPED_QUESTIONNAIRES[1].0, SHIPPED_QUESTIONNAIRES[1].1);
        let text = questionnaire_toml(&q);
        for expected in [
            "[questionnaire]\nid = \"ear_tubes_follow_up\"\nversion = 1\nrespondent = \"proxy\"\ncontact_item = \"contact\"\n",
            "\n\n[[pages]]\nid = \"discharge_page\"\ntitle = { da = \"Væske fra øret\", en = \"Discharge from the ear\" }\n",
            "[[pages.items]]\nid = \"discharge_days\"\ntype = \"single_choice\"\nrequired = true\nenable_when = 'discharge = true'\n",
            "options = [\n  { value = \"less_3\", text = { da = \"Under 3 dage\", en = \"Less than 3 days\" }, weight = 0 },\n",
            "  { value = \"never\", text = { da = \"Aldrig\", en = \"Never\" }, weight = 0 },\n",
            "[[pages.items]]\nid = \"comments\"\ntype = \"text\"\ntext = ",
            "max_length = 1000\n",
            "items = [\"ear_pain\", \"fever\", \"hearing_concern\", \"speech_concern\", \"sleep_trouble\", \"mood\"]\nmin_answered = 5\n",
            "when = 'discharge_days = \"more_14\" or (discharge_days = \"8_14\" and drops_used = true)'\n",
            "when = '''\nscore.ear_symptoms - baseline(score.ear_symptoms) >= 3\nand score.ear_symptoms - baseline(score.ear_symptoms) < 6\n'''\n",
            "expect_flags = []\nexpect_scores = { ear_symptoms = 3, hearing_speech = 1, physical = 0.3333333333 }\n",
            "baseline = { answers = { ear_pain = \"rarely\", fever = \"rarely\", hearing_concern = \"rarely\", mood = \"rarely\", sleep_trouble = \"rarely\", speech_concern = \"rarely\" } }\n",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
        }
        // Defaults are left out.
        assert!(!text.contains("required = false"));
        assert!(!text.contains("decimals = 0"));
        assert!(!text.contains("help = {}"));
        let p = read_p(SHIPPED_PATHWAYS[0].0, SHIPPED_PATHWAYS[0].1);
        let text = pathway_toml(&p);
        assert!(text.contains(
            "[[timepoints]]\nid = \"follow_up\"\nquestionnaire = \"ear_tubes_follow_up\"\noffset = \"+1m\"\nevery = \"12w\"\nuntil = \"2y\"\nwindow_days = 14\nreminder_days = [3, 7]\n"
        ), "{text}");
        assert!(text.contains("offset = \"-2d\"\nbaseline = true\n"), "{text}");
    }

    fn t(da: &str, en: &str) -> LangText {
        LangText::new(da, en)
    }

    const NASTY: &str = "Sig \"hej\" \\ til 'mor' ''' og\nny linje\tmed tab, æøå ÆØÅ 🦻 \u{1}\u{7f}\r\n";

    fn opt(value: &str, weight: Option<f64>) -> AnswerOption {
        AnswerOption { value: value.into(), text: t(&format!("{value} \"da\""), &format!("{value} 'en' \\")), weight }
    }

    /// Every item type, every optional field set (and some left out), and
    /// texts that need escaping.
    fn everything() -> Questionnaire {
        let item = |id: &str, kind: ItemKind| Item {
            id: id.into(),
            text: t(&format!("{id}: {NASTY}"), &format!("{id} \"?\"")),
            help: Some(t("hjælp \\n er ikke en ny linje", "help\nwith a line break")),
            required: true,
            enable_when: Some("answered(yn)".into()),
            kind,
        };
        let mut plain = item("plain_yn", ItemKind::YesNo);
        plain.help = None;
        plain.required = false;
        plain.enable_when = None;
        let mut answers = BTreeMap::new();
        answers.insert("yn".into(), AnswerValue::Bool(true));
        answers.insert("single".into(), AnswerValue::Text("b".into()));
        answers.insert("multi".into(), AnswerValue::Choices(vec!["a".into(), "c".into()]));
        answers.insert("scale".into(), AnswerValue::Number(7.0));
        answers.insert("number".into(), AnswerValue::Number(-81.25));
        answers.insert("when".into(), AnswerValue::Text("2025-02-28".into()));
        answers.insert("free".into(), AnswerValue::Text(NASTY.into()));
        // Not a real date: stays a string.
        answers.insert("when2".into(), AnswerValue::Text("2025-02-30".into()));
        // Keys that are not bare TOML keys.
        answers.insert("odd key.with dots".into(), AnswerValue::Number(0.1));
        answers.insert(String::new(), AnswerValue::Choices(vec![]));
        let mut expect_scores = BTreeMap::new();
        expect_scores.insert("total".into(), Some(12.5));
        expect_scores.insert("mean".into(), None);
        expect_scores.insert("big".into(), Some(1e300));
        expect_scores.insert("small".into(), Some(-1.5e-7));
        expect_scores.insert("third".into(), Some(1.0 / 3.0));
        let mut hist_scores = BTreeMap::new();
        hist_scores.insert("total".into(), 3.0);
        Questionnaire {
            id: "everything".into(),
            version: 42,
            title: t(NASTY, "Everything"),
            description: t("", "  "),
            respondent: Respondent::Patient,
            source: t("Kilde", "Source \\ \"quoted\""),
            contact_item: Some("yn".into()),
            pages: vec![
                Page {
                    id: "p1".into(),
                    title: t("Side 1", "Page 1"),
                    enable_when: Some("not (previous(yn) = true) # it's a comment".into()),
                    items: vec![
                        item("yn", ItemKind::YesNo),
                        plain,
                        item("single", ItemKind::SingleChoice { options: vec![opt("a", Some(0.0)), opt("b", Some(2.5)), opt("c", None)] }),
                        item("multi", ItemKind::MultipleChoice { options: vec![opt("a", None), opt("b", Some(-1.0)), opt("c", None)] }),
                        item("no_options", ItemKind::SingleChoice { options: vec![] }),
                    ],
                },
                Page {
                    id: "p2".into(),
                    title: t("Side 2", "Page 2"),
                    enable_when: Some("yn = true\nand\n  answered(single)\n".into()),
                    items: vec![
                        item(
                            "scale",
                            ItemKind::Scale { min: -3, max: 10, min_label: t("slet ikke", "not at all"), max_label: t(NASTY, "very \"much\"") },
                        ),
                        item(
                            "number",
                            ItemKind::Number {
                                unit: Some(t("kg", "kg")),
                                min: -30.5,
                                max: 250.0,
                                decimals: 2,
                                expected_min: Some(-3.25),
                                expected_max: Some(180.0),
                            },
                        ),
                        item(
                            "number2",
                            ItemKind::Number {
                                unit: Some(t("gange", "times")),
                                min: 0.0,
                                max: 1e20,
                                decimals: 0,
                                expected_min: None,
                                expected_max: Some(12.0),
                            },
                        ),
                        item(
                            "number3",
                            ItemKind::Number { unit: None, min: 0.1, max: 0.30000000000000004, decimals: 6, expected_min: None, expected_max: None },
                        ),
                        item("when", ItemKind::Date),
                        item("when2", ItemKind::Date),
                        item("free", ItemKind::Text { max_length: 20 }),
                        item("free_default", ItemKind::Text { max_length: 500 }),
                        item("info", ItemKind::Display),
                    ],
                },
                Page { id: "empty".into(), title: t("Tom", "Empty"), enable_when: None, items: vec![] },
            ],
            scores: vec![
                Score {
                    id: "total".into(),
                    text: t("I alt", "Total"),
                    kind: ScoreKind::Sum,
                    items: vec![ScoreItem { id: "single".into(), reverse: false }, ScoreItem { id: "scale".into(), reverse: true }],
                    min_answered: Some(1),
                    expr: None,
                    bands: Vec::new(),
                },
                Score {
                    id: "mean".into(),
                    text: t("Snit", "Mean"),
                    kind: ScoreKind::Mean,
                    items: vec![ScoreItem { id: "single".into(), reverse: false }],
                    min_answered: None,
                    expr: None,
                    bands: Vec::new(),
                },
                Score {
                    id: "double".into(),
                    text: t("Dobbelt", "Double"),
                    kind: ScoreKind::Expr,
                    items: vec![],
                    min_answered: None,
                    expr: Some("score.total * 2".into()),
                    bands: Vec::new(),
                },
            ],
            rules: vec![
                FlagRule {
                    id: "one_line".into(),
                    level: RuleLevel::Red,
                    when: r#"single = "b" and "a" in multi"#.into(),
                    message: t(NASTY, "Red"),
                    advice: Some(t("Ring i dag; uden for åbningstid 1813", NASTY)),
                    rationale: Some(t("Fordi 14 dage er grænsen", NASTY)),
                },
                FlagRule {
                    id: "multi_line".into(),
                    level: RuleLevel::Yellow,
                    when: "\n  score.total >= 3 # isn't it\n  and yn = true\n".into(),
                    message: t("Gul", "Yellow"),
                    advice: None,
                    rationale: None,
                },
                FlagRule {
                    id: "triple_quote".into(),
                    level: RuleLevel::Yellow,
                    when: "yn = true # '''".into(),
                    message: t("Gul", "Yellow"),
                    advice: None,
                    rationale: None,
                },
                FlagRule {
                    id: "trailing_quote".into(),
                    level: RuleLevel::Yellow,
                    when: "yn = true # '".into(),
                    message: t("Gul", "Yellow"),
                    advice: None,
                    rationale: None,
                },
                FlagRule {
                    id: "control".into(),
                    level: RuleLevel::Red,
                    when: "yn = true\r\n and\u{1} scale > 2 # \"x\" \\".into(),
                    message: t("Rød", "Red"),
                    advice: None,
                    rationale: None,
                },
            ],
            tests: vec![
                RuleTest {
                    name: NASTY.into(),
                    answers,
                    previous: Some(TestHistory {
                        answers: [("yn".to_string(), AnswerValue::Bool(false))].into(),
                        scores: Some(hist_scores.clone()),
                        days_ago: Some(3),
                    }),
                    baseline: Some(TestHistory {
                        answers: [("when".to_string(), AnswerValue::Text("2024-12-01".into()))].into(),
                        scores: Some(BTreeMap::new()),
                        days_ago: Some(30),
                    }),
                    earlier: vec![],
                    index_days_ago: None,
                    expect_flags: vec!["one_line".into(), "contact".into()],
                    expect_scores,
                },
                RuleTest {
                    name: "bare".into(),
                    answers: BTreeMap::new(),
                    previous: Some(TestHistory { answers: BTreeMap::new(), scores: None, days_ago: None }),
                    baseline: None,
                    earlier: vec![],
                    index_days_ago: None,
                    expect_flags: vec![],
                    expect_scores: BTreeMap::new(),
                },
                RuleTest {
                    name: "over time".into(),
                    answers: BTreeMap::new(),
                    previous: None,
                    baseline: None,
                    earlier: vec![
                        TestHistory { answers: [("yn".to_string(), AnswerValue::Bool(true))].into(), scores: None, days_ago: Some(2) },
                        TestHistory { answers: BTreeMap::new(), scores: Some(BTreeMap::new()), days_ago: Some(5) },
                    ],
                    index_days_ago: Some(7),
                    expect_flags: vec![],
                    expect_scores: BTreeMap::new(),
                },
            ],
        }
    }

    #[test]
    fn a_model_with_everything_round_trips() {
        let text = round_trip_q(&everything());
        // Rules chose the right kind of string.
        assert!(text.contains("when = 'single = \"b\" and \"a\" in multi'\n"));
        assert!(text.contains("when = '''\n\n  score.total >= 3 # isn't it\n  and yn = true\n'''\n"));
        assert!(text.contains("enable_when = '''not (previous(yn) = true) # it's a comment'''\n"));
        assert!(text.contains("when = \"yn = true # '''\"\n"));
        assert!(text.contains("when = \"yn = true # '\"\n"));
        assert!(text.contains("when = \"yn = true\\r\\n and\\u0001 scale > 2 # \\\"x\\\" \\\\\"\n"));
        // Dates are TOML dates; a non-date stays a string.
        assert!(text.contains("when = 2025-02-28"));
        assert!(text.contains("when2 = \"2025-02-30\""));
        assert!(text.contains("baseline = { answers = { when = 2024-12-01 }, scores = {}, days_ago = 30 }"));
        assert!(text.contains("earlier = [\n  { answers = { yn = true }, days_ago = 2 },\n  { scores = {}, days_ago = 5 },\n]\n"), "{text}");
        assert!(text.contains("previous = { answers = { yn = false }, scores = { total = 3 }, days_ago = 3 }"));
        assert!(text.contains("previous = {}"));
        // Odd keys are quoted.
        assert!(text.contains("answers = { \"\" = [], free = \"Sig"));
        assert!(text.contains(", \"odd key.with dots\" = 0.1, "));
        // Units: plain when both languages agree.
        assert!(text.contains("unit = \"kg\"\n"));
        assert!(text.contains("unit = { da = \"gange\", en = \"times\" }\n"));
        assert!(text.contains("items = []\n"));
        assert!(text.contains("options = []\n"));
        assert!(text.contains("items = [\"single\", { id = \"scale\", reverse = true }]\n"));
        // Unicode is kept, escapes are minimal.
        assert!(text.contains("\"Sig \\\"hej\\\" \\\\ til 'mor' ''' og\\nny linje\\tmed tab, æøå ÆØÅ 🦻 \\u0001\\u007F\\r\\n\""));
    }

    #[test]
    fn a_model_without_pages_or_timepoints_still_reads() {
        let mut q = everything();
        q.pages.clear();
        q.scores.clear();
        q.rules.clear();
        q.tests.clear();
        q.contact_item = None;
        let text = round_trip_q(&q);
        assert!(text.starts_with("pages = []\n\n[questionnaire]\n"));
        assert!(!text.contains("contact_item"));
        let p = Pathway { id: "none".into(), title: t("a", "b"), index_event: t("c", "d"), source: t("e", "f"), timepoints: vec![] };
        assert_eq!(read_p("x", &pathway_toml(&p)), p);
    }

    #[test]
    fn pathway_with_every_field_round_trips() {
        let d = |amount, unit| Duration { amount, unit };
        let p = Pathway {
            id: "all".into(),
            title: t(NASTY, "All"),
            index_event: t("Operationsdato", "Operation \"date\""),
            source: t("Kilde", "Source"),
            timepoints: vec![
                TimePoint {
                    id: "before".into(),
                    questionnaire: "q".into(),
                    offset: d(-2, Unit::Day),
                    window_days: 2,
                    reminder_days: vec![],
                    repeat: None,
                    baseline: true,
                    missed_after_days: None,
                },
                TimePoint {
                    id: "repeat".into(),
                    questionnaire: "q2".into(),
                    offset: d(0, Unit::Day),
                    window_days: 30,
                    reminder_days: vec![1, 7, 29],
                    repeat: Some(Repeat { every: d(12, Unit::Week), until: d(2, Unit::Year) }),
                    baseline: false,
                    missed_after_days: Some(3),
                },
                TimePoint {
                    id: "odd".into(),
                    questionnaire: "q".into(),
                    offset: d(1, Unit::Month),
                    window_days: 1,
                    reminder_days: vec![],
                    repeat: Some(Repeat { every: d(-1, Unit::Month), until: d(-3, Unit::Year) }),
                    baseline: false,
                    missed_after_days: None,
                },
            ],
        };
        let text = pathway_toml(&p);
        assert_eq!(read_p("x", &text), p, "{text}");
        assert!(text.contains("offset = \"+0d\"\nevery = \"12w\"\nuntil = \"2y\"\n"));
        assert!(text.contains("every = \"-1m\"\nuntil = \"-3y\"\n"));
        assert!(!text.contains("reminder_days = []"));
    }

    #[test]
    fn durations_print_with_or_without_a_plus() {
        let d = |s: &str| s.parse::<Duration>().ok();
        for (text, signed, unsigned) in
            [("+1m", "+1m", "1m"), ("-2d", "-2d", "-2d"), ("12w", "+12w", "12w"), ("0d", "+0d", "0d"), ("2y", "+2y", "2y")]
        {
            let Some(x) = d(text) else { panic!("{text} does not parse") };
            assert_eq!(duration_text(x, true), signed);
            assert_eq!(duration_text(x, false), unsigned);
            assert_eq!(d(signed), Some(x));
            assert_eq!(d(unsigned), Some(x));
        }
    }

    /// Parses `x = <value>` with the TOML reader.
    fn toml_value(v: &str) -> Option<toml::Value> {
        let t: toml::Table = toml::from_str(&format!("x = {v}")).ok()?;
        t.get("x").cloned()
    }

    #[test]
    fn numbers_round_trip_and_whole_ones_have_no_decimal_point() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-250.0), "-250");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "-0.0");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1e20), "1e20");
        assert_eq!(number(f64::NAN), "nan");
        assert_eq!(number(f64::NEG_INFINITY), "-inf");
        for n in [
            0.1,
            -0.0,
            1.0 / 3.0,
            0.30000000000000004,
            1e15,
            -1e15 + 1.0,
            999_999_999_999_999.0,
            1e20,
            1.5e300,
            5e-324,
            -1.5e-7,
            f64::MAX,
            f64::MIN_POSITIVE,
            123_456.789,
            f64::INFINITY,
        ] {
            let s = number(n);
            let back = match toml_value(&s) {
                Some(toml::Value::Integer(i)) => i as f64,
                Some(toml::Value::Float(f)) => f,
                other => panic!("{n}: {s} read as {other:?}"),
            };
            assert_eq!(back.to_bits(), n.to_bits(), "{n} written as {s}");
        }
    }

    #[test]
    fn basic_strings_escape_what_toml_needs_and_nothing_else() {
        assert_eq!(basic("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(basic("æøå 🦻"), "\"æøå 🦻\"");
        assert_eq!(basic("a\nb\tc\r\u{8}\u{c}"), r#""a\nb\tc\r\b\f""#);
        assert_eq!(basic("\u{0}\u{1f}\u{7f}"), r#""\u0000\u001F\u007F""#);
        for s in [NASTY, "", "'''", "\"\"\"", "\\u0041", "\u{80}\u{9f}"] {
            assert_eq!(toml_value(&basic(s)), Some(toml::Value::String(s.into())), "{s:?}");
        }
    }

    #[test]
    fn expressions_use_the_plainest_string_that_holds_them() {
        assert_eq!(expr("a > 1"), "'a > 1'");
        assert_eq!(expr(r#"x = "a\b""#), r#"'x = "a\b"'"#);
        assert_eq!(expr("a > 1 # it's"), "'''a > 1 # it's'''");
        assert_eq!(expr("a > 1\nor b"), "'''\na > 1\nor b'''");
        assert_eq!(expr("a\tb"), "'a\tb'");
        assert_eq!(expr("a # '''"), "\"a # '''\"");
        assert_eq!(expr("a # '"), "\"a # '\"");
        assert_eq!(expr("a\r\nb"), "\"a\\r\\nb\"");
        for s in ["a > 1", "a > 1 # it's", "\na\n", "\n\nb", "a # ''", "a # ''' and \"\"\"", "x\r\n", "'", ""] {
            assert_eq!(toml_value(&expr(s)), Some(toml::Value::String(s.into())), "{s:?} written as {}", expr(s));
        }
    }

    #[test]
    fn keys_are_bare_only_when_toml_allows() {
        assert_eq!(key("ear_pain"), "ear_pain");
        assert_eq!(key("7_14-x"), "7_14-x");
        assert_eq!(key("a.b"), "\"a.b\"");
        assert_eq!(key(""), "\"\"");
        assert_eq!(key("æ"), "\"æ\"");
    }

    #[test]
    fn plain_dates_only_when_toml_gives_the_same_text_back() {
        assert!(is_plain_date("2025-01-31"));
        assert!(is_plain_date("2024-02-29"));
        assert!(!is_plain_date("2025-02-29"));
        assert!(!is_plain_date("2025-1-31"));
        assert!(!is_plain_date("2025-01-31T10:00:00"));
        assert!(!is_plain_date("yesterday"));
        assert_eq!(answer(&AnswerValue::Text("2025-01-31".into()), true), "2025-01-31");
        assert_eq!(answer(&AnswerValue::Text("2025-01-31".into()), false), "\"2025-01-31\"");
    }
}
