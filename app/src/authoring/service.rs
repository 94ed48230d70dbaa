//! The plain functions behind authoring: the catalogue, drafts and their
//! edits, checks, dry-run, publishing, import and export, mail texts.
//! Admins only; every change is audited, and so is the dry-run (it lists
//! patients).

use crate::domain::{ClinicId, InvitationId, PatientId, RespondentId};
use crate::i18n::t;
use time::Date;
use uuid::Uuid;

use super::dry_run::{dry_run, DryRun};
use super::edit::{add_test, apply_pathway, apply_questionnaire, Fields};
use super::report::{draft_file_name, pathway_report, questionnaire_report, DraftReport, Neighbours, PathwayNeighbours};
use super::view::{Catalogue, DefinitionLine, MailTextView, VersionLine, VersionState, VersionView, ViewOptions};
use crate::auth::port::StaffSession;
use crate::auth::{audit, audit_entry, require, try_audit, AccessError, RequestMeta};
use crate::authoring::mail_template::check as check_mail_text;
use crate::authoring::{DefinitionKind, DefinitionVersion, MailKind, MailText, NewDraft, VersionStatus};
use crate::definitions::{parse_source, SHIPPED_PATHWAY_VERSION};
use crate::domain::form_error::{filled, FieldError};
use crate::domain::AuditOutcome;
use crate::domain::NewAuditEntry;
use crate::engine::diff::{pathway_diff, questionnaire_diff};
use crate::engine::load::{load, Document};
use crate::engine::write::{pathway_toml, questionnaire_toml};
use crate::engine::{Compiled, LangText, Pathway, Questionnaire, SourceFile};
use crate::i18n::Locale;
use crate::ports::StoreError;
use crate::staff::Role;
use crate::state::AppState;

/// The most patients whose responses a dry-run reads.
pub const DRY_RUN_PATIENTS: i64 = 5000;
/// The longest definition source accepted (the shipped files are ~15 KB).
pub const MAX_SOURCE_BYTES: usize = 200_000;

#[derive(Debug, thiserror::Error)]
pub enum AuthoringError {
    #[error(transparent)]
    Access(#[from] AccessError),
    #[error("not found")]
    NotFound,
    /// Only drafts change.
    #[error("this version is published and cannot change")]
    Frozen,
    /// The form's values, refused; nothing was saved.
    #[error("the form has problems")]
    Invalid(Vec<FieldError>),
    /// Publishing refused: errors or failing rule tests.
    #[error("the draft has errors or failing rule tests")]
    NotPublishable(DraftReport),
    /// The form was made from an older state of the draft (another tab, a
    /// colleague): applied, it could change the wrong element.
    #[error("the draft changed since the form was shown")]
    Stale,
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for AuthoringError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AuthoringError::NotFound,
            other => AuthoringError::Store(other),
        }
    }
}

impl From<AuthoringError> for crate::error::ApiError {
    fn from(err: AuthoringError) -> Self {
        use crate::error::ApiError;
        match err {
            AuthoringError::Access(a) => a.into(),
            AuthoringError::NotFound => ApiError::NotFound,
            AuthoringError::Store(s) => s.into(),
            AuthoringError::Frozen | AuthoringError::Invalid(_) | AuthoringError::NotPublishable(_) | AuthoringError::Stale => ApiError::Forbidden,
        }
    }
}

fn invalid(field: &'static str, text: crate::i18n::Text) -> AuthoringError {
    AuthoringError::Invalid(vec![FieldError::text(field, text)])
}

async fn admin(state: &AppState, meta: &RequestMeta, action: &'static str) -> Result<StaffSession, AuthoringError> {
    Ok(require(state, meta, Role::Admin, action).await?)
}

/// The questionnaire ids the clinic can use (shipped and its own published).
async fn known_questionnaires(state: &AppState, clinic: ClinicId) -> Result<Vec<(String, LangText)>, StoreError> {
    Ok(state
        .definitions
        .questionnaires(state.store.as_ref(), clinic)
        .await?
        .iter()
        .map(|c| (c.questionnaire().id.clone(), c.questionnaire().title.clone()))
        .collect())
}

fn shipped_version(state: &AppState, kind: DefinitionKind, id: &str) -> Option<u32> {
    match kind {
        DefinitionKind::Questionnaire => state.definitions.shipped_questionnaire(id).map(|c| c.questionnaire().version),
        DefinitionKind::Pathway => state.definitions.shipped_pathway(id).map(|_| SHIPPED_PATHWAY_VERSION),
    }
}

fn shipped_source(state: &AppState, kind: DefinitionKind, id: &str) -> Option<String> {
    match kind {
        DefinitionKind::Questionnaire => state.definitions.shipped_questionnaire(id).map(|c| questionnaire_toml(c.questionnaire())),
        DefinitionKind::Pathway => state.definitions.shipped_pathway(id).map(|p| pathway_toml(&p)),
    }
}

fn line(v: &DefinitionVersion) -> VersionLine {
    match v.status {
        VersionStatus::Draft => {
            VersionLine { version: v.version, state: VersionState::Draft, by: Some(v.created_by_name.clone()), at: Some(v.updated_at) }
        }
        VersionStatus::Published => {
            VersionLine { version: v.version, state: VersionState::Published, by: v.published_by_name.clone(), at: v.published_at }
        }
    }
}

/// Every questionnaire and pathway of the clinic with its versions.
pub async fn catalogue(state: &AppState, meta: &RequestMeta) -> Result<Catalogue, AuthoringError> {
    let session = admin(state, meta, "authoring.view").await?;
    let clinic = session.clinic.id;
    let store = state.store.as_ref();
    let mut out = Catalogue::default();
    for kind in [DefinitionKind::Questionnaire, DefinitionKind::Pathway] {
        let stored = store.definition_versions(clinic, kind, None).await?;
        let mut ids: Vec<String> = match kind {
            DefinitionKind::Questionnaire => state.definitions.shipped().questionnaires.iter().map(|c| c.questionnaire().id.clone()).collect(),
            DefinitionKind::Pathway => state.definitions.shipped().pathways.iter().map(|p| p.id.clone()).collect(),
        };
        for v in &stored {
            if !ids.contains(&v.definition_id) {
                ids.push(v.definition_id.clone());
            }
        }
        for id in ids {
            let mine: Vec<&DefinitionVersion> = stored.iter().filter(|v| v.definition_id == id).collect();
            let mut versions: Vec<VersionLine> = mine.iter().map(|v| line(v)).collect();
            if let Some(s) = shipped_version(state, kind, &id) {
                versions.push(VersionLine { version: s, state: VersionState::Shipped, by: None, at: None });
            }
            versions.sort_by(|a, b| b.version.cmp(&a.version));
            let (in_use, title) = match kind {
                DefinitionKind::Questionnaire => match state.definitions.questionnaire(store, clinic, &id, None).await? {
                    Some(c) => (c.questionnaire().version, c.questionnaire().title.clone()),
                    None => (0, draft_title(mine.first().copied())),
                },
                DefinitionKind::Pathway => match state.definitions.pathway(store, clinic, &id).await? {
                    Some((v, p)) => (v, p.title.clone()),
                    None => (0, draft_title(mine.first().copied())),
                },
            };
            let draft = mine.iter().find(|v| v.status == VersionStatus::Draft).map(|v| v.version);
            let entry = DefinitionLine { kind, id, title, in_use, draft, versions };
            match kind {
                DefinitionKind::Questionnaire => out.questionnaires.push(entry),
                DefinitionKind::Pathway => out.pathways.push(entry),
            }
        }
    }
    Ok(out)
}

/// The title in a never-published draft's source, for the list.
fn draft_title(v: Option<&DefinitionVersion>) -> LangText {
    let read = v.and_then(|v| parse_source(&v.definition_id, &v.source));
    match read {
        Some(Document::Questionnaire(q)) => q.title,
        Some(Document::Pathway(p)) => p.title,
        None => LangText::from(t::authoring::UNTITLED),
    }
}

/// The source of a version as the clinic has it: its own (draft or
/// published), or the shipped file.
async fn version_source(
    state: &AppState,
    clinic: ClinicId,
    kind: DefinitionKind,
    id: &str,
    version: u32,
) -> Result<(VersionState, String, Option<String>), AuthoringError> {
    if let Some(v) = state.store.definition_version(clinic, kind, id, version).await? {
        let (state, rev) = match v.status {
            VersionStatus::Draft => (VersionState::Draft, Some(revision(&v))),
            VersionStatus::Published => (VersionState::Published, None),
        };
        return Ok((state, v.source, rev));
    }
    match (shipped_version(state, kind, id), shipped_source(state, kind, id)) {
        (Some(s), Some(source)) if s == version => Ok((VersionState::Shipped, source, None)),
        _ => Err(AuthoringError::NotFound),
    }
}

/// The next version number: above every version the clinic has and the
/// shipped one, so a number never means two things.
async fn next_version(state: &AppState, clinic: ClinicId, kind: DefinitionKind, id: &str) -> Result<u32, StoreError> {
    let own = state.store.definition_versions(clinic, kind, Some(id)).await?.iter().map(|v| v.version).max();
    Ok(own.max(shipped_version(state, kind, id)).unwrap_or(0) + 1)
}

/// Starts a draft from the version in use. Returns its number; a draft
/// that already exists is returned instead of a second one.
pub async fn start_version(state: &AppState, meta: &RequestMeta, kind: DefinitionKind, id: &str) -> Result<u32, AuthoringError> {
    let session = admin(state, meta, "authoring.draft").await?;
    let clinic = session.clinic.id;
    let store = state.store.as_ref();
    if let Some(existing) = store.definition_versions(clinic, kind, Some(id)).await?.iter().find(|v| v.status == VersionStatus::Draft) {
        return Ok(existing.version);
    }
    let (in_use, source) = match kind {
        DefinitionKind::Questionnaire => {
            let c = state.definitions.questionnaire(store, clinic, id, None).await?.ok_or(AuthoringError::NotFound)?;
            (c.questionnaire().version, c.questionnaire().clone())
        }
        DefinitionKind::Pathway => {
            let (v, p) = state.definitions.pathway(store, clinic, id).await?.ok_or(AuthoringError::NotFound)?;
            // Pathway files carry no version number; only the row's moves.
            let version = next_version(state, clinic, kind, id).await?;
            return create_draft(state, &session, kind, id, version, Some(v), &pathway_toml(&p), meta).await;
        }
    };
    let mut q = source;
    let version = next_version(state, clinic, kind, id).await?;
    q.version = version;
    create_draft(state, &session, kind, id, version, Some(in_use), &questionnaire_toml(&q), meta).await
}

#[allow(clippy::too_many_arguments)]
async fn create_draft(
    state: &AppState,
    session: &StaffSession,
    kind: DefinitionKind,
    id: &str,
    version: u32,
    based_on: Option<u32>,
    source: &str,
    meta: &RequestMeta,
) -> Result<u32, AuthoringError> {
    let draft = NewDraft {
        clinic_id: session.clinic.id,
        kind,
        definition_id: id,
        version,
        based_on,
        source,
        staff_id: session.staff.id,
        now: state.clock.now(),
    };
    let entry = audit_entry(session, "authoring.draft", None, AuditOutcome::Ok, &meta.client, &format!("{} {id} v{version}", kind.as_str()));
    match state.store.create_draft(&draft, &entry).await {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            // A colleague started one at the same moment: continue theirs.
            let versions = state.store.definition_versions(session.clinic.id, kind, Some(id)).await?;
            if let Some(existing) = versions.iter().find(|v| v.status == VersionStatus::Draft) {
                return Ok(existing.version);
            }
            return Err(invalid("id", t::authoring::VERSION_NUMBER_EXISTS_ALREADY));
        }
        Err(err) => return Err(err.into()),
    }
    Ok(version)
}

/// A new questionnaire or pathway of the clinic's own, as a draft.
pub async fn create_new(
    state: &AppState,
    meta: &RequestMeta,
    kind: DefinitionKind,
    fields: &[(String, String)],
) -> Result<(String, u32), AuthoringError> {
    let session = admin(state, meta, "authoring.draft").await?;
    let f = Fields(fields);
    let id = f.get("id").to_owned();
    let title = LangText::new(f.get("title_da"), f.get("title_en"));
    let mut errors = Vec::new();
    if !crate::engine::compile::is_valid_id(&id) || id.len() > 64 {
        errors.push(FieldError::text("id", t::authoring::ID_MUST_START_LETTER_HAVE));
    }
    for (field, text) in [("title_da", &title.da), ("title_en", &title.en)] {
        if text.is_empty() || text.chars().count() > 200 {
            errors.push(FieldError::text(field, t::authoring::WRITE_TITLE_MOST_200_CHARACTERS));
        }
    }
    if errors.is_empty() {
        let taken =
            shipped_version(state, kind, &id).is_some() || !state.store.definition_versions(session.clinic.id, kind, Some(&id)).await?.is_empty();
        if taken {
            errors.push(FieldError::text("id", t::authoring::ID_EXISTS_ALREADY_MAKE_NEW));
        }
    }
    if !errors.is_empty() {
        return Err(AuthoringError::Invalid(errors));
    }
    let clinic_name = session.clinic.name.as_str();
    let source = match kind {
        DefinitionKind::Questionnaire => questionnaire_toml(&starter_questionnaire(&id, title, clinic_name)),
        DefinitionKind::Pathway => pathway_toml(&starter_pathway(&id, title, clinic_name, state)),
    };
    let version = match kind {
        DefinitionKind::Questionnaire => 1,
        DefinitionKind::Pathway => SHIPPED_PATHWAY_VERSION + 1,
    };
    create_draft(state, &session, kind, &id, version, None, &source, meta).await?;
    Ok((id, version))
}

/// What a questionnaire draft is checked against besides itself: the
/// clinic's questionnaires in use (their rules may read its items) and the
/// pathways that ask it, each with the questionnaire of its baseline and
/// its other questionnaires. A pathway whose baseline questionnaire is not
/// in use is left out rather than said to have no baseline.
async fn neighbours(state: &AppState, clinic: ClinicId, id: &str) -> Result<Neighbours, StoreError> {
    let store = state.store.as_ref();
    let others = state.definitions.questionnaires(store, clinic).await?;
    let in_use = |qid: &str| others.iter().find(|c| c.questionnaire().id == qid).cloned();
    let pathways = state
        .definitions
        .pathways(store, clinic)
        .await?
        .iter()
        .filter(|(_, p)| p.timepoints.iter().any(|t| t.questionnaire == id))
        .filter_map(|(_, p)| {
            let baseline = match p.timepoints.iter().find(|t| t.baseline) {
                Some(t) => Some(in_use(&t.questionnaire)?),
                None => None,
            };
            let questionnaires = p.timepoints.iter().filter_map(|t| in_use(&t.questionnaire)).collect();
            Some(PathwayNeighbours { id: p.id.clone(), baseline, questionnaires })
        })
        .collect();
    Ok(Neighbours { others: Some(others), pathways })
}

/// Checks a version's source.
async fn report_of(
    state: &AppState,
    clinic: ClinicId,
    kind: DefinitionKind,
    id: &str,
    version: u32,
    source: &str,
) -> Result<(Option<Questionnaire>, Option<Pathway>, DraftReport), StoreError> {
    let file = draft_file_name(id, version, kind == DefinitionKind::Pathway);
    Ok(match kind {
        DefinitionKind::Questionnaire => {
            let (q, report) = questionnaire_report(&file, source, id, version, &neighbours(state, clinic, id).await?);
            (q, None, report)
        }
        DefinitionKind::Pathway => {
            let known: Vec<String> = known_questionnaires(state, clinic).await?.into_iter().map(|(id, _)| id).collect();
            let (p, report) = pathway_report(&file, source, id, &known);
            (None, p, report)
        }
    })
}

/// One version with its checks, and what the page asked for besides.
pub async fn version_view(
    state: &AppState,
    meta: &RequestMeta,
    kind: DefinitionKind,
    id: &str,
    version: u32,
    options: ViewOptions,
) -> Result<VersionView, AuthoringError> {
    let session = admin(state, meta, "authoring.view").await?;
    let clinic = session.clinic.id;
    let store = state.store.as_ref();
    let (vstate, source, revision) = version_source(state, clinic, kind, id, version).await?;
    let (questionnaire, pathway, report) = report_of(state, clinic, kind, id, version, &source).await?;
    let mut versions: Vec<u32> = store.definition_versions(clinic, kind, Some(id)).await?.iter().map(|v| v.version).collect();
    versions.extend(shipped_version(state, kind, id));
    versions.sort_unstable();
    versions.dedup();
    let in_use = match kind {
        DefinitionKind::Questionnaire => state.definitions.questionnaire(store, clinic, id, None).await?.map_or(0, |c| c.questionnaire().version),
        DefinitionKind::Pathway => state.definitions.pathway(store, clinic, id).await?.map_or(0, |(v, _)| v),
    };
    let compare = match options.compare.filter(|c| *c != version && versions.contains(c)) {
        Some(other) => {
            let (_, other_source, _) = version_source(state, clinic, kind, id, other).await?;
            let changes = match (parse_source(id, &other_source), &questionnaire, &pathway) {
                (Some(Document::Questionnaire(old)), Some(new), _) => Some(questionnaire_diff(&old, new)),
                (Some(Document::Pathway(old)), _, Some(new)) => Some(pathway_diff(&old, new)),
                _ => None,
            };
            changes.map(|c| (other, c))
        }
        None => None,
    };
    let dry_run = match (&questionnaire, options.dry_run && vstate != VersionState::Shipped) {
        (Some(q), true) => run_dry(state, &session, meta, q).await?,
        _ => None,
    };
    // The example starts today on the clinic's calendar unless a date was asked for.
    let example_index = match (&pathway, options.index_date) {
        (Some(_), None) => {
            let zone = crate::schedule::zone::zone(&store.clinic_time_zone(clinic).await?);
            Some(crate::schedule::zone::local_date(state.clock.now(), zone))
        }
        (_, date) => date,
    };
    let timeline = pathway.as_ref().filter(|p| p.check().is_empty()).zip(example_index).map(|(p, date)| (date, p.expand(date)));
    let active_enrolments = match kind {
        DefinitionKind::Pathway => store.active_enrolments_in(clinic, id).await?,
        DefinitionKind::Questionnaire => 0,
    };
    let questionnaire_choices = match kind {
        DefinitionKind::Pathway => known_questionnaires(state, clinic).await?,
        DefinitionKind::Questionnaire => Vec::new(),
    };
    Ok(VersionView {
        kind,
        id: id.to_owned(),
        version,
        state: vstate,
        in_use,
        file_name: draft_file_name(id, version, kind == DefinitionKind::Pathway),
        source,
        questionnaire,
        pathway,
        report,
        versions,
        compare,
        dry_run,
        timeline,
        questionnaire_choices,
        active_enrolments,
        options,
        revision,
    })
}

/// A draft's revision: every editor form carries it, so a form made from
/// an older state is refused instead of changing the wrong element.
pub fn revision(v: &DefinitionVersion) -> String {
    v.revision.to_string()
}

/// Saves a draft's new source over the revision it was made from; a save
/// that happened in between (a request racing this one) makes it stale.
async fn save(state: &AppState, clinic: ClinicId, draft: &DefinitionVersion, source: &str, audit: &NewAuditEntry) -> Result<(), AuthoringError> {
    match state.store.save_draft_source(clinic, draft.id, source, draft.revision, state.clock.now(), audit).await {
        Err(StoreError::Conflict { .. }) => Err(AuthoringError::Stale),
        other => Ok(other?),
    }
}

/// Refuses a form from an older state of the draft. Forms without a
/// revision (API clients) are taken as they are.
fn fresh(draft: &DefinitionVersion, rev: Option<&str>) -> Result<(), AuthoringError> {
    match rev.filter(|r| !r.is_empty()) {
        Some(r) if r != revision(draft) => Err(AuthoringError::Stale),
        _ => Ok(()),
    }
}

/// The draft's rules beside the version in use, over the clinic's past
/// responses. Audited: the list names patients.
async fn run_dry(state: &AppState, session: &StaffSession, meta: &RequestMeta, q: &Questionnaire) -> Result<Option<DryRun>, AuthoringError> {
    let Ok(draft) = Compiled::new(q.clone()) else { return Ok(None) };
    let clinic = session.clinic.id;
    let Some(current) = state.definitions.questionnaire(state.store.as_ref(), clinic, &q.id, None).await? else {
        return Ok(None);
    };
    let records = state.store.dry_run_records(clinic, &q.id, DRY_RUN_PATIENTS).await?;
    let responses: Vec<_> = records.iter().map(|r| r.response.clone()).collect();
    let definitions = crate::responses::history::PastDefinitions::load(state, clinic, &responses).await?;
    let mut run = dry_run(&records, &definitions, &current, &draft);
    // Listed on the clinic's clock, the calendar its rules count days in.
    if let Some(zone) = definitions.zone {
        for c in &mut run.changed {
            c.submitted_at = crate::schedule::zone::on_clock(c.submitted_at, zone);
        }
    }
    try_audit(
        state,
        session,
        "authoring.dry_run",
        None,
        AuditOutcome::Ok,
        &meta.client,
        &format!("{} v{}: {} responses", q.id, q.version, run.responses),
    )
    .await?;
    // The listed patients' own access logs show the read too.
    let mut listed: Vec<PatientId> = run.changed.iter().map(|c| c.patient_id).collect();
    listed.sort_unstable();
    listed.dedup();
    for patient in listed {
        try_audit(state, session, "authoring.dry_run", Some(patient), AuditOutcome::Ok, &meta.client, &format!("{} v{}", q.id, q.version)).await?;
    }
    Ok(Some(run))
}

async fn draft_of(state: &AppState, clinic: ClinicId, kind: DefinitionKind, id: &str, version: u32) -> Result<DefinitionVersion, AuthoringError> {
    let v = state.store.definition_version(clinic, kind, id, version).await?.ok_or(AuthoringError::NotFound)?;
    if v.status != VersionStatus::Draft {
        return Err(AuthoringError::Frozen);
    }
    Ok(v)
}

/// Applies one editor form to a draft and saves it.
pub async fn edit(
    state: &AppState,
    meta: &RequestMeta,
    kind: DefinitionKind,
    id: &str,
    version: u32,
    fields: &[(String, String)],
) -> Result<(), AuthoringError> {
    let session = admin(state, meta, "authoring.edit").await?;
    let draft = draft_of(state, session.clinic.id, kind, id, version).await?;
    let f = Fields(fields);
    fresh(&draft, Some(f.get("_rev")))?;
    let op = f.get("_op");
    let not_readable = || invalid("source", t::authoring::SOURCE_DOES_NOT_READ_FIX);
    let source = match (kind, parse_source(id, &draft.source)) {
        (DefinitionKind::Questionnaire, Some(Document::Questionnaire(mut q))) => {
            if op == "add_test" {
                let answers = crate::engine::form::answers_from_form(&q, fields);
                add_test(&mut q, &f, answers).map_err(AuthoringError::Invalid)?;
            } else if op == "helper_rule" {
                helper_rule(&mut q, &f)?;
            } else {
                apply_questionnaire(&mut q, op, &f).map_err(AuthoringError::Invalid)?;
            }
            questionnaire_toml(&q)
        }
        (DefinitionKind::Pathway, Some(Document::Pathway(mut p))) => {
            apply_pathway(&mut p, op, &f).map_err(AuthoringError::Invalid)?;
            pathway_toml(&p)
        }
        _ => return Err(not_readable()),
    };
    if source.len() > MAX_SOURCE_BYTES {
        return Err(invalid("_op", t::authoring::DRAFT_WOULD_TOO_LARGE));
    }
    let detail = format!("{} {id} v{version}: {op}", kind.as_str());
    let entry = audit_entry(&session, "authoring.edit", None, AuditOutcome::Ok, &meta.client, &detail);
    save(state, session.clinic.id, &draft, &source, &entry).await?;
    Ok(())
}

/// A rule from the structured helper.
fn helper_rule(q: &mut Questionnaire, f: &Fields<'_>) -> Result<(), AuthoringError> {
    use crate::engine::rule_helper::{expression, Op, Template};
    let op = Op::parse(f.get("op")).ok_or_else(|| invalid("op", t::authoring::CHOOSE_COMPARISON))?;
    let value = f.get("value").to_owned();
    let target = f.get("target").to_owned();
    let template = match f.get("template") {
        "item" => Template::ItemCompare { item: target, op, value },
        "score" => Template::ScoreThreshold { score: target.trim_start_matches("score.").to_owned(), op, value },
        "baseline" => Template::ChangeSinceBaseline { target, op, value },
        "previous" => Template::ChangeSincePrevious { target, op, value },
        _ => return Err(invalid("template", t::authoring::CHOOSE_KIND_RULE)),
    };
    let when = expression(&template, q).map_err(|e| AuthoringError::Invalid(vec![FieldError::new("value", e.to_string(), e.to_string())]))?;
    let fields: Vec<(String, String)> = f.0.iter().filter(|(k, _)| k != "when").cloned().chain(std::iter::once(("when".to_owned(), when))).collect();
    apply_questionnaire(q, "add_rule", &Fields(&fields)).map_err(AuthoringError::Invalid)
}

/// Replaces a draft's whole source (the expert's way, and how a broken
/// import is mended). Saved even when it has errors: nothing typed is lost.
pub async fn save_source(
    state: &AppState,
    meta: &RequestMeta,
    kind: DefinitionKind,
    id: &str,
    version: u32,
    source: &str,
    rev: Option<&str>,
) -> Result<(), AuthoringError> {
    let session = admin(state, meta, "authoring.edit").await?;
    let draft = draft_of(state, session.clinic.id, kind, id, version).await?;
    fresh(&draft, rev)?;
    if source.len() > MAX_SOURCE_BYTES {
        return Err(invalid("source", t::authoring::SOURCE_TOO_LONG));
    }
    let entry = audit_entry(&session, "authoring.edit", None, AuditOutcome::Ok, &meta.client, &format!("{} {id} v{version}: source", kind.as_str()));
    save(state, session.clinic.id, &draft, source, &entry).await?;
    Ok(())
}

/// Freezes a draft if it has no errors and every rule test passes; for a
/// pathway, optionally re-plans the pending invitations of its enrolments.
pub async fn publish(
    state: &AppState,
    meta: &RequestMeta,
    kind: DefinitionKind,
    id: &str,
    version: u32,
    replan: bool,
    rev: Option<&str>,
) -> Result<u64, AuthoringError> {
    let session = admin(state, meta, "authoring.publish").await?;
    let clinic = session.clinic.id;
    let draft = draft_of(state, clinic, kind, id, version).await?;
    fresh(&draft, rev)?;
    // A number the shipped files took meanwhile (a Svar upgrade) would mean
    // two versions: the draft must be started again above it.
    if shipped_version(state, kind, id).is_some_and(|s| s >= version) {
        return Err(invalid("_op", t::authoring::SVAR_NOW_SHIPS_VERSION_NUMBER));
    }
    let (_, _, report) = report_of(state, clinic, kind, id, version, &draft.source).await?;
    if !report.publishable() {
        audit(
            state,
            &session,
            "authoring.publish",
            None,
            AuditOutcome::Refused,
            &meta.client,
            &format!("{} {id} v{version}: not publishable", kind.as_str()),
        )
        .await;
        return Err(AuthoringError::NotPublishable(report));
    }
    // The store adds how many enrolments were planned again.
    let entry = audit_entry(&session, "authoring.publish", None, AuditOutcome::Ok, &meta.client, &format!("{} {id} v{version}", kind.as_str()));
    let replanned = match state.store.publish(clinic, draft.id, session.staff.id, state.clock.now(), &draft.source, replan, &entry).await {
        Err(StoreError::Conflict { .. }) => return Err(AuthoringError::Stale),
        other => other?,
    };
    Ok(replanned)
}

pub async fn discard(
    state: &AppState,
    meta: &RequestMeta,
    kind: DefinitionKind,
    id: &str,
    version: u32,
    rev: Option<&str>,
) -> Result<(), AuthoringError> {
    let session = admin(state, meta, "authoring.discard").await?;
    let draft = draft_of(state, session.clinic.id, kind, id, version).await?;
    fresh(&draft, rev)?;
    let entry = audit_entry(&session, "authoring.discard", None, AuditOutcome::Ok, &meta.client, &format!("{} {id} v{version}", kind.as_str()));
    state.store.discard_draft(session.clinic.id, draft.id, &entry, state.clock.now()).await?;
    Ok(())
}

/// A version's source as a file: (file name, TOML).
pub async fn export(state: &AppState, meta: &RequestMeta, kind: DefinitionKind, id: &str, version: u32) -> Result<(String, String), AuthoringError> {
    let session = admin(state, meta, "authoring.export").await?;
    let (_, source, _) = version_source(state, session.clinic.id, kind, id, version).await?;
    Ok((draft_file_name(id, version, kind == DefinitionKind::Pathway), source))
}

/// What an import did, or why it was refused.
#[derive(Debug)]
pub enum Imported {
    /// Stored as a draft: (kind, id, version).
    Draft(DefinitionKind, String, u32),
    /// Nothing stored: the file's errors, each with line and column.
    Refused(Vec<crate::engine::Diagnostic>),
}

/// Imports a definition file shared by another clinic: it goes through the
/// same checks as `svar check` and becomes a draft (a new version when the
/// id exists), to be reviewed, tested and published here.
pub async fn import(state: &AppState, meta: &RequestMeta, file_name: &str, source: &str) -> Result<Imported, AuthoringError> {
    let session = admin(state, meta, "authoring.import").await?;
    let clinic = session.clinic.id;
    if source.trim().is_empty() {
        return Err(invalid("file", t::authoring::CHOOSE_FILE_PASTE_TEXT));
    }
    if source.len() > MAX_SOURCE_BYTES {
        return Err(invalid("file", t::authoring::FILE_TOO_LARGE));
    }
    let name = if file_name.is_empty() { "import.toml" } else { file_name };
    let loaded = load(&SourceFile::new(name, source));
    let (kind, id) = match &loaded.document {
        Some(Document::Questionnaire(q)) => (DefinitionKind::Questionnaire, q.id.clone()),
        Some(Document::Pathway(p)) => (DefinitionKind::Pathway, p.id.clone()),
        // Refused with every mistake of the file, as the editor and
        // `svar check` show them, not only those that stopped the reading.
        None => {
            let all = match loaded.recovered.as_ref().map(|r| &r.document) {
                Some(Document::Questionnaire(q)) => questionnaire_report(name, source, &q.id, q.version, &Neighbours::default()).1.diagnostics,
                Some(Document::Pathway(p)) => {
                    let known: Vec<String> = known_questionnaires(state, clinic).await?.into_iter().map(|(id, _)| id).collect();
                    pathway_report(name, source, &p.id, &known).1.diagnostics
                }
                None => loaded.diagnostics,
            };
            return Ok(Imported::Refused(all));
        }
    };
    let version = next_version(state, clinic, kind, &id).await?;
    // The file's own version number gives way to this clinic's next one.
    let source = match loaded.document {
        Some(Document::Questionnaire(mut q)) => {
            q.version = version;
            let (_, report) = questionnaire_report(name, source, &id, q.version, &Neighbours::default());
            let hard: Vec<_> = report.diagnostics.into_iter().filter(|d| !d.message.contains("the version must be")).collect();
            if !hard.is_empty() {
                return Ok(Imported::Refused(hard));
            }
            questionnaire_toml(&q)
        }
        Some(Document::Pathway(p)) => {
            let known: Vec<String> = known_questionnaires(state, clinic).await?.into_iter().map(|(id, _)| id).collect();
            let (_, report) = pathway_report(name, source, &id, &known);
            if !report.diagnostics.is_empty() {
                return Ok(Imported::Refused(report.diagnostics));
            }
            pathway_toml(&p)
        }
        None => return Ok(Imported::Refused(loaded.diagnostics)),
    };
    if state.store.definition_versions(clinic, kind, Some(&id)).await?.iter().any(|v| v.status == VersionStatus::Draft) {
        return Err(invalid("file", t::authoring::THERE_DRAFT_ALREADY_PUBLISH_DISCARD));
    }
    let based_on = state.definitions.questionnaire(state.store.as_ref(), clinic, &id, None).await?.map(|c| c.questionnaire().version);
    create_draft(state, &session, kind, &id, version, based_on.filter(|_| kind == DefinitionKind::Questionnaire), &source, meta).await?;
    Ok(Imported::Draft(kind, id, version))
}

/// Example values for the mail preview.
fn preview_mail(kind: MailKind, language: Locale, clinic: &str, own: Option<&MailText>) -> (String, String) {
    use crate::schedule::port::{DueJob, JobKind, Recipient};
    let closes = Date::from_calendar_date(2026, time::Month::December, 15).unwrap_or(Date::MIN);
    let job = DueJob {
        job_id: Uuid::nil(),
        kind: if kind == MailKind::Reminder { JobKind::Remind } else { JobKind::Invite },
        invitation_id: InvitationId::nil(),
        clinic_id: ClinicId::nil(),
        questionnaire_version: None,
        clinic_name: clinic.to_owned(),
        sms_sender: crate::schedule::sms::DEFAULT_SENDER.to_owned(),
        // Only the first names show in a mail.
        patient_name: "Ida Eksempel".to_owned(),
        questionnaire_id: String::new(),
        closes_on: closes,
        recipients: Vec::new(),
        instead_of: None,
    };
    let to = Recipient::by_email(RespondentId::nil(), "Karen Eksempel".into(), "karen@example.org".into(), language);
    let title = LangText::from(t::authoring::EXAMPLE_QUESTIONNAIRE);
    let mail = crate::schedule::mail::render(&job, &to, &title, "https://svar.example/p/…", own);
    (mail.subject, mail.text)
}

pub async fn mail_texts(state: &AppState, meta: &RequestMeta) -> Result<Vec<MailTextView>, AuthoringError> {
    let session = admin(state, meta, "authoring.mail.view").await?;
    let own = state.store.mail_texts(session.clinic.id).await?;
    let clinic = session.clinic.name.as_str().to_owned();
    let mut out = Vec::new();
    for kind in MailKind::ALL {
        for language in Locale::ALL {
            let mine = own.iter().find(|t| t.kind == kind && t.language == language).cloned();
            let (preview_subject, preview_body) = preview_mail(kind, language, &clinic, mine.as_ref());
            out.push(MailTextView { kind, language, own: mine, preview_subject, preview_body });
        }
    }
    Ok(out)
}

/// Saves a clinic's own text after checking its placeholders.
pub async fn set_mail_text(state: &AppState, meta: &RequestMeta, text: MailText) -> Result<(), AuthoringError> {
    let session = admin(state, meta, "authoring.mail").await?;
    let errors = check_mail_text(&text.subject, &text.body);
    if !errors.is_empty() {
        return Err(AuthoringError::Invalid(
            errors.into_iter().map(|e| FieldError { field: e.field.into(), message: e.problem.message() }).collect(),
        ));
    }
    let entry =
        audit_entry(&session, "authoring.mail", None, AuditOutcome::Ok, &meta.client, &format!("{} {}", text.kind.as_str(), text.language.as_str()));
    state.store.set_mail_text(session.clinic.id, &text, session.staff.id, state.clock.now(), &entry).await?;
    Ok(())
}

pub async fn reset_mail_text(state: &AppState, meta: &RequestMeta, kind: MailKind, language: Locale) -> Result<(), AuthoringError> {
    let session = admin(state, meta, "authoring.mail").await?;
    let entry =
        audit_entry(&session, "authoring.mail", None, AuditOutcome::Ok, &meta.client, &format!("{} {} reset", kind.as_str(), language.as_str()));
    state.store.reset_mail_text(session.clinic.id, kind, language, &entry, state.clock.now()).await?;
    Ok(())
}

/// Where a new questionnaire starts: one page with one question, so the
/// preview shows something and the admin edits rather than builds from
/// nothing.
fn starter_questionnaire(id: &str, title: LangText, clinic: &str) -> Questionnaire {
    use crate::engine::model::{Item, ItemKind, Page, Respondent};
    Questionnaire {
        id: id.to_owned(),
        version: 1,
        description: title.clone(),
        title,
        respondent: Respondent::Patient,
        source: filled(t::authoring::STARTER_SOURCE, &[("clinic", &clinic)]),
        contact_item: None,
        pages: vec![Page {
            id: "start".into(),
            title: LangText::from(t::authoring::STARTER_PAGE_TITLE),
            enable_when: None,
            items: vec![Item {
                id: "wellbeing".into(),
                text: LangText::from(t::authoring::STARTER_QUESTION),
                help: None,
                required: true,
                enable_when: None,
                kind: ItemKind::Scale {
                    min: 0,
                    max: 10,
                    min_label: LangText::from(t::authoring::STARTER_MIN_LABEL),
                    max_label: LangText::from(t::authoring::STARTER_MAX_LABEL),
                },
            }],
        }],
        scores: Vec::new(),
        rules: Vec::new(),
        tests: Vec::new(),
    }
}

/// Where a new pathway starts: one time point a month after the index
/// event, with the first questionnaire the clinic has.
fn starter_pathway(id: &str, title: LangText, clinic: &str, state: &AppState) -> Pathway {
    use crate::engine::pathway::{Duration, TimePoint};
    let first = state.definitions.shipped().questionnaires.first().map(|c| c.questionnaire().id.clone()).unwrap_or_default();
    Pathway {
        id: id.to_owned(),
        title,
        index_event: LangText::from(t::authoring::STARTER_INDEX_EVENT),
        source: filled(t::authoring::STARTER_SOURCE, &[("clinic", &clinic)]),
        timepoints: vec![TimePoint {
            id: "one_month".into(),
            questionnaire: first,
            offset: "+1m".parse().unwrap_or(Duration::days(30)),
            window_days: 14,
            reminder_days: vec![3, 7],
            repeat: None,
            baseline: false,
            missed_after_days: None,
        }],
    }
}
