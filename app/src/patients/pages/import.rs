use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use super::new_patient::pathway_options;
use crate::components::fields::SelectField;
use crate::components::use_form_echo;
use crate::components::StaffFrame;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n};
use crate::patients::api::pathways;

/// What the import page shows after a preview: one line per row.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreviewView {
    pub rows: Vec<PreviewLine>,
    /// Problems with the file as a whole (da, en).
    pub file_problems: Vec<(String, String)>,
    pub importable: bool,
    /// Set after a successful import: how many were enrolled.
    pub imported: Option<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLine {
    pub line: usize,
    pub name: String,
    /// (field, da, en)
    pub problems: Vec<(String, String, String)>,
}

/// `/staff/import`: enrol many patients from a CSV file. A preview lists
/// every row and its problems before anything is saved; the import itself
/// is all or nothing.
#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=tr(i18n, t::patients::IMPORT_CSV_SVAR)/>
        <StaffFrame>
            <ImportForm/>
        </StaffFrame>
    }
}

#[component]
fn ImportForm() -> impl IntoView {
    let i18n = use_i18n();
    let echo = use_form_echo();
    let choices = Resource::new(|| (), |_| pathways());
    view! {
        <h1>{tr(i18n, t::patients::IMPORT_PATIENTS_FROM_CSV)}</h1>
        <p>{tr(i18n, t::patients::COLUMNS_NAME_DATE_BIRTH_NATIONAL)}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let echo = echo.await.unwrap_or_default();
                let choices = choices.await.unwrap_or_default();
                let preview: Option<ImportPreviewView> =
                    echo.payload.as_deref().and_then(|p| serde_json::from_str(p).ok());
                let csv = echo.value("csv");
                let pathway = echo.value("pathway");
                let preview_view = preview.clone().map(|p| preview_table(i18n, p));
                let can_import = preview.as_ref().is_some_and(|p| p.importable && p.imported.is_none());
                view! {
                    {preview_view}
                    <form method="post" action="/staff/import" enctype="multipart/form-data" class="stack-form">
                        <SelectField name="pathway" label=t::patients::PATHWAY options=pathway_options(choices) echo=echo.clone()/>
                        <div class="field">
                            <label for="csv">{tr(i18n, t::patients::CSV_CONTENT_PASTE_FROM_SPREADSHEET)}</label>
                            <textarea id="csv" name="csv" rows="10" spellcheck="false">{crate::components::textarea_text(csv)}</textarea>
                        </div>
                        <div class="field">
                            <label for="csv-file">{tr(i18n, t::patients::OR_CHOOSE_CSV_FILE)}</label>
                            <input type="file" id="csv-file" name="file" accept=".csv,.txt,text/csv,text/plain"/>
                        </div>
                        <button type="submit" name="action" value="preview" class="button button-secondary">
                            {tr(i18n, t::patients::PREVIEW)}
                        </button>
                        {can_import.then(|| view! {
                            <button type="submit" name="action" value="import" class="button">
                                {tr(i18n, t::patients::IMPORT_ALL)}
                            </button>
                        })}
                        {(!pathway.is_empty()).then(|| ())}
                    </form>
                }
            })}
        </Suspense>
    }
}

fn preview_table(i18n: crate::i18n::I18n, preview: ImportPreviewView) -> impl IntoView {
    let locale = i18n.locale();
    let pick = move |da: &str, en: &str| if locale == crate::i18n::Locale::Da { da.to_owned() } else { en.to_owned() };
    let problems_total: usize = preview.rows.iter().map(|r| r.problems.len()).sum::<usize>() + preview.file_problems.len();
    let summary = match preview.imported {
        Some(n) => t::patients::IMPORT_ENROLLED.fill(locale, &[("n", &n)]),
        None if preview.importable => t::patients::IMPORT_READY.fill(locale, &[("rows", &preview.rows.len())]),
        None => t::patients::IMPORT_PROBLEMS.fill(locale, &[("problems", &problems_total)]),
    };
    let file_problems = preview.file_problems.iter().map(|(da, en)| view! { <li>{pick(da, en)}</li> }).collect_view();
    let rows = preview
        .rows
        .iter()
        .map(|row| {
            let problems =
                row.problems.iter().map(|(field, da, en)| view! { <li><code>{field.clone()}</code>": " {pick(da, en)}</li> }).collect_view();
            let ok = row.problems.is_empty();
            view! {
                <tr class:row-problem=!ok>
                    <td>{row.line}</td>
                    <td>{row.name.clone()}</td>
                    <td>{if ok { view! { <span>"✓"</span> }.into_any() } else { view! { <ul>{problems}</ul> }.into_any() }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="import-preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading">{tr(i18n, t::patients::IMPORT_PREVIEW_HEADING)}</h2>
            <p role="status" class="notice">{summary}</p>
            <ul class="file-problems">{file_problems}</ul>
            <div class="table-box" tabindex="0"><table class="table" id="import-preview">
                <thead><tr>
                    <th scope="col">{tr(i18n, t::patients::IMPORT_LINE)}</th>
                    <th scope="col">{tr(i18n, t::patients::NAME)}</th>
                    <th scope="col">{tr(i18n, t::patients::IMPORT_PROBLEMS_COLUMN)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </section>
    }
}
