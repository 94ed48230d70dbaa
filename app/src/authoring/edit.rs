//! The editor's changes to a draft: each form on the editor page posts one
//! operation (`_op`) with its fields, applied here to the model. Plain
//! functions, so every operation is tested without a browser.
//!
//! Two kinds of problems, handled differently on purpose:
//! - a value that cannot even be put in the model (a window of "ten"
//!   days, an option line without a text) is refused here with the field's
//!   name, and nothing is saved;
//! - a model that is representable but wrong (a rule naming an unknown item,
//!   an empty translation) is saved as the draft and reported by the
//!   engine's checks at its place, the same messages `svar check` prints.
//!   Publishing is refused until it is fixed.

use crate::domain::form_error::{FieldError, InvalidValue};
use crate::engine::model::{AnswerOption, FlagRule, Item, ItemKind, Page, Questionnaire, RuleLevel, RuleTest, Score, ScoreItem, ScoreKind};
use crate::engine::pathway::{Duration, Pathway, Repeat, TimePoint};
use crate::engine::{Answers, LangText};
use crate::i18n::t;

/// Longest text accepted in any editor field (a rule, a help text).
pub const MAX_FIELD_CHARS: usize = 4000;
/// Most elements of one kind in a questionnaire (pages, items, rules...):
/// the engine's limit, so the editor never saves what the checker refuses.
pub const MAX_ELEMENTS: usize = crate::engine::compile::MAX_ELEMENTS;

/// The posted fields of one form.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a>(pub &'a [(String, String)]);

impl<'a> Fields<'a> {
    /// The field's value, trimmed ("" when missing).
    pub fn get(&self, name: &str) -> &'a str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).unwrap_or_default()
    }

    /// The field's value as typed (multi-line texts keep their lines).
    pub fn raw(&self, name: &str) -> &'a str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default()
    }

    /// Every value of a repeated field (checkboxes).
    pub fn all(&self, name: &str) -> Vec<&'a str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect()
    }

    fn text(&self, name: &'static str) -> Result<String, FieldError> {
        let v = self.get(name);
        if v.chars().count() > MAX_FIELD_CHARS {
            return Err(InvalidValue::too_long(MAX_FIELD_CHARS).at(name));
        }
        Ok(v.to_owned())
    }

    fn lang(&self, prefix: &'static str) -> Result<LangText, Vec<FieldError>> {
        let (da, en) = lang_field_names(prefix);
        match (self.text(da), self.text(en)) {
            (Ok(da), Ok(en)) => Ok(LangText { da, en }),
            (a, b) => Err([a.err(), b.err()].into_iter().flatten().collect()),
        }
    }

    fn optional(&self, name: &'static str) -> Result<Option<String>, FieldError> {
        Ok(Some(self.text(name)?).filter(|v| !v.is_empty()))
    }

    fn index(&self, name: &'static str, len: usize) -> Result<usize, FieldError> {
        self.get(name).parse::<usize>().ok().filter(|i| *i < len).ok_or_else(|| FieldError::text(name, t::authoring::ELEMENT_DOES_NOT_EXIST_ANY))
    }

    fn number<T: std::str::FromStr>(&self, name: &'static str) -> Result<T, FieldError> {
        let text = self.get(name).replace(',', ".");
        // `inf` and `NaN` parse as f64 but are no one's range (nor JSON).
        if text.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err(FieldError::text(name, t::authoring::ENTER_NUMBER));
        }
        text.parse::<T>().map_err(|_| FieldError::text(name, t::authoring::ENTER_NUMBER))
    }

    fn up(&self) -> bool {
        self.get("direction") == "up"
    }
}

/// The form fields of a text's two languages (`title` → `title_da`,
/// `title_en`); the editor's forms and this reader agree through it.
pub fn lang_field_names(prefix: &str) -> (&'static str, &'static str) {
    match prefix {
        "title" => ("title_da", "title_en"),
        "description" => ("description_da", "description_en"),
        "text" => ("text_da", "text_en"),
        "help" => ("help_da", "help_en"),
        "message" => ("message_da", "message_en"),
        "advice" => ("advice_da", "advice_en"),
        "rationale" => ("rationale_da", "rationale_en"),
        "index_event" => ("index_event_da", "index_event_en"),
        "min_label" => ("min_label_da", "min_label_en"),
        "max_label" => ("max_label_da", "max_label_en"),
        _ => ("unit_da", "unit_en"),
    }
}

fn one(e: FieldError) -> Vec<FieldError> {
    vec![e]
}

fn too_many(field: &'static str) -> Vec<FieldError> {
    one(InvalidValue::with(t::authoring::AT_MOST_OF_THESE, &[("max", &MAX_ELEMENTS)]).at(field))
}

/// Moves element `i` one place up or down (nothing at the ends).
fn shift<T>(v: &mut [T], i: usize, up: bool) {
    if up && i > 0 {
        v.swap(i, i - 1);
    } else if !up && i + 1 < v.len() {
        v.swap(i, i + 1);
    }
}

/// Reads option lines `value | Danish | English | weight` (weight may be
/// left out), one option per line.
pub fn parse_options(text: &str) -> Result<Vec<AnswerOption>, FieldError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let bad = |problem: crate::i18n::Text| {
            let line = |locale| t::authoring::OPTION_LINE.fill(locale, &[("line", &(n + 1)), ("problem", &problem.get(locale))]);
            FieldError::new("options", line(crate::i18n::Locale::Da), line(crate::i18n::Locale::En))
        };
        if parts.len() < 3 || parts.len() > 4 {
            return Err(bad(t::authoring::WRITE_VALUE_DANISH_TEXT_ENGLISH));
        }
        let weight = match parts.get(3).filter(|w| !w.is_empty()) {
            None => None,
            Some(w) => Some(w.replace(',', ".").parse::<f64>().ok().filter(|w| w.is_finite()).ok_or_else(|| bad(t::authoring::POINTS_MUST_NUMBER))?),
        };
        out.push(AnswerOption { value: parts[0].to_owned(), text: LangText { da: parts[1].to_owned(), en: parts[2].to_owned() }, weight });
    }
    Ok(out)
}

/// The option lines of an item, for its form.
pub fn options_text(options: &[AnswerOption]) -> String {
    options
        .iter()
        .map(|o| {
            let weight = o.weight.map(|w| format!(" | {w}")).unwrap_or_default();
            format!("{} | {} | {}{weight}", o.value, o.text.da, o.text.en)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A new item of a type, with the defaults a clinician would start from.
fn new_kind(type_name: &str, f: &Fields<'_>) -> Result<ItemKind, Vec<FieldError>> {
    let options = || parse_options(f.raw("options")).map_err(one);
    Ok(match type_name {
        "single_choice" => ItemKind::SingleChoice { options: options()? },
        "multiple_choice" => ItemKind::MultipleChoice { options: options()? },
        "scale" => ItemKind::Scale {
            min: 0,
            max: 10,
            min_label: LangText::from(t::authoring::NEW_SCALE_MIN_LABEL),
            max_label: LangText::from(t::authoring::NEW_SCALE_MAX_LABEL),
        },
        "number" => ItemKind::Number { unit: None, min: 0.0, max: 100.0, decimals: 0, expected_min: None, expected_max: None },
        "yes_no" => ItemKind::YesNo,
        "date" => ItemKind::Date,
        "text" => ItemKind::Text { max_length: 500 },
        "display" => ItemKind::Display,
        _ => {
            return Err(one(FieldError::text("type", t::authoring::CHOOSE_TYPE)));
        }
    })
}

/// The value, or None with its error kept.
fn take<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// The type-specific fields of an item's form.
fn edited_kind(old: &ItemKind, f: &Fields<'_>) -> Result<ItemKind, Vec<FieldError>> {
    let type_name = match f.get("type") {
        "" => old.type_name(),
        t => t,
    };
    if type_name != old.type_name() {
        // A new type starts from its defaults; options carry over between
        // the two choice types.
        return new_kind(type_name, f);
    }
    let mut errors = Vec::new();
    let kind = match old {
        ItemKind::SingleChoice { .. } | ItemKind::MultipleChoice { .. } => {
            let options = take(&mut errors, parse_options(f.raw("options"))).unwrap_or_default();
            if matches!(old, ItemKind::SingleChoice { .. }) {
                ItemKind::SingleChoice { options }
            } else {
                ItemKind::MultipleChoice { options }
            }
        }
        ItemKind::Scale { .. } => {
            let (min, max) = (take(&mut errors, f.number::<i32>("min")), take(&mut errors, f.number::<i32>("max")));
            let labels = (f.lang("min_label"), f.lang("max_label"));
            let (min_label, max_label) = match labels {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    errors.extend(a.err().into_iter().chain(b.err()).flatten());
                    (LangText::default(), LangText::default())
                }
            };
            ItemKind::Scale { min: min.unwrap_or_default(), max: max.unwrap_or_default(), min_label, max_label }
        }
        ItemKind::Number { .. } => {
            let (min, max) = (take(&mut errors, f.number::<f64>("min")), take(&mut errors, f.number::<f64>("max")));
            let decimals = take(&mut errors, f.number::<u8>("decimals"));
            let unit = match f.lang("unit") {
                Ok(u) if u.da.is_empty() && u.en.is_empty() => None,
                Ok(u) => Some(u),
                Err(e) => {
                    errors.extend(e);
                    None
                }
            };
            // The expected range may be left out, at either end.
            let mut optional = |name: &'static str| match f.get(name).trim() {
                "" => None,
                _ => take(&mut errors, f.number::<f64>(name)),
            };
            let (expected_min, expected_max) = (optional("expected_min"), optional("expected_max"));
            ItemKind::Number {
                unit,
                min: min.unwrap_or_default(),
                max: max.unwrap_or_default(),
                decimals: decimals.unwrap_or_default(),
                expected_min,
                expected_max,
            }
        }
        ItemKind::Text { .. } => ItemKind::Text { max_length: take(&mut errors, f.number::<u32>("max_length")).unwrap_or(500) },
        other => other.clone(),
    };
    if errors.is_empty() {
        Ok(kind)
    } else {
        Err(errors)
    }
}

/// (page, index in page) of item `n` in document order.
fn item_at(q: &Questionnaire, page: usize, index: usize) -> Result<(usize, usize), Vec<FieldError>> {
    match q.pages.get(page) {
        Some(p) if index < p.items.len() => Ok((page, index)),
        _ => Err(one(FieldError::text("item", t::authoring::ITEM_DOES_NOT_EXIST_ANY))),
    }
}

/// Applies one editor operation to a questionnaire draft.
pub fn apply_questionnaire(q: &mut Questionnaire, op: &str, f: &Fields<'_>) -> Result<(), Vec<FieldError>> {
    match op {
        "details" => {
            let (title, description) = (f.lang("title"), f.lang("description"));
            let contact = f.optional("contact_item").map_err(one)?;
            q.title = title?;
            q.description = description?;
            q.contact_item = contact;
        }
        "add_page" => {
            if q.pages.len() >= MAX_ELEMENTS {
                return Err(too_many("page_id"));
            }
            q.pages.push(Page { id: f.text("page_id").map_err(one)?, title: f.lang("title")?, enable_when: None, items: Vec::new() });
        }
        "page" => {
            let i = f.index("page", q.pages.len()).map_err(one)?;
            let (id, title, when) = (f.text("page_id").map_err(one)?, f.lang("title")?, f.optional("enable_when").map_err(one)?);
            let page = &mut q.pages[i];
            page.id = id;
            page.title = title;
            page.enable_when = when;
        }
        "move_page" => {
            let i = f.index("page", q.pages.len()).map_err(one)?;
            shift(&mut q.pages, i, f.up());
        }
        "remove_page" => {
            let i = f.index("page", q.pages.len()).map_err(one)?;
            q.pages.remove(i);
        }
        "add_item" => {
            let p = f.index("page", q.pages.len()).map_err(one)?;
            if q.items().count() >= MAX_ELEMENTS {
                return Err(too_many("item_id"));
            }
            let item = Item {
                id: f.text("item_id").map_err(one)?,
                text: f.lang("text")?,
                help: None,
                required: f.get("required") == "on",
                enable_when: f.optional("enable_when").map_err(one)?,
                kind: new_kind(f.get("type"), f)?,
            };
            q.pages[p].items.push(item);
        }
        "item" => {
            let p = f.index("page", q.pages.len()).map_err(one)?;
            let (p, i) = item_at(q, p, f.get("index").parse().unwrap_or(usize::MAX))?;
            let old = &q.pages[p].items[i];
            let kind = edited_kind(&old.kind, f)?;
            let help = f.lang("help")?;
            let item = Item {
                id: f.text("item_id").map_err(one)?,
                text: f.lang("text")?,
                help: (!help.da.is_empty() || !help.en.is_empty()).then_some(help),
                required: f.get("required") == "on",
                enable_when: f.optional("enable_when").map_err(one)?,
                kind,
            };
            q.pages[p].items[i] = item;
        }
        "move_item" => {
            let p = f.index("page", q.pages.len()).map_err(one)?;
            let (p, i) = item_at(q, p, f.get("index").parse().unwrap_or(usize::MAX))?;
            let len = q.pages[p].items.len();
            // At a page's edge the item moves on to the neighbouring page.
            if f.up() && i == 0 && p > 0 {
                let item = q.pages[p].items.remove(0);
                q.pages[p - 1].items.push(item);
            } else if !f.up() && i + 1 == len && p + 1 < q.pages.len() {
                let item = q.pages[p].items.remove(i);
                q.pages[p + 1].items.insert(0, item);
            } else {
                shift(&mut q.pages[p].items, i, f.up());
            }
        }
        "remove_item" => {
            let p = f.index("page", q.pages.len()).map_err(one)?;
            let (p, i) = item_at(q, p, f.get("index").parse().unwrap_or(usize::MAX))?;
            q.pages[p].items.remove(i);
        }
        "add_score" | "score" => {
            let kind = match f.get("kind") {
                "sum" => ScoreKind::Sum,
                "mean" => ScoreKind::Mean,
                "expr" => ScoreKind::Expr,
                _ => return Err(one(FieldError::text("kind", t::authoring::CHOOSE_HOW_COMPUTED))),
            };
            let reversed: Vec<String> = split_ids(f.get("reversed"));
            let items = split_ids(f.get("items")).into_iter().map(|id| ScoreItem { reverse: reversed.contains(&id), id }).collect();
            let min_answered = match f.get("min_answered") {
                "" => None,
                _ => Some(f.number::<u32>("min_answered").map_err(one)?),
            };
            let mut score = Score {
                id: f.text("score_id").map_err(one)?,
                text: f.lang("text")?,
                kind,
                items,
                min_answered,
                expr: f.optional("expr").map_err(one)?,
                bands: Vec::new(),
            };
            if op == "score" {
                let i = f.index("index", q.scores.len()).map_err(one)?;
                // The form does not edit bands (the file does): they stay.
                score.bands = std::mem::take(&mut q.scores[i].bands);
                q.scores[i] = score;
            } else if q.scores.len() >= MAX_ELEMENTS {
                return Err(too_many("score_id"));
            } else {
                q.scores.push(score);
            }
        }
        "remove_score" => {
            let i = f.index("index", q.scores.len()).map_err(one)?;
            q.scores.remove(i);
        }
        "add_rule" | "rule" => {
            let level = match f.get("level") {
                "red" => RuleLevel::Red,
                "yellow" => RuleLevel::Yellow,
                _ => return Err(one(FieldError::text("level", t::authoring::CHOOSE_RED_YELLOW))),
            };
            let advice = f.lang("advice")?;
            let rationale = f.lang("rationale")?;
            let rule = FlagRule {
                id: f.text("rule_id").map_err(one)?,
                level,
                when: f.text("when").map_err(one)?,
                message: f.lang("message")?,
                // Both languages empty: no advice.
                advice: (!advice.da.is_empty() || !advice.en.is_empty()).then_some(advice),
                rationale: (!rationale.da.is_empty() || !rationale.en.is_empty()).then_some(rationale),
            };
            if op == "rule" {
                let i = f.index("index", q.rules.len()).map_err(one)?;
                q.rules[i] = rule;
            } else if q.rules.len() >= MAX_ELEMENTS {
                return Err(too_many("rule_id"));
            } else {
                q.rules.push(rule);
            }
        }
        "move_rule" => {
            let i = f.index("index", q.rules.len()).map_err(one)?;
            shift(&mut q.rules, i, f.up());
        }
        "remove_rule" => {
            let i = f.index("index", q.rules.len()).map_err(one)?;
            q.rules.remove(i);
        }
        "remove_test" => {
            let i = f.index("index", q.tests.len()).map_err(one)?;
            q.tests.remove(i);
        }
        _ => return Err(one(FieldError::text("_op", t::authoring::UNKNOWN_ACTION))),
    }
    Ok(())
}

/// A rule test from the answers filled in on the test form (`answers`,
/// read by the engine's own form reader) and the flags it must raise.
pub fn add_test(q: &mut Questionnaire, f: &Fields<'_>, answers: Answers) -> Result<(), Vec<FieldError>> {
    let name = f.text("_test_name").map_err(one)?;
    if name.is_empty() {
        return Err(one(FieldError::text("_test_name", t::authoring::GIVE_TEST_NAME)));
    }
    if q.tests.iter().any(|t| t.name == name) {
        return Err(one(FieldError::text("_test_name", t::authoring::THERE_ALREADY_TEST_NAME)));
    }
    if q.tests.len() >= MAX_ELEMENTS {
        return Err(too_many("_test_name"));
    }
    q.tests.push(RuleTest {
        name,
        answers: answers.into_iter().collect(),
        previous: None,
        baseline: None,
        earlier: Vec::new(),
        index_days_ago: None,
        expect_flags: f.all("_test_expect").into_iter().map(str::to_owned).collect(),
        expect_scores: Default::default(),
    });
    Ok(())
}

fn split_ids(s: &str) -> Vec<String> {
    s.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

fn duration(f: &Fields<'_>, name: &'static str) -> Result<Option<Duration>, FieldError> {
    match f.get(name) {
        "" => Ok(None),
        v => v.parse::<Duration>().map(Some).map_err(|_| FieldError::text(name, t::authoring::WRITE_E_G_1M_2D)),
    }
}

/// Applies one editor operation to a pathway draft.
pub fn apply_pathway(p: &mut Pathway, op: &str, f: &Fields<'_>) -> Result<(), Vec<FieldError>> {
    match op {
        "details" => {
            let (title, index_event) = (f.lang("title"), f.lang("index_event"));
            p.title = title?;
            p.index_event = index_event?;
        }
        "add_timepoint" | "timepoint" => {
            let mut errors = Vec::new();
            let offset = duration(f, "offset").map_err(|e| errors.push(e)).ok().flatten();
            let every = duration(f, "every").map_err(|e| errors.push(e)).ok().flatten();
            let until = duration(f, "until").map_err(|e| errors.push(e)).ok().flatten();
            let window_days = f.number::<u32>("window_days").map_err(|e| errors.push(e)).ok();
            // Empty: no missed-report signal.
            let missed_after_days = match f.get("missed_after_days").trim() {
                "" => None,
                _ => f.number::<u32>("missed_after_days").map_err(|e| errors.push(e)).ok(),
            };
            let reminder_days: Vec<u32> = split_ids(f.get("reminder_days"))
                .iter()
                .filter_map(|d| {
                    d.parse::<u32>().map_err(|_| ()).ok().or_else(|| {
                        errors.push(FieldError::text("reminder_days", t::authoring::WRITE_DAYS_NUMBERS_E_G));
                        None
                    })
                })
                .collect();
            if offset.is_none() && errors.is_empty() {
                errors.push(FieldError::text("offset", t::authoring::SAY_WHEN_E_G_1M));
            }
            let repeat = match (every, until) {
                (Some(every), Some(until)) => Some(Repeat { every, until }),
                (None, None) => None,
                _ => {
                    errors.push(FieldError::text("every", t::authoring::REPEATING_NEEDS_BOTH_EVERY_UNTIL));
                    None
                }
            };
            if !errors.is_empty() {
                return Err(errors);
            }
            let tp = TimePoint {
                id: f.text("timepoint_id").map_err(one)?,
                questionnaire: f.text("questionnaire").map_err(one)?,
                offset: offset.unwrap_or(Duration::days(0)),
                window_days: window_days.unwrap_or_default(),
                reminder_days,
                repeat,
                baseline: f.get("baseline") == "on",
                missed_after_days,
            };
            if op == "timepoint" {
                let i = f.index("index", p.timepoints.len()).map_err(one)?;
                p.timepoints[i] = tp;
            } else if p.timepoints.len() >= MAX_ELEMENTS {
                return Err(too_many("timepoint_id"));
            } else {
                p.timepoints.push(tp);
            }
        }
        "move_timepoint" => {
            let i = f.index("index", p.timepoints.len()).map_err(one)?;
            shift(&mut p.timepoints, i, f.up());
        }
        "remove_timepoint" => {
            let i = f.index("index", p.timepoints.len()).map_err(one)?;
            p.timepoints.remove(i);
        }
        _ => return Err(one(FieldError::text("_op", t::authoring::UNKNOWN_ACTION))),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::load::{load, Document};
    use crate::engine::{Compiled, SourceFile};

    fn follow_up() -> Questionnaire {
        let text = include_str!("../../../questionnaires/ear-tubes-follow-up.toml");
        match load(&SourceFile::new("f.toml", text)).document {
            Some(Document::Questionnaire(q)) => q,
            _ => panic!("shipped file reads"),
        }
    }

    fn pathway() -> Pathway {
        let text = include_str!("../../../questionnaires/ear-tubes.pathway.toml");
        match load(&SourceFile::new("p.toml", text)).document {
            Some(Document::Pathway(p)) => p,
            _ => panic!("shipped file reads"),
        }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn an_added_item_and_a_rule_using_it_compile() {
        let mut q = follow_up();
        let items_before = q.items().count();
        let f =
            fields(&[("page", "0"), ("item_id", "balance"), ("type", "yes_no"), ("text_da", "Balanceproblemer?"), ("text_en", "Balance problems?")]);
        apply_questionnaire(&mut q, "add_item", &Fields(&f)).expect("added");
        assert_eq!(q.items().count(), items_before + 1);
        let f =
            fields(&[("rule_id", "balance_red"), ("level", "red"), ("when", "balance = true"), ("message_da", "Balance"), ("message_en", "Balance")]);
        apply_questionnaire(&mut q, "add_rule", &Fields(&f)).expect("added");
        assert!(Compiled::new(q).is_ok());
    }

    #[test]
    fn a_rule_with_a_type_error_is_kept_for_the_checker_to_report() {
        let mut q = follow_up();
        let f = fields(&[("rule_id", "bad"), ("level", "yellow"), ("when", "ear_pain = \"x\""), ("message_da", "a"), ("message_en", "b")]);
        apply_questionnaire(&mut q, "add_rule", &Fields(&f)).expect("representable, so saved");
        assert_eq!(q.rules.last().map(|r| r.when.as_str()), Some("ear_pain = \"x\""));
        assert!(Compiled::new(q).is_err());
    }

    #[test]
    fn refused_values_name_their_field() {
        let mut q = follow_up();
        let f = fields(&[("rule_id", "r"), ("level", "green")]);
        let e = apply_questionnaire(&mut q, "add_rule", &Fields(&f)).unwrap_err();
        assert_eq!(e[0].field, "level");
        let e = parse_options("a | A\nb | B | b | many").unwrap_err();
        assert_eq!(e.field, "options");
        assert!(e.message.en.starts_with("Line 1:"));
        let e = parse_options("a | A | a\nb | B | b | many").unwrap_err();
        assert!(e.message.en.starts_with("Line 2: points"));
        let f = fields(&[("page", "99"), ("index", "0")]);
        assert_eq!(apply_questionnaire(&mut q, "remove_item", &Fields(&f)).unwrap_err()[0].field, "page");
        let e = apply_questionnaire(&mut q, "nonsense", &Fields(&[])).unwrap_err();
        assert_eq!(e[0].field, "_op");
    }

    #[test]
    fn options_round_trip_through_their_text() {
        let options = parse_options("a | Á | A | 1\n\nb | B | B").expect("reads");
        assert_eq!(options.len(), 2);
        assert_eq!(options[0].weight, Some(1.0));
        assert_eq!(options[1].weight, None);
        assert_eq!(parse_options(&options_text(&options)).expect("reads"), options);
    }

    #[test]
    fn items_move_within_and_across_pages() {
        let mut q = follow_up();
        let first = q.pages[1].items[0].id.clone();
        let last_of_previous = q.pages[0].items.len();
        apply_questionnaire(&mut q, "move_item", &Fields(&fields(&[("page", "1"), ("index", "0"), ("direction", "up")]))).expect("moved");
        assert_eq!(q.pages[0].items[last_of_previous].id, first, "moved to the end of the page before");
        apply_questionnaire(&mut q, "move_item", &Fields(&fields(&[("page", "0"), ("index", &last_of_previous.to_string()), ("direction", "down")])))
            .expect("moved");
        assert_eq!(q.pages[1].items[0].id, first, "and back");
        let second = q.pages[1].items[1].id.clone();
        apply_questionnaire(&mut q, "move_item", &Fields(&fields(&[("page", "1"), ("index", "1"), ("direction", "up")]))).expect("moved");
        assert_eq!(q.pages[1].items[0].id, second);
    }

    #[test]
    fn an_item_edit_keeps_its_type_specific_fields() {
        let mut q = follow_up();
        let (p, i) = q
            .pages
            .iter()
            .enumerate()
            .find_map(|(p, page)| page.items.iter().position(|it| matches!(it.kind, ItemKind::Scale { .. })).map(|i| (p, i)))
            .expect("a scale item");
        let id = q.pages[p].items[i].id.clone();
        let f = fields(&[
            ("page", &p.to_string()),
            ("index", &i.to_string()),
            ("item_id", &id),
            ("text_da", "Ny"),
            ("text_en", "New"),
            ("required", "on"),
            ("min", "1"),
            ("max", "5"),
            ("min_label_da", "lav"),
            ("min_label_en", "low"),
            ("max_label_da", "høj"),
            ("max_label_en", "high"),
        ]);
        apply_questionnaire(&mut q, "item", &Fields(&f)).expect("edited");
        let item = &q.pages[p].items[i];
        assert!(item.required);
        assert!(matches!(&item.kind, ItemKind::Scale { min: 1, max: 5, max_label, .. } if max_label.en == "high"));
        let f = fields(&[("page", &p.to_string()), ("index", &i.to_string()), ("item_id", &id), ("min", "x")]);
        assert_eq!(apply_questionnaire(&mut q, "item", &Fields(&f)).unwrap_err()[0].field, "min");
    }

    #[test]
    fn a_rule_test_from_form_answers() {
        let mut q = follow_up();
        let f = fields(&[("_test_name", "contact"), ("_test_expect", "contact")]);
        let answers: Answers = [("contact".to_owned(), crate::engine::AnswerValue::Bool(true))].into_iter().collect();
        add_test(&mut q, &Fields(&f), answers.clone()).expect("added");
        assert_eq!(q.tests.last().map(|t| t.expect_flags.clone()), Some(vec!["contact".to_owned()]));
        assert_eq!(add_test(&mut q, &Fields(&f), answers).unwrap_err()[0].field, "_test_name", "names are unique");
    }

    #[test]
    fn pathway_time_points() {
        let mut p = pathway();
        let n = p.timepoints.len();
        let f = fields(&[
            ("timepoint_id", "six_months"),
            ("questionnaire", "ear_tubes_follow_up"),
            ("offset", "+6m"),
            ("window_days", "14"),
            ("reminder_days", "3, 7"),
        ]);
        apply_pathway(&mut p, "add_timepoint", &Fields(&f)).expect("added");
        assert_eq!(p.timepoints.len(), n + 1);
        assert_eq!(p.timepoints[n].reminder_days, vec![3, 7]);
        assert!(p.check().is_empty());
        let f = fields(&[("timepoint_id", "x"), ("offset", "soon"), ("window_days", "ten"), ("every", "4w")]);
        let errors = apply_pathway(&mut p, "add_timepoint", &Fields(&f)).unwrap_err();
        let named: Vec<&str> = errors.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(named, vec!["offset", "window_days", "every"]);
    }
}
