//! `/staff/authoring` (admins): the clinic's questionnaires and pathways
//! with their versions; new versions, new definitions, import.

use leptos::prelude::*;
use leptos_meta::Title;

use super::widgets::pick;
use crate::authoring::api::get_catalogue;
use crate::authoring::view::{version_path, DefinitionLine, VersionState};
use crate::authoring::DefinitionKind;
use crate::components::use_form_echo;
use crate::components::FormEcho;
use crate::components::{ErrorSummary, StaffFrame};
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};

#[component]
pub fn AuthoringHome() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::authoring::QUESTIONNAIRES_PATHWAYS_SVAR)/>
        <StaffFrame>
            <Home/>
        </StaffFrame>
    }
}

#[component]
fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_catalogue());
    let echo = use_form_echo();
    view! {
        <h1>{tr(i18n, t::authoring::QUESTIONNAIRES_PATHWAYS)}</h1>
        <p><a href="/staff/authoring/mail">{tr(i18n, t::authoring::INVITATION_REMINDER_TEXTS)}</a></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                let import_problems: Vec<crate::engine::Diagnostic> = echo.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
                let notice = echo.notice.clone();
                match data.await {
                    Err(err) => view! { <p role="alert">{err.to_string()}</p> }.into_any(),
                    Ok(c) => view! {
                        {notice.map(|(da, en)| view! { <p class="notice" role="status">{pick(da, en)}</p> })}
                        <ErrorSummary errors=echo.errors.clone()/>
                        {(!import_problems.is_empty()).then(|| view! {
                            <div class="error-summary" role="alert" id="import-problems">
                                <h2>{tr(i18n, t::authoring::FILE_WAS_NOT_IMPORTED)}</h2>
                                <ul>{import_problems.into_iter().map(|p| view! { <li><code>{move || crate::authoring::report::diagnostic_in(&p, i18n.locale())}</code></li> }).collect_view()}</ul>
                            </div>
                        })}
                        <h2>{tr(i18n, t::authoring::QUESTIONNAIRES)}</h2>
                        <Lines lines=c.questionnaires/>
                        <h2>{tr(i18n, t::authoring::PATHWAYS)}</h2>
                        <Lines lines=c.pathways/>
                        <NewDefinition kind=DefinitionKind::Questionnaire echo=echo.clone()/>
                        <NewDefinition kind=DefinitionKind::Pathway echo=echo.clone()/>
                        <h2 id="import">{tr(i18n, t::authoring::IMPORT_FILE)}</h2>
                        <p>{tr(i18n, t::authoring::QUESTIONNAIRE_PATHWAY_FILE_TOML_FORMAT)}</p>
                        <form method="post" action="/staff/authoring/import" enctype="multipart/form-data" class="stack-form">
                            <div class="field">
                                <label for="import-file">{tr(i18n, t::authoring::FILE)}</label>
                                <input type="file" id="import-file" name="file" accept=".toml,text/plain"/>
                            </div>
                            <div class="field">
                                <label for="import-source">{tr(i18n, t::authoring::PASTE_FILE_S_TEXT)}</label>
                                <textarea id="import-source" name="source" rows="6" class="mono">{crate::components::textarea_text(echo.value("source"))}</textarea>
                            </div>
                            <button type="submit" class="button">{tr(i18n, t::authoring::IMPORT)}</button>
                        </form>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Lines(lines: Vec<DefinitionLine>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = lines
        .into_iter()
        .map(|l| {
            let title = pick(l.title.da.clone(), l.title.en.clone());
            let versions = l
                .versions
                .iter()
                .map(|v| {
                    let state = v.state.label();
                    let href = version_path(l.kind, &l.id, v.version);
                    let in_use = v.version == l.in_use && v.state != VersionState::Draft;
                    view! {
                        <li>
                            <a href=href>{format!("v{}", v.version)}</a>" "
                            <span class="muted">{tr(i18n, state)}</span>
                            {in_use.then(|| view! { " " <strong class="badge">{tr(i18n, t::authoring::USE)}</strong> })}
                        </li>
                    }
                })
                .collect_view();
            let action = match l.draft {
                Some(d) => view! {
                    <a class="button" href=version_path(l.kind, &l.id, d)>{tr(i18n, t::authoring::CONTINUE_DRAFT)}{format!(" v{d}")}</a>
                }
                .into_any(),
                None => {
                    let about = l.id.clone();
                    view! {
                        <form method="post" action="/staff/authoring" class="inline-form">
                            <input type="hidden" name="_op" value="new_version"/>
                            <input type="hidden" name="kind" value=l.kind.as_str()/>
                            <input type="hidden" name="id" value=l.id.clone()/>
                            <button type="submit" class="button" aria-label=move || format!("{}: {about}", tr(i18n, t::authoring::NEW_VERSION)())>
                                {tr(i18n, t::authoring::NEW_VERSION)}
                            </button>
                        </form>
                    }
                    .into_any()
                }
            };
            view! {
                <tr>
                    <td><strong>{title}</strong><br/><code>{l.id.clone()}</code></td>
                    <td>{format!("v{}", l.in_use)}</td>
                    <td><ul class="plain">{versions}</ul></td>
                    <td>{action}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-box" tabindex="0"><table class="table">
            <thead><tr>
                <th scope="col">{tr(i18n, t::authoring::NAME)}</th>
                <th scope="col">{tr(i18n, t::authoring::USE_2)}</th>
                <th scope="col">{tr(i18n, t::authoring::VERSIONS)}</th>
                <th scope="col"><span class="visually-hidden">{tr(i18n, t::authoring::ACTION)}</span></th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

#[component]
fn NewDefinition(kind: DefinitionKind, echo: FormEcho) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("new-{}", kind.as_str());
    let mine = echo.value("_form") == form;
    let v = |name: &str| if mine { echo.value(name) } else { String::new() };
    let heading = match kind {
        DefinitionKind::Questionnaire => t::authoring::NEW_QUESTIONNAIRE,
        DefinitionKind::Pathway => t::authoring::NEW_PATHWAY,
    };
    let id = |f: &str| format!("{form}-{f}");
    view! {
        <h2 id=form.clone()>{tr(i18n, heading)}</h2>
        <form method="post" action="/staff/authoring" class="stack-form">
            <input type="hidden" name="_op" value="new"/>
            <input type="hidden" name="_form" value=form.clone()/>
            <input type="hidden" name="kind" value=kind.as_str()/>
            <div class="field">
                <label for=id("id")>{tr(i18n, t::authoring::ID_LOWER_CASE_LETTERS_DIGITS)}</label>
                <input type="text" id=id("id") name="id" value=v("id") class="mono"/>
            </div>
            <div class="field">
                <label for=id("title_da")>{tr(i18n, t::authoring::TITLE_DANISH)}</label>
                <input type="text" id=id("title_da") name="title_da" value=v("title_da")/>
            </div>
            <div class="field">
                <label for=id("title_en")>{tr(i18n, t::authoring::TITLE_ENGLISH)}</label>
                <input type="text" id=id("title_en") name="title_en" value=v("title_en")/>
            </div>
            <button type="submit" class="button">{tr(i18n, t::authoring::CREATE_DRAFT)}</button>
        </form>
    }
}
