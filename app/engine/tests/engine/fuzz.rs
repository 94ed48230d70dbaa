//! Fuzzing that needs no nightly compiler: inputs made by random mutation of
//! the shipped files and the test corpus, and rule conditions put together
//! from the rule language's own words, each run through the loader, the
//! checker, the compiler, validation and the evaluator with random answers
//! and history. No input may panic, overflow the stack, or take longer
//! than [`hang_limit`]: an admin's typo must never stop the server.
//!
//! `make test` runs each target for `FUZZ_SECONDS` (default 2) in the debug
//! build; `make fuzz` runs them in release for as long as asked. The run is
//! repeatable: it prints its seed, and `FUZZ_SEED=<seed>` makes the same
//! inputs again. A failing input is written to `target/fuzz-failures/`. A
//! stack overflow aborts the process before that; `FUZZ_TRACE=1` writes
//! each input to `target/fuzz-failures/current` before it runs.

use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use svar_engine::model::{ItemKind, Questionnaire};
use svar_engine::{check_files, AnswerValue, Answers, Compiled, Completeness, DatedResponse, History, PastResponse, SourceFile};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/engine/fixtures");
const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../questionnaires");
const FAILURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/fuzz-failures");

/// xorshift64*: small, fast, and the same sequence for the same seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, from: &'a [T]) -> &'a T {
        &from[self.below(from.len())]
    }
}

fn seed() -> u64 {
    // Never 0: xorshift would give 0 for ever.
    std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        now.as_nanos() as u64
    }) | 1
}

fn budget() -> Duration {
    let seconds = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(2.0);
    Duration::from_secs_f64(seconds)
}

/// What counts as a hang for one input: 1 s in release (what `make fuzz`
/// runs); the unoptimised test build is given ten times as long.
fn hang_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(10)
    } else {
        Duration::from_secs(1)
    }
}

/// Runs `exercise` on inputs from `make` until the budget is spent. Each
/// input runs on a thread of its own (with the default 2 MiB stack, as the
/// server's worker threads have), so an input that never finishes is
/// caught: the run then stops the whole process, after saying which.
fn fuzz<T: Debug + Sync>(target: &str, mut make: impl FnMut(&mut Rng) -> T, exercise: impl Fn(&T) + Sync) {
    let seed = seed();
    let mut rng = Rng(seed);
    let trace = std::env::var("FUZZ_TRACE").is_ok();
    let started = Instant::now();
    let mut runs = 0u64;
    eprintln!("fuzz {target}: seed {seed} (FUZZ_SEED={seed} repeats it)");
    let save = |input: &T, name: &str| -> String {
        let _ = std::fs::create_dir_all(FAILURES);
        let path = format!("{FAILURES}/{name}");
        let _ = std::fs::write(&path, format!("{input:#?}"));
        path
    };
    while started.elapsed() < budget() || runs == 0 {
        let input = make(&mut rng);
        if trace {
            save(&input, "current");
        }
        let at = Instant::now();
        let outcome = std::thread::scope(|scope| {
            let (done, finished) = std::sync::mpsc::channel();
            let (input, exercise) = (&input, &exercise);
            scope.spawn(move || {
                let outcome = catch_unwind(AssertUnwindSafe(|| exercise(input)));
                let _ = done.send(outcome.is_ok());
            });
            match finished.recv_timeout(hang_limit()) {
                Ok(ok) => ok,
                Err(_) => {
                    let path = save(input, &format!("{target}-{seed}-{runs}.txt"));
                    eprintln!("fuzz {target}: input {runs} did not finish in {:?} (seed {seed}); the input is in {path}", hang_limit());
                    std::process::abort();
                }
            }
        });
        let took = at.elapsed();
        if !outcome || took > hang_limit() {
            let path = save(&input, &format!("{target}-{seed}-{runs}.txt"));
            let what = if outcome { format!("took {took:?}") } else { "panicked".to_owned() };
            panic!("fuzz {target}: input {runs} {what} (seed {seed}); the input is in {path}");
        }
        runs += 1;
    }
    eprintln!("fuzz {target}: {runs} inputs in {:.1} s, no failure", started.elapsed().as_secs_f64());
}

/// Every `.toml` file of a folder, read.
fn files_in(dir: &str) -> Vec<SourceFile> {
    let mut out: Vec<SourceFile> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter_map(|p| {
                    let text = std::fs::read_to_string(&p).ok()?;
                    Some(SourceFile::new(p.file_name()?.to_string_lossy().into_owned(), text))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Pieces an admin's slip or a hostile file puts into a definition.
const TOKENS: &[&str] = &[
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    "\n",
    "\r\n",
    "#",
    " ",
    "\t",
    ".",
    "\u{200B}",
    "\u{202E}",
    "æøå",
    "\\",
    "\\u",
    "0",
    "-1",
    "1e309",
    "99999999999999999999",
    "nan",
    "inf",
    "-0.0",
    "true",
    "\"x\"",
    "[[pages]]\n",
    "[[pages.items]]\n",
    "[[rules]]\n",
    "[[scores]]\n",
    "[[tests]]\n",
    "[[timepoints]]\n",
    "id = \"a\"\n",
    "type = \"scale\"\n",
    "type = \"number\"\n",
    "enable_when = 'a'\n",
    "when = '",
    "baseline(",
    "previous(",
    "score.",
    "(",
    ")",
    " and ",
    " or ",
    "not ",
    "count(",
    "answered(",
    "days_since_previous()",
    "offset = \"1d\"",
    "repeat = { every = \"1d\" }",
    "baseline = true",
    "min = 10\nmax = 0\n",
    "options = []\n",
    "weight = 1e308",
];

/// One to four random edits of a text: deletions, duplications, inserted
/// tokens, lines swapped in from another file, a line repeated.
fn mutate(rng: &mut Rng, text: &str, donors: &[SourceFile]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(5) {
            0 => {
                let end = (at + 1 + rng.below(40)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let end = (at + 1 + rng.below(80)).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                let to = rng.below(chars.len() + 1);
                chars.splice(to..to, copy);
            }
            2 => {
                let token: Vec<char> = rng.pick(TOKENS).chars().collect();
                chars.splice(at..at, token);
            }
            3 => {
                let donor = rng.pick(donors);
                let lines: Vec<&str> = donor.text.lines().collect();
                if !lines.is_empty() {
                    let line: Vec<char> = format!("{}\n", rng.pick(&lines)).chars().collect();
                    chars.splice(at..at, line);
                }
            }
            _ => {
                let start = chars[..at].iter().rposition(|c| *c == '\n').map_or(0, |i| i + 1);
                let end = chars[at..].iter().position(|c| *c == '\n').map_or(chars.len(), |i| at + i + 1);
                let line = chars[start..end].to_vec();
                for _ in 0..rng.below(50) {
                    chars.splice(end..end, line.iter().copied());
                }
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_definitions_never_crash_the_checker() {
    let mut corpus = files_in(SHIPPED);
    let shipped = corpus.clone();
    for folder in ["broken", "warnings"] {
        corpus.extend(files_in(&format!("{FIXTURES}/{folder}")));
    }
    assert!(corpus.len() > 40, "the corpus is read");
    fuzz(
        "definitions",
        |rng| {
            let base = rng.pick(&corpus);
            let text = mutate(rng, &base.text, &corpus);
            // Now and then with the shipped files beside it, so pathways,
            // baselines and duplicate ids across files are reached too.
            let with_shipped = rng.percent(10);
            (SourceFile::new(base.name.clone(), text), with_shipped)
        },
        |(file, with_shipped)| {
            let mut files = vec![file.clone()];
            if *with_shipped {
                files.extend(shipped.iter().filter(|s| s.name != file.name).cloned());
            }
            let report = check_files(&files);
            // Every message can be said in Danish without a panic either.
            for d in report.diagnostics.iter().chain(&report.warnings) {
                let _ = svar_engine::danish::in_danish(&d.message);
            }
        },
    );
}

/// A rule condition from the language's words, with a slip now and then.
fn condition(rng: &mut Rng, q: &Questionnaire, depth: usize) -> String {
    let items: Vec<&str> = q.items().map(|i| i.id.as_str()).collect();
    let scores: Vec<String> = q.scores.iter().map(|s| format!("score.{}", s.id)).collect();
    let values: Vec<String> = q.items().flat_map(|i| i.kind.options().iter().map(|o| format!("\"{}\"", o.value)).collect::<Vec<_>>()).collect();
    let atom = |rng: &mut Rng| -> String {
        match rng.below(12) {
            0 | 1 | 2 => (*rng.pick(&items)).to_owned(),
            3 => rng.pick(&scores).clone(),
            4 => rng.pick(&values).clone(),
            5 => rng.pick(&["0", "1", "-1", "0.5", "7", "250", "1e308", "-1e308", "0.000001"]).to_string(),
            6 => rng.pick(&["true", "false", "date(\"2025-01-31\")", "date(\"2025-02-30\")", "days_since_previous()"]).to_string(),
            7 => format!("{}({})", rng.pick(&["previous", "baseline"]), rng.pick(&items)),
            8 => format!("{}({})", rng.pick(&["previous", "baseline"]), rng.pick(&scores)),
            9 => format!("count({})", rng.pick(&items)),
            10 => format!("answered({}, {})", rng.pick(&items), rng.pick(&items)),
            _ => format!("[{}, {}]", rng.pick(&values), rng.pick(&values)),
        }
    };
    let mut text = if depth == 0 || rng.percent(30) {
        atom(rng)
    } else {
        match rng.below(4) {
            0 => format!("not {}", condition(rng, q, depth - 1)),
            1 => format!("({})", condition(rng, q, depth - 1)),
            2 => format!("-{}", condition(rng, q, depth - 1)),
            _ => {
                let op = rng.pick(&["+", "-", "*", "/", "=", "!=", "<", "<=", ">", ">=", "and", "or", "in"]);
                format!("{} {op} {}", condition(rng, q, depth - 1), condition(rng, q, depth - 1))
            }
        }
    };
    if rng.percent(5) {
        let at = rng.below(text.len() + 1);
        if text.is_char_boundary(at) {
            text.insert_str(at, *rng.pick::<&str>(&["(", ")", "\"", ",", "..", "=", "score.", "@", " and", "[", "]"]));
        }
    }
    text
}

/// A condition that type-checks, most of the time, so the evaluator is
/// reached: comparisons of numbers, options and yes/no items joined by
/// `and`, `or` and `not`.
fn typed_condition(rng: &mut Rng, q: &Questionnaire, depth: usize) -> String {
    if depth > 0 && rng.percent(50) {
        return match rng.below(3) {
            0 => format!("not ({})", typed_condition(rng, q, depth - 1)),
            1 => format!("{} and {}", typed_condition(rng, q, depth - 1), typed_condition(rng, q, depth - 1)),
            _ => format!("({} or {})", typed_condition(rng, q, depth - 1), typed_condition(rng, q, depth - 1)),
        };
    }
    let items: Vec<_> = q.items().collect();
    let item = *rng.pick(&items);
    let id = &item.id;
    let cmp = *rng.pick(&["<", "<=", ">", ">=", "=", "!="]);
    let number = *rng.pick(&["0", "1", "3", "7.5", "100", "-2"]);
    let numeric = |rng: &mut Rng, id: &str| -> String {
        match rng.below(4) {
            0 => format!("previous({id})"),
            1 => format!("{id} - baseline({id})"),
            2 => format!("{id} + {id} * 2"),
            _ => id.to_owned(),
        }
    };
    match &item.kind {
        ItemKind::Number { .. } | ItemKind::Scale { .. } => format!("{} {cmp} {number}", numeric(rng, id)),
        ItemKind::SingleChoice { options } if !options.is_empty() => {
            let o = &rng.pick(options).value;
            match rng.below(3) {
                0 => format!("{id} = \"{o}\""),
                1 => format!("{id} {cmp} \"{o}\""),
                _ => format!("previous({id}) != \"{o}\""),
            }
        }
        ItemKind::MultipleChoice { options } if !options.is_empty() => {
            let o = &rng.pick(options).value;
            match rng.below(2) {
                0 => format!("\"{o}\" in {id}"),
                _ => format!("count({id}) {cmp} {number}"),
            }
        }
        ItemKind::YesNo => match rng.below(3) {
            0 => format!("{id} = true"),
            1 => format!("{id} != previous({id})"),
            _ => id.to_owned(),
        },
        ItemKind::Date => format!("{id} {cmp} date(\"2025-06-01\")"),
        _ => match q.scores.first() {
            Some(s) => format!("{} {cmp} {number}", numeric(rng, &format!("score.{}", s.id))),
            None => format!("answered({id})"),
        },
    }
}

/// An answer to an item: usually one it allows, sometimes one it does not.
fn answer(rng: &mut Rng, kind: &ItemKind) -> AnswerValue {
    let values = |o: &[svar_engine::model::AnswerOption]| o.iter().map(|x| x.value.clone()).collect::<Vec<_>>();
    if rng.percent(15) {
        return match rng.below(4) {
            0 => AnswerValue::Bool(rng.percent(50)),
            1 => AnswerValue::Number(*rng.pick(&[f64::NAN, f64::INFINITY, -1e308, 1e308, -0.0, 0.1])),
            2 => AnswerValue::Text(rng.pick(&["", "x", "ja", "2025-13-40", "\u{202E}"]).to_string()),
            _ => AnswerValue::Choices(vec!["no_such_option".into(), String::new()]),
        };
    }
    match kind {
        ItemKind::SingleChoice { options } => AnswerValue::Choices(vec![rng.pick(&values(options)).clone()]),
        ItemKind::MultipleChoice { options } => {
            let all = values(options);
            AnswerValue::Choices(all.into_iter().filter(|_| rng.percent(40)).collect())
        }
        ItemKind::Scale { min, max, .. } => AnswerValue::Number(f64::from(*min + rng.below((max - min + 1).max(1) as usize) as i32)),
        ItemKind::Number { min, max, .. } => AnswerValue::Number(min + (max - min) * (rng.below(1001) as f64 / 1000.0)),
        ItemKind::YesNo => AnswerValue::Bool(rng.percent(50)),
        ItemKind::Date => AnswerValue::Text(format!("2025-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28))),
        ItemKind::Text { .. } => AnswerValue::Text("tekst".into()),
        ItemKind::Display => AnswerValue::Text(String::new()),
    }
}

fn answers(rng: &mut Rng, q: &Questionnaire) -> Answers {
    let mut out = Answers::new();
    for item in q.items() {
        if rng.percent(80) {
            out.insert(item.id.clone(), answer(rng, &item.kind));
        }
    }
    out
}

fn past(rng: &mut Rng, q: &Questionnaire) -> Option<PastResponse> {
    if !rng.percent(70) {
        return None;
    }
    let mut scores = std::collections::BTreeMap::new();
    for score in &q.scores {
        if rng.percent(80) {
            scores.insert(score.id.clone(), rng.below(40) as f64 - 5.0);
        }
    }
    Some(PastResponse { answers: answers(rng, q), scores })
}

#[test]
fn generated_rules_never_crash_the_compiler_or_the_evaluator() {
    let questionnaires: Vec<Questionnaire> = check_files(&files_in(SHIPPED)).questionnaires.iter().map(|c| c.questionnaire().clone()).collect();
    assert!(questionnaires.len() >= 3, "the shipped questionnaires compile");
    let evaluated = std::sync::atomic::AtomicUsize::new(0);
    fuzz(
        "rules",
        |rng| {
            let mut q = rng.pick(&questionnaires).clone();
            let when = if rng.percent(60) { typed_condition(rng, &q, 3) } else { condition(rng, &q, 4) };
            let rule = rng.below(q.rules.len());
            q.rules[rule].when = when;
            // The shipped rule tests expect the shipped rules.
            q.tests.clear();
            let now = answers(rng, &q);
            let history = History {
                previous: past(rng, &q),
                baseline: past(rng, &q),
                days_since_previous: rng.percent(70).then(|| rng.below(400) as i64 - 3),
                days_since_baseline: rng.percent(70).then(|| rng.below(400) as i64 - 3),
                days_since_index: rng.percent(70).then(|| rng.below(400) as i64 - 3),
                earlier: (0..rng.below(6))
                    .filter_map(|k| past(rng, &q).map(|response| DatedResponse { response, days_ago: (k * 2 + rng.below(3)) as i64 }))
                    .collect(),
            };
            (q, now, history)
        },
        |(q, now, history)| {
            if let Ok(compiled) = Compiled::new(q.clone()) {
                evaluated.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let _ = compiled.validate(now, history, Completeness::Final);
                let _ = compiled.validate(now, history, Completeness::Draft);
                let _ = compiled.evaluate(now, history);
            }
        },
    );
    // Most inputs must get past the checker, or the evaluator is not fuzzed.
    let evaluated = evaluated.into_inner();
    eprintln!("fuzz rules: {evaluated} compiled and evaluated");
    assert!(evaluated > 0, "no generated rule compiled: the evaluator was not reached");
}

/// A posted answer form as a browser, or someone with curl, sends it.
fn form_fields(rng: &mut Rng, q: &Questionnaire) -> Vec<(String, String)> {
    let items: Vec<_> = q.items().collect();
    (0..rng.below(30))
        .map(|_| {
            let item = *rng.pick(&items);
            let name = match rng.below(10) {
                0 => rng.pick(&["", "_page", "_csrf", "x".repeat(300).as_str(), "ear_pain[]"]).to_string(),
                _ => item.id.clone(),
            };
            let options: Vec<String> = item.kind.options().iter().map(|o| o.value.clone()).collect();
            let value = match rng.below(8) {
                0 | 1 if !options.is_empty() => rng.pick(&options).clone(),
                2 => rng.pick(&["true", "false", "ja", "nej", "yes", "on"]).to_string(),
                3 => rng.pick(&["0", "-1", "7,5", "7.5", "1e309", "NaN", "inf", " 12 ", "0x10", "١٢"]).to_string(),
                4 => rng.pick(&["2025-02-30", "2025-01-31", "31-01-2025", "31.01.2025", ""]).to_string(),
                5 => "ø".repeat(rng.below(5000)),
                6 => rng.pick(&["\u{202E}", "\u{0}", "\r\n", "<script>", "\"'"]).to_string(),
                _ => String::new(),
            };
            (name, value)
        })
        .collect()
}

#[test]
fn posted_answer_forms_never_crash_reading_or_validation() {
    let questionnaires: Vec<Compiled> = check_files(&files_in(SHIPPED)).questionnaires;
    assert!(questionnaires.len() >= 3, "the shipped questionnaires compile");
    let qs: Vec<Questionnaire> = questionnaires.iter().map(|c| c.questionnaire().clone()).collect();
    fuzz(
        "answer forms",
        |rng| {
            let which = rng.below(qs.len());
            (which, form_fields(rng, &qs[which]))
        },
        |(which, fields)| {
            let compiled = &questionnaires[*which];
            let answers = svar_engine::form::answers_from_form(compiled.questionnaire(), fields);
            let history = History::default();
            let _ = compiled.validate(&answers, &history, Completeness::Final);
            let _ = compiled.evaluate(&answers, &history);
            for page in 0..compiled.questionnaire().pages.len() + 1 {
                let _ = svar_engine::form::replace_page(compiled.questionnaire(), &Answers::new(), page, &answers);
            }
        },
    );
}
