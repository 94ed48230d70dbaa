//! The questionnaire engine through its public API: the shipped content,
//! broken files and their messages, and property tests. One test binary,
//! so the app is linked once.

mod broken_files;
mod danish;
mod engine_api;
mod exact_days;
mod fuzz;
mod history;
mod limits;
mod over_time;
mod proptest_rules;
mod shipped;
