//! Precedence-climbing parser for the rule language.
//!
//! ```text
//! expr    := or
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | cmp
//! cmp     := add (("=" | "!=" | "<" | "<=" | ">" | ">=" | "in") add)?   -- no chaining
//! add     := mul (("+" | "-") mul)*
//! mul     := neg (("*" | "/") neg)*
//! neg     := "-" neg | atom
//! atom    := NUMBER | STRING | "true" | "false" | "(" expr ")" | "[" (expr ("," expr)*)? "]"
//!          | "score" "." IDENT | "date" "(" STRING ")" | IDENT "(" args ")" | IDENT
//! ```

use super::ast::{prec, BinOp, Expr, ExprKind, Func, UnOp};
use super::lexer::{lex, Tok, Token};
use super::RuleError;
use crate::diagnostics::{hint, Span};

/// Limits that keep every later step (type checking, evaluation, drop)
/// within a small, known stack, whichever path the rule came by (a file,
/// an import, the editor, the browser's live check): they all parse here.
/// A chain such as `a + b + c + …` builds a tree as deep as it is long, so
/// the length is limited as well as the nesting. Clinical rules need a
/// handful of terms; these leave room for the longest we have seen.
/// Longest rule text, in characters.
pub const MAX_RULE_CHARS: usize = 2_000;
/// Most values (answers, scores, numbers, texts, function calls) in a rule.
pub const MAX_TERMS: usize = 60;
/// Deepest nesting of the parsed rule, operator chains included.
pub const MAX_DEPTH: usize = 64;

/// Parses a whole expression.
pub fn parse(src: &str) -> Result<Expr, RuleError> {
    let chars = src.chars().count();
    if chars > MAX_RULE_CHARS {
        return Err(RuleError::new(
            Span::new(0, src.len()),
            format!("this rule is too long: at most {MAX_RULE_CHARS} characters (it has {chars}); split it into several rules"),
        ));
    }
    let e = parse_tokens(src)?;
    let (terms, depth) = measure(&e);
    if terms > MAX_TERMS {
        return Err(RuleError::new(
            e.span,
            format!("this rule is too long: at most {MAX_TERMS} terms (it has {terms}); split it into several rules"),
        ));
    }
    if depth > MAX_DEPTH {
        return Err(RuleError::new(e.span, format!("this rule is nested too deeply: at most {MAX_DEPTH} levels; split it into several rules")));
    }
    Ok(e)
}

/// The number of values in a tree and its depth, counted without
/// recursion (the tree is not yet known to be shallow).
fn measure(e: &Expr) -> (usize, usize) {
    let mut terms = 0;
    let mut deepest = 0;
    let mut stack = vec![(e, 1usize)];
    while let Some((e, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match &e.kind {
            ExprKind::Bool(_) | ExprKind::Num(_) | ExprKind::Str(_) | ExprKind::Date(_) | ExprKind::Item(_) | ExprKind::Score(_) => terms += 1,
            ExprKind::List(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            ExprKind::Unary(_, inner) => stack.push((inner, depth + 1)),
            ExprKind::Binary(_, l, r) => {
                stack.push((l, depth + 1));
                stack.push((r, depth + 1));
            }
            ExprKind::Call(_, args) => {
                terms += 1;
                stack.extend(args.iter().map(|a| (a, depth + 1)));
            }
        }
    }
    (terms, deepest)
}

fn parse_tokens(src: &str) -> Result<Expr, RuleError> {
    let tokens = lex(src)?;
    let mut p = Parser { tokens, pos: 0, depth: 0 };
    let e = p.expr(0)?;
    let t = p.peek();
    if t.tok != Tok::Eof {
        let msg = match (&e.kind, &t.tok) {
            (ExprKind::Binary(op, _, _), tok) if op.is_comparison() && binop(tok).is_some_and(BinOp::is_comparison) => {
                "comparisons cannot be chained; combine them with `and`".to_string()
            }
            _ => format!("unexpected {} after a complete expression", t.tok),
        };
        return Err(RuleError::new(t.span, msg));
    }
    Ok(e)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
}

fn binop(t: &Tok) -> Option<BinOp> {
    Some(match t {
        Tok::Or => BinOp::Or,
        Tok::And => BinOp::And,
        Tok::Eq => BinOp::Eq,
        Tok::Ne => BinOp::Ne,
        Tok::Lt => BinOp::Lt,
        Tok::Le => BinOp::Le,
        Tok::Gt => BinOp::Gt,
        Tok::Ge => BinOp::Ge,
        Tok::In => BinOp::In,
        Tok::Plus => BinOp::Add,
        Tok::Minus => BinOp::Sub,
        Tok::Star => BinOp::Mul,
        Tok::Slash => BinOp::Div,
        _ => return None,
    })
}

impl Parser {
    fn peek(&self) -> &Token {
        // lex() always ends with Eof and we never advance past it.
        &self.tokens[self.pos.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        if t.tok != Tok::Eof {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, tok: Tok, what: &str) -> Result<Token, RuleError> {
        let t = self.next();
        if t.tok == tok {
            Ok(t)
        } else {
            Err(RuleError::new(t.span, format!("expected {what}, found {}", t.tok)))
        }
    }

    /// Parses an expression whose operators bind at least as tight as `min`.
    fn expr(&mut self, min: u8) -> Result<Expr, RuleError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(RuleError::new(self.peek().span, "expression is nested too deeply"));
        }
        let r = self.expr_inner(min);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, min: u8) -> Result<Expr, RuleError> {
        let t = self.peek().clone();
        let mut lhs = match t.tok {
            Tok::Not => {
                if min > prec::NOT {
                    return Err(RuleError::new(t.span, "put `not ...` in parentheses here"));
                }
                self.next();
                let e = self.expr(prec::NOT)?;
                let span = t.span.to(e.span);
                Expr::new(ExprKind::Unary(UnOp::Not, Box::new(e)), span)
            }
            Tok::Minus => {
                self.next();
                let e = self.expr(prec::NEG)?;
                let span = t.span.to(e.span);
                Expr::new(ExprKind::Unary(UnOp::Neg, Box::new(e)), span)
            }
            _ => self.atom()?,
        };
        loop {
            let t = self.peek().clone();
            let Some(op) = binop(&t.tok) else { break };
            let p = op.prec();
            if p < min {
                break;
            }
            self.next();
            let rhs = self.expr(p + 1)?;
            let span = lhs.span.to(rhs.span);
            lhs = Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span);
            if op.is_comparison() {
                let n = self.peek();
                if binop(&n.tok).is_some_and(BinOp::is_comparison) {
                    return Err(RuleError::new(n.span, "comparisons cannot be chained; combine them with `and`"));
                }
            }
        }
        Ok(lhs)
    }

    fn atom(&mut self) -> Result<Expr, RuleError> {
        let t = self.next();
        let span = t.span;
        let kind = match t.tok {
            Tok::Num(n) => ExprKind::Num(n),
            Tok::Str(s) => ExprKind::Str(s),
            Tok::True => ExprKind::Bool(true),
            Tok::False => ExprKind::Bool(false),
            Tok::LParen => {
                let e = self.expr(0)?;
                let close = self.expect(Tok::RParen, "`)`")?;
                // Keep the inner tree; widen the span to the parentheses.
                return Ok(Expr::new(e.kind, span.to(close.span)));
            }
            Tok::LBracket => {
                let mut items = Vec::new();
                if self.peek().tok != Tok::RBracket {
                    loop {
                        items.push(self.expr(0)?);
                        if self.peek().tok == Tok::Comma {
                            self.next();
                        } else {
                            break;
                        }
                    }
                }
                let close = self.expect(Tok::RBracket, "`,` or `]`")?;
                return Ok(Expr::new(ExprKind::List(items), span.to(close.span)));
            }
            Tok::Ident(name) => return self.ident(name, span),
            Tok::Eof => return Err(RuleError::new(span, "expected a value, found the end of the expression")),
            other => return Err(RuleError::new(span, format!("expected a value, found {other}"))),
        };
        Ok(Expr::new(kind, span))
    }

    fn ident(&mut self, name: String, span: Span) -> Result<Expr, RuleError> {
        if name == "score" {
            if self.peek().tok == Tok::LParen {
                return Err(RuleError::new(span, "write scores as `score.id`"));
            }
            self.expect(Tok::Dot, "`.` after `score` (write scores as `score.id`)")?;
            let t = self.next();
            return match t.tok {
                Tok::Ident(id) => Ok(Expr::new(ExprKind::Score(id), span.to(t.span))),
                other => Err(RuleError::new(t.span, format!("expected a score id after `score.`, found {other}"))),
            };
        }
        if self.peek().tok != Tok::LParen {
            return Ok(Expr::new(ExprKind::Item(name), span));
        }
        self.next(); // (
        let mut args = Vec::new();
        if self.peek().tok != Tok::RParen {
            loop {
                args.push(self.expr(0)?);
                if self.peek().tok == Tok::Comma {
                    self.next();
                } else {
                    break;
                }
            }
        }
        let close = self.expect(Tok::RParen, "`,` or `)`")?;
        let full = span.to(close.span);
        if name == "date" {
            return match args.as_slice() {
                [Expr { kind: ExprKind::Str(s), span: s_span }] => match parse_date(s) {
                    Some(d) => Ok(Expr::new(ExprKind::Date(d), full)),
                    None => Err(RuleError::new(*s_span, format!("`{s}` is not a date; write dates as \"YYYY-MM-DD\""))),
                },
                _ => Err(RuleError::new(full, "`date` takes one text like \"2025-01-31\"")),
            };
        }
        match Func::from_name(&name) {
            Some(func) => Ok(Expr::new(ExprKind::Call(func, args), full)),
            None => {
                let names = Func::ALL.iter().map(|f| f.name()).chain(["date"]);
                let h = hint(&name, names);
                Err(RuleError::new(span, format!("unknown function `{name}`{h}")))
            }
        }
    }
}

/// `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<time::Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &fmt).ok()
}

#[cfg(test)]
mod limit_tests {
    use super::*;

    fn err(src: &str) -> String {
        parse(src).map(|_| String::new()).unwrap_or_else(|e| e.message)
    }

    /// About 1 KB of `+` terms once overflowed the stack in the type
    /// checker (a left-deep tree the depth limit did not count).
    #[test]
    fn a_long_operator_chain_is_refused_in_plain_words() {
        let src = vec!["a"; 400].join(" + ") + " > 1";
        assert!(src.len() < MAX_RULE_CHARS, "the chain is within the length limit");
        let message = err(&src);
        assert!(message.contains("this rule is too long: at most 60 terms"), "{message}");
    }

    #[test]
    fn the_term_limit_is_exact() {
        let at = vec!["a"; MAX_TERMS - 1].join(" + ") + " > 1";
        assert!(parse(&at).is_ok(), "{}", err(&at));
        let over = vec!["a"; MAX_TERMS].join(" + ") + " > 1";
        assert!(err(&over).contains("too long"));
    }

    #[test]
    fn a_rule_over_the_length_limit_is_refused_before_lexing() {
        let src = format!("a = \"{}\"", "x".repeat(MAX_RULE_CHARS));
        assert!(err(&src).contains("at most 2000 characters"));
        let src = format!("a = \"{}\"", "x".repeat(MAX_RULE_CHARS - 10));
        assert!(parse(&src).is_ok());
    }

    #[test]
    fn deep_nesting_of_any_kind_is_refused() {
        let parens = format!("{}a{} > 1", "(".repeat(200), ")".repeat(200));
        assert!(err(&parens).contains("nested too deeply"));
        let nots = format!("{}a", "not ".repeat(200));
        assert!(err(&nots).contains("nested too deeply"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> String {
        match parse(src) {
            Ok(e) => e.to_string(),
            Err(e) => format!("error at {}..{}: {}", e.span.start, e.span.end, e.message),
        }
    }

    /// Fully parenthesised form, to see the tree's shape.
    fn shape(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Binary(op, l, r) => format!("({} {} {})", shape(l), op.symbol(), shape(r)),
            ExprKind::Unary(UnOp::Not, x) => format!("(not {})", shape(x)),
            ExprKind::Unary(UnOp::Neg, x) => format!("(-{})", shape(x)),
            _ => e.to_string(),
        }
    }

    fn s(src: &str) -> String {
        match parse(src) {
            Ok(e) => shape(&e),
            Err(e) => format!("error: {}", e.message),
        }
    }

    #[test]
    fn precedence_of_all_levels() {
        assert_eq!(s("a or b and c"), "(a or (b and c))");
        assert_eq!(s("a and b or c"), "((a and b) or c)");
        assert_eq!(s("not a and b"), "((not a) and b)");
        assert_eq!(s("not a = 1"), "(not (a = 1))");
        assert_eq!(s("a + b * c = d"), "((a + (b * c)) = d)");
        assert_eq!(s("a - b - c"), "((a - b) - c)");
        assert_eq!(s("a / b / c"), "((a / b) / c)");
        assert_eq!(s("-a * b"), "((-a) * b)");
        assert_eq!(s("a * -b"), "(a * (-b))");
        assert_eq!(s("not not a"), "(not (not a))");
        assert_eq!(s("x in [\"a\", \"b\"] or y"), "((x in [\"a\", \"b\"]) or y)");
    }

    #[test]
    fn parentheses_override_precedence() {
        assert_eq!(s("(a or b) and c"), "((a or b) and c)");
        assert_eq!(s("a - (b - c)"), "(a - (b - c))");
    }

    #[test]
    fn atoms() {
        assert_eq!(p("score.pain_total >= 3.5"), "score.pain_total >= 3.5");
        assert_eq!(p("answered(pain)"), "answered(pain)");
        assert_eq!(p("days_since_previous() <= 3"), "days_since_previous() <= 3");
        assert_eq!(p("baseline(score.ear)"), "baseline(score.ear)");
        assert_eq!(p("op_date < date(\"2025-02-28\")"), "op_date < date(\"2025-02-28\")");
        assert_eq!(p("[]"), "[]");
        assert_eq!(p("true and false"), "true and false");
        assert_eq!(p("\"a\\\"b\""), "\"a\\\"b\"");
    }

    #[test]
    fn printer_adds_only_needed_parentheses() {
        assert_eq!(p("((a)) and ((b or c))"), "a and (b or c)");
        assert_eq!(p("a-(b+c)"), "a - (b + c)");
        assert_eq!(p("(not a) = b"), "(not a) = b");
        assert_eq!(p("-(a+b)"), "-(a + b)");
        assert_eq!(p("(a = b) = c"), "(a = b) = c");
    }

    #[test]
    fn spans_cover_the_source() {
        let e = parse("a + (b)").unwrap_or_else(|_| Expr::new(ExprKind::Bool(false), Span::default()));
        assert_eq!(e.span, Span::new(0, 7));
        let ExprKind::Binary(_, _, r) = e.kind else { panic!("binary expected") };
        assert_eq!(r.span, Span::new(4, 7));
    }

    #[test]
    fn syntax_errors_point_at_the_token() {
        assert_eq!(p("a ="), "error at 3..3: expected a value, found the end of the expression");
        assert_eq!(p("a = 1 = 2"), "error at 6..7: comparisons cannot be chained; combine them with `and`");
        assert_eq!(p("1 < a < 3"), "error at 6..7: comparisons cannot be chained; combine them with `and`");
        assert_eq!(p("(a = 1"), "error at 6..6: expected `)`, found the end of the expression");
        assert_eq!(p("a b"), "error at 2..3: unexpected `b` after a complete expression");
        assert_eq!(p("a = not b"), "error at 4..7: put `not ...` in parentheses here");
        assert_eq!(p("answerd(a)"), "error at 0..7: unknown function `answerd`; did you mean `answered`?");
        assert_eq!(p("score(x)"), "error at 0..5: write scores as `score.id`");
        assert_eq!(p("score.1"), "error at 6..7: expected a score id after `score.`, found number `1`");
        assert_eq!(p("date(\"2025-02-30\")"), "error at 5..17: `2025-02-30` is not a date; write dates as \"YYYY-MM-DD\"");
        assert_eq!(p("date(1)"), "error at 0..7: `date` takes one text like \"2025-01-31\"");
        assert_eq!(p("[a, b"), "error at 5..5: expected `,` or `]`, found the end of the expression");
        assert_eq!(p(""), "error at 0..0: expected a value, found the end of the expression");
        assert_eq!(p(")"), "error at 0..1: expected a value, found `)`");
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let src = format!("{}a{}", "(".repeat(300), ")".repeat(300));
        assert!(p(&src).contains("nested too deeply"));
        let src = "not ".repeat(300) + "a";
        assert!(p(&src).contains("nested too deeply"));
        let src = "-".repeat(300) + "a";
        assert!(p(&src).contains("nested too deeply"));
    }
}
