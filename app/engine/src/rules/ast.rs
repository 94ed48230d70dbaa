//! The syntax tree of a rule expression and its canonical printer.
//!
//! `Display` prints the canonical form: single spaces around binary
//! operators, parentheses only where precedence needs them, text in double
//! quotes. For every tree the parser can produce,
//! `parse(&expr.to_string()) == expr` (spans are ignored by `==`).

use std::fmt;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::diagnostics::Span;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Expr {
    pub kind: ExprKind,
    /// Byte range in the expression text.
    pub span: Span,
}

/// Equality ignores spans: two trees are equal when they mean the same.
impl PartialEq for Expr {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Self { kind, span }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExprKind {
    Bool(bool),
    /// Never negative and always finite: `-3` is `Neg(3)`.
    Num(crate::decimal::Decimal),
    Str(String),
    /// `date("2025-01-31")`
    Date(Date),
    /// `[a, b, c]`, only on the right of `in`.
    List(Vec<Expr>),
    /// An item by id: `discharge_days`.
    Item(String),
    /// A score by id: `score.ear_symptoms`.
    Score(String),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Func {
    /// `answered(item)`: true when the item is visible and answered.
    Answered,
    /// `previous(item)` / `previous(score.x)`: the value in the patient's
    /// previous response.
    Previous,
    /// `baseline(item)` / `baseline(score.x)`: the value in the patient's
    /// first response.
    Baseline,
    /// `days_since_previous()`: whole days since the previous response.
    DaysSincePrevious,
    /// `days_since_index()`: the clinic's calendar days from the
    /// enrolment's index date (the operation) to the day of this response.
    DaysSinceIndex,
    /// `count(multi_item)`: how many options are chosen.
    Count,
    /// `highest_within(weight, 4)`: the highest value of a number item or
    /// score in this response and the earlier ones of the last 4 days.
    /// `highest_within(weight, 4, 7)`: the same, but when no earlier
    /// response of the last 4 days has the value, the latest one of the
    /// last 7 days stands in (so do the other two window functions).
    HighestWithin,
    /// `lowest_within(weight, 4)`: the lowest, likewise.
    LowestWithin,
    /// `change_within(weight, 4)`: this value minus the earliest one of
    /// the last 4 days.
    ChangeWithin,
    /// `in_each_of_last(3, worry = "yes")`: the condition holds in this
    /// response and in each of the 2 before it.
    InEachOfLast,
    /// `in_at_least_of_last(2, 3, fever)`: the condition holds in at least
    /// 2 of this response and the 2 before it.
    InAtLeastOfLast,
}

impl Func {
    pub const ALL: [Func; 11] = [
        Func::Answered,
        Func::Previous,
        Func::Baseline,
        Func::DaysSincePrevious,
        Func::DaysSinceIndex,
        Func::Count,
        Func::HighestWithin,
        Func::LowestWithin,
        Func::ChangeWithin,
        Func::InEachOfLast,
        Func::InAtLeastOfLast,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Func::Answered => "answered",
            Func::Previous => "previous",
            Func::Baseline => "baseline",
            Func::DaysSincePrevious => "days_since_previous",
            Func::DaysSinceIndex => "days_since_index",
            Func::Count => "count",
            Func::HighestWithin => "highest_within",
            Func::LowestWithin => "lowest_within",
            Func::ChangeWithin => "change_within",
            Func::InEachOfLast => "in_each_of_last",
            Func::InAtLeastOfLast => "in_at_least_of_last",
        }
    }

    /// Whether this function reads earlier responses (inside the condition
    /// of `in_each_of_last`, whose answers are each response's own, these
    /// cannot be used).
    pub fn reads_history(self) -> bool {
        !matches!(self, Func::Answered | Func::Count | Func::DaysSinceIndex)
    }

    pub fn from_name(name: &str) -> Option<Func> {
        Func::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The fewest and the most arguments it takes.
    pub fn arity(self) -> (usize, usize) {
        match self {
            Func::DaysSincePrevious | Func::DaysSinceIndex => (0, 0),
            Func::HighestWithin | Func::LowestWithin | Func::ChangeWithin => (2, 3),
            Func::InEachOfLast => (2, 2),
            Func::InAtLeastOfLast => (3, 3),
            Func::Answered | Func::Previous | Func::Baseline | Func::Count => (1, 1),
        }
    }
}

/// Words that cannot be item ids because the language gives them a meaning.
pub const RESERVED_WORDS: [&str; 19] = [
    "and",
    "or",
    "not",
    "in",
    "true",
    "false",
    "score",
    "date",
    "answered",
    "previous",
    "baseline",
    "days_since_previous",
    "days_since_index",
    "count",
    "highest_within",
    "lowest_within",
    "change_within",
    "in_each_of_last",
    "in_at_least_of_last",
];

/// Binding strength; higher binds tighter.
pub mod prec {
    pub const OR: u8 = 1;
    pub const AND: u8 = 2;
    pub const NOT: u8 = 3;
    pub const CMP: u8 = 4;
    pub const ADD: u8 = 5;
    pub const MUL: u8 = 6;
    pub const NEG: u8 = 7;
    pub const ATOM: u8 = 8;
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }

    pub fn prec(self) -> u8 {
        match self {
            BinOp::Or => prec::OR,
            BinOp::And => prec::AND,
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::In => prec::CMP,
            BinOp::Add | BinOp::Sub => prec::ADD,
            BinOp::Mul | BinOp::Div => prec::MUL,
        }
    }

    pub fn is_comparison(self) -> bool {
        self.prec() == prec::CMP
    }
}

impl ExprKind {
    fn prec(&self) -> u8 {
        match self {
            ExprKind::Binary(op, _, _) => op.prec(),
            ExprKind::Unary(UnOp::Not, _) => prec::NOT,
            ExprKind::Unary(UnOp::Neg, _) => prec::NEG,
            _ => prec::ATOM,
        }
    }
}

/// Writes `e`, in parentheses if it binds looser than `min`.
fn write_operand(f: &mut fmt::Formatter<'_>, e: &Expr, min: u8) -> fmt::Result {
    if e.kind.prec() < min {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

pub fn write_str_literal(f: &mut impl fmt::Write, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

pub fn format_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Num(n) => write!(f, "{n}"),
            ExprKind::Str(s) => write_str_literal(f, s),
            ExprKind::Date(d) => write!(f, "date(\"{}\")", format_date(*d)),
            ExprKind::List(items) => {
                f.write_str("[")?;
                for (i, e) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str("]")
            }
            ExprKind::Item(id) => f.write_str(id),
            ExprKind::Score(id) => write!(f, "score.{id}"),
            ExprKind::Unary(UnOp::Not, e) => {
                f.write_str("not ")?;
                write_operand(f, e, prec::NOT)
            }
            ExprKind::Unary(UnOp::Neg, e) => {
                f.write_str("-")?;
                write_operand(f, e, prec::NEG)
            }
            ExprKind::Binary(op, l, r) => {
                let p = op.prec();
                // Left-associative, except comparisons, which do not chain.
                let left_min = if op.is_comparison() { p + 1 } else { p };
                write_operand(f, l, left_min)?;
                write!(f, " {} ", op.symbol())?;
                write_operand(f, r, p + 1)
            }
            ExprKind::Call(func, args) => {
                write!(f, "{}(", func.name())?;
                for (i, e) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{e}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl Expr {
    /// Every item and score reference (including inside history calls), in
    /// order of appearance.
    pub fn walk(&self, visit: &mut impl FnMut(&Expr)) {
        visit(self);
        match &self.kind {
            ExprKind::List(items) | ExprKind::Call(_, items) => items.iter().for_each(|e| e.walk(visit)),
            ExprKind::Unary(_, e) => e.walk(visit),
            ExprKind::Binary(_, l, r) => {
                l.walk(visit);
                r.walk(visit);
            }
            _ => {}
        }
    }

    /// Ids of the items this expression reads from the current response
    /// (not through `previous`/`baseline`).
    pub fn current_item_refs(&self) -> Vec<(String, Span)> {
        fn go(e: &Expr, out: &mut Vec<(String, Span)>) {
            match &e.kind {
                ExprKind::Item(id) => out.push((id.clone(), e.span)),
                ExprKind::Call(Func::Previous | Func::Baseline, _) => {}
                ExprKind::List(items) | ExprKind::Call(_, items) => items.iter().for_each(|x| go(x, out)),
                ExprKind::Unary(_, x) => go(x, out),
                ExprKind::Binary(_, l, r) => {
                    go(l, out);
                    go(r, out);
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        go(self, &mut out);
        out
    }
}
