//! `svar [--config FILE] <command>`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::startup::Application;
use crate::{definitions, store, telemetry};

#[derive(Debug, Parser)]
#[command(name = "svar", version, about = "Patient-reported outcome questionnaires for flexible follow-up")]
pub struct Cli {
    /// Settings file (TOML); environment variables override it.
    #[arg(long, global = true, env = "SVAR_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve Svar over HTTP (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Check questionnaire and pathway files, including their rule tests.
    Check {
        /// Folder of definitions (default: the `questionnaires_dir` setting).
        dir: Option<PathBuf>,
    },
}

pub async fn run(cli: Cli) -> ExitCode {
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("svar: {err}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => migrate(settings).await,
        Command::Check { dir } => return check(dir.as_deref().unwrap_or(&settings.questionnaires_dir)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("svar: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(settings).await?;
    app.run_until_stopped().await?;
    Ok(())
}

/// Prints every problem as `file:line:column: message`; exit code 1 if any.
fn check(dir: &std::path::Path) -> ExitCode {
    let files = match definitions::read_dir(dir) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("svar: {err}");
            return ExitCode::from(2);
        }
    };
    let report = app::engine::check_files(&files);
    for diagnostic in &report.diagnostics {
        println!("{diagnostic}");
    }
    println!("{}: {}", dir.display(), definitions::summary(&report));
    if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn migrate(settings: Settings) -> anyhow::Result<()> {
    let store = store::connect(&settings).await?;
    tracing::info!(database = store.backend().as_str(), "migrations applied");
    Ok(())
}
