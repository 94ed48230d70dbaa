//! Type checking and compilation of rule expressions.
//!
//! Types: number, yes/no (boolean), text, date, *choice of item x* (the
//! answer of a single-choice item; compared with text literals that must be
//! option values of x), *choices of item x* (a multiple-choice answer; tested
//! with `"option" in x` or `count(x)`). A well-typed tree is compiled to a
//! [`CExpr`] with every item, score and option resolved to an index, so
//! evaluation does no look-ups by name.

use std::collections::BTreeMap;

use super::ast::{BinOp, Expr, ExprKind, Func, UnOp};
use super::eval::{Arith, CExpr, Cmp, Lit, When, Window};
use super::RuleError;
use crate::diagnostics::{hint, in_place, HintBudget, Span};
use crate::model::{AnswerOption, ItemKind};

/// The type of an item's answer in the rule language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemType {
    Bool,
    Num,
    Text,
    Date,
    Choice,
    Choices,
    /// Display items have no answer.
    None,
}

impl ItemType {
    pub fn of(kind: &ItemKind) -> ItemType {
        match kind {
            ItemKind::SingleChoice { .. } => ItemType::Choice,
            ItemKind::MultipleChoice { .. } => ItemType::Choices,
            ItemKind::Scale { .. } | ItemKind::Number { .. } => ItemType::Num,
            ItemKind::YesNo => ItemType::Bool,
            ItemKind::Date => ItemType::Date,
            ItemKind::Text { .. } => ItemType::Text,
            ItemKind::Display => ItemType::None,
        }
    }
}

/// What an expression may refer to.
pub struct Scope<'a> {
    /// Items by index: (id, type, options).
    /// Borrowed, not owned: one scope is made for every condition, score
    /// and rule, so making one must not cost the size of the questionnaire.
    pub items: &'a [(&'a str, ItemType, &'a [AnswerOption])],
    pub item_index: &'a BTreeMap<&'a str, usize>,
    /// All score ids by index.
    pub scores: &'a [&'a str],
    /// Which scores may be used, or why none may.
    pub scores_allowed: ScoresAllowed,
    /// For messages: "rule `x`", "the condition of item `y`".
    pub context: String,
    /// "Did you mean" searches left, shared by the whole questionnaire.
    pub hints: &'a HintBudget,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoresAllowed {
    All,
    /// Only scores with an index below this.
    Before(usize),
    /// In conditions: visibility is decided before scores exist.
    None,
}

/// The static type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Num,
    Text,
    Date,
    Choice(usize),
    Choices(usize),
}

/// The result type an expression must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    Bool,
    Num,
}

/// A compiled expression plus what to show when it fires.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub code: CExpr,
    /// Canonical text of each item/score/history reference and code to read
    /// it, for explanations.
    pub refs: Vec<(String, CExpr, Option<usize>)>,
    /// Items read from the current response (for condition dependencies).
    pub current_items: Vec<usize>,
}

impl<'a> Scope<'a> {
    fn ty_name(&self, t: Ty) -> String {
        match t {
            Ty::Bool => "yes/no".into(),
            Ty::Num => "a number".into(),
            Ty::Text => "text".into(),
            Ty::Date => "a date".into(),
            Ty::Choice(i) => format!("a choice of `{}`", self.items.get(i).map_or("?", |x| x.0)),
            Ty::Choices(i) => format!("the choices of `{}`", self.items.get(i).map_or("?", |x| x.0)),
        }
    }

    fn err(&self, span: Span, msg: impl std::fmt::Display) -> RuleError {
        RuleError::new(span, in_place(&msg.to_string(), &self.context))
    }

    /// Type-checks and compiles `e`, which must have type `want`.
    pub fn compile(&self, e: &Expr, want: Want) -> Result<Compiled, RuleError> {
        let (ty, code) = self.expr(e)?;
        let ok = matches!((want, ty), (Want::Bool, Ty::Bool) | (Want::Num, Ty::Num));
        if !ok {
            let w = match want {
                Want::Bool => "a yes/no condition",
                Want::Num => "a number",
            };
            return Err(self.err(e.span, format!("expected {w}, but `{e}` is {}", self.ty_name(ty))));
        }
        let mut refs: Vec<(String, CExpr, Option<usize>)> = Vec::new();
        self.collect_refs(e, &mut refs);
        let mut current_items = Vec::new();
        for (id, _) in e.current_item_refs() {
            if let Some(&i) = self.item_index.get(id.as_str()) {
                if !current_items.contains(&i) {
                    current_items.push(i);
                }
            }
        }
        Ok(Compiled { code, refs, current_items })
    }

    /// Item, score and history references with code to read each, once per
    /// canonical text, in order of appearance.
    fn collect_refs(&self, e: &Expr, refs: &mut Vec<(String, CExpr, Option<usize>)>) {
        let mut push = |label: String, code: CExpr, item: Option<usize>| {
            if !refs.iter().any(|r| r.0 == label) {
                refs.push((label, code, item));
            }
        };
        match &e.kind {
            ExprKind::Item(id) => {
                if let Some(&i) = self.item_index.get(id.as_str()) {
                    push(id.clone(), CExpr::Item(When::Current, i as u32), Some(i));
                }
            }
            ExprKind::Score(id) => {
                if let Some(i) = self.scores.iter().position(|s| s == id) {
                    push(format!("score.{id}"), CExpr::Score(When::Current, i as u32), None);
                }
            }
            ExprKind::Call(f @ (Func::Previous | Func::Baseline), args) => {
                let when = if *f == Func::Previous { When::Previous } else { When::Baseline };
                match args.first().map(|a| &a.kind) {
                    Some(ExprKind::Item(id)) => {
                        if let Some(&i) = self.item_index.get(id.as_str()) {
                            push(e.to_string(), CExpr::Item(when, i as u32), Some(i));
                        }
                    }
                    Some(ExprKind::Score(id)) => {
                        if let Some(i) = self.scores.iter().position(|s| s == id) {
                            push(e.to_string(), CExpr::Score(when, i as u32), None);
                        }
                    }
                    _ => {}
                }
            }
            ExprKind::Call(Func::DaysSincePrevious, _) => push(e.to_string(), CExpr::DaysSincePrevious, None),
            ExprKind::Call(Func::DaysSinceIndex, _) => push(e.to_string(), CExpr::DaysSinceIndex, None),
            ExprKind::Call(Func::HighestWithin | Func::LowestWithin | Func::ChangeWithin, _) => {
                if let Ok((_, code)) = self.expr(e) {
                    let item = match &code {
                        CExpr::Window(_, leaf, ..) => match **leaf {
                            CExpr::Item(_, i) => Some(i as usize),
                            _ => None,
                        },
                        _ => None,
                    };
                    push(e.to_string(), code, item);
                }
            }
            ExprKind::List(xs) | ExprKind::Call(_, xs) => xs.iter().for_each(|x| self.collect_refs(x, refs)),
            ExprKind::Unary(_, x) => self.collect_refs(x, refs),
            ExprKind::Binary(_, l, r) => {
                self.collect_refs(l, refs);
                self.collect_refs(r, refs);
            }
            ExprKind::Bool(_) | ExprKind::Num(_) | ExprKind::Str(_) | ExprKind::Date(_) => {}
        }
    }

    fn item(&self, id: &str, span: Span) -> Result<(usize, ItemType), RuleError> {
        match self.item_index.get(id) {
            Some(&i) => {
                let t = self.items[i].1;
                if t == ItemType::None {
                    return Err(self.err(span, format!("`{id}` is a display item and has no answer")));
                }
                Ok((i, t))
            }
            None => {
                let h = self.hints.hint(id, self.items.iter().map(|x| x.0));
                Err(self.err(span, format!("unknown item `{id}`")).with_suffix(&h))
            }
        }
    }

    fn score(&self, id: &str, span: Span) -> Result<usize, RuleError> {
        let Some(i) = self.scores.iter().position(|s| *s == id) else {
            let h = self.hints.hint(id, self.scores.iter().copied());
            return Err(self.err(span, format!("unknown score `{id}`")).with_suffix(&h));
        };
        match self.scores_allowed {
            ScoresAllowed::All => Ok(i),
            ScoresAllowed::Before(n) if i < n => Ok(i),
            ScoresAllowed::Before(_) => {
                Err(self.err(span, format!("score `{id}` is not defined above this one; a score expression can only use scores defined before it")))
            }
            ScoresAllowed::None => {
                Err(self.err(span, format!("score `{id}` cannot be used here: conditions are decided before scores are computed")))
            }
        }
    }

    fn item_ty(i: usize, t: ItemType) -> Ty {
        match t {
            ItemType::Bool => Ty::Bool,
            ItemType::Num | ItemType::None => Ty::Num,
            ItemType::Text => Ty::Text,
            ItemType::Date => Ty::Date,
            ItemType::Choice => Ty::Choice(i),
            ItemType::Choices => Ty::Choices(i),
        }
    }

    fn option(&self, item: usize, value: &str, span: Span) -> Result<u16, RuleError> {
        let (id, _, options) = self.items[item];
        match options.iter().position(|o| o.value == value) {
            Some(i) if i < 64 => Ok(i as u16),
            _ => {
                let h = hint(value, options.iter().map(|o| o.value.as_str()));
                let all: Vec<String> = options.iter().map(|o| format!("\"{}\"", o.value)).collect();
                let suffix = if h.is_empty() { format!(" (options: {})", all.join(", ")) } else { h };
                Err(self.err(span, format!("\"{value}\" is not an option of item `{id}`")).with_suffix(&suffix))
            }
        }
    }

    fn expr(&self, e: &Expr) -> Result<(Ty, CExpr), RuleError> {
        Ok(match &e.kind {
            ExprKind::Bool(b) => (Ty::Bool, CExpr::Lit(Lit::Bool(*b))),
            ExprKind::Num(n) => (Ty::Num, CExpr::Lit(Lit::Num(*n))),
            ExprKind::Str(s) => (Ty::Text, CExpr::Lit(Lit::Text(s.as_str().into()))),
            ExprKind::Date(d) => (Ty::Date, CExpr::Lit(Lit::Date(d.to_julian_day()))),
            ExprKind::List(_) => return Err(self.err(e.span, "a list `[...]` can only stand on the right of `in`")),
            ExprKind::Item(id) => {
                let (i, t) = self.item(id, e.span)?;
                (Self::item_ty(i, t), CExpr::Item(When::Current, i as u32))
            }
            ExprKind::Score(id) => (Ty::Num, CExpr::Score(When::Current, self.score(id, e.span)? as u32)),
            ExprKind::Unary(UnOp::Not, x) => {
                let c = self.expect(x, Ty::Bool, "`not`")?;
                (Ty::Bool, CExpr::Not(Box::new(c)))
            }
            ExprKind::Unary(UnOp::Neg, x) => {
                let c = self.expect(x, Ty::Num, "`-`")?;
                (Ty::Num, CExpr::Neg(Box::new(c)))
            }
            ExprKind::Binary(op, l, r) => self.binary(e, *op, l, r)?,
            ExprKind::Call(f, args) => self.call(e, *f, args)?,
        })
    }

    fn expect(&self, e: &Expr, want: Ty, what: &str) -> Result<CExpr, RuleError> {
        let (t, c) = self.expr(e)?;
        if t != want {
            return Err(self.err(e.span, format!("{what} needs {}, but `{e}` is {}", self.ty_name(want), self.ty_name(t))));
        }
        Ok(c)
    }

    fn binary(&self, e: &Expr, op: BinOp, l: &Expr, r: &Expr) -> Result<(Ty, CExpr), RuleError> {
        let b = Box::new;
        match op {
            BinOp::And | BinOp::Or => {
                let what = format!("`{}`", op.symbol());
                let lc = self.expect(l, Ty::Bool, &what)?;
                let rc = self.expect(r, Ty::Bool, &what)?;
                let c = if op == BinOp::And { CExpr::And(b(lc), b(rc)) } else { CExpr::Or(b(lc), b(rc)) };
                Ok((Ty::Bool, c))
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let (lt, lc) = self.expr(l)?;
                let (rt, rc) = self.expr(r)?;
                if op == BinOp::Sub && lt == Ty::Date && rt == Ty::Date {
                    return Ok((Ty::Num, CExpr::DateDiff(b(lc), b(rc))));
                }
                for (t, x) in [(lt, l), (rt, r)] {
                    if t != Ty::Num {
                        return Err(self.err(x.span, format!("`{}` needs numbers, but `{x}` is {}", op.symbol(), self.ty_name(t))));
                    }
                }
                let a = match op {
                    BinOp::Add => Arith::Add,
                    BinOp::Sub => Arith::Sub,
                    BinOp::Mul => Arith::Mul,
                    _ => Arith::Div,
                };
                Ok((Ty::Num, CExpr::Arith(a, b(lc), b(rc))))
            }
            BinOp::In => self.in_op(e, l, r),
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => self.compare(e, op, l, r),
        }
    }

    fn compare(&self, e: &Expr, op: BinOp, l: &Expr, r: &Expr) -> Result<(Ty, CExpr), RuleError> {
        let (lt, lc) = self.expr(l)?;
        let (rt, rc) = self.expr(r)?;
        let cmp = match op {
            BinOp::Eq => Cmp::Eq,
            BinOp::Ne => Cmp::Ne,
            BinOp::Lt => Cmp::Lt,
            BinOp::Le => Cmp::Le,
            BinOp::Gt => Cmp::Gt,
            _ => Cmp::Ge,
        };
        let equality = matches!(cmp, Cmp::Eq | Cmp::Ne);
        // choice = "option"
        let choice_lit = match (lt, &r.kind, rt, &l.kind) {
            (Ty::Choice(i), ExprKind::Str(s), _, _) => Some((i, s, r.span, lc.clone())),
            (_, _, Ty::Choice(i), ExprKind::Str(s)) => Some((i, s, l.span, rc.clone())),
            _ => None,
        };
        if let Some((item, value, span, code)) = choice_lit {
            if !equality {
                return Err(self.err(e.span, format!("`{}` cannot order choices; use `=`, `!=` or `in`", op.symbol())));
            }
            let idx = self.option(item, value, span)?;
            let is = CExpr::ChoiceIs(Box::new(code), idx);
            return Ok((Ty::Bool, if cmp == Cmp::Eq { is } else { CExpr::Not(Box::new(is)) }));
        }
        let mismatch =
            || self.err(e.span, format!("`{l}` and `{r}` cannot be compared: `{l}` is {} but `{r}` is {}", self.ty_name(lt), self.ty_name(rt)));
        match (lt, rt) {
            (Ty::Num, Ty::Num) | (Ty::Date, Ty::Date) => {}
            (Ty::Bool, Ty::Bool) | (Ty::Text, Ty::Text) | (Ty::Choice(_), Ty::Choice(_)) if lt == rt => {
                if !equality {
                    return Err(self.err(e.span, format!("`{}` compares numbers or dates, but `{l}` is {}", op.symbol(), self.ty_name(lt))));
                }
            }
            (Ty::Choices(_), _) | (_, Ty::Choices(_)) => {
                return Err(self.err(e.span, "a multiple-choice answer is tested with `\"option\" in item` or `count(item)`"))
            }
            _ => return Err(mismatch()),
        }
        Ok((Ty::Bool, CExpr::Cmp(cmp, Box::new(lc), Box::new(rc))))
    }

    fn in_op(&self, e: &Expr, l: &Expr, r: &Expr) -> Result<(Ty, CExpr), RuleError> {
        if let ExprKind::List(elems) = &r.kind {
            let (lt, lc) = self.expr(l)?;
            let lc = Box::new(lc);
            return match lt {
                Ty::Choice(item) => {
                    let mut mask = 0u64;
                    for x in elems {
                        let ExprKind::Str(s) = &x.kind else {
                            return Err(self.err(x.span, format!("options of `{}` are written in quotes", self.items[item].0)));
                        };
                        mask |= 1u64 << self.option(item, s, x.span)?;
                    }
                    Ok((Ty::Bool, CExpr::ChoiceIn(lc, mask)))
                }
                Ty::Num => {
                    let mut list = Vec::new();
                    for x in elems {
                        match &x.kind {
                            ExprKind::Num(n) => list.push(*n),
                            ExprKind::Unary(UnOp::Neg, inner) => match inner.kind {
                                ExprKind::Num(n) => list.push(-n),
                                _ => return Err(self.err(x.span, "a list after `in` holds only numbers here")),
                            },
                            _ => return Err(self.err(x.span, "a list after `in` holds only numbers here")),
                        }
                    }
                    Ok((Ty::Bool, CExpr::NumIn(lc, list.into())))
                }
                Ty::Text => {
                    let mut list = Vec::new();
                    for x in elems {
                        let ExprKind::Str(s) = &x.kind else {
                            return Err(self.err(x.span, "a list after `in` holds only texts here"));
                        };
                        list.push(s.as_str().into());
                    }
                    Ok((Ty::Bool, CExpr::TextIn(lc, list.into())))
                }
                other => Err(self.err(l.span, format!("`in [...]` works on choices, numbers and text, but `{l}` is {}", self.ty_name(other)))),
            };
        }
        let (rt, rc) = self.expr(r)?;
        match rt {
            Ty::Choices(item) => {
                let ExprKind::Str(s) = &l.kind else {
                    return Err(self.err(l.span, format!("write the option in quotes: `\"option\" in {r}`")));
                };
                let idx = self.option(item, s, l.span)?;
                Ok((Ty::Bool, CExpr::SetHas(Box::new(rc), idx)))
            }
            other => {
                Err(self
                    .err(e.span, format!("`in` needs a list `[...]` or a multiple-choice item on the right, but `{r}` is {}", self.ty_name(other))))
            }
        }
    }

    fn call(&self, e: &Expr, f: Func, args: &[Expr]) -> Result<(Ty, CExpr), RuleError> {
        let (fewest, most) = f.arity();
        if args.len() < fewest || args.len() > most {
            let s = if most == 1 { "" } else { "s" };
            let n = if fewest == most { most.to_string() } else { format!("{fewest} or {most}") };
            return Err(self.err(e.span, format!("`{}` takes {n} argument{s}, but {} were given", f.name(), args.len())));
        }
        match f {
            Func::DaysSincePrevious => Ok((Ty::Num, CExpr::DaysSincePrevious)),
            Func::DaysSinceIndex => Ok((Ty::Num, CExpr::DaysSinceIndex)),
            Func::Answered => match &args[0].kind {
                ExprKind::Item(id) => {
                    let (i, _) = self.item(id, args[0].span)?;
                    Ok((Ty::Bool, CExpr::Answered(i as u32)))
                }
                _ => Err(self.err(args[0].span, "`answered` takes an item id, like `answered(pain)`")),
            },
            Func::Count => {
                let (t, c) = self.expr(&args[0])?;
                match t {
                    Ty::Choices(_) => Ok((Ty::Num, CExpr::Count(Box::new(c)))),
                    other => {
                        Err(self.err(args[0].span, format!("`count` takes a multiple-choice item, but `{}` is {}", args[0], self.ty_name(other))))
                    }
                }
            }
            Func::HighestWithin | Func::LowestWithin | Func::ChangeWithin => {
                let window = match f {
                    Func::HighestWithin => Window::Highest,
                    Func::LowestWithin => Window::Lowest,
                    _ => Window::Change,
                };
                let example = format!("`{}(weight, 4)`", f.name());
                let leaf = match &args[0].kind {
                    ExprKind::Item(id) => {
                        let (i, t) = self.item(id, args[0].span)?;
                        if t != ItemType::Num {
                            return Err(self.err(
                                args[0].span,
                                format!("`{}` takes a number item or a score, but `{id}` is {}", f.name(), self.ty_name(Self::item_ty(i, t))),
                            ));
                        }
                        CExpr::Item(When::Current, i as u32)
                    }
                    ExprKind::Score(id) => CExpr::Score(When::Current, self.score(id, args[0].span)? as u32),
                    _ => return Err(self.err(args[0].span, format!("`{}` takes a number item or a score first, like {example}", f.name()))),
                };
                let days = self.whole_number(&args[1], 1, MAX_WINDOW_DAYS, &format!("the number of days in `{}`", f.name()))?;
                let reach = match args.get(2) {
                    None => days,
                    Some(arg) => {
                        let what = format!("how far back `{}` may reach (more days than {days}, its window)", f.name());
                        self.whole_number(arg, days + 1, MAX_WINDOW_DAYS, &what)?
                    }
                };
                Ok((Ty::Num, CExpr::Window(window, Box::new(leaf), days, reach)))
            }
            Func::InEachOfLast | Func::InAtLeastOfLast => {
                let (at_least, n, cond) = if f == Func::InEachOfLast {
                    let n = self.whole_number(&args[0], 2, MAX_RESPONSES_BACK, "the number of responses in `in_each_of_last`")?;
                    (n, n, &args[1])
                } else {
                    let n = self.whole_number(&args[1], 2, MAX_RESPONSES_BACK, "the number of responses in `in_at_least_of_last`")?;
                    let k = self.whole_number(&args[0], 1, n, "how many of them `in_at_least_of_last` needs")?;
                    (k, n, &args[2])
                };
                let mut nested = None;
                cond.walk(&mut |x| {
                    if let ExprKind::Call(g, _) = &x.kind {
                        if g.reads_history() && nested.is_none() {
                            nested = Some((*g, x.span));
                        }
                    }
                });
                if let Some((g, span)) = nested {
                    return Err(self
                        .err(span, format!("`{}` cannot be used inside `{}`: its condition reads each response's own answers", g.name(), f.name())));
                }
                let (t, code) = self.expr(cond)?;
                if t != Ty::Bool {
                    return Err(self.err(cond.span, format!("expected a yes/no condition, but `{cond}` is {}", self.ty_name(t))));
                }
                Ok((Ty::Bool, CExpr::OfLast { at_least, n, cond: Box::new(code) }))
            }
            Func::Previous | Func::Baseline => {
                let when = if f == Func::Previous { When::Previous } else { When::Baseline };
                match &args[0].kind {
                    ExprKind::Item(id) => {
                        let (i, t) = self.item(id, args[0].span)?;
                        Ok((Self::item_ty(i, t), CExpr::Item(when, i as u32)))
                    }
                    ExprKind::Score(id) => {
                        // History scores were computed with that response; any score may be read.
                        let Some(i) = self.scores.iter().position(|s| s == id) else {
                            return self.score(id, args[0].span).map(|_| (Ty::Num, CExpr::DaysSincePrevious));
                        };
                        if self.scores_allowed == ScoresAllowed::None {
                            self.score(id, args[0].span)?;
                        }
                        Ok((Ty::Num, CExpr::Score(when, i as u32)))
                    }
                    _ => Err(self.err(args[0].span, format!("`{}` takes an item id or `score.id`", f.name()))),
                }
            }
        }
    }
}

/// The longest window of days a function over time may look back.
pub const MAX_WINDOW_DAYS: u32 = 366;
/// The most responses `in_each_of_last`/`in_at_least_of_last` may count.
pub const MAX_RESPONSES_BACK: u32 = 20;

impl Scope<'_> {
    /// A whole number written in the rule, from `min` to `max`.
    fn whole_number(&self, e: &Expr, min: u32, max: u32, what: &str) -> Result<u32, RuleError> {
        match e.kind {
            ExprKind::Num(n) if n.to_i64().is_some_and(|n| n >= i64::from(min) && n <= i64::from(max)) => Ok(n.to_i64().unwrap_or_default() as u32),
            _ => Err(self.err(e.span, format!("{what} must be a whole number from {min} to {max}, written as a number"))),
        }
    }
}

impl RuleError {
    fn with_suffix(mut self, s: &str) -> Self {
        self.message.push_str(s);
        self
    }
}
