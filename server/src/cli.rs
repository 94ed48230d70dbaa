//! `svar [--config FILE] <command>`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::startup::Application;
use crate::{definitions, store, telemetry};
use secrecy::ExposeSecret;

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
    /// Create a clinic.
    CreateClinic {
        /// Short address-safe id, e.g. `aarhus-ent`.
        #[arg(long)]
        slug: String,
        #[arg(long)]
        name: String,
    },
    /// Create a staff account in a clinic; prints a one-time password.
    CreateStaff {
        #[arg(long)]
        clinic: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin or clinician
        #[arg(long, default_value = "admin")]
        role: String,
    },
    /// Compress the client's files once, at the highest levels, beside
    /// them (`.br`, `.gz`); run after building the site.
    Precompress {
        /// The folder (default: the site's `pkg` folder).
        dir: Option<PathBuf>,
    },
    /// Write a consistent copy of the (running) SQLite database to a new
    /// file and check it. For PostgreSQL, says how to use its own tools.
    Backup {
        /// The new file, e.g. `/var/backups/svar/svar-2026-12-07.db`.
        dest: PathBuf,
    },
    /// Bring a backup back as the database `database_url` names (which
    /// must not exist: stop Svar and move the old one aside first).
    Restore {
        /// A file `svar backup` wrote.
        src: PathBuf,
    },
    /// Check questionnaire and pathway files, including their rule tests.
    Check {
        /// Folder of definitions (default: the `questionnaires_dir` setting).
        dir: Option<PathBuf>,
        /// The language of the messages: `da` or `en`.
        #[arg(long, default_value = "en", value_parser = ["da", "en"])]
        language: String,
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
        Command::CreateClinic { slug, name } => create_clinic(settings, &slug, &name).await,
        Command::CreateStaff { clinic, email, name, role } => create_staff(settings, &clinic, &email, &name, &role).await,
        Command::Backup { dest } => {
            crate::backup::backup(settings.database_url.expose_secret(), &dest).await.map(|done| println!("backed up to {done}"))
        }
        Command::Restore { src } => {
            crate::backup::restore(settings.database_url.expose_secret(), &src).await.map(|done| println!("restored {} as {done}", src.display()))
        }
        Command::Precompress { dir } => {
            let dir = dir.unwrap_or_else(|| settings.site_root.join(crate::http::assets::PKG_DIR));
            precompress(&dir)
        }
        Command::Check { dir, language } => {
            let locale = if language == "da" { app::engine::Locale::Da } else { app::engine::Locale::En };
            return check(dir.as_deref().unwrap_or(&settings.questionnaires_dir), locale);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("svar: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn precompress(dir: &std::path::Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let done = crate::http::assets::precompress(dir).with_context(|| format!("compressing {}", dir.display()))?;
    println!(
        "{}: {} files compressed ({} KB to {} KB with brotli), {} already up to date",
        dir.display(),
        done.written,
        done.bytes / 1024,
        done.brotli_bytes / 1024,
        done.current
    );
    Ok(())
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    let app = Application::build(settings).await?;
    app.run_until_stopped().await?;
    Ok(())
}

/// Prints every error as `file:line:column: message`, then every warning
/// as `file:line:column: warning: message`; exit code 1 if any error
/// (warnings alone do not fail).
fn check(dir: &std::path::Path, locale: app::engine::Locale) -> ExitCode {
    let files = match definitions::read_dir(dir) {
        Ok(files) => files,
        Err(err) => {
            eprintln!("svar: {err}");
            return ExitCode::from(2);
        }
    };
    let report = app::engine::check_files(&files);
    // The same words as the editor and the import, from the engine's one
    // catalogue.
    let say = |m: &str| app::authoring::report::message_in(m, locale);
    for d in &report.diagnostics {
        println!("{}:{}:{}: {}", d.file, d.line, d.column, say(&d.message));
    }
    let warning = if locale == app::engine::Locale::Da { "advarsel" } else { "warning" };
    for w in &report.warnings {
        println!("{}:{}:{}: {warning}: {}", w.file, w.line, w.column, say(&w.message));
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

/// `svar create-clinic`: a new clinic on this installation.
async fn create_clinic(settings: Settings, slug: &str, name: &str) -> anyhow::Result<()> {
    let store = store::connect(&settings).await?;
    let new = app::domain::NewClinic {
        slug: app::domain::ClinicSlug::parse(slug).map_err(|e| e.at("--slug"))?,
        name: app::domain::ClinicName::parse(name).map_err(|e| e.at("--name"))?,
    };
    let clinic = store.create_clinic(&new, app::ports::Clock::now(&app::ports::SystemClock)).await?;
    println!("created clinic {} ({})", clinic.slug.as_str(), clinic.name.as_str());
    Ok(())
}

/// `svar create-staff`: an account in a clinic, with a one-time password
/// printed here that its owner must replace at first sign-in.
async fn create_staff(settings: Settings, clinic: &str, email: &str, name: &str, role: &str) -> anyhow::Result<()> {
    use app::domain::ClinicSlug;
    use app::staff::{Role, StaffEmail};
    let role = Role::parse(role).ok_or_else(|| anyhow::anyhow!("--role: choose admin or clinician"))?;
    let email = StaffEmail::parse(email).map_err(|e| e.at("--email"))?;
    let name = app::domain::PersonName::parse(name).map_err(|e| e.at("--name"))?;
    let store = store::connect(&settings).await?;
    let clinic = store
        .clinic_by_slug(&ClinicSlug::parse(clinic).map_err(|e| e.at("--clinic"))?)
        .await?
        .ok_or_else(|| anyhow::anyhow!("--clinic: no clinic {clinic:?}"))?;
    let password = crate::seed::random_password()?;
    let new =
        app::staff::port::NewStaff { email, name, password_hash: app::auth::hash_password(password.clone()).await?, must_change_password: true };
    let staff = store.create_staff(&new, app::ports::Clock::now(&app::ports::SystemClock)).await?;
    store.set_membership(staff.id, clinic.id, role).await?;
    println!("created {} in {} as {}", staff.email.as_str(), clinic.slug.as_str(), role.as_str());
    println!("one-time password (to be changed at first sign-in): {password}");
    Ok(())
}
