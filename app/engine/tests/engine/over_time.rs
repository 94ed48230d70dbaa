//! The functions over time: values within a window of days
//! (`highest_within`, `lowest_within`, `change_within`) and conditions
//! over the last responses (`in_each_of_last`, `in_at_least_of_last`),
//! three-valued like the rest of the language, with both sides of every
//! boundary, their explanations (which response, how many days ago), their
//! mistakes, and rule tests with several earlier responses.

use svar_engine::answers::{AnswerValue, Answers};
use svar_engine::{check_files, Compiled, DatedResponse, History, PastResponse, SourceFile};

/// A home-monitoring questionnaire with one rule per function.
const FILE: &str = r#"
[questionnaire]
id = "home"
version = 1
respondent = "patient"
title = { da = "Hjemme", en = "Home" }
description = { da = "Målinger hjemme", en = "Readings at home" }
source = { da = "Eksempel", en = "Example" }

[[pages]]
id = "p1"
title = { da = "Side", en = "Page" }

[[pages.items]]
id = "weight"
type = "number"
min = 30
max = 250
decimals = 1
text = { da = "Vægt", en = "Weight" }

[[pages.items]]
id = "worry"
type = "yes_no"
text = { da = "Bekymret?", en = "Worried?" }

[[pages.items]]
id = "fever"
type = "yes_no"
text = { da = "Feber?", en = "Fever?" }

[[rules]]
id = "rise"
level = "red"
when = 'weight - lowest_within(weight, 3) >= 2'
message = { da = "Vægtstigning", en = "Weight gain" }

[[rules]]
id = "steady"
level = "yellow"
when = 'not (weight - lowest_within(weight, 3) >= 2)'
message = { da = "Stabil", en = "Steady" }

[[rules]]
id = "peak"
level = "yellow"
when = 'highest_within(weight, 7) >= 90'
message = { da = "Top", en = "Peak" }

[[rules]]
id = "change"
level = "yellow"
when = 'change_within(weight, 7) <= -3'
message = { da = "Tab", en = "Loss" }

[[rules]]
id = "worried"
level = "yellow"
when = 'in_each_of_last(3, worry)'
message = { da = "Bekymret", en = "Worried" }

[[rules]]
id = "not_worried"
level = "yellow"
when = 'not in_each_of_last(3, worry)'
message = { da = "Ikke bekymret", en = "Not worried" }

[[rules]]
id = "feverish"
level = "yellow"
when = 'in_at_least_of_last(2, 3, fever)'
message = { da = "Feber", en = "Fever" }

[[rules]]
id = "no_fever"
level = "yellow"
when = 'not in_at_least_of_last(2, 3, fever)'
message = { da = "Ingen feber", en = "No fever" }
"#;

fn compiled(text: &str) -> Compiled {
    let r = check_files(&[SourceFile::new("home.toml", text)]);
    assert!(r.is_ok(), "{:?}", r.diagnostics);
    r.questionnaire("home").expect("home").clone()
}

fn weight(w: f64) -> Answers {
    [("weight".to_string(), AnswerValue::Number(w))].into()
}

fn yes_no(item: &str, v: Option<bool>) -> Answers {
    v.map(|b| (item.to_string(), AnswerValue::Bool(b))).into_iter().collect()
}

/// Earlier responses as (days ago, answers), newest first.
fn history(earlier: &[(i64, Answers)]) -> History {
    let dated: Vec<DatedResponse> = earlier
        .iter()
        .map(|(d, a)| DatedResponse { response: PastResponse { answers: a.clone(), scores: Default::default() }, days_ago: *d })
        .collect();
    History {
        previous: dated.first().map(|d| d.response.clone()),
        days_since_previous: dated.first().map(|d| d.days_ago),
        earlier: dated,
        ..History::default()
    }
}

fn fired(c: &Compiled, now: &Answers, earlier: &[(i64, Answers)]) -> Vec<String> {
    c.evaluate(now, &history(earlier)).flags.into_iter().map(|f| f.rule).collect()
}

fn fires(c: &Compiled, rule: &str, now: &Answers, earlier: &[(i64, Answers)]) -> bool {
    fired(c, now, earlier).contains(&rule.to_string())
}

#[test]
fn a_rise_within_the_window_fires_at_its_threshold_and_not_below() {
    let c = compiled(FILE);
    // 2.0 kg above the lowest of the last 3 days: red; 1.9: not.
    assert!(fires(&c, "rise", &weight(82.0), &[(1, weight(81.0)), (3, weight(80.0))]));
    assert!(!fires(&c, "rise", &weight(81.9), &[(1, weight(81.0)), (3, weight(80.0))]));
    assert!(fires(&c, "steady", &weight(81.9), &[(1, weight(81.0)), (3, weight(80.0))]));
    // The window's last day counts (3 days ago), the day before it does not.
    assert!(!fires(&c, "rise", &weight(82.0), &[(1, weight(81.0)), (4, weight(80.0))]));
    // Far beyond the threshold.
    assert!(fires(&c, "rise", &weight(95.0), &[(2, weight(80.0))]));
    // Today lower than every earlier value: the lowest is today's, no rise.
    assert!(fires(&c, "steady", &weight(78.0), &[(1, weight(80.0))]));
}

#[test]
fn with_nothing_earlier_in_the_window_the_change_is_unknown_so_neither_rule_fires() {
    let c = compiled(FILE);
    for earlier in [vec![], vec![(5, weight(70.0))], vec![(1, Answers::new())]] {
        let got = fired(&c, &weight(82.0), &earlier);
        assert!(!got.contains(&"rise".to_string()) && !got.contains(&"steady".to_string()), "{earlier:?}: {got:?}");
    }
    // Today's weight unanswered: unknown as well.
    let got = fired(&c, &Answers::new(), &[(1, weight(70.0))]);
    assert!(!got.contains(&"rise".to_string()) && !got.contains(&"steady".to_string()), "{got:?}");
}

#[test]
fn highest_and_change_read_the_right_responses() {
    let c = compiled(FILE);
    // The peak of 90 was 6 days ago: within 7 days.
    assert!(fires(&c, "peak", &weight(80.0), &[(2, weight(85.0)), (6, weight(90.0))]));
    assert!(!fires(&c, "peak", &weight(80.0), &[(2, weight(85.0)), (8, weight(90.0))]));
    assert!(fires(&c, "peak", &weight(90.0), &[(2, weight(85.0))]));
    // The change is against the earliest of the window: 80 - 83 = -3.
    assert!(fires(&c, "change", &weight(80.0), &[(1, weight(79.0)), (7, weight(83.0)), (9, weight(99.0))]));
    assert!(!fires(&c, "change", &weight(80.1), &[(1, weight(79.0)), (7, weight(83.0))]));
}

#[test]
fn in_each_of_last_is_true_false_or_unknown() {
    let c = compiled(FILE);
    let w = |v: Option<bool>| yes_no("worry", v);
    let both = |now: Option<bool>, earlier: &[(i64, Option<bool>)]| {
        let earlier: Vec<(i64, Answers)> = earlier.iter().map(|(d, v)| (*d, w(*v))).collect();
        let got = fired(&c, &w(now), &earlier);
        (got.contains(&"worried".to_string()), got.contains(&"not_worried".to_string()))
    };
    let (t, f) = (Some(true), Some(false));
    assert_eq!(both(t, &[(2, t), (4, t)]), (true, false));
    assert_eq!(both(t, &[(2, t), (4, t), (6, f)]), (true, false), "only the last 3 count");
    assert_eq!(both(t, &[(2, f), (4, t)]), (false, true));
    assert_eq!(both(f, &[(2, t), (4, t)]), (false, true));
    // Too few responses or an unanswered one: unknown, neither fires.
    assert_eq!(both(t, &[(2, t)]), (false, false));
    assert_eq!(both(t, &[(2, None), (4, t)]), (false, false));
    // ...unless another one is already false.
    assert_eq!(both(t, &[(2, f)]), (false, true));
}

#[test]
fn in_at_least_of_last_counts_what_is_missing_as_unknown() {
    let c = compiled(FILE);
    let f = |v: Option<bool>| yes_no("fever", v);
    let both = |now: Option<bool>, earlier: &[(i64, Option<bool>)]| {
        let earlier: Vec<(i64, Answers)> = earlier.iter().map(|(d, v)| (*d, f(*v))).collect();
        let got = fired(&c, &f(now), &earlier);
        (got.contains(&"feverish".to_string()), got.contains(&"no_fever".to_string()))
    };
    let (t, n) = (Some(true), Some(false));
    assert_eq!(both(t, &[(1, n), (2, t)]), (true, false), "2 of 3");
    assert_eq!(both(n, &[(1, t), (2, t)]), (true, false));
    assert_eq!(both(t, &[(1, n), (2, n)]), (false, true), "1 of 3");
    assert_eq!(both(t, &[(1, t)]), (true, false), "2 of the 2 given is already 2");
    assert_eq!(both(t, &[(1, n)]), (false, false), "1, and one never given: unknown");
    assert_eq!(both(n, &[(1, n)]), (false, true), "0 and one missing cannot reach 2");
}

#[test]
fn explanations_name_the_response_each_value_came_from() {
    let c = compiled(FILE);
    let e = c.evaluate(&weight(82.0), &history(&[(1, weight(81.0)), (3, weight(80.0))]));
    let rise = e.flags.iter().find(|f| f.rule == "rise").expect("rise");
    let shown: Vec<(String, Option<i64>)> = rise.explanation.iter().map(|x| (x.to_string(), x.days_ago)).collect();
    assert_eq!(shown, vec![("weight = 82".to_string(), None), ("lowest_within(weight, 3) = 80".to_string(), Some(3))]);

    let worry = |b| yes_no("worry", Some(b));
    let e = c.evaluate(&worry(true), &history(&[(2, worry(true)), (5, worry(true)), (9, worry(false))]));
    let flag = e.flags.iter().find(|f| f.rule == "worried").expect("worried");
    let days: Vec<(String, Option<i64>)> = flag.explanation.iter().map(|x| (x.to_string(), x.days_ago)).collect();
    assert_eq!(days, vec![("worry = true".to_string(), Some(0)), ("worry = true".to_string(), Some(2)), ("worry = true".to_string(), Some(5))]);
}

#[test]
fn mistakes_in_the_functions_over_time_are_explained() {
    let cases = [
        ("lowest_within(worry, 3) > 1", "`lowest_within` takes a number item or a score, but `worry` is yes/no"),
        ("lowest_within(weight, 0) > 1", "the number of days in `lowest_within` must be a whole number from 1 to 366"),
        ("lowest_within(weight, 400) > 1", "from 1 to 366"),
        ("lowest_within(3, weight) > 1", "`lowest_within` takes a number item or a score first, like `lowest_within(weight, 4)`"),
        ("in_each_of_last(1, worry)", "the number of responses in `in_each_of_last` must be a whole number from 2 to 20"),
        (
            "in_each_of_last(3, previous(worry))",
            "`previous` cannot be used inside `in_each_of_last`: its condition reads each response's own answers",
        ),
        ("in_at_least_of_last(4, 3, fever)", "how many of them `in_at_least_of_last` needs must be a whole number from 1 to 3"),
        ("in_each_of_last(3, weight)", "expected a yes/no condition, but `weight` is a number"),
    ];
    for (when, want) in cases {
        let text = FILE.replace("'in_each_of_last(3, worry)'", &format!("'{when}'"));
        let r = check_files(&[SourceFile::new("home.toml", text)]);
        let messages: Vec<String> = r.diagnostics.iter().map(|d| d.message.clone()).collect();
        assert!(messages.iter().any(|m| m.contains(want)), "{when}: {messages:#?}");
        for m in &messages {
            assert!(svar_engine::danish::untranslated(m).is_empty(), "no Danish for {m}");
        }
    }
}

#[test]
fn a_rule_test_gives_several_earlier_responses_with_their_days() {
    let tests = r#"
[[tests]]
name = "2 kg over three reports"
answers = { weight = 82.0, worry = true, fever = false }
earlier = [
  { days_ago = 3, answers = { weight = 80.0, worry = true, fever = false } },
  { days_ago = 1, answers = { weight = 81.0, worry = true, fever = false } },
]
expect_flags = ["rise", "worried", "no_fever"]
"#;
    let r = check_files(&[SourceFile::new("home.toml", format!("{FILE}{tests}"))]);
    assert!(r.is_ok(), "{:?}", r.diagnostics);

    // The same test expecting too little fails, and says what fired.
    let wrong = tests.replace(r#"["rise", "worried", "no_fever"]"#, r#"["worried", "no_fever"]"#);
    let r = check_files(&[SourceFile::new("home.toml", format!("{FILE}{wrong}"))]);
    assert!(r.diagnostics.iter().any(|d| d.message.contains("fired unexpectedly: `rise`")), "{:?}", r.diagnostics);

    // Earlier answers are checked like today's: an impossible weight or a
    // misspelt item is refused, not dropped.
    for (bad, want) in [("weight = 850.0", "earlier answer to `weight` is invalid"), ("wieght = 80.0", "wieght")] {
        let text = format!("{FILE}{}", tests.replace("weight = 80.0", bad));
        let r = check_files(&[SourceFile::new("home.toml", text)]);
        assert!(r.diagnostics.iter().any(|d| d.message.contains(want)), "{bad}: {:?}", r.diagnostics);
    }

    // `days_ago` is required in `earlier`, and `previous` beside it is refused.
    let text = format!("{FILE}{}", tests.replace("days_ago = 3, ", ""));
    let r = check_files(&[SourceFile::new("home.toml", text)]);
    assert!(r.diagnostics.iter().any(|d| d.message.contains("missing field `days_ago` in response")), "{:?}", r.diagnostics);
    let text = format!("{FILE}{}", tests.replace("earlier = [", "previous = { answers = { weight = 80.0 } }\nearlier = ["));
    let r = check_files(&[SourceFile::new("home.toml", text)]);
    assert!(r.diagnostics.iter().any(|d| d.message.contains("gives both `previous` and `earlier`")), "{:?}", r.diagnostics);
    for d in &r.diagnostics {
        assert!(svar_engine::danish::untranslated(&d.message).is_empty(), "no Danish for {}", d.message);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Scores that show the windows' values, and the two ways of asking for
    /// "each of the last 3".
    fn probe() -> Compiled {
        let text = FILE.replace(
            "[[rules]]\nid = \"rise\"",
            "[[scores]]\nid = \"low\"\ntext = { da = \"L\", en = \"L\" }\nkind = \"expr\"\nexpr = 'lowest_within(weight, 3)'\n\n\
             [[scores]]\nid = \"high\"\ntext = { da = \"H\", en = \"H\" }\nkind = \"expr\"\nexpr = 'highest_within(weight, 3)'\n\n\
             [[scores]]\nid = \"chg\"\ntext = { da = \"C\", en = \"C\" }\nkind = \"expr\"\nexpr = 'change_within(weight, 3)'\n\n\
             [[rules]]\nid = \"all3\"\nlevel = \"yellow\"\nwhen = 'in_at_least_of_last(3, 3, worry)'\nmessage = { da = \"A\", en = \"A\" }\n\n\
             [[rules]]\nid = \"not_all3\"\nlevel = \"yellow\"\nwhen = 'not in_at_least_of_last(3, 3, worry)'\nmessage = { da = \"A\", en = \"A\" }\n\n\
             [[rules]]\nid = \"rise\"",
        );
        compiled(&text)
    }

    /// Days ago (strictly increasing) with a weight and a worry answer each.
    fn past() -> impl Strategy<Value = Vec<(i64, Option<f64>, Option<bool>)>> {
        prop::collection::vec((1i64..3, prop::option::of(500u32..1500), prop::option::of(any::<bool>())), 0..6).prop_map(|steps| {
            let mut day = 0;
            steps
                .into_iter()
                .map(|(gap, w, b)| {
                    day += gap;
                    (day, w.map(|w| f64::from(w) / 10.0), b)
                })
                .collect()
        })
    }

    fn answers(w: Option<f64>, b: Option<bool>) -> Answers {
        let mut a = Answers::new();
        if let Some(w) = w {
            a.insert("weight".into(), AnswerValue::Number(w));
        }
        if let Some(b) = b {
            a.insert("worry".into(), AnswerValue::Bool(b));
        }
        a
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// The windows agree with a plain reading of their definition, and
        /// `in_at_least_of_last(3, 3, c)` with `in_each_of_last(3, c)`, in
        /// all three values.
        #[test]
        fn windows_and_counts_match_their_definitions(now_w in prop::option::of(500u32..1500), now_b in prop::option::of(any::<bool>()), earlier in past()) {
            let c = probe();
            let now_w = now_w.map(|w| f64::from(w) / 10.0);
            let history: Vec<(i64, Answers)> = earlier.iter().map(|(d, w, b)| (*d, answers(*w, *b))).collect();
            let e = c.evaluate(&answers(now_w, now_b), &super::history(&history));
            let score = |id: &str| e.scores.get(id).copied().flatten();

            let window: Vec<f64> = earlier.iter().filter(|(d, _, _)| *d <= 3).filter_map(|(_, w, _)| *w).collect();
            let (low, high, chg) = match (now_w, window.is_empty()) {
                (Some(now), false) => (
                    Some(window.iter().copied().fold(now, f64::min)),
                    Some(window.iter().copied().fold(now, f64::max)),
                    Some(now - *window.last().unwrap()),
                ),
                _ => (None, None, None),
            };
            prop_assert_eq!(score("low"), low);
            prop_assert_eq!(score("high"), high);
            prop_assert_eq!(score("chg").map(|x| (x * 10.0).round()), chg.map(|x| (x * 10.0).round()));

            let fired = |r: &str| e.flags.iter().any(|f| f.rule == r);
            prop_assert_eq!(fired("all3"), fired("worried"));
            prop_assert_eq!(fired("not_all3"), fired("not_worried"));
            let last3: Vec<Option<bool>> = std::iter::once(now_b).chain(earlier.iter().map(|(_, _, b)| *b)).chain(std::iter::repeat(None)).take(3).collect();
            let want = if last3.contains(&Some(false)) { Some(false) } else if last3.iter().all(|b| *b == Some(true)) { Some(true) } else { None };
            prop_assert_eq!((fired("worried"), fired("not_worried")), (want == Some(true), want == Some(false)));
        }
    }
}
