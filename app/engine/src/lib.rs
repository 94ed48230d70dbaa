//! # Svar's questionnaire engine
//!
//! Plain Rust with no I/O, compiled for the server and the browser (wasm32):
//! the questionnaire model, reading TOML files with precise diagnostics,
//! conditions, answer validation, scoring, the typed rule language with
//! explained flags, and pathways (schedules).
//!
//! ## Entry points
//! - [`check::check_files`]: read, compile and test a set of files
//!   (`svar check DIR`, server start-up).
//! - [`compile::Compiled::new`]: compile one model (e.g. from the web editor).
//! - [`compile::Compiled::validate`], [`compile::Compiled::visible_items`],
//!   [`compile::Compiled::evaluate`]: what the answering page and the server
//!   call for one response.
//! - [`pathway::Pathway::expand`]: concrete invitations for an index date.
//!
//! ## Files
//! A file with a `[questionnaire]` table is a questionnaire (with `[[pages]]`,
//! `[[pages.items]]`, `[[scores]]`, `[[rules]]`, `[[tests]]`); a file with a
//! `[pathway]` table is a pathway (with `[[timepoints]]`); pathway files are
//! named `*.pathway.toml` by convention. See `questionnaires/README.md`.
//!
//! ## The rule language
//! ```text
//! literals     12  3.5  "text"  true  false  date("2025-01-31")  ["a", "b"]
//! items        discharge_days            (by id; the current answer)
//! scores       score.ear_symptoms
//! history      previous(weight)  baseline(score.ear_symptoms)  days_since_previous()
//! functions    answered(item)  count(multiple_choice_item)
//! operators    or  <  and  <  not  <  = != < <= > >= in  <  + -  <  * /  <  unary -
//! ```
//! Comparisons do not chain (`1 < a < 3` is an error; write
//! `1 < a and a < 3`). A single-choice item is compared with option values
//! in quotes (`discharge_days = "more_14"`, `discharge_days in ["8_14",
//! "more_14"]`), and the checker verifies the option exists; a
//! multiple-choice item is tested with `"nausea" in symptoms` or
//! `count(symptoms) >= 2`. `date - date` is a number of days. `#` starts a
//! comment. In TOML, write rules in single-quoted strings (`'...'` or
//! `'''...'''`): they need no escaping, and error columns map 1:1.
//!
//! ## Missing data
//! - An unanswered item, an item hidden by its condition, a missing score
//!   (too few answers), or history that does not exist is **unknown**. A
//!   hidden item's stale answer is never used: hidden answers are cleared
//!   before scores and rules run, and dropped by validation.
//! - Comparisons, arithmetic, `in`, `count` with an unknown operand are
//!   unknown; so is division by zero.
//! - `and`, `or`, `not` follow three-valued (Kleene) logic: `false and
//!   unknown` is false, `true or unknown` is true, `not unknown` is unknown.
//! - A flag fires only when its `when` is definitely true; an item is shown
//!   only when its `enable_when` (and its page's) is definitely true. So a
//!   skipped or hidden answer can neither fire nor silence a rule by
//!   accident: to act on missing answers, say so with `answered(x)`, which is
//!   always true or false.
//! - History (`previous`, `baseline`) reads the earlier response's stored
//!   answers and scores by id; a value that does not fit the current item is
//!   unknown.
//!
//! ## Order of evaluation
//! Conditions (in dependency order; cycles are errors; they may use history
//! but not scores) → scores (in file order; an `expr` score may use scores
//! above it) → flag rules → the contact flag.

pub mod answers;
pub mod check;
pub mod compile;
pub mod danish;
pub mod decimal;
pub mod diagnostics;
pub mod diff;
pub mod fhir;
pub mod form;
pub mod lint;
pub mod load;
pub mod locale;
pub mod model;
pub mod pathway;
pub mod rule_helper;
pub mod rules;
pub mod scoring;
pub mod text;
pub mod urgency;
pub mod write;

pub use answers::{Answer, AnswerError, AnswerErrorCode, AnswerValue, Answers, Confirmed};
pub use check::{check_files, CheckReport};
pub use compile::{Compiled, Completeness, DatedResponse, Evaluation, History, PastResponse, Validation};
pub use diagnostics::Diagnostic;
pub use load::SourceFile;
pub use locale::Locale;
pub use model::Questionnaire;
pub use pathway::{Occurrence, Pathway};
pub use rules::eval::{Explained, Flag, FlagLevel, ShownValue};
pub use text::LangText;
pub use urgency::Urgency;

#[cfg(test)]
mod dependency_tests {
    /// The engine runs in the browser and must stay free of I/O and of the
    /// web stack: its direct dependencies are these, and nothing pulls in
    /// Leptos, sqlx, tokio or axum (`cargo tree -p svar-engine`). A new
    /// one is a design decision, so it is made here on purpose.
    #[test]
    fn only_the_allowed_dependencies() {
        let manifest = include_str!("../Cargo.toml");
        let section = manifest.split("[dependencies]").nth(1).unwrap_or_default();
        let section = section.split("\n[").next().unwrap_or_default();
        let names: Vec<&str> =
            section.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).filter_map(|l| l.split(['.', '=', ' ']).next()).collect();
        assert!(!names.is_empty(), "no dependencies read from the manifest");
        for name in names {
            assert!(["serde", "thiserror", "time", "toml"].contains(&name), "the engine must not depend on {name}");
        }
    }
}
