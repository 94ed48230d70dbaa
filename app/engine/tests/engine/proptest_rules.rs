//! Property tests: no input makes the lexer, parser, checker or loader
//! panic, and printing then re-parsing any tree gives the same tree.

use proptest::prelude::*;
use svar_engine::check_files;
use svar_engine::diagnostics::Span;
use svar_engine::rules::ast::{BinOp, Expr, ExprKind, Func, UnOp};
use svar_engine::rules::parse;
use svar_engine::{Compiled, SourceFile};

const MINI: &str = include_str!("fixtures/mini.toml");

fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,6}".prop_filter("not a keyword", |s| {
        !["and", "or", "not", "in", "true", "false", "score", "date"].contains(&s.as_str()) && Func::from_name(s).is_none()
    })
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        any::<bool>().prop_map(|b| e(ExprKind::Bool(b))),
        (0i64..100_000, 0u32..4).prop_map(|(n, d)| e(ExprKind::Num(svar_engine::decimal::Decimal::from_parts(n, d).unwrap_or_default()))),
        "[ -~äøå]{0,8}".prop_map(|s| e(ExprKind::Str(s))),
        (1900i32..2100, 1u32..=365)
            .prop_filter_map("date", |(y, d)| { time::Date::from_ordinal_date(y, d as u16).ok().map(|d| e(ExprKind::Date(d))) }),
        ident().prop_map(|s| e(ExprKind::Item(s))),
        ident().prop_map(|s| e(ExprKind::Score(s))),
        Just(e(ExprKind::Call(Func::DaysSincePrevious, vec![]))),
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(5, 48, 4, |inner| {
        let binop = prop_oneof![
            Just(BinOp::Or),
            Just(BinOp::And),
            Just(BinOp::Eq),
            Just(BinOp::Ne),
            Just(BinOp::Lt),
            Just(BinOp::Le),
            Just(BinOp::Gt),
            Just(BinOp::Ge),
            Just(BinOp::In),
            Just(BinOp::Add),
            Just(BinOp::Sub),
            Just(BinOp::Mul),
            Just(BinOp::Div),
        ];
        let func = prop_oneof![Just(Func::Answered), Just(Func::Previous), Just(Func::Baseline), Just(Func::Count)];
        prop_oneof![
            (binop, inner.clone(), inner.clone()).prop_map(|(op, l, r)| e(ExprKind::Binary(op, Box::new(l), Box::new(r)))),
            inner.clone().prop_map(|x| e(ExprKind::Unary(UnOp::Not, Box::new(x)))),
            inner.clone().prop_map(|x| e(ExprKind::Unary(UnOp::Neg, Box::new(x)))),
            (func, inner.clone()).prop_map(|(f, x)| e(ExprKind::Call(f, vec![x]))),
            (
                prop_oneof![Just(Func::HighestWithin), Just(Func::LowestWithin), Just(Func::ChangeWithin), Just(Func::InEachOfLast)],
                inner.clone(),
                inner.clone()
            )
                .prop_map(|(f, x, y)| e(ExprKind::Call(f, vec![x, y]))),
            (inner.clone(), inner.clone(), inner.clone()).prop_map(|(x, y, z)| e(ExprKind::Call(Func::InAtLeastOfLast, vec![x, y, z]))),
            prop::collection::vec(inner, 0..3).prop_map(|xs| e(ExprKind::List(xs))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn printing_then_parsing_gives_the_same_tree(tree in expr()) {
        let printed = tree.to_string();
        let reparsed = parse(&printed);
        prop_assert!(reparsed.is_ok(), "{printed}: {:?}", reparsed.err());
        if let Ok(back) = reparsed {
            prop_assert_eq!(&back, &tree, "{}", printed);
            // The canonical form is a fixed point.
            prop_assert_eq!(back.to_string(), printed);
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_parser(src in "\\PC{0,80}") {
        let _ = parse(&src);
    }

    #[test]
    fn rule_like_text_never_panics_parser_or_checker(src in "[a-z_ ()\\[\\]=<>!+*/.,\"0-9-]{0,60}") {
        let _ = parse(&src);
        // Through the whole pipeline: as the `when` of a rule.
        let toml = MINI.replace("when = 'discharge_days = \"long\"'", &format!("when = '{}'", src.replace('\'', "")));
        let _ = check_files(&[SourceFile::new("p.toml", toml)]);
    }

    #[test]
    fn arbitrary_toml_never_panics_the_loader(src in "\\PC{0,200}") {
        let _ = check_files(&[SourceFile::new("x.toml", src)]);
    }

    #[test]
    fn mutated_questionnaires_never_panic(cut in 0usize..2000, insert in "[\\[\\]{}=\"' a-z0-9\n]{0,5}") {
        let mut text = MINI.to_string();
        let at = cut.min(text.len());
        if text.is_char_boundary(at) {
            text.insert_str(at, &insert);
        }
        let report = check_files(&[SourceFile::new("m.toml", text)]);
        for q in &report.questionnaires {
            let _ = Compiled::new(q.questionnaire().clone());
        }
    }
}
