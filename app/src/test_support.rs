//! What several tests read: the crate's own source files, and the shipped
//! ear-tube follow-up compiled.

use std::path::PathBuf;

/// Every file under `app/src/` with its text, for tests that check the
/// source itself (every audit action has a label, every text is used).
pub fn source_files() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("app/src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                files.push((path, text));
            }
        }
    }
    files
}

/// The shipped ear-tube follow-up questionnaire, compiled.
pub fn shipped_follow_up() -> crate::engine::Compiled {
    use crate::engine::load::{load, Document};
    let text = include_str!("../../questionnaires/ear-tubes-follow-up.toml");
    match load(&crate::engine::SourceFile::new("ear-tubes-follow-up.toml", text)).document {
        Some(Document::Questionnaire(q)) => crate::engine::Compiled::new(q).expect("the shipped file compiles"),
        _ => panic!("the shipped file reads"),
    }
}
