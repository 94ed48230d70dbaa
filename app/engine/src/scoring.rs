//! Scores: sums and means of item values, or rule-language expressions.
//!
//! Item values: `scale` and `number` give their number; `single_choice`
//! gives the chosen option's `weight`; `multiple_choice` the sum of the
//! chosen options' weights; `yes_no` gives 1 for yes and 0 for no.
//! `reverse = true` mirrors the value within its range (scale:
//! `min + max - v`; choices: `min weight + max weight - weight`; yes/no:
//! yes 0, no 1). Hidden or unanswered items do not count; with fewer than
//! `min_answered` answered items there is no score (`None`). A mean divides by
//! the number of answered items. Subscales are simply several scores.

use super::answers::Answer;
use super::decimal::Decimal;
use super::rules::eval::{CExpr, Ctx, Frame, V};

/// How one item contributes to a score.
#[derive(Clone, Debug, PartialEq)]
pub enum PartValue {
    /// The number itself, or `flip - v` when reversed.
    Number { flip: Option<f64> },
    /// Weight per option index (already reversed if asked).
    Weights(Vec<f64>),
    /// Values for yes and for no.
    YesNo { yes: f64, no: f64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ScorePart {
    pub item: usize,
    pub value: PartValue,
}

/// A compiled score.
#[derive(Clone, Debug, PartialEq)]
pub enum CScore {
    Items { mean: bool, parts: Vec<ScorePart>, min_answered: usize },
    Expr(CExpr),
}

impl ScorePart {
    fn value(&self, a: &Answer) -> Option<f64> {
        match (&self.value, a) {
            (PartValue::Number { flip }, Answer::Number(n)) => Some(flip.map_or(*n, |f| f - n)),
            (PartValue::Weights(w), Answer::Choice(c)) => w.get(*c as usize).copied(),
            (PartValue::Weights(w), Answer::Choices(mask)) => {
                Some(w.iter().enumerate().filter(|(i, _)| *i < 64 && mask & (1u64 << i) != 0).map(|(_, x)| x).sum())
            }
            (PartValue::YesNo { yes, no }, Answer::Bool(b)) => Some(if *b { *yes } else { *no }),
            _ => None,
        }
    }
}

impl CScore {
    /// Computes the score from the context's current frame (whose hidden
    /// items are already cleared and whose earlier scores are filled in).
    pub fn compute(&self, ctx: &Ctx<'_>) -> Option<f64> {
        match self {
            CScore::Items { mean, parts, min_answered } => {
                // Summed exactly (see `crate::decimal`): three answers of
                // 0.1 make a score of 0.3 that a rule compares with 0.3.
                let mut sum = Decimal::ZERO;
                let mut n = 0usize;
                for p in parts {
                    if let Some(v) = ctx.current.items.get(p.item).and_then(Option::as_ref).and_then(|a| p.value(a)) {
                        sum = sum.checked_add(Decimal::from_f64(v)?)?;
                        n += 1;
                    }
                }
                if n == 0 || n < *min_answered {
                    return None;
                }
                let score = if *mean { Decimal::mean(sum, n)? } else { sum };
                Some(score.to_f64())
            }
            CScore::Expr(e) => match e.eval(ctx) {
                V::Num(n) => Some(n.to_f64()),
                _ => None,
            },
        }
    }

    /// Whether `past` answered exactly the items of this score that `now`
    /// answered. A sum or mean compared over time means something only over
    /// the same items: with `min_answered` below the number of items, a
    /// follow-up that answers one item more than the baseline would
    /// otherwise rise by that item's value alone. Expression scores have no
    /// items of their own and always compare.
    pub fn same_items_answered(&self, now: &Frame, past: &Frame) -> bool {
        match self {
            CScore::Items { parts, .. } => parts.iter().all(|p| {
                let answered = |f: &Frame| f.items.get(p.item).and_then(Option::as_ref).and_then(|a| p.value(a)).is_some();
                answered(now) == answered(past)
            }),
            CScore::Expr(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::eval::Frame;

    fn ctx(frame: &Frame) -> Ctx<'_> {
        Ctx::alone(frame)
    }

    fn num(item: usize) -> ScorePart {
        ScorePart { item, value: PartValue::Number { flip: None } }
    }

    #[test]
    fn sum_and_mean_count_answered_items_only() {
        let frame = Frame { items: vec![Some(Answer::Number(2.0)), None, Some(Answer::Number(4.0))], scores: vec![] };
        let sum = CScore::Items { mean: false, parts: vec![num(0), num(1), num(2)], min_answered: 2 };
        let mean = CScore::Items { mean: true, parts: vec![num(0), num(1), num(2)], min_answered: 2 };
        assert_eq!(sum.compute(&ctx(&frame)), Some(6.0));
        assert_eq!(mean.compute(&ctx(&frame)), Some(3.0));
    }

    #[test]
    fn too_few_answered_gives_no_score() {
        let frame = Frame { items: vec![Some(Answer::Number(2.0)), None, None], scores: vec![] };
        let s = CScore::Items { mean: false, parts: vec![num(0), num(1), num(2)], min_answered: 2 };
        assert_eq!(s.compute(&ctx(&frame)), None);
        let none = Frame { items: vec![None], scores: vec![] };
        let s = CScore::Items { mean: true, parts: vec![num(0)], min_answered: 0 };
        assert_eq!(s.compute(&ctx(&none)), None, "a mean of nothing is no score, not NaN");
    }

    #[test]
    fn reverse_weights_multiple_choice_and_yes_no() {
        let frame = Frame {
            items: vec![Some(Answer::Number(8.0)), Some(Answer::Choice(1)), Some(Answer::Choices(0b101)), Some(Answer::Bool(true))],
            scores: vec![],
        };
        let parts = vec![
            ScorePart { item: 0, value: PartValue::Number { flip: Some(10.0) } },
            ScorePart { item: 1, value: PartValue::Weights(vec![0.0, 1.5, 3.0]) },
            ScorePart { item: 2, value: PartValue::Weights(vec![1.0, 2.0, 4.0]) },
            ScorePart { item: 3, value: PartValue::YesNo { yes: 0.0, no: 1.0 } },
        ];
        let s = CScore::Items { mean: false, parts, min_answered: 4 };
        // 2 + 1.5 + 5 + 0
        assert_eq!(s.compute(&ctx(&frame)), Some(8.5));
    }
}
