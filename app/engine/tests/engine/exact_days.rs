//! Exact decimal arithmetic in rules (64.4 − 62.4 is 2, not more), the
//! windows that reach back past a gap in the reports (`lowest_within(x, D,
//! R)`), and `days_since_index()`; both sides of every threshold, and
//! property tests against exact rational arithmetic.

use proptest::prelude::*;
use svar_engine::answers::{AnswerValue, Answers};
use svar_engine::decimal::Decimal;
use svar_engine::{check_files, Compiled, DatedResponse, History, PastResponse, SourceFile};

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
id = "bleeding"
type = "yes_no"
text = { da = "Blødning?", en = "Bleeding?" }

[[rules]]
id = "gain"
level = "red"
when = 'weight - lowest_within(weight, 3) > 2'
message = { da = "Vægtøgning", en = "Weight gain" }

[[rules]]
id = "gain_reaching"
level = "red"
when = 'weight - lowest_within(weight, 3, 6) > 2'
message = { da = "Vægtøgning", en = "Weight gain" }

[[rules]]
id = "slow_gain"
level = "yellow"
when = 'change_within(weight, 7, 10) >= 2.5'
message = { da = "Langsom vægtøgning", en = "Slow weight gain" }

[[rules]]
id = "late_bleed"
level = "red"
when = 'bleeding and days_since_index() >= 5 and days_since_index() <= 10'
message = { da = "Blødning dag 5-10", en = "Bleeding on day 5-10" }

[[rules]]
id = "third_of_gain"
level = "yellow"
when = '(weight - previous(weight)) / 3 > 0.7'
message = { da = "Tredjedel", en = "A third" }
"#;

fn compiled() -> Compiled {
    let r = check_files(&[SourceFile::new("home.toml", FILE)]);
    assert!(r.is_ok(), "{:?}", r.diagnostics);
    r.questionnaire("home").expect("home").clone()
}

fn weight(w: f64) -> Answers {
    [("weight".to_string(), AnswerValue::Number(w))].into()
}

fn history(earlier: &[(i64, Answers)], index: Option<i64>) -> History {
    let dated: Vec<DatedResponse> = earlier
        .iter()
        .map(|(d, a)| DatedResponse { response: PastResponse { answers: a.clone(), scores: Default::default() }, days_ago: *d })
        .collect();
    History {
        previous: dated.first().map(|d| d.response.clone()),
        days_since_previous: dated.first().map(|d| d.days_ago),
        earlier: dated,
        days_since_index: index,
        ..History::default()
    }
}

fn fires(c: &Compiled, rule: &str, now: &Answers, earlier: &[(i64, Answers)], index: Option<i64>) -> bool {
    c.evaluate(now, &history(earlier, index)).flags.iter().any(|f| f.rule == rule)
}

/// A weight as a respondent types it (one decimal), stored as f64.
fn kg(tenths: i64) -> f64 {
    format!("{}.{}", tenths / 10, tenths % 10).parse().unwrap()
}

#[test]
fn exactly_two_kilos_is_never_more_than_two_at_any_body_weight() {
    let c = compiled();
    // Every body weight from 30.0 to 247.9 kg: below, at, just above and
    // far above the threshold of "more than 2 kg".
    for low in 300..=2479 {
        let before = [(2, weight(kg(low)))];
        let at = |gain: i64| fires(&c, "gain", &weight(kg(low + gain)), &before, None);
        assert!(!at(19), "1.9 kg above {} fired", kg(low));
        assert!(!at(20), "2.0 kg above {} fired", kg(low));
        assert!(at(21), "2.1 kg above {} did not fire", kg(low));
        if low + 50 <= 2500 {
            assert!(at(50), "5.0 kg above {} did not fire", kg(low));
        }
    }
}

#[test]
fn the_reported_false_red_is_gone() {
    let c = compiled();
    let e = c.evaluate(&weight(64.4), &history(&[(2, weight(62.4))], None));
    assert!(e.flags.is_empty(), "{:?}", e.flags);
}

#[test]
fn division_rounds_to_nine_places_and_compares_exactly() {
    let c = compiled();
    // 2.1 / 3 = 0.7 exactly: not more than 0.7; 2.2 / 3 = 0.733333333 is.
    assert!(!fires(&c, "third_of_gain", &weight(82.1), &[(1, weight(80.0))], None));
    assert!(fires(&c, "third_of_gain", &weight(82.2), &[(1, weight(80.0))], None));
}

#[test]
fn a_window_that_reaches_back_finds_the_report_before_a_gap() {
    let c = compiled();
    // The previous report is 5 days back: the 3-day window is empty, so
    // `lowest_within(weight, 3)` is unknown, but reaching back 6 days finds it.
    let gap = [(5, weight(82.0))];
    assert!(!fires(&c, "gain", &weight(84.4), &gap, None));
    assert!(fires(&c, "gain_reaching", &weight(84.4), &gap, None));
    assert!(!fires(&c, "gain_reaching", &weight(84.0), &gap, None), "2.0 kg is not more than 2");
    assert!(fires(&c, "gain_reaching", &weight(84.1), &gap, None));
    // Day 6 is the reach's last day; day 7 lies beyond it.
    assert!(fires(&c, "gain_reaching", &weight(84.4), &[(6, weight(82.0))], None));
    assert!(!fires(&c, "gain_reaching", &weight(84.4), &[(7, weight(82.0))], None));
    // With a report inside the window, the window decides alone: the
    // lowest of the last 3 days is 83.0, so 84.4 is 1.4 above it.
    assert!(!fires(&c, "gain_reaching", &weight(84.4), &[(2, weight(83.0)), (5, weight(80.0))], None));
    // The latest report before the gap stands in, not the lowest.
    assert!(!fires(&c, "gain_reaching", &weight(84.4), &[(4, weight(83.0)), (5, weight(80.0))], None));
}

#[test]
fn the_reaching_value_is_explained_with_its_day() {
    let c = compiled();
    let e = c.evaluate(&weight(84.4), &history(&[(5, weight(82.0))], None));
    let flag = e.flags.iter().find(|f| f.rule == "gain_reaching").expect("fired");
    let shown: Vec<(String, Option<i64>)> = flag.explanation.iter().map(|x| (x.to_string(), x.days_ago)).collect();
    assert_eq!(shown, vec![("weight = 84.4".to_string(), None), ("lowest_within(weight, 3, 6) = 82".to_string(), Some(5))]);
}

#[test]
fn a_slow_gain_over_a_week_is_one_line() {
    let c = compiled();
    // 0.4 kg a day over a week of daily reports: 2.8 kg, no 3-day gain of 2.
    let daily: Vec<(i64, Answers)> = (1..=7).map(|d| (d, weight(kg(800 + (7 - d) * 4)))).collect();
    assert!(fires(&c, "slow_gain", &weight(82.8), &daily, None));
    assert!(!fires(&c, "gain", &weight(82.8), &daily, None));
    // 2.4 kg over the week: below; 2.5: at the threshold.
    assert!(!fires(&c, "slow_gain", &weight(82.4), &[(7, weight(80.0))], None));
    assert!(fires(&c, "slow_gain", &weight(82.5), &[(7, weight(80.0))], None));
    // Sparse reports: the last one was 9 days back; reaching 10 days finds it.
    assert!(fires(&c, "slow_gain", &weight(82.5), &[(9, weight(80.0))], None));
    assert!(!fires(&c, "slow_gain", &weight(82.5), &[(11, weight(80.0))], None));
}

#[test]
fn days_since_index_reads_the_days_since_the_operation() {
    let c = compiled();
    let bleeding: Answers = [("bleeding".to_string(), AnswerValue::Bool(true))].into();
    for (day, want) in [(4, false), (5, true), (7, true), (10, true), (11, false)] {
        assert_eq!(fires(&c, "late_bleed", &bleeding, &[], Some(day)), want, "day {day}");
    }
    // A response that belongs to no enrolment has no index: unknown.
    assert!(!fires(&c, "late_bleed", &bleeding, &[], None));
    let e = c.evaluate(&bleeding, &history(&[], Some(6)));
    let flag = e.flags.iter().find(|f| f.rule == "late_bleed").expect("fired");
    assert!(flag.explanation.iter().any(|x| x.to_string() == "days_since_index() = 6"), "{:?}", flag.explanation);
}

#[test]
fn rule_tests_give_the_index_day_and_check_it() {
    let with_tests = format!(
        "{FILE}\n[[tests]]\nname = \"day 6 bleed\"\nanswers = {{ bleeding = true }}\nindex_days_ago = 6\nexpect_flags = [\"late_bleed\"]\n\n\
         [[tests]]\nname = \"no index\"\nanswers = {{ bleeding = true }}\nexpect_flags = []\n\n\
         [[tests]]\nname = \"wrong\"\nanswers = {{ bleeding = true }}\nindex_days_ago = 12\nexpect_flags = [\"late_bleed\"]\n"
    );
    let r = check_files(&[SourceFile::new("home.toml", with_tests)]);
    let messages: Vec<String> = r.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(messages[0].contains("wrong"), "{messages:#?}");
    let bad = format!("{FILE}\n[[tests]]\nname = \"x\"\nanswers = {{}}\nindex_days_ago = -1\nexpect_flags = []\n");
    let r = check_files(&[SourceFile::new("home.toml", bad)]);
    assert!(r.diagnostics.iter().any(|d| d.message.contains("index_days_ago")), "{:?}", r.diagnostics);
}

#[test]
fn mistakes_in_the_new_arguments_are_explained() {
    for (when, want) in [
        (
            "weight - lowest_within(weight, 3, 3) > 2",
            "how far back `lowest_within` may reach (more days than 3, its window) must be a whole number from 4 to 366",
        ),
        ("weight - lowest_within(weight, 3, 2.5) > 2", "from 4 to 366"),
        ("weight - lowest_within(weight, 3, 6, 9) > 2", "`lowest_within` takes 2 or 3 arguments, but 4 were given"),
        ("days_since_index(weight) > 2", "`days_since_index` takes 0 arguments, but 1 were given"),
        ("weight > 1.0000000001", "has more than 9 places after the point"),
    ] {
        let text = FILE.replace("'weight - lowest_within(weight, 3) > 2'", &format!("'{when}'"));
        let r = check_files(&[SourceFile::new("home.toml", text)]);
        let messages: Vec<String> = r.diagnostics.iter().map(|d| d.message.clone()).collect();
        assert!(messages.iter().any(|m| m.contains(want)), "{when}: {messages:#?}");
    }
}

#[test]
fn advice_names_only_the_placeholder_svar_fills_in() {
    let advice = |text: &str| {
        let file = FILE.replace(
            "message = { da = \"Blødning dag 5-10\", en = \"Bleeding on day 5-10\" }",
            &format!("message = {{ da = \"Blødning dag 5-10\", en = \"Bleeding on day 5-10\" }}\nadvice = {{ da = \"{text}\", en = \"{text}\" }}"),
        );
        check_files(&[SourceFile::new("home.toml", file)]).diagnostics.into_iter().map(|d| d.message).collect::<Vec<_>>()
    };
    assert!(advice("Ring {out_of_hours} eller 112").is_empty());
    // The same for every text the respondent reads.
    let described = FILE.replace("description = { da = \"Målinger hjemme\"", "description = { da = \"Ring {lægevagt}\"");
    let said: Vec<String> = check_files(&[SourceFile::new("home.toml", described)]).diagnostics.into_iter().map(|d| d.message).collect();
    assert!(said.iter().all(|m| !m.contains("does not fill in")), "only a-z names are placeholders: {said:?}");
    let described = FILE.replace("description = { da = \"Målinger hjemme\"", "description = { da = \"Ring {out_of_hour}\"");
    let said: Vec<String> = check_files(&[SourceFile::new("home.toml", described)]).diagnostics.into_iter().map(|d| d.message).collect();
    assert!(said.iter().any(|m| m.contains("the description names `{out_of_hour}`")), "{said:?}");
    let wrong = advice("Ring {out_of_hour}");
    assert!(wrong.iter().any(|m| m.contains("names `{out_of_hour}`, which Svar does not fill in: write `{out_of_hours}`")), "{wrong:?}");
}

/// Exact rational arithmetic to check [`Decimal`] against: `n / 10^places`.
fn rational(n: i64, places: u32) -> (i128, i128) {
    (i128::from(n), 10i128.pow(places))
}

fn decimal(n: i64, places: u32) -> Decimal {
    let d = Decimal::from_parts(n.abs(), places).unwrap();
    if n < 0 {
        -d
    } else {
        d
    }
}

fn cmp_rational(a: (i128, i128), b: (i128, i128)) -> std::cmp::Ordering {
    (a.0 * b.1).cmp(&(b.0 * a.1))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// `+`, `-`, `*` (up to four places each) and comparisons agree exactly
    /// with rational arithmetic; `/` is within half a billionth of it.
    #[test]
    fn decimal_arithmetic_is_exact(a in -10_000_000i64..10_000_000, pa in 0u32..5, b in -10_000_000i64..10_000_000, pb in 0u32..5) {
        let (x, y) = (decimal(a, pa), decimal(b, pb));
        let (ra, rb) = (rational(a, pa), rational(b, pb));
        let as_rational = |d: Decimal| -> (i128, i128) {
            let text = d.to_string();
            let (neg, digits) = text.strip_prefix('-').map_or((false, text.as_str()), |t| (true, t));
            let places = digits.split_once('.').map_or(0, |(_, f)| f.len() as u32);
            let n: i128 = digits.replace('.', "").parse().unwrap();
            (if neg { -n } else { n }, 10i128.pow(places))
        };
        let sum = (ra.0 * rb.1 + rb.0 * ra.1, ra.1 * rb.1);
        prop_assert_eq!(cmp_rational(as_rational(x.checked_add(y).unwrap()), sum), std::cmp::Ordering::Equal);
        let diff = (ra.0 * rb.1 - rb.0 * ra.1, ra.1 * rb.1);
        prop_assert_eq!(cmp_rational(as_rational(x.checked_sub(y).unwrap()), diff), std::cmp::Ordering::Equal);
        let prod = (ra.0 * rb.0, ra.1 * rb.1);
        prop_assert_eq!(cmp_rational(as_rational(x.checked_mul(y).unwrap()), prod), std::cmp::Ordering::Equal);
        prop_assert_eq!(x.cmp(&y), cmp_rational(ra, rb));
        if b != 0 {
            // |q - a/b| <= 1/(2 * 10^9): |q_n * b_d * a_d... | compared in integers.
            let q = as_rational(x.checked_div(y).unwrap());
            let exact = (ra.0 * rb.1, ra.1 * rb.0);
            let err_num = (q.0 * exact.1 - exact.0 * q.1).abs();
            let err_den = (q.1 * exact.1).abs();
            prop_assert!(err_num * 2_000_000_000 <= err_den, "{} / {} = {}", x, y, x.checked_div(y).unwrap());
        }
    }

    /// A number typed with up to three decimals, stored as f64 and read
    /// back, is exactly what was typed.
    #[test]
    fn typed_numbers_survive_storage(n in -100_000_000i64..100_000_000, places in 0u32..4) {
        let typed = decimal(n, places);
        let stored: f64 = typed.to_string().parse().unwrap();
        prop_assert_eq!(Decimal::from_f64(stored), Some(typed));
        prop_assert_eq!(typed.to_f64(), stored);
    }
}
