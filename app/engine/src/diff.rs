//! What changed between two versions of a questionnaire or pathway, listed
//! so the clinician who approves the new version can read it: one
//! [`Change`] per page, item, score, rule, test or time point that was
//! added, removed, changed or moved, with short details such as
//! `text (en): "Pain?" → "Ear pain?"` or `moved from page ears to page sleep`.
//!
//! Elements are matched by id (tests by name), so renaming an id shows as a
//! removal and an addition. The version number is not compared: it changes
//! with every publication and says nothing about content. An element that
//! both moved and changed is reported once, as changed, with the move among
//! its details. Rule expressions are compared as written; a difference in
//! spacing or line breaks alone is named as such, because it does not change
//! what the rule does but should not go unnoticed either.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::answers::AnswerValue;
use super::model::{AnswerOption, FlagRule, Item, ItemKind, Page, Questionnaire, RuleTest, Score, TestHistory};
use super::pathway::{Pathway, Repeat, TimePoint};
use super::text::LangText;
use super::write::duration_text;
use crate::Locale;

/// One element that differs between the versions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub element: Element,
    /// The element's id (a test's name; the questionnaire's or pathway's own
    /// id for their own fields).
    pub id: String,
    pub kind: ChangeKind,
    /// What changed, one short sentence each; for a removed item, the page
    /// it was on; for an added item, the page it is on.
    pub details: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
    /// Only the position changed.
    Moved,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Element {
    Questionnaire,
    Page,
    Item,
    Score,
    Rule,
    Test,
    Pathway,
    TimePoint,
}

/// Changes from `old` to `new`: the questionnaire's own fields, then pages,
/// items, scores, rules and tests; within each, in `new`'s order, with
/// removed elements after.
pub fn questionnaire_diff(old: &Questionnaire, new: &Questionnaire) -> Vec<Change> {
    let mut out = Vec::new();
    let mut d = Vec::new();
    value(&mut d, "id", &old.id, &new.id);
    texts(&mut d, "title", &old.title, &new.title);
    texts(&mut d, "description", &old.description, &new.description);
    value(&mut d, "respondent", old.respondent.as_str(), new.respondent.as_str());
    texts(&mut d, "source", &old.source, &new.source);
    optional(&mut d, "contact question", old.contact_item.clone(), new.contact_item.clone());
    if !d.is_empty() {
        out.push(change(Element::Questionnaire, &new.id, ChangeKind::Changed, d));
    }
    list_diff(&mut out, Element::Page, "page", &old.pages, &new.pages, |p| p.id.as_str(), page_details);
    item_changes(&mut out, old, new);
    list_diff(&mut out, Element::Score, "score", &old.scores, &new.scores, |s| s.id.as_str(), score_details);
    list_diff(&mut out, Element::Rule, "rule", &old.rules, &new.rules, |r| r.id.as_str(), rule_details);
    list_diff(&mut out, Element::Test, "test", &old.tests, &new.tests, |t| t.name.as_str(), test_details);
    out
}

/// Changes from `old` to `new`: the pathway's own fields, then time points
/// (in `new`'s order, removed ones after).
pub fn pathway_diff(old: &Pathway, new: &Pathway) -> Vec<Change> {
    let mut out = Vec::new();
    let mut d = Vec::new();
    value(&mut d, "id", &old.id, &new.id);
    texts(&mut d, "title", &old.title, &new.title);
    texts(&mut d, "index event", &old.index_event, &new.index_event);
    texts(&mut d, "source", &old.source, &new.source);
    if !d.is_empty() {
        out.push(change(Element::Pathway, &new.id, ChangeKind::Changed, d));
    }
    list_diff(&mut out, Element::TimePoint, "time point", &old.timepoints, &new.timepoints, |t| t.id.as_str(), timepoint_details);
    out
}

fn change(element: Element, id: &str, kind: ChangeKind, details: Vec<String>) -> Change {
    Change { element, id: id.to_string(), kind, details }
}

/// Matches two lists by id. Elements of `new` come in its order (added,
/// changed or moved); removed ones follow in `old`'s order. An element
/// counts as moved when it is outside the longest run of common elements
/// that kept their relative order, so moving one element does not make all
/// the others look moved.
fn list_diff<T>(
    out: &mut Vec<Change>,
    element: Element,
    noun: &str,
    old: &[T],
    new: &[T],
    id: impl Fn(&T) -> &str,
    details: impl Fn(&T, &T) -> Vec<String>,
) {
    let old_by_id = first_by_id(old, &id);
    let new_ids: BTreeSet<&str> = new.iter().map(&id).collect();
    let common_old: Vec<&str> = old.iter().map(&id).filter(|i| new_ids.contains(i)).collect();
    let common_new: Vec<&str> = new.iter().map(&id).filter(|i| old_by_id.contains_key(i)).collect();
    let moved = moved_ids(&common_old, &common_new);
    let mut seen = BTreeSet::new();
    for (k, n) in new.iter().enumerate() {
        let nid = id(n);
        if !seen.insert(nid) {
            // A duplicate id (an error the compiler reports) is compared once.
            continue;
        }
        match old_by_id.get(nid) {
            None => out.push(change(element, nid, ChangeKind::Added, Vec::new())),
            Some(o) => {
                let mut d = details(o, n);
                let changed = !d.is_empty();
                if moved.contains(nid) {
                    let place = match k.checked_sub(1).and_then(|p| new.get(p)) {
                        Some(prev) => format!("moved to after {noun} {}", id(prev)),
                        None => "moved to the top".to_string(),
                    };
                    d.insert(0, place);
                }
                if !d.is_empty() {
                    let kind = if changed { ChangeKind::Changed } else { ChangeKind::Moved };
                    out.push(change(element, nid, kind, d));
                }
            }
        }
    }
    let mut gone = BTreeSet::new();
    for o in old {
        let oid = id(o);
        if !new_ids.contains(oid) && gone.insert(oid) {
            out.push(change(element, oid, ChangeKind::Removed, Vec::new()));
        }
    }
}

fn first_by_id<'a, T>(list: &'a [T], id: &impl Fn(&T) -> &str) -> BTreeMap<&'a str, &'a T> {
    let mut m = BTreeMap::new();
    for x in list {
        m.entry(id(x)).or_insert(x);
    }
    m
}

/// Ids of `new` outside a longest common subsequence of `old` and `new`
/// (both hold the same ids, in their own orders).
fn moved_ids<'a>(old: &[&'a str], new: &[&'a str]) -> BTreeSet<&'a str> {
    let (n, m) = (old.len(), new.len());
    // lcs[i][j]: length of the LCS of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if old[i] == new[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let mut kept = BTreeSet::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            kept.insert(new[j]);
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    new.iter().filter(|x| !kept.contains(*x)).copied().collect()
}

/// Items are matched across pages: an item that changed page is one item
/// that moved, not a removal and an addition.
fn item_changes(out: &mut Vec<Change>, old: &Questionnaire, new: &Questionnaire) {
    let located = |q: &'_ Questionnaire| {
        let mut m: BTreeMap<String, (String, Item)> = BTreeMap::new();
        for p in &q.pages {
            for i in &p.items {
                m.entry(i.id.clone()).or_insert_with(|| (p.id.clone(), i.clone()));
            }
        }
        m
    };
    let old_items = located(old);
    let new_items = located(new);
    // Moves inside a page: among the items on the same page in both versions.
    let mut moved_within: BTreeSet<String> = BTreeSet::new();
    for np in &new.pages {
        let Some(op) = old.pages.iter().find(|p| p.id == np.id) else {
            continue;
        };
        let same_page = |id: &str, m: &BTreeMap<String, (String, Item)>| m.get(id).is_some_and(|(p, _)| *p == np.id);
        let a: Vec<&str> = op.items.iter().map(|i| i.id.as_str()).filter(|i| same_page(i, &new_items)).collect();
        let b: Vec<&str> = np.items.iter().map(|i| i.id.as_str()).filter(|i| same_page(i, &old_items)).collect();
        moved_within.extend(moved_ids(&a, &b).into_iter().map(str::to_string));
    }
    let mut seen = BTreeSet::new();
    for np in &new.pages {
        for (k, ni) in np.items.iter().enumerate() {
            if !seen.insert(ni.id.as_str()) {
                continue;
            }
            let Some((old_page, oi)) = old_items.get(&ni.id) else {
                out.push(change(Element::Item, &ni.id, ChangeKind::Added, vec![format!("on page {}", np.id)]));
                continue;
            };
            let mut d = item_details(oi, ni);
            let changed = !d.is_empty();
            if *old_page != np.id {
                d.insert(0, format!("moved from page {old_page} to page {}", np.id));
            } else if moved_within.contains(&ni.id) {
                let place = match k.checked_sub(1).and_then(|p| np.items.get(p)) {
                    Some(prev) => format!("moved to after {}", prev.id),
                    None => format!("moved to the top of page {}", np.id),
                };
                d.insert(0, place);
            }
            if !d.is_empty() {
                let kind = if changed { ChangeKind::Changed } else { ChangeKind::Moved };
                out.push(change(Element::Item, &ni.id, kind, d));
            }
        }
    }
    let mut gone = BTreeSet::new();
    for op in &old.pages {
        for oi in &op.items {
            if !new_items.contains_key(&oi.id) && gone.insert(oi.id.as_str()) {
                out.push(change(Element::Item, &oi.id, ChangeKind::Removed, vec![format!("was on page {}", op.id)]));
            }
        }
    }
}

fn page_details(o: &Page, n: &Page) -> Vec<String> {
    let mut d = Vec::new();
    texts(&mut d, "title", &o.title, &n.title);
    expression(&mut d, "shown when", o.enable_when.as_deref(), n.enable_when.as_deref());
    d
}

fn item_details(o: &Item, n: &Item) -> Vec<String> {
    let mut d = Vec::new();
    value(&mut d, "type", o.kind.type_name(), n.kind.type_name());
    texts(&mut d, "text", &o.text, &n.text);
    optional_texts(&mut d, "help", o.help.as_ref(), n.help.as_ref());
    value(&mut d, "required", yes_no(o.required), yes_no(n.required));
    expression(&mut d, "shown when", o.enable_when.as_deref(), n.enable_when.as_deref());
    match (&o.kind, &n.kind) {
        (
            ItemKind::SingleChoice { options: a } | ItemKind::MultipleChoice { options: a },
            ItemKind::SingleChoice { options: b } | ItemKind::MultipleChoice { options: b },
        ) => option_details(&mut d, a, b),
        (
            ItemKind::Scale { min: a_min, max: a_max, min_label: a_lo, max_label: a_hi },
            ItemKind::Scale { min: b_min, max: b_max, min_label: b_lo, max_label: b_hi },
        ) => {
            value(&mut d, "min", a_min, b_min);
            value(&mut d, "max", a_max, b_max);
            texts(&mut d, "min label", a_lo, b_lo);
            texts(&mut d, "max label", a_hi, b_hi);
        }
        (
            ItemKind::Number { unit: a_unit, min: a_min, max: a_max, decimals: a_dec, expected_min: a_emin, expected_max: a_emax },
            ItemKind::Number { unit: b_unit, min: b_min, max: b_max, decimals: b_dec, expected_min: b_emin, expected_max: b_emax },
        ) => {
            value(&mut d, "min", a_min, b_min);
            value(&mut d, "max", a_max, b_max);
            value(&mut d, "decimals", a_dec, b_dec);
            let shown = |n: &Option<f64>| n.map(|n| n.to_string());
            optional(&mut d, "expected min", shown(a_emin), shown(b_emin));
            optional(&mut d, "expected max", shown(a_emax), shown(b_emax));
            optional_texts(&mut d, "unit", a_unit.as_ref(), b_unit.as_ref());
        }
        (ItemKind::Text { max_length: a }, ItemKind::Text { max_length: b }) => {
            value(&mut d, "max length", a, b);
        }
        _ => {}
    }
    d
}

fn option_details(d: &mut Vec<String>, old: &[AnswerOption], new: &[AnswerOption]) {
    for n in new {
        match old.iter().find(|o| o.value == n.value) {
            None => d.push(format!("option added: {}", n.value)),
            Some(o) => {
                texts(d, &format!("option {} text", n.value), &o.text, &n.text);
                optional(d, &format!("option {} weight", n.value), o.weight.map(|w| w.to_string()), n.weight.map(|w| w.to_string()));
            }
        }
    }
    for o in old {
        if !new.iter().any(|n| n.value == o.value) {
            d.push(format!("option removed: {}", o.value));
        }
    }
    let common = |a: &[AnswerOption], b: &[AnswerOption]| -> Vec<String> {
        a.iter().filter(|x| b.iter().any(|y| y.value == x.value)).map(|x| x.value.clone()).collect()
    };
    let (a, b) = (common(old, new), common(new, old));
    if a != b {
        d.push(format!("option order: {} → {}", a.join(", "), b.join(", ")));
    }
}

fn score_details(o: &Score, n: &Score) -> Vec<String> {
    let mut d = Vec::new();
    texts(&mut d, "text", &o.text, &n.text);
    value(&mut d, "kind", o.kind.as_str(), n.kind.as_str());
    // Sums and means do not depend on the order of their items.
    for ni in &n.items {
        match o.items.iter().find(|oi| oi.id == ni.id) {
            None if ni.reverse => d.push(format!("item added: {} (reversed)", ni.id)),
            None => d.push(format!("item added: {}", ni.id)),
            Some(oi) if oi.reverse != ni.reverse => {
                d.push(if ni.reverse { format!("item {}: now reversed", ni.id) } else { format!("item {}: no longer reversed", ni.id) })
            }
            Some(_) => {}
        }
    }
    for oi in &o.items {
        if !n.items.iter().any(|ni| ni.id == oi.id) {
            d.push(format!("item removed: {}", oi.id));
        }
    }
    let needed = |m: Option<u32>| m.map_or("all items".to_string(), |m| m.to_string());
    value(&mut d, "min answered", &needed(o.min_answered), &needed(n.min_answered));
    expression(&mut d, "expression", o.expr.as_deref(), n.expr.as_deref());
    let bands = |s: &Score| s.bands.iter().map(|b| format!("{}–{} {}", b.from, b.to, b.label.en)).collect::<Vec<_>>().join(", ");
    value(&mut d, "bands", &bands(o), &bands(n));
    d
}

fn rule_details(o: &FlagRule, n: &FlagRule) -> Vec<String> {
    let mut d = Vec::new();
    value(&mut d, "level", o.level.as_str(), n.level.as_str());
    expression(&mut d, "when", Some(&o.when), Some(&n.when));
    texts(&mut d, "message", &o.message, &n.message);
    optional_texts(&mut d, "advice", o.advice.as_ref(), n.advice.as_ref());
    optional_texts(&mut d, "rationale", o.rationale.as_ref(), n.rationale.as_ref());
    d
}

fn test_details(o: &RuleTest, n: &RuleTest) -> Vec<String> {
    let mut d = Vec::new();
    answer_details(&mut d, "answer", &o.answers, &n.answers);
    history_details(&mut d, "previous", o.previous.as_ref(), n.previous.as_ref());
    history_details(&mut d, "baseline", o.baseline.as_ref(), n.baseline.as_ref());
    let flags = |f: &[String]| {
        let set: BTreeSet<&str> = f.iter().map(String::as_str).collect();
        if set.is_empty() {
            "none".to_string()
        } else {
            set.into_iter().collect::<Vec<_>>().join(", ")
        }
    };
    value(&mut d, "expected flags", &flags(&o.expect_flags), &flags(&n.expect_flags));
    let score = |v: &Option<f64>| v.map_or("no score".to_string(), |x| x.to_string());
    for (id, nv) in &n.expect_scores {
        match o.expect_scores.get(id) {
            None => d.push(format!("expected score added: {id} = {}", score(nv))),
            Some(ov) => value(&mut d, &format!("expected score {id}"), &score(ov), &score(nv)),
        }
    }
    for (id, ov) in &o.expect_scores {
        if !n.expect_scores.contains_key(id) {
            d.push(format!("expected score removed: {id} (was {})", score(ov)));
        }
    }
    d
}

fn answer_details(d: &mut Vec<String>, what: &str, old: &BTreeMap<String, AnswerValue>, new: &BTreeMap<String, AnswerValue>) {
    for (id, nv) in new {
        match old.get(id) {
            None => d.push(format!("{what} added: {id} = {}", show_answer(nv))),
            Some(ov) if ov != nv => d.push(format!("{what} {id}: {} → {}", show_answer(ov), show_answer(nv))),
            Some(_) => {}
        }
    }
    for (id, ov) in old {
        if !new.contains_key(id) {
            d.push(format!("{what} removed: {id} (was {})", show_answer(ov)));
        }
    }
}

fn history_details(d: &mut Vec<String>, which: &str, old: Option<&TestHistory>, new: Option<&TestHistory>) {
    match (old, new) {
        (None, None) => {}
        (None, Some(_)) => d.push(format!("{which} response added")),
        (Some(_), None) => d.push(format!("{which} response removed")),
        (Some(o), Some(n)) => {
            answer_details(d, &format!("{which} answer"), &o.answers, &n.answers);
            let scores = |s: &Option<BTreeMap<String, f64>>| match s {
                None => "computed from the answers".to_string(),
                Some(m) if m.is_empty() => "none".to_string(),
                Some(m) => m.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", "),
            };
            if o.scores != n.scores {
                d.push(format!("{which} scores: {} → {}", scores(&o.scores), scores(&n.scores)));
            }
            optional(d, &format!("{which} days ago"), o.days_ago.map(|x| x.to_string()), n.days_ago.map(|x| x.to_string()));
        }
    }
}

fn timepoint_details(o: &TimePoint, n: &TimePoint) -> Vec<String> {
    let mut d = Vec::new();
    value(&mut d, "questionnaire", &o.questionnaire, &n.questionnaire);
    value(&mut d, "offset", &duration_text(o.offset, true), &duration_text(n.offset, true));
    value(&mut d, "window days", &o.window_days, &n.window_days);
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    value(&mut d, "baseline", yes_no(o.baseline), yes_no(n.baseline));
    let days = |r: &[u32]| {
        if r.is_empty() {
            "none".to_string()
        } else {
            r.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    value(&mut d, "reminder days", &days(&o.reminder_days), &days(&n.reminder_days));
    let missed = |m: Option<u32>| m.map_or_else(|| "none".to_string(), |n| format!("{n} days"));
    value(&mut d, "missed report after", &missed(o.missed_after_days), &missed(n.missed_after_days));
    let repeat = |r: &Repeat| format!("every {} until {}", duration_text(r.every, false), duration_text(r.until, false));
    match (&o.repeat, &n.repeat) {
        (None, None) => {}
        (None, Some(r)) => d.push(format!("repeat added: {}", repeat(r))),
        (Some(r), None) => d.push(format!("repeat removed (was {})", repeat(r))),
        (Some(a), Some(b)) => {
            value(&mut d, "every", &duration_text(a.every, false), &duration_text(b.every, false));
            value(&mut d, "until", &duration_text(a.until, false), &duration_text(b.until, false));
        }
    }
    d
}

/// `field: old → new` when they differ.
fn value<T: PartialEq + std::fmt::Display + ?Sized>(d: &mut Vec<String>, field: &str, old: &T, new: &T) {
    if old != new {
        d.push(format!("{field}: {old} → {new}"));
    }
}

/// A value that may be absent: added, removed or changed.
fn optional(d: &mut Vec<String>, field: &str, old: Option<String>, new: Option<String>) {
    match (old, new) {
        (None, Some(n)) => d.push(format!("{field} added: {n}")),
        (Some(o), None) => d.push(format!("{field} removed (was {o})")),
        (Some(o), Some(n)) => value(d, field, &o, &n),
        (None, None) => {}
    }
}

/// One detail per language whose text differs.
fn texts(d: &mut Vec<String>, field: &str, old: &LangText, new: &LangText) {
    for lang in Locale::ALL {
        let (o, n) = (old.get(lang), new.get(lang));
        if o != n {
            d.push(format!("{field} ({}): \"{o}\" → \"{n}\"", lang.as_str()));
        }
    }
}

fn optional_texts(d: &mut Vec<String>, field: &str, old: Option<&LangText>, new: Option<&LangText>) {
    match (old, new) {
        (Some(o), Some(n)) => texts(d, field, o, n),
        (None, Some(n)) => {
            for lang in Locale::ALL {
                d.push(format!("{field} added ({}): \"{}\"", lang.as_str(), n.get(lang)));
            }
        }
        (Some(o), None) => {
            for lang in Locale::ALL {
                d.push(format!("{field} removed ({}, was \"{}\")", lang.as_str(), o.get(lang)));
            }
        }
        (None, None) => {}
    }
}

/// A rule expression on one line, in the single quotes it is written in.
fn show_expr(s: &str) -> String {
    format!("'{}'", s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn expression(d: &mut Vec<String>, field: &str, old: Option<&str>, new: Option<&str>) {
    match (old, new) {
        (Some(o), Some(n)) if o != n => {
            if show_expr(o) == show_expr(n) {
                d.push(format!("{field}: only spacing or line breaks changed"));
            } else {
                d.push(format!("{field}: {} → {}", show_expr(o), show_expr(n)));
            }
        }
        (None, Some(n)) => d.push(format!("{field} added: {}", show_expr(n))),
        (Some(o), None) => d.push(format!("{field} removed (was {})", show_expr(o))),
        _ => {}
    }
}

fn show_answer(v: &AnswerValue) -> String {
    match v {
        AnswerValue::Bool(b) => yes_no(*b).to_string(),
        AnswerValue::Number(n) => n.to_string(),
        AnswerValue::Text(t) => format!("\"{t}\""),
        AnswerValue::Choices(c) if c.is_empty() => "nothing chosen".to_string(),
        AnswerValue::Choices(c) => c.join(" + "),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, Document, SourceFile};
    use crate::model::ScoreItem;
    use crate::model::{Respondent, RuleLevel, ScoreKind};
    use crate::pathway::Duration;

    fn follow_up() -> Questionnaire {
        let l = load(&SourceFile::new("ear-tubes-follow-up.toml", include_str!("../../../questionnaires/ear-tubes-follow-up.toml")));
        match l.document {
            Some(Document::Questionnaire(q)) => q,
            other => panic!("not a questionnaire: {other:?} {:?}", l.diagnostics),
        }
    }

    fn ear_tubes_pathway() -> Pathway {
        let l = load(&SourceFile::new("ear-tubes.pathway.toml", include_str!("../../../questionnaires/ear-tubes.pathway.toml")));
        match l.document {
            Some(Document::Pathway(p)) => p,
            other => panic!("not a pathway: {other:?} {:?}", l.diagnostics),
        }
    }

    fn item_mut<'a>(q: &'a mut Questionnaire, id: &str) -> &'a mut Item {
        match q.pages.iter_mut().flat_map(|p| p.items.iter_mut()).find(|i| i.id == id) {
            Some(i) => i,
            None => panic!("no item {id}"),
        }
    }

    fn rule_mut<'a>(q: &'a mut Questionnaire, id: &str) -> &'a mut FlagRule {
        match q.rules.iter_mut().find(|r| r.id == id) {
            Some(r) => r,
            None => panic!("no rule {id}"),
        }
    }

    /// (element, id, kind) of each change.
    fn summary(c: &[Change]) -> Vec<(Element, &str, ChangeKind)> {
        c.iter().map(|c| (c.element, c.id.as_str(), c.kind)).collect()
    }

    fn only(c: Vec<Change>) -> Change {
        assert_eq!(c.len(), 1, "{c:#?}");
        match c.into_iter().next() {
            Some(c) => c,
            None => unreachable!(),
        }
    }

    #[test]
    fn identical_versions_have_no_changes() {
        let q = follow_up();
        assert_eq!(questionnaire_diff(&q, &q), vec![]);
        let p = ear_tubes_pathway();
        assert_eq!(pathway_diff(&p, &p), vec![]);
    }

    #[test]
    fn the_version_number_alone_is_not_a_change() {
        let old = follow_up();
        let mut new = old.clone();
        new.version = 2;
        assert_eq!(questionnaire_diff(&old, &new), vec![]);
    }

    #[test]
    fn questionnaire_fields() {
        let old = follow_up();
        let mut new = old.clone();
        new.title.en = "Ear tubes: follow-up".into();
        new.respondent = Respondent::Patient;
        new.contact_item = None;
        new.source.da = "Ny kilde".into();
        let c = only(questionnaire_diff(&old, &new));
        assert_eq!(c.element, Element::Questionnaire);
        assert_eq!(c.id, "ear_tubes_follow_up");
        assert_eq!(c.kind, ChangeKind::Changed);
        assert_eq!(
            c.details,
            vec![
                "title (en): \"Follow-up after ear tubes\" → \"Ear tubes: follow-up\"",
                "respondent: proxy → patient",
                "source (da): \"Eksempel udarbejdet til Svar. Skal gennemgås og tilpasses af klinikkens øre-næse-halslæger før brug.\" → \"Ny kilde\"",
                "contact question removed (was contact)",
            ]
        );
    }

    #[test]
    fn item_text_help_required_and_condition() {
        let old = follow_up();
        let mut new = old.clone();
        let i = item_mut(&mut new, "ear_pain");
        i.text.en = "Ear pain?".into();
        i.help = Some(LangText::new("Hjælp", "Help"));
        i.required = false;
        i.enable_when = Some("discharge = true".into());
        let c = only(questionnaire_diff(&old, &new));
        assert_eq!((c.element, c.id.as_str(), c.kind), (Element::Item, "ear_pain", ChangeKind::Changed));
        assert_eq!(
            c.details,
            vec![
                "text (en): \"Ear pain\" → \"Ear pain?\"",
                "help added (da): \"Hjælp\"",
                "help added (en): \"Help\"",
                "required: yes → no",
                "shown when added: 'discharge = true'",
            ]
        );
        let back = only(questionnaire_diff(&new, &old));
        assert_eq!(
            back.details,
            vec![
                "text (en): \"Ear pain?\" → \"Ear pain\"",
                "help removed (da, was \"Hjælp\")",
                "help removed (en, was \"Help\")",
                "required: no → yes",
                "shown when removed (was 'discharge = true')",
            ]
        );
    }

    #[test]
    fn item_type_and_options() {
        let old = follow_up();
        let mut new = old.clone();
        item_mut(&mut new, "behind_ear").kind =
            ItemKind::Scale { min: 0, max: 4, min_label: LangText::new("a", "b"), max_label: LangText::new("c", "d") };
        if let ItemKind::SingleChoice { options } = &mut item_mut(&mut new, "discharge_days").kind {
            options.retain(|o| o.value != "less_3");
            options[0].text.en = "3 to 7 days".into();
            options[1].weight = Some(5.0);
            options.swap(1, 2);
            options.push(AnswerOption { value: "more_28".into(), text: LangText::new("Over 28 dage", "More than 28 days"), weight: None });
        }
        let c = questionnaire_diff(&old, &new);
        assert_eq!(summary(&c), vec![(Element::Item, "discharge_days", ChangeKind::Changed), (Element::Item, "behind_ear", ChangeKind::Changed),]);
        assert_eq!(
            c[0].details,
            vec![
                "option 3_7 text (en): \"3-7 days\" → \"3 to 7 days\"",
                "option 8_14 weight: 2 → 5",
                "option added: more_28",
                "option removed: less_3",
                "option order: 3_7, 8_14, more_14 → 3_7, more_14, 8_14",
            ]
        );
        assert_eq!(c[1].details, vec!["type: yes_no → scale"]);
    }

    #[test]
    fn scale_number_and_text_settings() {
        let mut old = follow_up();
        item_mut(&mut old, "discharge").kind =
            ItemKind::Number { unit: None, min: 0.0, max: 10.0, decimals: 0, expected_min: None, expected_max: None };
        let mut new = old.clone();
        item_mut(&mut new, "discharge").kind = ItemKind::Number {
            unit: Some(LangText::new("dage", "days")),
            min: 0.5,
            max: 10.0,
            decimals: 1,
            expected_min: None,
            expected_max: Some(7.0),
        };
        if let ItemKind::Scale { max, max_label, .. } = &mut item_mut(&mut new, "overall").kind {
            *max = 5;
            max_label.da = "Godt".into();
        }
        item_mut(&mut new, "comments").kind = ItemKind::Text { max_length: 200 };
        let c = questionnaire_diff(&old, &new);
        assert_eq!(
            c[0].details,
            vec!["min: 0 → 0.5", "decimals: 0 → 1", "expected max added: 7", "unit added (da): \"dage\"", "unit added (en): \"days\"",]
        );
        assert_eq!(c[1].details, vec!["max: 10 → 5", "max label (da): \"Rigtig godt\" → \"Godt\""]);
        assert_eq!(c[2].details, vec!["max length: 1000 → 200"]);
    }

    #[test]
    fn items_added_removed_and_moved() {
        let old = follow_up();
        let mut new = old.clone();
        // fever moves from the symptoms page to the overall page.
        let fever = new.pages[1].items.remove(2);
        new.pages[2].items.insert(0, fever);
        // mood moves to the top of its page.
        let mood = new.pages[1].items.remove(5);
        new.pages[1].items.insert(0, mood);
        // tube_seen is removed, a new item added.
        new.pages[0].items.retain(|i| i.id != "tube_seen");
        new.pages[0].items.push(Item {
            id: "itching".into(),
            text: LangText::new("Kløe", "Itching"),
            help: None,
            required: false,
            enable_when: None,
            kind: ItemKind::YesNo,
        });
        let c = questionnaire_diff(&old, &new);
        assert_eq!(
            summary(&c),
            vec![
                (Element::Item, "itching", ChangeKind::Added),
                (Element::Item, "mood", ChangeKind::Moved),
                (Element::Item, "fever", ChangeKind::Moved),
                (Element::Item, "tube_seen", ChangeKind::Removed),
            ]
        );
        assert_eq!(c[0].details, vec!["on page discharge_page"]);
        assert_eq!(c[1].details, vec!["moved to the top of page symptoms_page"]);
        assert_eq!(c[2].details, vec!["moved from page symptoms_page to page overall_page"]);
        assert_eq!(c[3].details, vec!["was on page discharge_page"]);
    }

    #[test]
    fn a_moved_and_changed_item_is_one_change() {
        let old = follow_up();
        let mut new = old.clone();
        let mut fever = new.pages[1].items.remove(2);
        fever.required = false;
        new.pages[0].items.push(fever);
        let c = only(questionnaire_diff(&old, &new));
        assert_eq!(c.kind, ChangeKind::Changed);
        assert_eq!(c.details, vec!["moved from page symptoms_page to page discharge_page", "required: yes → no",]);
    }

    #[test]
    fn moving_one_item_down_moves_only_that_item() {
        let old = follow_up();
        let mut new = old.clone();
        let first = new.pages[1].items.remove(1);
        new.pages[1].items.insert(4, first);
        let c = only(questionnaire_diff(&old, &new));
        assert_eq!(c.id, "ear_pain");
        assert_eq!(c.kind, ChangeKind::Moved);
        assert_eq!(c.details, vec!["moved to after speech_concern"]);
    }

    #[test]
    fn pages_added_removed_changed_and_moved() {
        let old = follow_up();
        let mut new = old.clone();
        new.pages.swap(1, 2);
        new.pages[0].title.da = "Flåd".into();
        new.pages[0].enable_when = Some("answered(discharge)".into());
        let c = questionnaire_diff(&old, &new);
        assert_eq!(summary(&c), vec![(Element::Page, "discharge_page", ChangeKind::Changed), (Element::Page, "symptoms_page", ChangeKind::Moved),]);
        assert_eq!(c[0].details, vec!["title (da): \"Væske fra øret\" → \"Flåd\"", "shown when added: 'answered(discharge)'",]);
        assert_eq!(c[1].details, vec!["moved to after page overall_page"]);

        let mut new = old.clone();
        let removed = new.pages.remove(2);
        new.pages.push(Page { id: "extra".into(), title: LangText::new("Ekstra", "Extra"), enable_when: None, items: removed.items });
        // The items stay; they only change page.
        let c = questionnaire_diff(&old, &new);
        assert_eq!(summary(&c)[..2], [(Element::Page, "extra", ChangeKind::Added), (Element::Page, "overall_page", ChangeKind::Removed),]);
        assert_eq!(c.len(), 5);
        assert!(c[2..]
            .iter()
            .all(|c| c.element == Element::Item && c.kind == ChangeKind::Moved && c.details == ["moved from page overall_page to page extra"]));
    }

    #[test]
    fn scores() {
        let old = follow_up();
        let mut new = old.clone();
        new.scores[0].kind = ScoreKind::Mean;
        new.scores[0].items.retain(|i| i.id != "mood");
        new.scores[0].items[0].reverse = true;
        new.scores[0].items.push(ScoreItem { id: "overall".into(), reverse: true });
        new.scores[0].min_answered = None;
        new.scores.remove(1);
        new.scores.push(Score {
            id: "double".into(),
            text: LangText::new("Dobbelt", "Double"),
            kind: ScoreKind::Expr,
            items: vec![],
            min_answered: None,
            expr: Some("score.ear_symptoms * 2".into()),
            bands: Vec::new(),
        });
        let c = questionnaire_diff(&old, &new);
        assert_eq!(
            summary(&c),
            vec![
                (Element::Score, "ear_symptoms", ChangeKind::Changed),
                (Element::Score, "double", ChangeKind::Added),
                (Element::Score, "physical", ChangeKind::Removed),
            ]
        );
        assert_eq!(
            c[0].details,
            vec![
                "kind: sum → mean",
                "item ear_pain: now reversed",
                "item added: overall (reversed)",
                "item removed: mood",
                "min answered: 5 → all items",
            ]
        );
        let mut newer = new.clone();
        if let Some(double) = newer.scores.iter_mut().find(|s| s.id == "double") {
            double.expr = Some("score.ear_symptoms * 3".into());
        }
        let c = only(questionnaire_diff(&new, &newer));
        assert_eq!(c.details, vec!["expression: 'score.ear_symptoms * 2' → 'score.ear_symptoms * 3'"]);
    }

    #[test]
    fn rules() {
        let old = follow_up();
        let mut new = old.clone();
        let r = rule_mut(&mut new, "hearing_speech_worry");
        r.level = RuleLevel::Red;
        r.when = "score.hearing_speech >= 7".into();
        r.message.en = "Worried.".into();
        // Only layout changes here.
        rule_mut(&mut new, "worse_than_baseline").when =
            "score.ear_symptoms - baseline(score.ear_symptoms) >= 3 and score.ear_symptoms - baseline(score.ear_symptoms) < 6".into();
        new.rules.retain(|r| r.id != "bloody_discharge");
        let moved = new.rules.remove(0);
        new.rules.push(moved);
        let c = questionnaire_diff(&old, &new);
        assert_eq!(
            summary(&c),
            vec![
                (Element::Rule, "worse_than_baseline", ChangeKind::Changed),
                (Element::Rule, "hearing_speech_worry", ChangeKind::Changed),
                (Element::Rule, "persistent_discharge", ChangeKind::Moved),
                (Element::Rule, "bloody_discharge", ChangeKind::Removed),
            ]
        );
        assert_eq!(c[0].details, vec!["when: only spacing or line breaks changed"]);
        assert_eq!(
            c[1].details,
            vec![
                "level: yellow → red",
                "when: 'hearing_concern in [\"often\", \"always\"] or speech_concern in [\"often\", \"always\"]' → 'score.hearing_speech >= 7'",
                "message (en): \"The parent often worries about hearing or speech.\" → \"Worried.\"",
            ]
        );
        assert_eq!(c[2].details, vec!["moved to after rule overall_rated_poor"]);
    }

    #[test]
    fn tests() {
        let old = follow_up();
        let mut new = old.clone();
        let t = &mut new.tests[0];
        t.answers.insert("overall".into(), AnswerValue::Number(7.0));
        t.answers.remove("contact");
        t.answers.insert("comments".into(), AnswerValue::Text("ok".into()));
        t.expect_flags = vec!["contact".into()];
        t.expect_scores.insert("physical".into(), None);
        t.expect_scores.remove("hearing_speech");
        t.expect_scores.insert("extra".into(), Some(2.5));
        if let Some(b) = &mut t.baseline {
            b.answers.insert("mood".into(), AnswerValue::Text("never".into()));
            b.scores = Some([("ear_symptoms".to_string(), 6.0)].into());
        }
        t.previous = Some(TestHistory { answers: BTreeMap::new(), scores: None, days_ago: Some(2) });
        new.tests[1].name = "renamed".into();
        let c = questionnaire_diff(&old, &new);
        assert_eq!(
            summary(&c),
            vec![
                (Element::Test, "all well: no flags", ChangeKind::Changed),
                (Element::Test, "renamed", ChangeKind::Added),
                (Element::Test, "discharge over 14 days is red, explained", ChangeKind::Removed),
            ]
        );
        assert_eq!(
            c[0].details,
            vec![
                "answer added: comments = \"ok\"",
                "answer overall: 9 → 7",
                "answer removed: contact (was no)",
                "previous response added",
                "baseline answer mood: \"sometimes\" → \"never\"",
                "baseline scores: computed from the answers → ear_symptoms = 6",
                "expected flags: none → contact",
                "expected score added: extra = 2.5",
                "expected score physical: 0.3333333333 → no score",
                "expected score removed: hearing_speech (was 1)",
            ]
        );
        let mut newer = new.clone();
        if let Some(p) = &mut newer.tests[0].previous {
            p.days_ago = Some(3);
            p.answers.insert("fever".into(), AnswerValue::Choices(vec!["a".into(), "b".into()]));
        }
        newer.tests[0].baseline = None;
        let c = only(questionnaire_diff(&new, &newer));
        assert_eq!(c.details, vec!["previous answer added: fever = a + b", "previous days ago: 2 → 3", "baseline response removed",]);
    }

    #[test]
    fn changes_come_in_element_order() {
        let old = follow_up();
        let mut new = old.clone();
        new.tests[0].expect_flags.push("contact".into());
        new.rules[0].level = RuleLevel::Yellow;
        new.scores[0].text.en = "Ears".into();
        item_mut(&mut new, "mood").required = false;
        item_mut(&mut new, "discharge").required = false;
        new.pages[2].title.en = "All in all".into();
        new.description.en = "New".into();
        let c = questionnaire_diff(&old, &new);
        assert_eq!(
            summary(&c),
            vec![
                (Element::Questionnaire, "ear_tubes_follow_up", ChangeKind::Changed),
                (Element::Page, "overall_page", ChangeKind::Changed),
                (Element::Item, "discharge", ChangeKind::Changed),
                (Element::Item, "mood", ChangeKind::Changed),
                (Element::Score, "ear_symptoms", ChangeKind::Changed),
                (Element::Rule, "persistent_discharge", ChangeKind::Changed),
                (Element::Test, "all well: no flags", ChangeKind::Changed),
            ]
        );
    }

    #[test]
    fn pathway_changes() {
        let old = ear_tubes_pathway();
        let mut new = old.clone();
        new.index_event.en = "Day of surgery".into();
        let f = &mut new.timepoints[1];
        f.offset = Duration::days(30);
        f.window_days = 7;
        f.reminder_days = vec![3];
        f.repeat = f.repeat.map(|r| Repeat { every: Duration::days(56), ..r });
        new.timepoints[0].repeat = Some(Repeat { every: Duration::days(1), until: Duration::days(0) });
        new.timepoints[0].questionnaire = "other".into();
        new.timepoints[0].reminder_days.clear();
        new.timepoints.push(TimePoint {
            id: "late".into(),
            questionnaire: "ear_tubes_follow_up".into(),
            offset: Duration::days(800),
            window_days: 14,
            reminder_days: vec![],
            repeat: None,
            baseline: false,
            missed_after_days: None,
        });
        let c = pathway_diff(&old, &new);
        assert_eq!(
            summary(&c),
            vec![
                (Element::Pathway, "ear_tubes", ChangeKind::Changed),
                (Element::TimePoint, "baseline", ChangeKind::Changed),
                (Element::TimePoint, "follow_up", ChangeKind::Changed),
                (Element::TimePoint, "late", ChangeKind::Added),
            ]
        );
        assert_eq!(c[0].details, vec!["index event (en): \"Operation date\" → \"Day of surgery\""]);
        assert_eq!(c[1].details, vec!["questionnaire: ear_tubes_baseline → other", "reminder days: 1 → none", "repeat added: every 1d until 0d",]);
        assert_eq!(c[2].details, vec!["offset: +1m → +30d", "window days: 14 → 7", "reminder days: 3, 7 → 3", "every: 12w → 56d",]);
        let mut newer = new.clone();
        newer.timepoints.swap(0, 1);
        newer.timepoints[0].repeat = None;
        newer.timepoints.pop();
        let c = pathway_diff(&new, &newer);
        assert_eq!(
            summary(&c),
            vec![
                (Element::TimePoint, "follow_up", ChangeKind::Changed),
                (Element::TimePoint, "baseline", ChangeKind::Moved),
                (Element::TimePoint, "late", ChangeKind::Removed),
            ]
        );
        assert_eq!(c[0].details, vec!["repeat removed (was every 56d until 2y)"]);
        assert_eq!(c[1].details, vec!["moved to after time point follow_up"]);
    }

    #[test]
    fn serializes_in_snake_case() {
        let c = Change { element: Element::TimePoint, id: "x".into(), kind: ChangeKind::Moved, details: vec!["moved to the top".into()] };
        let json = serde_json::to_string(&c).unwrap_or_default();
        assert_eq!(json, r#"{"element":"time_point","id":"x","kind":"moved","details":["moved to the top"]}"#);
    }

    #[test]
    fn longest_common_order_finds_the_few_that_moved() {
        let m = |a: &[&'static str], b: &[&'static str]| -> Vec<&'static str> { moved_ids(a, b).into_iter().collect() };
        assert_eq!(m(&["a", "b", "c", "d"], &["a", "b", "c", "d"]), Vec::<&str>::new());
        assert_eq!(m(&["a", "b", "c", "d"], &["b", "c", "d", "a"]), vec!["a"]);
        assert_eq!(m(&["a", "b", "c", "d"], &["d", "a", "b", "c"]), vec!["d"]);
        assert_eq!(m(&["a", "b"], &["b", "a"]).len(), 1);
        assert_eq!(m(&[], &[]), Vec::<&str>::new());
    }
}
