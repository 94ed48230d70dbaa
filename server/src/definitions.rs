//! Reads the questionnaire and pathway files in a folder and checks them
//! with the engine (`svar check`, and at start-up: Svar refuses to serve
//! invalid definitions).

use std::path::Path;

use app::engine::{check_files, CheckReport, SourceFile};

#[derive(Debug, thiserror::Error)]
pub enum DefinitionsError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{count} error(s) in the definitions:\n{listing}")]
    Invalid { count: usize, listing: String },
}

/// The `*.toml` files in `dir`, sorted by name, each named as
/// `dir/file.toml` so messages point at the file the user has.
pub fn read_dir(dir: &Path) -> Result<Vec<SourceFile>, DefinitionsError> {
    let read_err = |path: &Path, source| DefinitionsError::Read { path: path.display().to_string(), source };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| read_err(dir, e))? {
        let path = entry.map_err(|e| read_err(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|x| x == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|e| read_err(&path, e))?;
            Ok(SourceFile::new(path.display().to_string(), text))
        })
        .collect()
}

/// Reads and checks the folder; any error (including a failing rule test)
/// makes the whole set invalid.
pub fn load(dir: &Path) -> Result<CheckReport, DefinitionsError> {
    let report = check_files(&read_dir(dir)?);
    if report.is_ok() {
        Ok(report)
    } else {
        let listing = report.diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n");
        Err(DefinitionsError::Invalid { count: report.diagnostics.len(), listing })
    }
}

/// One line saying what was checked.
pub fn summary(report: &CheckReport) -> String {
    format!(
        "{} questionnaire(s), {} pathway(s), {} rule test(s) run, {} failed, {} not run (their questionnaire has errors), {} error(s), {} warning(s)",
        report.questionnaires.len(),
        report.pathways.len(),
        report.tests_run,
        report.tests_failed,
        report.tests_not_run,
        report.diagnostics.len(),
        report.warnings.len()
    )
}
