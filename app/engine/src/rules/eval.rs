//! Evaluation of compiled expressions with three-valued logic.
//!
//! Every value may be *unknown* ([`V::Unknown`]): an unanswered item, an item
//! hidden by its condition, a missing score, history that does not exist, a
//! division by zero. Comparisons and arithmetic with an unknown operand are
//! unknown; `and`/`or`/`not` follow Kleene's logic (`false and unknown` is
//! false, `true or unknown` is true); `answered(x)` is never unknown.

use serde::{Deserialize, Serialize};

use crate::answers::Answer;
use crate::decimal::Decimal;
use crate::text::LangText;

/// A value during evaluation. `Copy`, borrowing text from the response or
/// the compiled expression, so evaluation does not allocate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum V<'a> {
    Unknown,
    Bool(bool),
    /// Exact: 64.4 − 62.4 is 2 (see [`crate::decimal`]).
    Num(Decimal),
    /// Julian day number.
    Date(i32),
    Text(&'a str),
    /// Index of the chosen option.
    Choice(u16),
    /// Bit `i` set when option `i` is chosen.
    Set(u64),
}

impl<'a> V<'a> {
    pub fn from_answer(a: Option<&'a Answer>) -> V<'a> {
        match a {
            None => V::Unknown,
            Some(Answer::Bool(b)) => V::Bool(*b),
            Some(Answer::Number(n)) => Decimal::from_f64(*n).map_or(V::Unknown, V::Num),
            Some(Answer::Date(d)) => V::Date(d.to_julian_day()),
            Some(Answer::Text(t)) => V::Text(t),
            Some(Answer::Choice(c)) => V::Choice(*c),
            Some(Answer::Choices(s)) => V::Set(*s),
        }
    }
}

/// A literal baked into compiled code.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Bool(bool),
    Num(Decimal),
    Date(i32),
    Text(Box<str>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

/// Where a value comes from: the current response, or the previous or first
/// response of the same patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Current,
    Previous,
    Baseline,
}

/// An expression with every name resolved to an index; produced by
/// [`super::types`], only from well-typed trees.
#[derive(Clone, Debug, PartialEq)]
pub enum CExpr {
    Lit(Lit),
    Item(When, u32),
    Score(When, u32),
    Answered(u32),
    DaysSincePrevious,
    /// The clinic's calendar days since the enrolment's index date.
    DaysSinceIndex,
    Count(Box<CExpr>),
    Not(Box<CExpr>),
    And(Box<CExpr>, Box<CExpr>),
    Or(Box<CExpr>, Box<CExpr>),
    Cmp(Cmp, Box<CExpr>, Box<CExpr>),
    /// choice = option (by index)
    ChoiceIs(Box<CExpr>, u16),
    /// choice in [options] (bit mask)
    ChoiceIn(Box<CExpr>, u64),
    /// "option" in multiple-choice
    SetHas(Box<CExpr>, u16),
    NumIn(Box<CExpr>, Box<[Decimal]>),
    TextIn(Box<CExpr>, Box<[Box<str>]>),
    Arith(Arith, Box<CExpr>, Box<CExpr>),
    Neg(Box<CExpr>),
    /// date - date, in days
    DateDiff(Box<CExpr>, Box<CExpr>),
    /// `highest_within`, `lowest_within`, `change_within`: a number item or
    /// score (read as `Item(Current, _)` / `Score(Current, _)`) over this
    /// response and the earlier ones of the last `days` days; when none of
    /// those has the value, the latest earlier one of the last `reach`
    /// days (`reach == days` when the rule gives no third argument).
    Window(Window, Box<CExpr>, u32, u32),
    /// The condition in this response and the `n - 1` before it: true in
    /// each (`at_least == n`) or in at least `at_least` of them.
    OfLast {
        at_least: u32,
        n: u32,
        cond: Box<CExpr>,
    },
}

/// What a window of days gives of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Highest,
    Lowest,
    /// This value minus the earliest one in the window.
    Change,
}

/// An earlier response to the same questionnaire, as rules read it, and
/// how many whole days before this response it was given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PastFrame {
    pub frame: Frame,
    pub days_ago: f64,
}

/// Which response a value in an explanation was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadFrom {
    /// As the reference says (`weight` from this response, `previous(weight)`
    /// from the previous one, a window from the response it picks).
    AsWritten,
    /// Inside `in_each_of_last`/`in_at_least_of_last`: 0 is this
    /// response, `k` the `k`-th before it.
    Response(usize),
}

/// Answers and scores of one response, by item/score index of the
/// questionnaire being evaluated. Hidden items are already `None`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub items: Vec<Option<Answer>>,
    pub scores: Vec<Option<f64>>,
}

/// Everything an expression can read.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    pub current: &'a Frame,
    pub previous: Option<&'a Frame>,
    pub baseline: Option<&'a Frame>,
    pub days_since_previous: Option<f64>,
    pub days_since_baseline: Option<f64>,
    /// Days from the enrolment's index date to this response; `None` for a
    /// response that belongs to no enrolment.
    pub days_since_index: Option<i64>,
    /// Earlier responses to the same questionnaire in the enrolment,
    /// newest first (the first is the previous one).
    pub earlier: &'a [PastFrame],
}

impl<'a> Ctx<'a> {
    /// Only `current`: no history at all.
    pub fn alone(current: &'a Frame) -> Ctx<'a> {
        Ctx { current, previous: None, baseline: None, days_since_previous: None, days_since_baseline: None, days_since_index: None, earlier: &[] }
    }

    /// The `k`-th response counting back from this one (0 is this one)
    /// as the only one: a condition inside `in_each_of_last` reads it.
    /// Its days since the index are this one's less its days ago.
    fn response(&self, k: usize) -> Option<Ctx<'a>> {
        let frame = if k == 0 { Some(self.current) } else { self.earlier.get(k - 1).map(|p| &p.frame) };
        let days_since_index = self.days_since_index.zip(self.days_ago(k)).map(|(index, ago)| index - ago as i64);
        frame.map(|f| Ctx { days_since_index, ..Ctx::alone(f) })
    }

    /// Days between the `k`-th response back and this one.
    pub fn days_ago(&self, k: usize) -> Option<f64> {
        if k == 0 {
            Some(0.0)
        } else {
            self.earlier.get(k - 1).map(|p| p.days_ago)
        }
    }

    /// The value of `leaf` (an item or score of this response) over the
    /// window, and the response (as in [`Ctx::days_ago`]) it was read from.
    /// Unknown unless this response and at least one earlier one of the
    /// window have the value: with nothing to compare, there is no change.
    /// With a `reach` beyond `days` and no earlier value inside the window,
    /// the latest earlier value of the last `reach` days stands in for it.
    pub fn window(&self, w: Window, leaf: &CExpr, days: u32, reach: u32) -> Option<(Decimal, usize)> {
        let now = num(leaf.eval(self))?;
        let picked = self.pick(w, leaf, days);
        let (v, k) = match picked {
            Some(p) => p,
            None if reach > days => self
                .earlier
                .iter()
                .enumerate()
                .take_while(|(_, past)| past.days_ago <= f64::from(reach))
                .find_map(|(k, past)| num(leaf.eval(&Ctx::alone(&past.frame))).map(|v| (v, k + 1)))?,
            None => return None,
        };
        Some(match w {
            Window::Highest if now >= v => (now, 0),
            Window::Lowest if now <= v => (now, 0),
            Window::Highest | Window::Lowest => (v, k),
            Window::Change => (now.checked_sub(v)?, k),
        })
    }

    /// The earlier value of the last `days` days that `w` picks (the
    /// highest, the lowest, or the earliest) and which response it is.
    fn pick(&self, w: Window, leaf: &CExpr, days: u32) -> Option<(Decimal, usize)> {
        let mut picked: Option<(Decimal, usize)> = None;
        for (k, past) in self.earlier.iter().enumerate() {
            if past.days_ago > f64::from(days) {
                break;
            }
            let Some(v) = num(leaf.eval(&Ctx::alone(&past.frame))) else { continue };
            let better = match (w, picked) {
                (_, None) => true,
                (Window::Highest, Some((p, _))) => v > p,
                (Window::Lowest, Some((p, _))) => v < p,
                // Newest first: the last one seen is the earliest.
                (Window::Change, Some(_)) => true,
            };
            if better {
                picked = Some((v, k + 1));
            }
        }
        picked
    }

    fn frame(&self, when: When) -> Option<&'a Frame> {
        match when {
            When::Current => Some(self.current),
            When::Previous => self.previous,
            When::Baseline => self.baseline,
        }
    }
}

fn num(v: V<'_>) -> Option<Decimal> {
    match v {
        V::Num(n) => Some(n),
        _ => None,
    }
}

impl CExpr {
    /// Evaluates to a value; never panics.
    pub fn eval<'a>(&'a self, ctx: &Ctx<'a>) -> V<'a> {
        match self {
            CExpr::Lit(Lit::Bool(b)) => V::Bool(*b),
            CExpr::Lit(Lit::Num(n)) => V::Num(*n),
            CExpr::Lit(Lit::Date(d)) => V::Date(*d),
            CExpr::Lit(Lit::Text(t)) => V::Text(t),
            CExpr::Item(when, i) => match ctx.frame(*when) {
                Some(f) => V::from_answer(f.items.get(*i as usize).and_then(Option::as_ref)),
                None => V::Unknown,
            },
            CExpr::Score(when, i) => match ctx.frame(*when).and_then(|f| f.scores.get(*i as usize)) {
                Some(Some(n)) => Decimal::from_f64(*n).map_or(V::Unknown, V::Num),
                _ => V::Unknown,
            },
            CExpr::Answered(i) => V::Bool(matches!(ctx.current.items.get(*i as usize), Some(Some(_)))),
            CExpr::DaysSincePrevious => ctx.days_since_previous.and_then(Decimal::from_f64).map_or(V::Unknown, V::Num),
            CExpr::DaysSinceIndex => ctx.days_since_index.map_or(V::Unknown, |d| V::Num(Decimal::from_int(d))),
            CExpr::Count(e) => match e.eval(ctx) {
                V::Set(s) => V::Num(Decimal::from_int(i64::from(s.count_ones()))),
                _ => V::Unknown,
            },
            CExpr::Not(e) => match e.eval(ctx) {
                V::Bool(b) => V::Bool(!b),
                _ => V::Unknown,
            },
            CExpr::And(l, r) => {
                let a = l.eval(ctx);
                if a == V::Bool(false) {
                    return a;
                }
                match (a, r.eval(ctx)) {
                    (_, V::Bool(false)) => V::Bool(false),
                    (V::Bool(true), V::Bool(true)) => V::Bool(true),
                    _ => V::Unknown,
                }
            }
            CExpr::Or(l, r) => {
                let a = l.eval(ctx);
                if a == V::Bool(true) {
                    return a;
                }
                match (a, r.eval(ctx)) {
                    (_, V::Bool(true)) => V::Bool(true),
                    (V::Bool(false), V::Bool(false)) => V::Bool(false),
                    _ => V::Unknown,
                }
            }
            CExpr::Cmp(op, l, r) => compare(*op, l.eval(ctx), r.eval(ctx)),
            CExpr::ChoiceIs(e, idx) => match e.eval(ctx) {
                V::Choice(c) => V::Bool(c == *idx),
                _ => V::Unknown,
            },
            CExpr::ChoiceIn(e, mask) => match e.eval(ctx) {
                V::Choice(c) => V::Bool(c < 64 && mask & (1u64 << c) != 0),
                _ => V::Unknown,
            },
            CExpr::SetHas(e, idx) => match e.eval(ctx) {
                V::Set(s) => V::Bool(*idx < 64 && s & (1u64 << idx) != 0),
                _ => V::Unknown,
            },
            CExpr::NumIn(e, list) => match e.eval(ctx) {
                V::Num(n) => V::Bool(list.contains(&n)),
                _ => V::Unknown,
            },
            CExpr::TextIn(e, list) => match e.eval(ctx) {
                V::Text(t) => V::Bool(list.iter().any(|x| &**x == t)),
                _ => V::Unknown,
            },
            CExpr::Arith(op, l, r) => {
                let (Some(a), Some(b)) = (num(l.eval(ctx)), num(r.eval(ctx))) else {
                    return V::Unknown;
                };
                let x = match op {
                    Arith::Add => a.checked_add(b),
                    Arith::Sub => a.checked_sub(b),
                    Arith::Mul => a.checked_mul(b),
                    Arith::Div => a.checked_div(b),
                };
                x.map_or(V::Unknown, V::Num)
            }
            CExpr::Neg(e) => match e.eval(ctx) {
                V::Num(n) => V::Num(-n),
                _ => V::Unknown,
            },
            CExpr::DateDiff(l, r) => match (l.eval(ctx), r.eval(ctx)) {
                (V::Date(a), V::Date(b)) => V::Num(Decimal::from_int(i64::from(a) - i64::from(b))),
                _ => V::Unknown,
            },
            CExpr::Window(w, leaf, days, reach) => ctx.window(*w, leaf, *days, *reach).map_or(V::Unknown, |(v, _)| V::Num(v)),
            CExpr::OfLast { at_least, n, cond } => {
                let (mut yes, mut unknown) = (0u32, 0u32);
                for k in 0..*n as usize {
                    // A response that was never given is as unknown as an
                    // unanswered one: it might have said yes.
                    match ctx.response(k).map(|c| cond.eval(&c)) {
                        Some(V::Bool(true)) => yes += 1,
                        Some(V::Bool(false)) => {}
                        _ => unknown += 1,
                    }
                }
                if yes >= *at_least {
                    V::Bool(true)
                } else if yes + unknown < *at_least {
                    V::Bool(false)
                } else {
                    V::Unknown
                }
            }
        }
    }

    /// True only when the expression is definitely true.
    pub fn is_true(&self, ctx: &Ctx<'_>) -> bool {
        self.eval(ctx) == V::Bool(true)
    }

    /// The values (items, scores, history, days) that decided this
    /// expression, as the leaf codes that read them: of a true `or` only
    /// the side that is true, of a false `and` only a side that is false;
    /// everything else reads all its parts. So a flag from `a or (b and c)`
    /// that fired through `b and c` names `b` and `c`, not `a`.
    ///
    /// Inside `in_each_of_last`/`in_at_least_of_last` the values are those
    /// of each response that decided it (each that was true when it is
    /// true, each that was false when it is false), marked with which.
    pub fn deciding_values(&self, ctx: &Ctx<'_>, out: &mut Vec<(CExpr, ReadFrom)>) {
        self.deciding(ctx, ReadFrom::AsWritten, out)
    }

    fn deciding(&self, ctx: &Ctx<'_>, from: ReadFrom, out: &mut Vec<(CExpr, ReadFrom)>) {
        let push = |out: &mut Vec<(CExpr, ReadFrom)>, code: CExpr| {
            if !out.contains(&(code.clone(), from)) {
                out.push((code, from));
            }
        };
        match self {
            CExpr::Item(..) | CExpr::Score(..) | CExpr::DaysSincePrevious | CExpr::DaysSinceIndex | CExpr::Window(..) => push(out, self.clone()),
            CExpr::Answered(i) => push(out, CExpr::Item(When::Current, *i)),
            CExpr::OfLast { n, cond, .. } => {
                let result = self.eval(ctx);
                for k in 0..*n as usize {
                    let Some(c) = ctx.response(k) else { break };
                    let v = cond.eval(&c);
                    if v == result || result == V::Unknown {
                        cond.deciding(&c, ReadFrom::Response(k), out);
                    }
                }
            }
            CExpr::Lit(_) => {}
            CExpr::Or(l, r) => match (l.eval(ctx), r.eval(ctx)) {
                (V::Bool(true), _) => l.deciding(ctx, from, out),
                (_, V::Bool(true)) => r.deciding(ctx, from, out),
                _ => {
                    l.deciding(ctx, from, out);
                    r.deciding(ctx, from, out);
                }
            },
            CExpr::And(l, r) => match (l.eval(ctx), r.eval(ctx)) {
                (V::Bool(false), _) => l.deciding(ctx, from, out),
                (_, V::Bool(false)) => r.deciding(ctx, from, out),
                _ => {
                    l.deciding(ctx, from, out);
                    r.deciding(ctx, from, out);
                }
            },
            CExpr::Not(e)
            | CExpr::Count(e)
            | CExpr::Neg(e)
            | CExpr::ChoiceIs(e, _)
            | CExpr::ChoiceIn(e, _)
            | CExpr::SetHas(e, _)
            | CExpr::NumIn(e, _)
            | CExpr::TextIn(e, _) => e.deciding(ctx, from, out),
            CExpr::Cmp(_, l, r) | CExpr::Arith(_, l, r) | CExpr::DateDiff(l, r) => {
                l.deciding(ctx, from, out);
                r.deciding(ctx, from, out);
            }
        }
    }
}

fn compare(op: Cmp, a: V<'_>, b: V<'_>) -> V<'static> {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (a, b) {
        (V::Num(x), V::Num(y)) => Some(x.cmp(&y)),
        (V::Date(x), V::Date(y)) => Some(x.cmp(&y)),
        (V::Text(x), V::Text(y)) => Some(x.cmp(y)),
        (V::Bool(x), V::Bool(y)) => Some(x.cmp(&y)),
        (V::Choice(x), V::Choice(y)) => Some(x.cmp(&y)),
        (V::Set(x), V::Set(y)) => Some(x.cmp(&y)),
        _ => None,
    };
    let Some(ord) = ord else { return V::Unknown };
    V::Bool(match op {
        Cmp::Eq => ord == Ordering::Equal,
        Cmp::Ne => ord != Ordering::Equal,
        Cmp::Lt => ord == Ordering::Less,
        Cmp::Le => ord != Ordering::Greater,
        Cmp::Gt => ord == Ordering::Greater,
        Cmp::Ge => ord != Ordering::Less,
    })
}

/// Flag levels. They sort most urgent first, in the order of
/// [`Urgency`](crate::Urgency) (red, contact, yellow).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagLevel {
    /// The patient should be seen.
    Red,
    /// The clinic should call.
    Yellow,
    /// The respondent asked to be contacted.
    Contact,
}

impl FlagLevel {
    /// Where this level stands in the order of urgency.
    pub fn urgency(self) -> crate::Urgency {
        match self {
            FlagLevel::Red => crate::Urgency::Red,
            FlagLevel::Yellow => crate::Urgency::Yellow,
            FlagLevel::Contact => crate::Urgency::Contact,
        }
    }
}

impl Ord for FlagLevel {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.urgency().cmp(&other.urgency())
    }
}

impl PartialOrd for FlagLevel {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A value shown in an explanation. `None` in [`Explained::value`] means
/// unknown (unanswered, hidden or missing).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ShownValue {
    Bool(bool),
    Number(f64),
    /// Text, a date as `YYYY-MM-DD`, or an option value.
    Text(String),
    /// Option values of a multiple-choice answer.
    Choices(Vec<String>),
}

impl std::fmt::Display for ShownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShownValue::Bool(b) => write!(f, "{b}"),
            ShownValue::Number(n) => write!(f, "{n}"),
            ShownValue::Text(t) => f.write_str(t),
            ShownValue::Choices(c) => f.write_str(&c.join(", ")),
        }
    }
}

/// `reference = value` (`?` when unknown), as staff read it.
impl std::fmt::Display for Explained {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.value {
            Some(v) => write!(f, "{} = {v}", self.reference),
            None => write!(f, "{} = ?", self.reference),
        }
    }
}

/// One reference of a rule and its value when the rule fired, e.g.
/// `("discharge_days", "more_14")` or `("baseline(score.ear)", 2)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explained {
    pub reference: String,
    pub value: Option<ShownValue>,
    /// For a value from an earlier response: how many whole days before
    /// the flagged response it was given (0: the flagged response itself,
    /// inside `in_each_of_last`), so staff read its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_ago: Option<i64>,
}

/// A raised flag with the reason it was raised.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// The rule id (`contact` for a contact request).
    pub rule: String,
    pub level: FlagLevel,
    pub message: LangText,
    /// The values of the items and scores the rule refers to.
    pub explanation: Vec<Explained>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(v: Option<bool>) -> CExpr {
        match v {
            Some(b) => CExpr::Lit(Lit::Bool(b)),
            // item 0 of an empty frame is unknown
            None => CExpr::Item(When::Current, 0),
        }
    }

    fn ev(e: &CExpr) -> Option<bool> {
        let frame = Frame::default();
        let ctx = Ctx::alone(&frame);
        match e.eval(&ctx) {
            V::Bool(b) => Some(b),
            V::Unknown => None,
            other => panic!("not a boolean: {other:?}"),
        }
    }

    const T: Option<bool> = Some(true);
    const F: Option<bool> = Some(false);
    const U: Option<bool> = None;

    #[test]
    fn kleene_and_truth_table() {
        let table = [(T, T, T), (T, F, F), (T, U, U), (F, T, F), (F, F, F), (F, U, F), (U, T, U), (U, F, F), (U, U, U)];
        for (a, b, want) in table {
            let e = CExpr::And(Box::new(lit(a)), Box::new(lit(b)));
            assert_eq!(ev(&e), want, "{a:?} and {b:?}");
        }
    }

    #[test]
    fn kleene_or_truth_table() {
        let table = [(T, T, T), (T, F, T), (T, U, T), (F, T, T), (F, F, F), (F, U, U), (U, T, T), (U, F, U), (U, U, U)];
        for (a, b, want) in table {
            let e = CExpr::Or(Box::new(lit(a)), Box::new(lit(b)));
            assert_eq!(ev(&e), want, "{a:?} or {b:?}");
        }
    }

    #[test]
    fn kleene_not_truth_table() {
        for (a, want) in [(T, F), (F, T), (U, U)] {
            assert_eq!(ev(&CExpr::Not(Box::new(lit(a)))), want);
        }
    }

    #[test]
    fn comparisons_with_unknown_are_unknown() {
        let unknown = || Box::new(CExpr::Item(When::Current, 0));
        let one = || Box::new(CExpr::Lit(Lit::Num(Decimal::from_int(1))));
        for op in [Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge] {
            assert_eq!(ev(&CExpr::Cmp(op, unknown(), one())), U);
            assert_eq!(ev(&CExpr::Cmp(op, one(), unknown())), U);
        }
        assert_eq!(ev(&CExpr::Cmp(Cmp::Le, one(), one())), T);
        assert_eq!(ev(&CExpr::Cmp(Cmp::Lt, one(), one())), F);
    }

    #[test]
    fn arithmetic_with_unknown_or_division_by_zero_is_unknown() {
        let frame = Frame::default();
        let ctx = Ctx::alone(&frame);
        let n = |x: &str| {
            Box::new(CExpr::Lit(Lit::Num(Decimal::parse(x.trim_start_matches('-')).map(|d| if x.starts_with('-') { -d } else { d }).unwrap())))
        };
        let num = |x: &str| V::Num(Decimal::parse(x.trim_start_matches('-')).map(|d| if x.starts_with('-') { -d } else { d }).unwrap());
        assert_eq!(CExpr::Arith(Arith::Div, n("1"), n("0")).eval(&ctx), V::Unknown);
        assert_eq!(CExpr::Arith(Arith::Add, n("1"), Box::new(CExpr::Item(When::Current, 3))).eval(&ctx), V::Unknown);
        assert_eq!(CExpr::Arith(Arith::Mul, n("2"), n("3.5")).eval(&ctx), num("7"));
        assert_eq!(CExpr::Neg(n("2")).eval(&ctx), num("-2"));
        assert_eq!(CExpr::Arith(Arith::Sub, n("64.4"), n("62.4")).eval(&ctx), num("2"));
        assert_eq!(CExpr::Arith(Arith::Div, n("2"), n("3")).eval(&ctx), num("0.666666667"));
    }

    #[test]
    fn missing_history_is_unknown_but_answered_is_never_unknown() {
        let frame = Frame { items: vec![None, Some(Answer::Bool(true))], scores: vec![Some(3.0)] };
        let ctx = Ctx::alone(&frame);
        assert_eq!(CExpr::Item(When::Previous, 1).eval(&ctx), V::Unknown);
        assert_eq!(CExpr::Score(When::Baseline, 0).eval(&ctx), V::Unknown);
        assert_eq!(CExpr::Score(When::Current, 0).eval(&ctx), V::Num(Decimal::from_int(3)));
        assert_eq!(CExpr::DaysSincePrevious.eval(&ctx), V::Unknown);
        assert_eq!(CExpr::Answered(0).eval(&ctx), V::Bool(false));
        assert_eq!(CExpr::Answered(1).eval(&ctx), V::Bool(true));
        assert_eq!(CExpr::Answered(99).eval(&ctx), V::Bool(false));
    }

    #[test]
    fn flag_levels_sort_most_urgent_first() {
        // The worklist's order of urgency: red, contact, yellow.
        let mut v = vec![FlagLevel::Yellow, FlagLevel::Contact, FlagLevel::Red];
        v.sort();
        assert_eq!(v, vec![FlagLevel::Red, FlagLevel::Contact, FlagLevel::Yellow]);
        let ranks: Vec<_> = v.iter().map(|l| l.urgency().rank()).collect();
        assert_eq!(ranks, vec![0, 1, 2]);
    }
}
