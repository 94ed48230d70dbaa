//! Warnings: what a definition may say but most likely does not mean. They
//! never block publishing; `svar check` prints them after the errors and
//! the editor shows each beside its element.
//!
//! - a rule that can never fire, or fires on every answer, judged from the
//!   ranges of the number and scale items it compares with a number;
//! - two rules with the same condition (one response, two flags for one
//!   reason, possibly of different levels);
//! - an answerable item that no rule, score or condition reads, here or in
//!   another questionnaire through `previous`/`baseline`;
//! - `baseline(x)` where the pathway's baseline questionnaire does not ask
//!   `x`, asks it with other options, or has no baseline time point at all
//!   (the value is always unknown, so that part of the rule never fires).
//!
//! Invisible characters are found by the reader, which sees the text
//! ([`crate::load::Loaded::warnings`]).

use std::collections::BTreeSet;

use super::compile::Compiled;
use super::diagnostics::{ModelError, Site};
use super::model::{ItemKind, Questionnaire};
use super::rules::ast::{BinOp, Expr, ExprKind, Func, UnOp};
use super::rules::parser::parse;

/// The ids of the items read by the rules, scores and conditions of `q`,
/// including through `previous(…)` and `baseline(…)`.
pub fn items_read(q: &Questionnaire) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let exprs = q
        .rules
        .iter()
        .map(|r| Some(r.when.as_str()))
        .chain(q.scores.iter().map(|s| s.expr.as_deref()))
        .chain(q.pages.iter().map(|p| p.enable_when.as_deref()))
        .chain(q.items().map(|i| i.enable_when.as_deref()))
        .flatten();
    for text in exprs {
        if let Ok(e) = parse(text) {
            e.walk(&mut |x| {
                if let ExprKind::Item(id) = &x.kind {
                    out.insert(id.clone());
                }
            });
        }
    }
    out.extend(q.scores.iter().flat_map(|s| s.items.iter().map(|i| i.id.clone())));
    out.extend(q.contact_item.clone());
    out
}

/// The warnings of one questionnaire that has no errors. `read_elsewhere`
/// holds the items other questionnaires read (a baseline questionnaire's
/// answers are read by the follow-up's rules); without it (the editor sees
/// one draft) items nothing reads are not judged.
pub fn lint(q: &Questionnaire, read_elsewhere: Option<&BTreeSet<String>>) -> Vec<ModelError> {
    let mut out = Vec::new();
    let parsed: Vec<Option<Expr>> = q.rules.iter().map(|r| parse(&r.when).ok()).collect();
    for (ri, (rule, expr)) in q.rules.iter().zip(&parsed).enumerate() {
        let Some(expr) = expr else { continue };
        let site = Site::Rule { rule: ri, field: "when".into() };
        match truth(expr, q) {
            (t @ (Truth::Never | Truth::Always), Some(c)) => {
                let (what, truth) = if t == Truth::Never { ("can never fire", "never") } else { ("fires on every answer", "always") };
                out.push(ModelError::in_expr(
                    site.clone(),
                    c.span,
                    format!("rule `{}` {what}: `{}` is answered from {} to {}, so `{}` is {truth} true", rule.id, c.item, c.min, c.max, c.text),
                ))
            }
            // Not decided as a whole: a part of it that is decided is
            // still most likely a mistake (`pain > 10 or fever`).
            _ => expr.walk(&mut |part| {
                if let ExprKind::Binary(op, l, r) = &part.kind {
                    if let Some((t @ (Truth::Never | Truth::Always), item, (min, max))) = comparison(*op, l, r, q) {
                        let verdict = if t == Truth::Never { "never" } else { "always" };
                        out.push(ModelError::in_expr(
                            site.clone(),
                            part.span,
                            format!("`{part}` in rule `{}` is {verdict} true: `{item}` is answered from {} to {}", rule.id, number(min), number(max)),
                        ));
                    }
                }
            }),
        }
        let same = parsed[..ri].iter().position(|earlier| earlier.as_ref() == Some(expr));
        if let Some(first) = same {
            let other = &q.rules[first];
            let message = if other.level == rule.level {
                format!(
                    "rule `{}` has the same condition as rule `{}`: a response would get two flags for one reason; keep one of them",
                    rule.id, other.id
                )
            } else {
                format!(
                    "rule `{}` has the same condition as rule `{}`, but is {} where `{}` is {}: a response would get both flags; keep one level",
                    rule.id,
                    other.id,
                    rule.level.as_str(),
                    other.id,
                    other.level.as_str()
                )
            };
            out.push(ModelError::new(site.with_field("when"), message));
        }
    }
    let Some(read_elsewhere) = read_elsewhere else {
        return out;
    };
    let read_here = items_read(q);
    for (index, item) in q.items().enumerate() {
        let answerable_and_judged = matches!(
            item.kind,
            ItemKind::SingleChoice { .. } | ItemKind::MultipleChoice { .. } | ItemKind::Scale { .. } | ItemKind::Number { .. } | ItemKind::YesNo
        );
        if answerable_and_judged && !read_here.contains(&item.id) && !read_elsewhere.contains(&item.id) {
            out.push(ModelError::new(
                Site::Item {
                    item: index,
                    field: "id".into(),
                },
                format!(
                    "item `{}` is not read by any rule, score or condition: its answer is stored and shown, but can never raise a flag; is a rule missing?",
                    item.id
                ),
            ));
        }
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Truth {
    Never,
    Always,
    Maybe,
}

/// The comparison that decided a rule's truth, for the message.
#[derive(Clone, Debug)]
struct Decisive {
    span: crate::diagnostics::Span,
    item: String,
    min: String,
    max: String,
    text: String,
}

/// Whether an expression is true for no answers or for every answer of the
/// items it compares (among answered ones: an unanswered item makes a
/// comparison unknown, and the rule does not fire).
fn truth(e: &Expr, q: &Questionnaire) -> (Truth, Option<Decisive>) {
    match &e.kind {
        ExprKind::Unary(UnOp::Not, inner) => {
            let (t, d) = truth(inner, q);
            let flipped = match t {
                Truth::Never => Truth::Always,
                Truth::Always => Truth::Never,
                Truth::Maybe => Truth::Maybe,
            };
            (flipped, d)
        }
        ExprKind::Binary(op @ (BinOp::And | BinOp::Or), l, r) => {
            let (lt, ld) = truth(l, q);
            let (rt, rd) = truth(r, q);
            // `and` is never true if one side never is, always if both are;
            // `or` the other way round.
            let (absorbing, both) = if *op == BinOp::And { (Truth::Never, Truth::Always) } else { (Truth::Always, Truth::Never) };
            if lt == absorbing {
                (lt, ld)
            } else if rt == absorbing {
                (rt, rd)
            } else if lt == both && rt == both {
                (both, ld)
            } else {
                (Truth::Maybe, None)
            }
        }
        ExprKind::Binary(op, l, r) => match comparison(*op, l, r, q) {
            Some((t, item, (min, max))) => (t, Some(Decisive { span: e.span, item, min: number(min), max: number(max), text: e.to_string() })),
            None => (Truth::Maybe, None),
        },
        _ => (Truth::Maybe, None),
    }
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// `item <op> number` (either way round) for a number or scale item.
fn comparison(op: BinOp, l: &Expr, r: &Expr, q: &Questionnaire) -> Option<(Truth, String, (f64, f64))> {
    let literal = |e: &Expr| match &e.kind {
        ExprKind::Num(n) => Some(n.to_f64()),
        ExprKind::Unary(UnOp::Neg, inner) => match inner.kind {
            ExprKind::Num(n) => Some(-n.to_f64()),
            _ => None,
        },
        _ => None,
    };
    let (id, n, op) = match (&l.kind, &r.kind) {
        (ExprKind::Item(id), _) => (id, literal(r)?, op),
        (_, ExprKind::Item(id)) => (id, literal(l)?, mirror(op)?),
        _ => return None,
    };
    let range = match q.item(id)?.kind {
        ItemKind::Number { min, max, .. } => (min, max),
        ItemKind::Scale { min, max, .. } => (f64::from(min), f64::from(max)),
        _ => return None,
    };
    let (min, max) = range;
    let (never, always) = match op {
        BinOp::Gt => (max <= n, min > n),
        BinOp::Ge => (max < n, min >= n),
        BinOp::Lt => (min >= n, max < n),
        BinOp::Le => (min > n, max <= n),
        BinOp::Eq => (n < min || n > max, min == max && min == n),
        BinOp::Ne => (min == max && min == n, n < min || n > max),
        _ => return None,
    };
    let t = if never {
        Truth::Never
    } else if always {
        Truth::Always
    } else {
        Truth::Maybe
    };
    Some((t, id.clone(), range))
}

/// `n < item` is `item > n`.
fn mirror(op: BinOp) -> Option<BinOp> {
    Some(match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        BinOp::Eq | BinOp::Ne => op,
        _ => return None,
    })
}

/// One `previous(…)` or `baseline(…)` in a rule of a questionnaire.
struct HistoryRead<'q> {
    rule: usize,
    rule_id: &'q str,
    span: crate::diagnostics::Span,
    /// The call as written, e.g. `baseline(score.ear_symptoms)`.
    text: String,
    arg: ExprKind,
}

/// Every read of `func`'s kind of history in the rules: for
/// [`Func::Previous`] also the functions over time, which read the
/// earlier responses to this questionnaire as `previous` does (the
/// items and scores in the condition of `in_each_of_last`, the first
/// argument of a window).
fn history_reads(q: &Compiled, func: Func) -> Vec<HistoryRead<'_>> {
    let mut out = Vec::new();
    for (ri, rule) in q.questionnaire().rules.iter().enumerate() {
        let Ok(expr) = parse(&rule.when) else { continue };
        expr.walk(&mut |part| {
            let ExprKind::Call(f, args) = &part.kind else { return };
            let mut read = |arg: &ExprKind| {
                // Once per call and value (an item named twice in one condition).
                let seen = out.iter().any(|r: &HistoryRead<'_>| r.rule == ri && r.span == part.span && r.arg == *arg);
                if !seen {
                    out.push(HistoryRead { rule: ri, rule_id: &rule.id, span: part.span, text: part.to_string(), arg: arg.clone() });
                }
            };
            let over_time = func == Func::Previous;
            match (f, args.as_slice()) {
                (f, [arg, ..]) if *f == func => read(&arg.kind),
                (Func::HighestWithin | Func::LowestWithin | Func::ChangeWithin, [arg, ..]) if over_time => read(&arg.kind),
                (Func::InEachOfLast | Func::InAtLeastOfLast, [.., cond]) if over_time => cond.walk(&mut |x| {
                    if matches!(x.kind, ExprKind::Item(_) | ExprKind::Score(_)) {
                        read(&x.kind);
                    }
                }),
                _ => {}
            }
        });
    }
    out
}

/// Why an earlier answer given to `then` cannot be compared with `now`'s
/// `arg`, if it cannot ([`Compiled::comparable_past`] decides it the same
/// way when rules run).
fn not_comparable(now: &Compiled, then: &Compiled, arg: &ExprKind) -> Option<String> {
    match arg {
        ExprKind::Item(id) if !now.comparable_item(then, id) => Some(if then.item_index(id).is_none() {
            format!("does not ask `{id}`")
        } else {
            format!("asks `{id}` with other options, another scale or another unit")
        }),
        ExprKind::Score(id) if !now.comparable_score(then, id) => Some(if then.questionnaire().scores.iter().any(|s| &s.id == id) {
            format!("computes `score.{id}` differently (other items, options or formula)")
        } else {
            format!("does not compute `score.{id}`")
        }),
        _ => None,
    }
}

/// Warnings on `baseline(…)` in the rules of `q`, a questionnaire of
/// `pathway`, whose baseline time point asks `baseline` (None: the pathway
/// has no baseline time point). An answer before the index event is
/// compared only where it means the same as now
/// ([`Compiled::comparable_past`]); anything else stays unknown, so the
/// comparison can never make the rule fire.
pub fn baseline_mismatches(q: &Compiled, pathway: &str, baseline: Option<&Compiled>) -> Vec<ModelError> {
    history_reads(q, Func::Baseline)
        .into_iter()
        .filter_map(|read| {
            let site = Site::Rule { rule: read.rule, field: "when".into() };
            let (rule, part) = (read.rule_id, &read.text);
            let message = match baseline {
                None => format!(
                    "rule `{rule}` reads `{part}`, but pathway `{pathway}` has no baseline time point: `{part}` is always unknown, so this part of the rule never fires"
                ),
                Some(b) => {
                    let problem = not_comparable(q, b, &read.arg)?;
                    let b_id = &b.questionnaire().id;
                    format!(
                        "rule `{rule}` compares with the baseline, but `{b_id}`, the baseline questionnaire of pathway `{pathway}`, {problem}: `{part}` is always unknown, so this part of the rule never fires"
                    )
                }
            };
            Some(ModelError::in_expr(site, read.span, message))
        })
        .collect()
}

/// Warnings on `previous(…)` in a new version `q` of the questionnaire
/// `in_use` answers today: the first response to the new version has only
/// answers to the old one before it, compared only where they mean the
/// same; elsewhere `previous(…)` is unknown until the new version has been
/// answered once.
pub fn previous_mismatches(q: &Compiled, in_use: &Compiled) -> Vec<ModelError> {
    let version = in_use.questionnaire().version;
    history_reads(q, Func::Previous)
        .into_iter()
        .filter_map(|read| {
            let problem = not_comparable(q, in_use, &read.arg)?;
            let (rule, part) = (read.rule_id, &read.text);
            Some(ModelError::in_expr(
                Site::Rule { rule: read.rule, field: "when".into() },
                read.span,
                if part.starts_with("previous(") {
                    format!(
                        "rule `{rule}` compares with the previous answer, but version {version}, in use now, {problem}: `{part}` is unknown until this version has been answered once"
                    )
                } else {
                    format!(
                        "rule `{rule}` compares with earlier answers, but version {version}, in use now, {problem}: `{part}` is unknown until this version has been answered once"
                    )
                },
            ))
        })
        .collect()
}
