//! Rule evaluations per second on the ear-tube follow-up questionnaire.
//! `cargo bench --bench rules` (std only; no criterion).

use std::hint::black_box;
use std::time::{Duration, Instant};

use svar_engine::answers::{AnswerValue, Answers};
use svar_engine::rules::eval::Ctx;
use svar_engine::{check_files, History, PastResponse, SourceFile};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../questionnaires/ear-tubes-follow-up.toml");

fn run(label: &str, per_iter: u64, mut f: impl FnMut() -> usize) {
    // Warm up, then run for about a second.
    let mut sink = 0usize;
    for _ in 0..10_000 {
        sink = sink.wrapping_add(f());
    }
    let start = Instant::now();
    let mut iters: u64 = 0;
    while start.elapsed() < Duration::from_secs(1) {
        for _ in 0..10_000 {
            sink = sink.wrapping_add(f());
        }
        iters += 10_000;
    }
    let secs = start.elapsed().as_secs_f64();
    let rate = (iters * per_iter) as f64 / secs;
    println!("{label:<58} {:>8.2} M/s  ({:.0} ns per iteration)", rate / 1e6, secs * 1e9 / iters as f64);
    black_box(sink);
}

fn main() {
    let text = std::fs::read_to_string(FILE).expect("ear-tube follow-up questionnaire");
    let report = check_files(&[SourceFile::new("ear-tubes-follow-up.toml", text)]);
    assert!(report.is_ok(), "{:?}", report.diagnostics);
    let q = &report.questionnaires[0];
    let n_rules = q.questionnaire().rules.len() as u64;

    let a = |s: &str| AnswerValue::Text(s.into());
    let answers: Answers = [
        ("discharge", AnswerValue::Bool(true)),
        ("discharge_days", a("8_14")),
        ("discharge_episodes", a("twice")),
        ("drops_used", AnswerValue::Bool(true)),
        ("discharge_now", AnswerValue::Bool(true)),
        ("discharge_blood", AnswerValue::Bool(false)),
        ("behind_ear", AnswerValue::Bool(false)),
        ("tube_seen", a("yes")),
        ("ear_pain", a("sometimes")),
        ("fever", a("rarely")),
        ("hearing_concern", a("often")),
        ("speech_concern", a("sometimes")),
        ("sleep_trouble", a("sometimes")),
        ("mood", a("rarely")),
        ("unwell_now", AnswerValue::Bool(false)),
        ("overall", AnswerValue::Number(6.0)),
        ("comments", a("Han sover dårligt")),
        ("contact", AnswerValue::Bool(true)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let mut scores = std::collections::BTreeMap::new();
    scores.insert("ear_symptoms".to_string(), 5.0);
    let history = History {
        previous: None,
        baseline: Some(PastResponse { answers: Answers::new(), scores }),
        days_since_previous: Some(84),
        ..Default::default()
    };
    let hist = q.prepare_history(&history);
    let (raw, _) = q.prepare(&answers);
    let mut visible_frame = raw.clone();
    q.apply_visibility(&mut visible_frame, &hist);
    let mut scored = visible_frame.clone();
    let flags = q.scores_and_flags(&mut scored, &hist);
    println!(
        "questionnaire ear_tubes_follow_up: {} items, {} scores, {} rules; this response raises {:?}",
        q.item_count(),
        q.questionnaire().scores.len(),
        n_rules,
        flags.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>()
    );

    run("full evaluation (visibility+scores+rules+explanations)/s", 1, || q.evaluate_prepared(black_box(raw.clone()), &hist).flags.len());
    run("scores + rules + explanations (visibility done), responses/s", 1, || {
        let mut f = black_box(&visible_frame).clone();
        let ctx_hist = &hist;
        let _ = q.scores_and_flags(&mut f, ctx_hist);
        f.scores.len()
    });
    run(&format!("rule conditions only ({n_rules} rules), rule evaluations/s"), n_rules, || q.count_firing(black_box(&scored), &hist));
    let rule = q.rule_code("persistent_discharge").expect("rule");
    let ctx = Ctx {
        current: &scored,
        previous: hist.previous.as_ref(),
        baseline: hist.baseline.as_ref(),
        days_since_previous: hist.days_since_previous,
        days_since_baseline: hist.days_since_baseline,
        earlier: &hist.earlier,
    };
    run("single rule `persistent_discharge`, evaluations/s", 1, || usize::from(black_box(rule).is_true(black_box(&ctx))));
    let rule = q.rule_code("worse_than_baseline").expect("rule");
    run("single rule `worse_than_baseline` (history), evaluations/s", 1, || usize::from(black_box(rule).is_true(black_box(&ctx))));
}
