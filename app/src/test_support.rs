//! What several tests read: the crate's own source files.

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
