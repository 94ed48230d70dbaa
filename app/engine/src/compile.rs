//! Checks a [`Questionnaire`] model and compiles it into a [`Compiled`]
//! questionnaire that shows/hides items, validates answers, computes scores
//! and raises flags. Works on the model alone (from a file or the web
//! editor); errors are [`ModelError`]s naming the element ([`Site`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::answers::{parse_answer, required_error, unknown_item_error, Answer, AnswerError, AnswerValue, Answers};
use super::diagnostics::{in_place, HintBudget, ModelError, Site};
use super::model::{Item, ItemKind, Questionnaire, RuleLevel, ScoreKind};
use super::rules::ast::RESERVED_WORDS;
use super::rules::eval::{CExpr, Ctx, Explained, Flag, FlagLevel, Frame, PastFrame, ReadFrom, ShownValue, When, V};
use super::rules::types::{ItemType, Scope, ScoresAllowed, Want};
use super::rules::{parse, RuleError};
use super::scoring::{CScore, PartValue, ScorePart};
use super::text::LangText;

/// The id of the flag raised by the contact item.
pub const CONTACT_FLAG: &str = "contact";

/// Most options a choice item may have (answers are bit sets).
pub const MAX_OPTIONS: usize = 64;
/// The longest text of any one element (a question, help, message, ...):
/// far more than a phone shows, so a pasted document is caught.
pub const MAX_TEXT_CHARS: usize = 5_000;
/// Items, and rules, in one questionnaire (the editor has the same limit).
pub const MAX_ELEMENTS: usize = 500;

/// `[a-z][a-z0-9_]*`, at most 64 characters.
pub fn is_valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z')) && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_')) && s.len() <= 64
}

/// `[a-z0-9_]+`, at most 64 characters (option values may start with a digit: `7_14`).
pub fn is_valid_option_value(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// The patient's earlier responses, for `previous(...)` and `baseline(...)`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub previous: Option<PastResponse>,
    /// The first response in the enrolment (often to a baseline questionnaire).
    pub baseline: Option<PastResponse>,
    /// Whole days between the previous response and this one.
    pub days_since_previous: Option<i64>,
    /// Whole days between the baseline response and this one.
    #[serde(default)]
    pub days_since_baseline: Option<i64>,
    /// The clinic's calendar days from the enrolment's index date to this
    /// response (`days_since_index()`); `None` when it belongs to no
    /// enrolment.
    #[serde(default)]
    pub days_since_index: Option<i64>,
    /// The earlier responses to the same questionnaire in the enrolment,
    /// newest first (the first is `previous`), for the functions over
    /// time (`lowest_within`, `in_each_of_last`, ...).
    #[serde(default)]
    pub earlier: Vec<DatedResponse>,
}

/// An earlier response and how many whole days before this one it came.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DatedResponse {
    pub response: PastResponse,
    pub days_ago: i64,
}

/// An earlier response: its (already cleaned) answers and the scores stored
/// with it. Values are matched to this questionnaire by id; an answer that
/// does not fit the current item's type counts as unknown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PastResponse {
    pub answers: Answers,
    pub scores: BTreeMap<String, f64>,
}

/// `Draft` reports everything but missing required answers (for saving
/// while answering); `Final` also reports those (for submitting).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    Draft,
    Final,
}

/// Result of validating a response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// Valid answers to visible items, ready to store.
    pub answers: Answers,
    /// Ids of the visible items, in order.
    pub visible: Vec<String>,
    /// Answers dropped because their item is hidden.
    pub dropped: Vec<String>,
    pub errors: Vec<AnswerError>,
}

impl Validation {
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Result of evaluating a response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub questionnaire: String,
    /// The version whose rules produced the flags.
    pub version: u32,
    pub visible: Vec<String>,
    /// Every score by id; `None` when too few items were answered.
    pub scores: BTreeMap<String, Option<f64>>,
    /// Raised flags, most urgent first.
    pub flags: Vec<Flag>,
}

#[derive(Clone, Debug)]
struct CRule {
    code: CExpr,
    refs: Vec<(String, CExpr, Option<usize>)>,
}

/// A checked questionnaire, ready to evaluate responses. Build it with
/// [`Compiled::new`]; the browser can rebuild it from the serialized model.
#[derive(Clone, Debug)]
pub struct Compiled {
    q: Questionnaire,
    /// (page index, index in page) per item.
    item_pos: Vec<(usize, usize)>,
    item_index: BTreeMap<String, usize>,
    item_cond: Vec<Option<CExpr>>,
    page_cond: Vec<Option<CExpr>>,
    /// Item indices in an order where every condition's inputs come first.
    order: Vec<usize>,
    scores: Vec<CScore>,
    rules: Vec<CRule>,
    contact_item: Option<usize>,
}

/// History resolved against one questionnaire.
#[derive(Clone, Debug, Default)]
pub struct PreparedHistory {
    pub previous: Option<Frame>,
    pub baseline: Option<Frame>,
    pub days_since_previous: Option<f64>,
    pub days_since_baseline: Option<f64>,
    pub days_since_index: Option<i64>,
    pub earlier: Vec<PastFrame>,
}

impl PreparedHistory {
    /// What an expression reads beside `current`.
    fn ctx<'a>(&'a self, current: &'a Frame) -> Ctx<'a> {
        Ctx {
            current,
            previous: self.previous.as_ref(),
            baseline: self.baseline.as_ref(),
            days_since_previous: self.days_since_previous,
            days_since_baseline: self.days_since_baseline,
            days_since_index: self.days_since_index,
            earlier: &self.earlier,
        }
    }
}

/// Whether answers to two items mean the same: the same type, the same
/// option values with the same weights (in any order), the same scale ends,
/// the same unit.
fn same_meaning(a: &ItemKind, b: &ItemKind) -> bool {
    let options = |o: &[super::model::AnswerOption]| -> BTreeSet<(String, Option<u64>)> {
        o.iter().map(|x| (x.value.clone(), x.weight.map(f64::to_bits))).collect()
    };
    match (a, b) {
        (ItemKind::SingleChoice { options: x }, ItemKind::SingleChoice { options: y })
        | (ItemKind::MultipleChoice { options: x }, ItemKind::MultipleChoice { options: y }) => options(x) == options(y),
        (ItemKind::Scale { min: a0, max: a1, .. }, ItemKind::Scale { min: b0, max: b1, .. }) => a0 == b0 && a1 == b1,
        (ItemKind::Number { unit: x, .. }, ItemKind::Number { unit: y, .. }) => x == y,
        (ItemKind::YesNo, ItemKind::YesNo) | (ItemKind::Date, ItemKind::Date) | (ItemKind::Text { .. }, ItemKind::Text { .. }) => true,
        _ => false,
    }
}

/// The words of a rule expression that could name an item.
fn identifiers(expr: &str) -> impl Iterator<Item = &str> {
    expr.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

struct Checker {
    errors: Vec<ModelError>,
}

impl Checker {
    fn err(&mut self, site: Site, msg: impl Into<String>) {
        self.errors.push(ModelError::new(site, msg));
    }

    fn text(&mut self, site: Site, t: &LangText, what: &str) {
        for (lang, text) in [("Danish", &t.da), ("English", &t.en)] {
            let n = text.chars().count();
            if n > MAX_TEXT_CHARS {
                self.err(site.clone(), format!("{what} has a {lang} text of {n} characters; at most {MAX_TEXT_CHARS} are allowed"));
            }
        }
        for lang in t.empty_languages() {
            self.err(site.clone(), format!("{what} has no {} text (`{}`)", lang.english_name(), lang.as_str()));
        }
    }

    /// A text the respondent reads: as [`Checker::text`], and its only
    /// placeholder is the clinic's out-of-hours number.
    fn respondent_text(&mut self, site: Site, t: &LangText, what: &str) {
        self.text(site.clone(), t, what);
        for unknown in crate::model::unknown_placeholders(t) {
            self.err(
                site.clone(),
                format!(
                    "{what} names `{unknown}`, which Svar does not fill in: write `{}` for the clinic's out-of-hours number",
                    crate::model::OUT_OF_HOURS
                ),
            );
        }
    }

    fn id(&mut self, site: Site, id: &str, what: &str) {
        if !is_valid_id(id) {
            // The likely fix, where there is one: Danish letters, capitals,
            // spaces and dashes written the way ids are.
            let fixed: String = id
                .to_lowercase()
                .chars()
                .flat_map(|c| match c {
                    'æ' => "ae".chars().collect::<Vec<_>>(),
                    'ø' => "oe".chars().collect(),
                    'å' => "aa".chars().collect(),
                    ' ' | '-' => vec!['_'],
                    c => vec![c],
                })
                .collect();
            let hint = if is_valid_id(&fixed) { format!("; did you mean `{fixed}`?") } else { String::new() };
            self.err(site, format!("{what} id `{id}` must start with a lower-case letter and contain only a-z, 0-9 and _{hint}"));
        }
    }

    fn rule_error(&mut self, site: Site, e: RuleError) {
        self.errors.push(ModelError::in_expr(site, e.span, e.message));
    }
}

impl Compiled {
    /// Checks the model and compiles every condition, score and rule.
    /// Returns all errors found, not just the first.
    pub fn new(q: Questionnaire) -> Result<Compiled, Vec<ModelError>> {
        let mut c = Checker { errors: Vec::new() };
        let hints = HintBudget::default();
        let qs = |f: &str| Site::Questionnaire { field: f.into() };
        c.id(qs("id"), &q.id, "questionnaire");
        if q.version == 0 {
            c.err(qs("version"), "version must be 1 or higher");
        }
        c.text(qs("title"), &q.title, "the title");
        c.respondent_text(qs("description"), &q.description, "the description");
        c.text(qs("source"), &q.source, "the source note");
        let items = q.items().count();
        if items > MAX_ELEMENTS {
            c.err(qs("id"), format!("the questionnaire has {items} items; at most {MAX_ELEMENTS} are allowed"));
        }
        if q.rules.len() > MAX_ELEMENTS {
            c.err(qs("id"), format!("the questionnaire has {} rules; at most {MAX_ELEMENTS} are allowed", q.rules.len()));
        }

        // Pages and items.
        let mut item_pos = Vec::new();
        let mut item_index: BTreeMap<String, usize> = BTreeMap::new();
        let mut page_ids = BTreeSet::new();
        for (pi, page) in q.pages.iter().enumerate() {
            let ps = |f: &str| Site::Page { page: pi, field: f.into() };
            c.id(ps("id"), &page.id, "page");
            if !page_ids.insert(page.id.as_str()) {
                let first = q.pages.iter().position(|x| x.id == page.id).map_or(0, |i| i + 1);
                c.err(ps("id"), format!("the page id `{}` is used twice: page {first} has it too; give each page its own id", page.id));
            }
            c.respondent_text(ps("title"), &page.title, &format!("page `{}`", page.id));
            if page.items.is_empty() {
                c.err(ps(""), format!("page `{}` has no items", page.id));
            }
            for (k, item) in page.items.iter().enumerate() {
                let index = item_pos.len();
                item_pos.push((pi, k));
                let is = |f: &str| Site::Item { item: index, field: f.into() };
                c.id(is("id"), &item.id, "item");
                if RESERVED_WORDS.contains(&item.id.as_str()) {
                    c.err(is("id"), format!("`{}` is a word of the rule language and cannot be an item id", item.id));
                }
                if let Some(&first) = item_index.get(&item.id) {
                    let (fp, fk) = item_pos[first];
                    c.err(
                        is("id"),
                        format!(
                            "the item id `{}` is used twice: question {} of page `{}` has it too; give each item its own id",
                            item.id,
                            fk + 1,
                            q.pages[fp].id
                        ),
                    );
                } else {
                    item_index.insert(item.id.clone(), index);
                }
                check_item(&mut c, index, item);
            }
        }
        if item_pos.is_empty() {
            c.err(qs(""), "the questionnaire has no items");
        }
        let item_at = |i: usize| -> &Item {
            let (p, k) = item_pos[i];
            &q.pages[p].items[k]
        };

        // Contact item.
        let contact_item = match &q.contact_item {
            None => None,
            Some(id) => match item_index.get(id) {
                Some(&i) if item_at(i).kind == ItemKind::YesNo => Some(i),
                Some(&i) => {
                    c.err(qs("contact_item"), format!("contact_item `{id}` must be a yes_no item, but it is {}", item_at(i).kind.type_name()));
                    None
                }
                None => {
                    let h = hints.hint(id, item_index.keys().map(String::as_str));
                    c.err(qs("contact_item"), format!("contact_item refers to unknown item `{id}`{h}"));
                    None
                }
            },
        };

        let items: Vec<_> = (0..item_pos.len())
            .map(|i| {
                let it = item_at(i);
                (it.id.as_str(), ItemType::of(&it.kind), it.kind.options())
            })
            .collect();
        let score_ids: Vec<&str> = q.scores.iter().map(|s| s.id.as_str()).collect();
        let item_index_str: BTreeMap<&str, usize> = item_index.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let scope = |context: String, scores_allowed| Scope {
            items: &items,
            item_index: &item_index_str,
            scores: &score_ids,
            hints: &hints,
            scores_allowed,
            context,
        };

        // Conditions.
        let mut page_cond = Vec::new();
        let mut page_deps: Vec<Vec<usize>> = Vec::new();
        for (pi, page) in q.pages.iter().enumerate() {
            let site = Site::Page { page: pi, field: "enable_when".into() };
            let ctx = format!("the condition of page `{}`", page.id);
            let (code, deps) = compile_opt(&mut c, site, page.enable_when.as_deref(), &scope(ctx, ScoresAllowed::None), Want::Bool);
            page_cond.push(code);
            page_deps.push(deps);
        }
        let mut item_cond = Vec::new();
        let mut deps: Vec<Vec<usize>> = Vec::new();
        for i in 0..item_pos.len() {
            let item = item_at(i);
            let site = Site::Item { item: i, field: "enable_when".into() };
            let ctx = format!("the condition of item `{}`", item.id);
            let (code, mut d) = compile_opt(&mut c, site, item.enable_when.as_deref(), &scope(ctx, ScoresAllowed::None), Want::Bool);
            item_cond.push(code);
            for x in &page_deps[item_pos[i].0] {
                if !d.contains(x) {
                    d.push(*x);
                }
            }
            deps.push(d);
        }
        // A condition may only use answers given on its own page or before:
        // an answer asked later is still empty while the page is answered,
        // so the question (perhaps a red-flag one) would stay hidden.
        for (pi, page_dep) in page_deps.iter().enumerate() {
            if let Some(&x) = page_dep.iter().find(|&&x| item_pos[x].0 > pi) {
                let later = &q.pages[item_pos[x].0].id;
                c.err(
                    Site::Page { page: pi, field: "enable_when".into() },
                    format!(
                        "page `{}` is shown depending on `{}`, which is asked on a later page (`{later}`): it has no answer yet when this page's turn comes, so the page would be skipped; ask `{}` on an earlier page",
                        q.pages[pi].id, items[x].0, items[x].0
                    ),
                );
            }
        }
        for i in 0..item_pos.len() {
            let (pi, _) = item_pos[i];
            let item = item_at(i);
            let own = item.enable_when.as_deref().and_then(|src| parse(src).ok()).map(|e| e.current_item_refs()).unwrap_or_default();
            let later = own.iter().filter_map(|(id, _)| item_index.get(id.as_str()).copied()).find(|&x| item_pos[x].0 > pi);
            if let Some(x) = later {
                c.err(
                    Site::Item { item: i, field: "enable_when".into() },
                    format!(
                        "`{}` is shown depending on `{}`, which is asked on a later page (`{}`): while this page is answered it has no answer, so `{}` would stay hidden; ask `{}` on this page or an earlier one",
                        item.id, items[x].0, q.pages[item_pos[x].0].id, item.id, items[x].0
                    ),
                );
            }
        }
        let order = visibility_order(&mut c, &deps, &item_pos, q.pages.as_slice(), &items);

        // Scores.
        let mut score_set = BTreeSet::new();
        let mut scores = Vec::new();
        for (si, s) in q.scores.iter().enumerate() {
            let ss = |f: &str| Site::Score { score: si, field: f.into() };
            c.id(ss("id"), &s.id, "score");
            if !score_set.insert(s.id.as_str()) {
                let first = q.scores.iter().position(|x| x.id == s.id).map_or(0, |i| i + 1);
                c.err(ss("id"), format!("the score id `{}` is used twice: score {first} has it too; give each score its own id", s.id));
            }
            c.text(ss("text"), &s.text, &format!("score `{}`", s.id));
            match s.kind {
                ScoreKind::Expr => {
                    if !s.items.is_empty() {
                        c.err(ss("items"), format!("score `{}` of kind expr takes `expr`, not `items`", s.id));
                    }
                    if s.min_answered.is_some() {
                        c.err(ss("min_answered"), format!("score `{}` of kind expr cannot have min_answered", s.id));
                    }
                    let ctx = format!("score `{}`", s.id);
                    match &s.expr {
                        None => c.err(ss("kind"), format!("score `{}` of kind expr needs `expr`", s.id)),
                        Some(src) => {
                            let (code, _) = compile_opt(&mut c, ss("expr"), Some(src), &scope(ctx, ScoresAllowed::Before(si)), Want::Num);
                            if let Some(code) = code {
                                scores.push(CScore::Expr(code));
                            }
                        }
                    }
                }
                ScoreKind::Sum | ScoreKind::Mean => {
                    if s.expr.is_some() {
                        c.err(ss("expr"), format!("score `{}` of kind {} takes `items`, not `expr`", s.id, kind_name(s.kind)));
                    }
                    if s.items.is_empty() {
                        c.err(ss("items"), format!("score `{}` has no items", s.id));
                    }
                    let mut parts = Vec::new();
                    let mut seen = BTreeSet::new();
                    for (k, si_item) in s.items.iter().enumerate() {
                        let site = ss(&format!("items.{k}"));
                        if !seen.insert(si_item.id.as_str()) {
                            c.err(site.clone(), format!("item `{}` is listed twice in score `{}`", si_item.id, s.id));
                        }
                        let Some(&ii) = item_index.get(&si_item.id) else {
                            let h = hints.hint(&si_item.id, item_index.keys().map(String::as_str));
                            c.err(site, format!("unknown item `{}` in score `{}`{h}", si_item.id, s.id));
                            continue;
                        };
                        if let Some(p) = score_part(&mut c, site, &s.id, ii, item_at(ii), si_item.reverse) {
                            parts.push(p);
                        }
                    }
                    let n = s.items.len();
                    let min = s.min_answered.map_or(n, |m| m as usize);
                    if s.min_answered.is_some() && (min == 0 || min > n) {
                        c.err(ss("min_answered"), format!("min_answered of score `{}` must be from 1 to {n} (its number of items)", s.id));
                    }
                    scores.push(CScore::Items { mean: s.kind == ScoreKind::Mean, parts, min_answered: min.max(1) });
                }
            }
        }

        // Rules.
        let mut rule_ids = BTreeSet::new();
        let mut rules = Vec::new();
        for (ri, r) in q.rules.iter().enumerate() {
            let rs = |f: &str| Site::Rule { rule: ri, field: f.into() };
            c.id(rs("id"), &r.id, "rule");
            if r.id == CONTACT_FLAG {
                c.err(rs("id"), "rule id `contact` is reserved for contact requests (see contact_item)");
            }
            if !rule_ids.insert(r.id.as_str()) {
                let first = q.rules.iter().position(|x| x.id == r.id).map_or(0, |i| i + 1);
                c.err(rs("id"), format!("the rule id `{}` is used twice: rule {first} has it too; give each rule its own id", r.id));
            }
            c.text(rs("message"), &r.message, &format!("the message of rule `{}`", r.id));
            if let Some(a) = &r.advice {
                c.respondent_text(rs("advice"), a, &format!("the advice of rule `{}`", r.id));
            }
            if let Some(a) = &r.rationale {
                c.text(rs("rationale"), a, &format!("the rationale of rule `{}`", r.id));
            }
            let sc = scope(format!("rule `{}`", r.id), ScoresAllowed::All);
            match parse(&r.when) {
                Err(e) => c.rule_error(rs("when"), RuleError::new(e.span, in_place(&e.message, &format!("rule `{}`", r.id)))),
                Ok(ast) => match sc.compile(&ast, Want::Bool) {
                    Ok(comp) => rules.push(CRule { code: comp.code, refs: comp.refs }),
                    Err(e) => c.rule_error(rs("when"), e),
                },
            }
        }

        // Rule tests refer to known things.
        let mut names = BTreeSet::new();
        for (ti, t) in q.tests.iter().enumerate() {
            let ts = |f: &str| Site::Test { test: ti, field: f.into() };
            if t.name.trim().is_empty() {
                c.err(ts("name"), "a test needs a name");
            } else if !names.insert(t.name.as_str()) {
                c.err(ts("name"), format!("duplicate test name `{}`", t.name));
            }
            for f in &t.expect_flags {
                if f != CONTACT_FLAG && !rule_ids.contains(f.as_str()) {
                    let h = hints.hint(f, rule_ids.iter().copied().chain([CONTACT_FLAG]));
                    c.err(ts("expect_flags"), format!("test `{}` expects unknown flag `{f}`{h}", t.name));
                }
                if f == CONTACT_FLAG && contact_item.is_none() {
                    c.err(ts("expect_flags"), format!("test `{}` expects flag `contact`, but there is no contact_item", t.name));
                }
            }
            for s in t.expect_scores.keys() {
                if !score_set.contains(s.as_str()) {
                    let h = hints.hint(s, score_set.iter().copied());
                    c.err(ts(&format!("expect_scores.{s}")), format!("test `{}` expects unknown score `{s}`{h}", t.name));
                }
            }
        }

        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        Ok(Compiled { item_pos, item_index, item_cond, page_cond, order, scores, rules, contact_item, q })
    }

    pub fn questionnaire(&self) -> &Questionnaire {
        &self.q
    }

    pub fn item_count(&self) -> usize {
        self.item_pos.len()
    }

    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.item_index.get(id).copied()
    }

    /// The item at an index (document order).
    pub fn item(&self, index: usize) -> Option<&Item> {
        let (p, k) = *self.item_pos.get(index)?;
        self.q.pages.get(p)?.items.get(k)
    }

    /// Parses answers against their items, without deciding visibility.
    /// Invalid answers are left out and reported.
    pub fn prepare(&self, answers: &Answers) -> (Frame, Vec<AnswerError>) {
        let mut items = vec![None; self.item_count()];
        let mut errors = Vec::new();
        for (id, value) in answers {
            let Some(i) = self.item_index(id) else {
                errors.push(unknown_item_error(id));
                continue;
            };
            let Some(item) = self.item(i) else { continue };
            match parse_answer(item, value) {
                Ok(a) => items[i] = a,
                Err(e) => errors.push(e),
            }
        }
        (Frame { items, scores: vec![None; self.scores.len()] }, errors)
    }

    /// Resolves history against this questionnaire: answers by item id
    /// (values that do not fit are unknown), scores by score id.
    pub fn prepare_history(&self, h: &History) -> PreparedHistory {
        let frame = |p: &PastResponse| {
            let mut items = vec![None; self.item_count()];
            for (id, v) in &p.answers {
                if let Some(i) = self.item_index(id) {
                    if let Some(item) = self.item(i) {
                        items[i] = parse_answer(item, v).ok().flatten();
                    }
                }
            }
            let scores = self.q.scores.iter().map(|s| p.scores.get(&s.id).copied()).collect();
            Frame { items, scores }
        };
        PreparedHistory {
            previous: h.previous.as_ref().map(frame),
            baseline: h.baseline.as_ref().map(frame),
            days_since_previous: h.days_since_previous.map(|d| d as f64),
            days_since_baseline: h.days_since_baseline.map(|d| d as f64),
            days_since_index: h.days_since_index,
            earlier: h.earlier.iter().map(|d| PastFrame { frame: frame(&d.response), days_ago: d.days_ago as f64 }).collect(),
        }
    }

    /// Decides which items are visible and clears the answers of hidden ones.
    /// Returns visibility per item index.
    pub fn apply_visibility(&self, frame: &mut Frame, history: &PreparedHistory) -> Vec<bool> {
        let n = self.item_count();
        let mut visible = vec![false; n];
        let mut page_vis: Vec<Option<bool>> = vec![None; self.page_cond.len()];
        for &i in &self.order {
            let ctx = history.ctx(frame);
            let page = self.item_pos[i].0;
            let pv = match page_vis[page] {
                Some(v) => v,
                None => {
                    let v = self.page_cond[page].as_ref().is_none_or(|c| c.is_true(&ctx));
                    page_vis[page] = Some(v);
                    v
                }
            };
            let v = pv && self.item_cond[i].as_ref().is_none_or(|c| c.is_true(&ctx));
            visible[i] = v;
            if !v {
                frame.items[i] = None;
            }
        }
        visible
    }

    fn visible_ids(&self, visible: &[bool]) -> Vec<String> {
        (0..self.item_count()).filter(|i| visible[*i]).filter_map(|i| self.item(i).map(|it| it.id.clone())).collect()
    }

    /// Ids of the items shown for these answers, in order (for the browser).
    pub fn visible_items(&self, answers: &Answers, history: &History) -> Vec<String> {
        let (mut frame, _) = self.prepare(answers);
        let visible = self.apply_visibility(&mut frame, &self.prepare_history(history));
        self.visible_ids(&visible)
    }

    /// The visible numbers outside their expected range that the
    /// respondent has not confirmed, as errors asking to confirm them.
    /// Kept apart from [`Compiled::validate`]: such a value is a valid
    /// answer (staff entering a paper form, an import), only the
    /// respondent's own form asks about it before it is sent.
    pub fn unconfirmed(&self, answers: &Answers, confirmed: &crate::answers::Confirmed) -> Vec<AnswerError> {
        let visible = self.visible_items(answers, &History::default());
        self.questionnaire()
            .items()
            .filter(|item| visible.contains(&item.id))
            .filter_map(|item| {
                let n = crate::answers::unexpected_value(item, answers.get(&item.id)?)?;
                (confirmed.get(&item.id) != Some(&n)).then(|| crate::answers::unconfirmed_error(item, n))
            })
            .collect()
    }

    /// Checks a response: types, ranges, options, required visible items.
    /// Answers to hidden items are dropped, not reported.
    pub fn validate(&self, answers: &Answers, history: &History, mode: Completeness) -> Validation {
        let (mut frame, errors) = self.prepare(answers);
        let visible = self.apply_visibility(&mut frame, &self.prepare_history(history));
        // Errors of hidden items do not matter.
        let mut errors: Vec<AnswerError> = errors.into_iter().filter(|e| self.item_index(&e.item).is_none_or(|i| visible[i])).collect();
        let mut clean = Answers::new();
        let mut dropped = Vec::new();
        for i in 0..self.item_count() {
            let Some(item) = self.item(i) else { continue };
            if !visible[i] {
                if answers.contains_key(&item.id) {
                    dropped.push(item.id.clone());
                }
                continue;
            }
            match &frame.items[i] {
                Some(a) => {
                    clean.insert(item.id.clone(), a.to_value(item));
                }
                None => {
                    let already = errors.iter().any(|e| e.item == item.id);
                    if mode == Completeness::Final && item.required && !already {
                        errors.push(required_error(&item.id));
                    }
                }
            }
        }
        // Report in questionnaire order.
        errors.sort_by_key(|e| self.item_index(&e.item).unwrap_or(usize::MAX));
        Validation { answers: clean, visible: self.visible_ids(&visible), dropped, errors }
    }

    /// Computes scores and flags. Invalid answers count as unanswered; call
    /// [`Compiled::validate`] first to report them.
    pub fn evaluate(&self, answers: &Answers, history: &History) -> Evaluation {
        let (frame, _) = self.prepare(answers);
        self.evaluate_prepared(frame, &self.prepare_history(history))
    }

    /// [`Compiled::evaluate`] on a prepared frame (the fast path).
    pub fn evaluate_prepared(&self, mut frame: Frame, history: &PreparedHistory) -> Evaluation {
        let visible = self.apply_visibility(&mut frame, history);
        let flags = self.scores_and_flags(&mut frame, history);
        Evaluation {
            questionnaire: self.q.id.clone(),
            version: self.q.version,
            visible: self.visible_ids(&visible),
            scores: self.q.scores.iter().zip(&frame.scores).map(|(s, v)| (s.id.clone(), *v)).collect(),
            flags,
        }
    }

    /// Fills `frame.scores` and returns the raised flags, most urgent
    /// first. `frame` must already have hidden items cleared.
    pub fn scores_and_flags(&self, frame: &mut Frame, history: &PreparedHistory) -> Vec<Flag> {
        frame.scores.resize(self.scores.len(), None);
        for (i, s) in self.scores.iter().enumerate() {
            let v = s.compute(&history.ctx(frame));
            frame.scores[i] = v;
        }
        let history = self.comparable_history(frame, history);
        let ctx = history.ctx(frame);
        let mut flags = Vec::new();
        for (r, def) in self.rules.iter().zip(&self.q.rules) {
            if r.code.is_true(&ctx) {
                let explanation = self.explain(r, &ctx);
                let level = match def.level {
                    RuleLevel::Red => FlagLevel::Red,
                    RuleLevel::Yellow => FlagLevel::Yellow,
                };
                flags.push(Flag { rule: def.id.clone(), level, message: def.message.clone(), explanation });
            }
        }
        if let Some(ci) = self.contact_item {
            if matches!(frame.items.get(ci), Some(Some(Answer::Bool(true)))) {
                let id = self.item(ci).map(|i| i.id.clone()).unwrap_or_default();
                flags.push(Flag {
                    rule: CONTACT_FLAG.into(),
                    level: FlagLevel::Contact,
                    message: LangText::new("Ønsker at blive kontaktet.", "Asked to be contacted."),
                    explanation: vec![Explained { reference: id, value: Some(ShownValue::Bool(true)), days_ago: None }],
                });
            }
        }
        flags.sort_by_key(|f| f.level);
        flags
    }

    /// Only the flag conditions, as a count of rules that fire (for
    /// benchmarks and dry runs that need no explanations).
    pub fn count_firing(&self, frame: &Frame, history: &PreparedHistory) -> usize {
        let history = self.comparable_history(frame, history);
        let ctx = history.ctx(frame);
        self.rules.iter().filter(|r| r.code.is_true(&ctx)).count()
    }

    /// The values that made a rule true, each once, as staff read them:
    /// first those read as the rule writes them (in the rule's order, with
    /// how many days ago an earlier value was given), then, for
    /// `in_each_of_last`/`in_at_least_of_last`, each response's own values
    /// with its days.
    fn explain(&self, r: &CRule, ctx: &Ctx<'_>) -> Vec<Explained> {
        let mut deciding = Vec::new();
        r.code.deciding_values(ctx, &mut deciding);
        let label_of = |code: &CExpr| r.refs.iter().find(|(_, c, _)| c == code);
        let mut out: Vec<Explained> = r
            .refs
            .iter()
            .filter(|(_, code, _)| deciding.contains(&(code.clone(), ReadFrom::AsWritten)))
            .map(|(label, code, item)| Explained {
                reference: label.clone(),
                value: self.show(code.eval(ctx), *item),
                days_ago: match code {
                    CExpr::Item(When::Previous, _) | CExpr::Score(When::Previous, _) => ctx.days_since_previous,
                    CExpr::Item(When::Baseline, _) | CExpr::Score(When::Baseline, _) => ctx.days_since_baseline,
                    CExpr::Window(w, leaf, days, reach) => ctx.window(*w, leaf, *days, *reach).and_then(|(_, k)| ctx.days_ago(k)),
                    _ => None,
                }
                .map(|d| d as i64),
            })
            .collect();
        for (code, from) in &deciding {
            let ReadFrom::Response(k) = from else { continue };
            let (Some((label, _, item)), Some(days)) = (label_of(code), ctx.days_ago(*k)) else { continue };
            let frame = if *k == 0 { ctx.current } else { &ctx.earlier[*k - 1].frame };
            out.push(Explained { reference: label.clone(), value: self.show(code.eval(&Ctx::alone(frame)), *item), days_ago: Some(days as i64) });
        }
        out
    }

    /// The earlier responses as rules see them beside `frame` (whose scores
    /// are computed): a past sum or mean whose items were not answered the
    /// same way both times is unknown, so a change in it cannot fire a rule
    /// (see [`CScore::same_items_answered`]). Borrowed when nothing differs.
    fn comparable_history<'h>(&self, frame: &Frame, history: &'h PreparedHistory) -> Cow<'h, PreparedHistory> {
        let differs = |past: &Frame| -> Vec<usize> {
            self.scores
                .iter()
                .enumerate()
                .filter(|(i, s)| matches!(past.scores.get(*i), Some(Some(_))) && !s.same_items_answered(frame, past))
                .map(|(i, _)| i)
                .collect()
        };
        let pasts = history.previous.iter().chain(&history.baseline).chain(history.earlier.iter().map(|p| &p.frame));
        if pasts.clone().all(|p| differs(p).is_empty()) {
            return Cow::Borrowed(history);
        }
        let mask = |past: &Frame| {
            let mut masked = past.clone();
            for i in differs(past) {
                masked.scores[i] = None;
            }
            masked
        };
        Cow::Owned(PreparedHistory {
            previous: history.previous.as_ref().map(mask),
            baseline: history.baseline.as_ref().map(mask),
            days_since_previous: history.days_since_previous,
            days_since_baseline: history.days_since_baseline,
            days_since_index: history.days_since_index,
            earlier: history.earlier.iter().map(|p| PastFrame { frame: mask(&p.frame), days_ago: p.days_ago }).collect(),
        })
    }

    /// An earlier response to `past` (the questionnaire version it
    /// answered), reduced to what this questionnaire can compare with: the
    /// answers to items with the same id and meaning (type, options and
    /// their weights, scale ends, unit) and the scores with the same id and
    /// definition over such items. Anything else is left out, so rules see
    /// it as unknown and do not fire on it.
    pub fn comparable_past(&self, past: &Compiled, response: &PastResponse) -> PastResponse {
        let answers = response.answers.iter().filter(|(id, _)| self.comparable_item(past, id)).map(|(id, v)| (id.clone(), v.clone())).collect();
        let scores = response.scores.iter().filter(|(id, _)| self.comparable_score(past, id)).map(|(id, v)| (id.clone(), *v)).collect();
        PastResponse { answers, scores }
    }

    /// Whether item `id` means the same here and in `past`: both ask it,
    /// with the same type, options and weights, scale ends or unit.
    pub fn comparable_item(&self, past: &Compiled, id: &str) -> bool {
        match (self.item_index(id), past.item_index(id)) {
            (Some(a), Some(b)) => match (self.item(a), past.item(b)) {
                (Some(a), Some(b)) => same_meaning(&a.kind, &b.kind),
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether score `id` is computed the same way here and in `past`: the
    /// same kind, items, minimum answered and formula, over comparable items.
    pub fn comparable_score(&self, past: &Compiled, id: &str) -> bool {
        let mine = self.q.scores.iter().find(|s| s.id == id);
        let theirs = past.q.scores.iter().find(|s| s.id == id);
        match (mine, theirs) {
            (Some(a), Some(b)) => {
                a.kind == b.kind
                    && a.items == b.items
                    && a.min_answered == b.min_answered
                    && a.expr == b.expr
                    && a.items.iter().all(|i| self.comparable_item(past, &i.id))
                    && a.expr.as_deref().is_none_or(|e| identifiers(e).all(|w| self.item_index(w).is_none() || self.comparable_item(past, w)))
            }
            _ => false,
        }
    }

    /// The compiled condition of one rule, by id (for benchmarks and tools).
    pub fn rule_code(&self, id: &str) -> Option<&CExpr> {
        self.q.rules.iter().position(|r| r.id == id).and_then(|i| self.rules.get(i)).map(|r| &r.code)
    }

    /// A past response from answers, with scores computed by this
    /// questionnaire's definitions (for rule tests and imports).
    pub fn past_response(&self, answers: &Answers) -> PastResponse {
        let (mut frame, _) = self.prepare(answers);
        let hist = PreparedHistory::default();
        self.apply_visibility(&mut frame, &hist);
        self.scores_and_flags(&mut frame, &hist);
        let mut clean = Answers::new();
        for (i, a) in frame.items.iter().enumerate() {
            if let (Some(a), Some(item)) = (a, self.item(i)) {
                clean.insert(item.id.clone(), a.to_value(item));
            }
        }
        let scores = self.q.scores.iter().zip(&frame.scores).filter_map(|(s, v)| v.map(|v| (s.id.clone(), v))).collect();
        PastResponse { answers: clean, scores }
    }

    fn show(&self, v: V<'_>, item: Option<usize>) -> Option<ShownValue> {
        let opts = item.and_then(|i| self.item(i)).map(|i| i.kind.options()).unwrap_or(&[]);
        Some(match v {
            V::Unknown => return None,
            V::Bool(b) => ShownValue::Bool(b),
            V::Num(n) => ShownValue::Number(n.to_f64()),
            V::Date(d) => ShownValue::Text(time::Date::from_julian_day(d).map(super::rules::ast::format_date).unwrap_or_default()),
            V::Text(t) => ShownValue::Text(t.to_string()),
            V::Choice(c) => ShownValue::Text(opts.get(c as usize).map(|o| o.value.clone()).unwrap_or_default()),
            V::Set(s) => {
                ShownValue::Choices(opts.iter().enumerate().filter(|(i, _)| *i < 64 && s & (1u64 << i) != 0).map(|(_, o)| o.value.clone()).collect())
            }
        })
    }
}

fn kind_name(k: ScoreKind) -> &'static str {
    match k {
        ScoreKind::Sum => "sum",
        ScoreKind::Mean => "mean",
        ScoreKind::Expr => "expr",
    }
}

/// Parses and compiles an optional expression; returns the code and the
/// current items it reads.
fn compile_opt(c: &mut Checker, site: Site, src: Option<&str>, scope: &Scope<'_>, want: Want) -> (Option<CExpr>, Vec<usize>) {
    let Some(src) = src else {
        return (None, Vec::new());
    };
    match parse(src) {
        Err(e) => {
            c.rule_error(site, RuleError::new(e.span, in_place(&e.message, &scope.context)));
            (None, Vec::new())
        }
        Ok(ast) => match scope.compile(&ast, want) {
            Ok(comp) => (Some(comp.code), comp.current_items),
            Err(e) => {
                c.rule_error(site, e);
                (None, Vec::new())
            }
        },
    }
}

fn check_item(c: &mut Checker, index: usize, item: &Item) {
    let is = |f: &str| Site::Item { item: index, field: f.into() };
    let what = format!("item `{}`", item.id);
    c.respondent_text(is("text"), &item.text, &what);
    if let Some(h) = &item.help {
        c.respondent_text(is("help"), h, &format!("the help of {what}"));
    }
    match &item.kind {
        ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => {
            if options.len() < 2 {
                c.err(is("options"), format!("{what} needs at least 2 options"));
            }
            if options.len() > MAX_OPTIONS {
                c.err(is("options"), format!("{what} has {} options; at most {MAX_OPTIONS} are allowed", options.len()));
            }
            let mut seen = BTreeSet::new();
            for (oi, o) in options.iter().enumerate() {
                let os = |f: &str| Site::ItemOption { item: index, option: oi, field: f.into() };
                if !is_valid_option_value(&o.value) {
                    c.err(os("value"), format!("option value `{}` of {what} may contain only a-z, 0-9 and _", o.value));
                }
                if !seen.insert(o.value.as_str()) {
                    c.err(os("value"), format!("duplicate option value `{}` in {what}", o.value));
                }
                c.text(os("text"), &o.text, &format!("option `{}` of {what}", o.value));
                if o.weight.is_some_and(|w| !w.is_finite()) {
                    c.err(os("weight"), format!("the weight of option `{}` must be a finite number", o.value));
                }
            }
        }
        ItemKind::Scale { min, max, min_label, max_label } => {
            if min >= max {
                c.err(is("min"), format!("impossible range in {what}: min ({min}) must be less than max ({max})"));
            } else if max - min > 100 {
                c.err(is("max"), format!("the scale of {what} has more than 101 steps"));
            }
            c.text(is("min_label"), min_label, &format!("the min_label of {what}"));
            c.text(is("max_label"), max_label, &format!("the max_label of {what}"));
        }
        ItemKind::Number { min, max, decimals, unit, expected_min, expected_max } => {
            if !min.is_finite() || !max.is_finite() || min > max {
                c.err(is("min"), format!("impossible range in {what}: min ({min}) is greater than max ({max})"));
            }
            // The expected range lies inside the hard one: a value the
            // respondent confirms must still be one that is accepted.
            for (key, bound) in [("expected_min", expected_min), ("expected_max", expected_max)] {
                if let Some(n) = bound {
                    if n < min || n > max {
                        c.err(is(key), format!("`{key}` ({n}) of {what} is outside its range, {min} to {max}"));
                    }
                }
            }
            if let (Some(lo), Some(hi)) = (expected_min, expected_max) {
                if lo > hi {
                    c.err(
                        is("expected_min"),
                        format!("impossible expected range in {what}: `expected_min` ({lo}) is greater than `expected_max` ({hi})"),
                    );
                }
            }
            if *decimals > 6 {
                c.err(is("decimals"), format!("{what} allows {decimals} decimals; at most 6 are allowed"));
            }
            if let Some(u) = unit {
                c.text(is("unit"), u, &format!("the unit of {what}"));
            }
        }
        ItemKind::Text { max_length } => {
            if *max_length == 0 {
                c.err(is("max_length"), format!("max_length of {what} must be at least 1"));
            }
        }
        ItemKind::Display => {
            if item.required {
                c.err(is("required"), format!("{what} is a display item and cannot be required"));
            }
        }
        ItemKind::YesNo | ItemKind::Date => {}
    }
}

fn score_part(c: &mut Checker, site: Site, score: &str, index: usize, item: &Item, reverse: bool) -> Option<ScorePart> {
    let value = match &item.kind {
        ItemKind::Scale { min, max, .. } => PartValue::Number { flip: reverse.then(|| f64::from(*min) + f64::from(*max)) },
        ItemKind::Number { min, max, .. } => PartValue::Number { flip: reverse.then(|| min + max) },
        ItemKind::YesNo => {
            if reverse {
                PartValue::YesNo { yes: 0.0, no: 1.0 }
            } else {
                PartValue::YesNo { yes: 1.0, no: 0.0 }
            }
        }
        ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => {
            let Some(w): Option<Vec<f64>> = options.iter().map(|o| o.weight).collect() else {
                c.err(site, format!("item `{}` is used in score `{score}`, so every option needs a weight", item.id));
                return None;
            };
            if reverse && matches!(item.kind, ItemKind::MultipleChoice { .. }) {
                c.err(site, format!("multiple-choice item `{}` cannot be reverse-scored", item.id));
                return None;
            }
            let lo = w.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            PartValue::Weights(if reverse { w.iter().map(|x| lo + hi - x).collect() } else { w })
        }
        ItemKind::Date | ItemKind::Text { .. } | ItemKind::Display => {
            c.err(site, format!("item `{}` is {} and cannot be scored", item.id, item.kind.type_name()));
            return None;
        }
    };
    Some(ScorePart { item: index, value })
}

/// Orders items so that each condition's inputs come first; reports cycles.
fn visibility_order(
    c: &mut Checker,
    deps: &[Vec<usize>],
    item_pos: &[(usize, usize)],
    pages: &[super::model::Page],
    items: &[(&str, ItemType, &[super::model::AnswerOption])],
) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let n = deps.len();
    let mut mark = vec![Mark::New; n];
    let mut order = Vec::with_capacity(n);
    let mut reported = BTreeSet::new();
    // Iterative DFS: (node, next dependency index).
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&d) = deps[node].get(*next) {
                *next += 1;
                match mark.get(d) {
                    Some(Mark::New) => {
                        mark[d] = Mark::Active;
                        stack.push((d, 0));
                    }
                    Some(Mark::Active) => {
                        // Cycle: from d along the stack back to node, then d.
                        let pos = stack.iter().position(|(x, _)| *x == d).unwrap_or(0);
                        let cycle: Vec<usize> = stack[pos..].iter().map(|(x, _)| *x).collect();
                        let key: BTreeSet<usize> = cycle.iter().copied().collect();
                        if reported.insert(key.into_iter().collect::<Vec<_>>()) {
                            let mut path: Vec<String> = cycle.iter().map(|i| format!("`{}`", items[*i].0)).collect();
                            path.push(format!("`{}`", items[d].0));
                            let page = item_pos[node].0;
                            let own = deps_of_own_condition(pages, item_pos, node, items[d].0);
                            let site = if own {
                                Site::Item { item: node, field: "enable_when".into() }
                            } else {
                                Site::Page { page, field: "enable_when".into() }
                            };
                            c.err(site, format!("condition cycle: {} (each is shown depending on the next)", path.join(" → ")));
                        }
                    }
                    _ => {}
                }
            } else {
                mark[node] = Mark::Done;
                order.push(node);
                stack.pop();
            }
        }
    }
    order
}

/// Whether `node`'s own enable_when mentions `dep` (else the page's does).
fn deps_of_own_condition(pages: &[super::model::Page], item_pos: &[(usize, usize)], node: usize, dep: &str) -> bool {
    let (p, k) = item_pos[node];
    let Some(src) = pages.get(p).and_then(|pg| pg.items.get(k)).and_then(|i| i.enable_when.as_deref()) else {
        return false;
    };
    parse(src).map(|e| e.current_item_refs().iter().any(|(id, _)| id == dep)).unwrap_or(false)
}

/// Shows an [`AnswerValue`] compactly, for messages.
pub fn show_answer(v: &AnswerValue) -> String {
    match v {
        AnswerValue::Bool(b) => b.to_string(),
        AnswerValue::Number(n) => n.to_string(),
        AnswerValue::Text(t) => format!("{t:?}"),
        AnswerValue::Choices(c) => format!("{c:?}"),
    }
}
