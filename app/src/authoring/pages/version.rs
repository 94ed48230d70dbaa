//! `/staff/authoring/:kind/:id/:version`: one version. A draft is edited
//! here (every form posts to this address); a published or shipped version
//! is shown read-only. Checks, rule tests, the dry-run, the diff, the
//! source and publishing are on the same page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::pathway_editor::PathwayEditor;
use super::preview::Preview;
use super::questionnaire_editor::QuestionnaireEditor;
use super::rules::{DryRunSection, RulesSection, TestsSection};
use super::widgets::{pick, RevField};
use crate::authoring::api::get_version;
use crate::authoring::report::diagnostic_in;
use crate::authoring::view::{VersionState, VersionView, ViewOptions};
use crate::authoring::DefinitionKind;
use crate::components::use_form_echo;
use crate::components::FormEcho;
use crate::components::{ErrorSummary, StaffFrame};
use crate::engine::diff::ChangeKind;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, Locale};

#[component]
pub fn VersionPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::authoring::VERSION_SVAR)/>
        <StaffFrame>
            <VersionPageBody/>
        </StaffFrame>
    }
}

/// The page's address and query, read from the router.
pub fn use_version_request() -> impl Fn() -> (String, String, u32, ViewOptions) + Copy + Send + Sync + 'static {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let p = params.read();
        let q = query.read();
        let options = ViewOptions {
            preview: q.get("lang").and_then(|l| Locale::parse(&l)),
            dry_run: q.get("dry_run").is_some(),
            compare: q.get("compare").and_then(|c| c.parse().ok()),
            index_date: q.get("index_date").and_then(|d| time::Date::parse(&d, time::macros::format_description!("[year]-[month]-[day]")).ok()),
        };
        (
            p.get("kind").unwrap_or_default(),
            p.get("id").unwrap_or_default(),
            p.get("version").and_then(|v| v.parse().ok()).unwrap_or_default(),
            options,
        )
    }
}

#[component]
fn VersionPageBody() -> impl IntoView {
    let i18n = use_i18n();
    let request = use_version_request();
    let data = Resource::new(request, |(kind, id, v, options)| get_version(kind, id, v, options));
    let echo = use_form_echo();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                match data.await {
                    Ok(v) => view! { <VersionBody v echo/> }.into_any(),
                    Err(err) => view! {
                        <h1>{tr(i18n, t::authoring::NO_SUCH_VERSION_2)}</h1>
                        <p role="alert">{err.to_string()}</p>
                        <p><a href="/staff/authoring">{tr(i18n, t::authoring::QUESTIONNAIRES_PATHWAYS_3)}</a></p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn VersionBody(v: VersionView, echo: FormEcho) -> impl IntoView {
    let i18n = use_i18n();
    let title = v
        .questionnaire
        .as_ref()
        .map(|q| q.title.clone())
        .or_else(|| v.pathway.as_ref().map(|p| p.title.clone()))
        .unwrap_or_else(|| crate::engine::LangText::new(v.id.clone(), v.id.clone()));
    let state = v.state.label();
    provide_context(super::widgets::Revision(v.revision.clone()));
    let notice = echo.notice.clone();
    let path = v.path();
    view! {
        <p><a href="/staff/authoring">{tr(i18n, t::authoring::QUESTIONNAIRES_PATHWAYS_2)}</a></p>
        <h1>{pick(title.da.clone(), title.en.clone())}" "<span class="muted">{format!("v{}", v.version)}</span></h1>
        <p class="version-state">
            <strong>{tr(i18n, state)}</strong>
            {format!(" · {} · ", v.id)}
            {tr(i18n, t::authoring::USE_3)}{format!("v{}", v.in_use)}
        </p>
        {notice.map(|(da, en)| view! { <p class="notice" role="status">{pick(da, en)}</p> })}
        <ErrorSummary errors=echo.errors.clone()/>
        <Status v=v.clone()/>
        <Compare v=v.clone()/>
        {match v.kind {
            DefinitionKind::Questionnaire => view! {
                <Preview v=v.clone()/>
                <QuestionnaireEditor v=v.clone() echo=echo.clone()/>
                <RulesSection v=v.clone() echo=echo.clone()/>
                <TestsSection v=v.clone()/>
                <DryRunSection v=v.clone()/>
            }
            .into_any(),
            DefinitionKind::Pathway => view! { <PathwayEditor v=v.clone() echo=echo.clone()/> }.into_any(),
        }}
        <Source v=v.clone() path=path echo=echo.clone()/>
    }
}

/// Errors, test results, publishing and the version's other actions.
#[component]
fn Status(v: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    let path = v.path();
    let failing = v.report.tests.iter().filter(|t| !t.passed).count();
    let errors = v.report.diagnostics.clone();
    let publishable = v.report.publishable();
    let summary = {
        let (n_err, n_tests) = (errors.len(), v.report.tests.len());
        move || t::authoring::CHECK_SUMMARY.fill(i18n.locale(), &[("errors", &n_err), ("tests", &n_tests), ("failing", &failing)])
    };
    let error_list = (!errors.is_empty()).then(|| {
        let items = errors.into_iter().map(|d| view! { <li><code>{move || diagnostic_in(&d, i18n.locale())}</code></li> }).collect_view();
        view! { <ul class="diagnostics" id="diagnostics">{items}</ul> }
    });
    // Warnings do not block publishing; they are listed apart from errors.
    let warnings = v.report.warnings.clone();
    let warning_list = (!warnings.is_empty()).then(|| {
        let items = warnings.into_iter().map(|d| view! { <li><code>{move || diagnostic_in(&d, i18n.locale())}</code></li> }).collect_view();
        view! {
            <h3 id="warnings-h">{tr(i18n, t::authoring::WARNINGS_DO_NOT_PREVENT_PUBLISHING)}</h3>
            <ul class="diagnostics warnings" id="warnings" aria-labelledby="warnings-h">{items}</ul>
        }
    });
    let publish = match (v.state, publishable) {
        (VersionState::Draft, true) => {
            let replan = (v.kind == DefinitionKind::Pathway).then(|| {
                let n = v.active_enrolments;
                view! {
                    <div class="field checkbox">
                        <input type="checkbox" id="publish-replan" name="replan" value="on" checked=true/>
                        <label for="publish-replan">{move || t::authoring::REPLAN_ENROLMENTS.fill(i18n.locale(), &[("n", &n)])}</label>
                    </div>
                }
            });
            view! {
                <form method="post" action=path.clone() class="stack-form" id="publish">
                    <input type="hidden" name="_op" value="publish"/>
                    <RevField/>
                    {replan}
                    <p class="hint">{tr(i18n, t::authoring::PUBLISHED_VERSION_CANNOT_CHANGE_NEW)}</p>
                    <button type="submit" class="button">{tr(i18n, t::authoring::PUBLISH)}{format!(" v{}", v.version)}</button>
                </form>
            }
            .into_any()
        }
        (VersionState::Draft, false) => view! {
            <p class="notice" id="publish">{tr(i18n, t::authoring::CANNOT_PUBLISHED_UNTIL_EVERY_ERROR)}</p>
        }
        .into_any(),
        _ => view! {
            <form method="post" action="/staff/authoring" class="inline-form">
                <input type="hidden" name="_op" value="new_version"/>
                <RevField/>
                <input type="hidden" name="kind" value=v.kind.as_str()/>
                <input type="hidden" name="id" value=v.id.clone()/>
                <button type="submit" class="button">{tr(i18n, t::authoring::NEW_VERSION_FROM_ONE_USE)}</button>
            </form>
        }
        .into_any(),
    };
    let discard = (v.state == VersionState::Draft).then(|| {
        view! {
            <form method="post" action=path.clone() class="inline-form">
                <input type="hidden" name="_op" value="discard"/>
                <RevField/>
                <button type="submit" class="link-button danger">{tr(i18n, t::authoring::DISCARD_DRAFT)}</button>
            </form>
        }
    });
    view! {
        <section aria-labelledby="status-h" class="panel">
            <h2 id="status-h">{tr(i18n, t::authoring::CHECKS)}</h2>
            <p id="check-summary" class:ok=publishable>{summary}</p>
            {error_list}
            {warning_list}
            {publish}
            <div class="actions">
                <a href=format!("{path}/export") download=v.file_name.clone()>{tr(i18n, t::authoring::EXPORT_FILE)}{format!(" ({})", v.file_name)}</a>
                " " {discard}
            </div>
        </section>
    }
}

/// The diff with another version.
#[component]
fn Compare(v: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    let others: Vec<u32> = v.versions.iter().copied().filter(|o| *o != v.version).collect();
    if others.is_empty() {
        return ().into_any();
    }
    let chosen = v.compare.as_ref().map(|(o, _)| *o);
    let options = others.iter().map(|o| view! { <option value=o.to_string() selected=chosen == Some(*o)>{format!("v{o}")}</option> }).collect_view();
    let result = v.compare.clone().map(|(other, changes)| {
        let heading = move || t::authoring::CHANGES_FROM.fill(i18n.locale(), &[("version", &other)]);
        let items = if changes.is_empty() {
            view! { <li>{tr(i18n, t::authoring::NO_CHANGES)}</li> }.into_any()
        } else {
            changes
                .into_iter()
                .map(|c| {
                    let kind = match c.kind {
                        ChangeKind::Added => t::authoring::CHANGE_ADDED,
                        ChangeKind::Removed => t::authoring::CHANGE_REMOVED,
                        ChangeKind::Changed => t::authoring::CHANGE_CHANGED,
                        ChangeKind::Moved => t::authoring::CHANGE_MOVED,
                    };
                    let element = format!("{:?}", c.element).to_lowercase();
                    let details = c.details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view();
                    view! {
                        <li class=format!("change change-{}", format!("{:?}", c.kind).to_lowercase())>
                            <strong>{tr(i18n, kind)}</strong>
                            {format!(" {element} ")}<code>{c.id}</code>
                            <ul>{details}</ul>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        view! { <h3>{heading}</h3><ul class="diff" id="diff">{items}</ul> }
    });
    view! {
        <section aria-labelledby="compare-h" class="panel">
            <h2 id="compare-h">{tr(i18n, t::authoring::COMPARE_VERSIONS)}</h2>
            <form method="get" action=v.path() class="inline-form">
                <label for="compare">{tr(i18n, t::authoring::COMPARE)}</label>" "
                <select id="compare" name="compare">{options}</select>" "
                <button type="submit" class="button">{tr(i18n, t::authoring::SHOW_CHANGES)}</button>
            </form>
            {result}
        </section>
    }
    .into_any()
}

/// The TOML source: editable for a draft (the expert's way, and how a
/// broken import is mended), read-only otherwise.
#[component]
fn Source(v: VersionView, path: String, echo: FormEcho) -> impl IntoView {
    let i18n = use_i18n();
    let typed = super::widgets::value_of(&Some(echo), "source", "source", &v.source);
    let body = if v.editable() {
        view! {
            <form method="post" action=path class="stack-form">
                <input type="hidden" name="_op" value="source"/>
                <RevField/>
                <input type="hidden" name="_anchor" value="source"/>
                <input type="hidden" name="_form" value="source"/>
                <div class="field">
                    <label for="source-text">{tr(i18n, t::authoring::SOURCE_TOML_FORMAT_FILES_QUESTIONNAIRES)}</label>
                    <textarea id="source-text" name="source" rows="24" class="mono" spellcheck="false">{crate::components::textarea_text(typed)}</textarea>
                </div>
                <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_SOURCE)}</button>
            </form>
        }
        .into_any()
    } else {
        view! { <pre class="source mono">{v.source.clone()}</pre> }.into_any()
    };
    view! {
        <section aria-labelledby="source-h" id="source" class="panel">
            <details open=v.questionnaire.is_none() && v.pathway.is_none()>
                <summary><h2 id="source-h" class="inline">{tr(i18n, t::authoring::SOURCE)}</h2></summary>
                {body}
            </details>
        </section>
    }
}
