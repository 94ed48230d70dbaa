//! The questionnaire's structure: its details, pages, items of every type
//! with their options, conditions and texts in both languages, and scores.
//! Every form posts one operation to the page (see `authoring::edit`).

use leptos::prelude::*;

use super::widgets::{value_of, Field, LangFields, OpButton, Problems, RevField, Warnings};
use crate::authoring::edit::options_text;
use crate::authoring::view::VersionView;
use crate::components::FormEcho;
use crate::engine::diagnostics::Site;
use crate::engine::model::{Item, ItemKind, Page, Score, ScoreKind};
use crate::engine::LangText;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, Locale, Text};

pub const ITEM_TYPES: [(&str, Text); 8] = [
    ("single_choice", t::authoring::ITEM_TYPE_SINGLE_CHOICE),
    ("multiple_choice", t::authoring::ITEM_TYPE_MULTIPLE_CHOICE),
    ("scale", t::authoring::ITEM_TYPE_SCALE),
    ("number", t::authoring::ITEM_TYPE_NUMBER),
    ("yes_no", t::authoring::ITEM_TYPE_YES_NO),
    ("date", t::authoring::ITEM_TYPE_DATE),
    ("text", t::authoring::ITEM_TYPE_TEXT),
    ("display", t::authoring::ITEM_TYPE_DISPLAY),
];

const EXPECTED_HINT: Text = t::authoring::EXPECTED_HINT;

const OPTIONS_HINT: Text = t::authoring::OPTIONS_HINT;

#[component]
pub fn QuestionnaireEditor(v: VersionView, echo: FormEcho) -> impl IntoView {
    let i18n = use_i18n();
    let Some(q) = v.questionnaire.clone() else { return ().into_any() };
    let editable = v.editable();
    let path = v.path();
    let placed = v.report.placed.clone();
    // Warnings (allowed, most likely a mistake) beside the element they
    // are about, as the rules page shows them beside each rule.
    let warned = v.report.placed_warnings.clone();
    let echo = Some(echo);
    let details = editable.then(|| {
        let form = "details".to_owned();
        view! {
            <form method="post" action=path.clone() class="stack-form">
                <input type="hidden" name="_op" value="details"/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <LangFields form=form.clone() prefix="title" label=t::authoring::TITLE_FIELD value=q.title.clone() echo=echo.clone().unwrap_or_default()/>
                <LangFields form=form.clone() prefix="description" label=t::authoring::DESCRIPTION_FIELD value=q.description.clone() echo=echo.clone().unwrap_or_default() rows=2/>
                <Field form=form.clone() name="contact_item" label=t::authoring::CONTACT_ITEM_FIELD
                    value=value_of(&echo, &form, "contact_item", q.contact_item.as_deref().unwrap_or_default()) mono=true/>
                <Problems errors=placed.iter().filter(|e| matches!(e.site, Site::Questionnaire { .. })).cloned().collect()/>
                <Warnings warnings=warned.iter().filter(|e| matches!(e.site, Site::Questionnaire { .. })).cloned().collect()/>
                <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_DETAILS)}</button>
            </form>
        }
    });
    let mut item_index = 0usize;
    let pages = q
        .pages
        .iter()
        .enumerate()
        .map(|(p, page)| {
            let first = item_index;
            item_index += page.items.len();
            view! { <PageBlock page=page.clone() p first editable path=path.clone() placed=placed.clone() warned=warned.clone() echo=echo.clone() pages=q.pages.len()/> }
        })
        .collect_view();
    let add_page = editable.then(|| {
        let form = "add-page".to_owned();
        view! {
            <form method="post" action=path.clone() class="stack-form add-form" id="add-page-form">
                <h3>{tr(i18n, t::authoring::ADD_PAGE)}</h3>
                <input type="hidden" name="_op" value="add_page"/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <Field form=form.clone() name="page_id" label=t::authoring::ID_FIELD value=value_of(&echo, &form, "page_id", "") mono=true/>
                <LangFields form=form.clone() prefix="title" label=t::authoring::PAGE_TITLE_FIELD value=LangText::default() echo=echo.clone().unwrap_or_default()/>
                <button type="submit" class="button">{tr(i18n, t::authoring::ADD_PAGE_2)}</button>
            </form>
        }
    });
    let scores = q
        .scores
        .iter()
        .enumerate()
        .map(|(i, s)| view! { <ScoreForm score=Some(s.clone()) index=i editable path=path.clone() placed=placed.clone() warned=warned.clone() echo=echo.clone()/> })
        .collect_view();
    view! {
        <section aria-labelledby="structure-h" id="structure" class="panel">
            <h2 id="structure-h">{tr(i18n, t::authoring::PAGES_ITEMS)}</h2>
            {details}
            {pages}
            {add_page}
        </section>
        <section aria-labelledby="scores-h" id="scores" class="panel">
            <h2 id="scores-h">{tr(i18n, t::authoring::SCORES)}</h2>
            {scores}
            {editable.then(|| view! { <ScoreForm score=None index=q.scores.len() editable path=path.clone() placed=placed.clone() warned=Vec::new() echo=echo.clone()/> })}
        </section>
    }
    .into_any()
}

#[component]
#[allow(clippy::too_many_arguments)]
fn PageBlock(
    page: Page,
    p: usize,
    /// Index (document order) of the page's first item.
    first: usize,
    editable: bool,
    path: String,
    placed: Vec<crate::engine::diagnostics::ModelError>,
    warned: Vec<crate::engine::diagnostics::ModelError>,
    echo: Option<FormEcho>,
    pages: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("page-{p}");
    let anchor = format!("page-{}", page.id);
    let page_form = editable.then(|| {
        view! {
            <details>
                <summary>{tr(i18n, t::authoring::EDIT_PAGE)}</summary>
                <form method="post" action=path.clone() class="stack-form">
                    <input type="hidden" name="_op" value="page"/>
                    <RevField/>
                    <input type="hidden" name="_form" value=form.clone()/>
                    <input type="hidden" name="_anchor" value=anchor.clone()/>
                    <input type="hidden" name="page" value=p.to_string()/>
                    <Field form=form.clone() name="page_id" label=t::authoring::ID_FIELD value=value_of(&echo, &form, "page_id", &page.id) mono=true/>
                    <LangFields form=form.clone() prefix="title" label=t::authoring::PAGE_TITLE_FIELD value=page.title.clone() echo=echo.clone().unwrap_or_default()/>
                    <Field form=form.clone() name="enable_when" label=t::authoring::PAGE_ENABLE_WHEN_FIELD
                        value=value_of(&echo, &form, "enable_when", page.enable_when.as_deref().unwrap_or_default()) mono=true/>
                    <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_PAGE)}</button>
                </form>
                <div class="actions">
                    {(p > 0).then(|| view! { <OpButton action=path.clone() op="move_page" fields=vec![("page", p.to_string()), ("direction", "up".into())] label=t::authoring::MOVE_UP about=page.id.clone()/> })}
                    {(p + 1 < pages).then(|| view! { <OpButton action=path.clone() op="move_page" fields=vec![("page", p.to_string()), ("direction", "down".into())] label=t::authoring::MOVE_DOWN about=page.id.clone()/> })}
                    <OpButton action=path.clone() op="remove_page" fields=vec![("page", p.to_string())] label=t::authoring::REMOVE_PAGE about=page.id.clone() danger=true/>
                </div>
            </details>
        }
    });
    let items = page
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let n = first + i;
            let at_item =
                |e: &&crate::engine::diagnostics::ModelError| matches!(e.site, Site::Item { item, .. } | Site::ItemOption { item, .. } if item == n);
            let errors: Vec<_> = placed.iter().filter(at_item).cloned().collect();
            let warnings: Vec<_> = warned.iter().filter(at_item).cloned().collect();
            view! { <ItemBlock item=item.clone() p i editable path=path.clone() errors warnings echo=echo.clone()/> }
        })
        .collect_view();
    let at_page = |e: &&crate::engine::diagnostics::ModelError| matches!(e.site, Site::Page { page, .. } if page == p);
    let page_errors: Vec<_> = placed.iter().filter(at_page).cloned().collect();
    let page_warnings: Vec<_> = warned.iter().filter(at_page).cloned().collect();
    let title = page.title.clone();
    view! {
        <div class="page-block" id=anchor.clone()>
            <h3>{move || t::authoring::PAGE_HEADING.fill(i18n.locale(), &[("n", &(p + 1)), ("title", &title.in_locale(i18n.locale()))])}
                " " <code class="muted">{page.id.clone()}</code></h3>
            {page.enable_when.clone().map(|w| view! { <p class="muted">{tr(i18n, t::authoring::SHOWN_WHEN)}<code>{w}</code></p> })}
            <Problems errors=page_errors/>
            <Warnings warnings=page_warnings/>
            {page_form}
            <ol class="items">{items}</ol>
            {editable.then(|| view! { <AddItem p path=path.clone() echo=echo.clone()/> })}
        </div>
    }
}

fn type_label(type_name: &str, locale: Locale) -> &'static str {
    ITEM_TYPES.iter().find(|(t, _)| *t == type_name).map(|(_, label)| label.get(locale)).unwrap_or("?")
}

#[component]
fn ItemBlock(
    item: Item,
    p: usize,
    i: usize,
    editable: bool,
    path: String,
    errors: Vec<crate::engine::diagnostics::ModelError>,
    warnings: Vec<crate::engine::diagnostics::ModelError>,
    echo: Option<FormEcho>,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("item-{p}-{i}");
    let anchor = format!("item-{}", item.id);
    let type_name = item.kind.type_name();
    let text = item.text.clone();
    let summary = {
        let id = item.id.clone();
        move || format!("{} — {} ({})", id, text.in_locale(i18n.locale()), type_label(type_name, i18n.locale()))
    };
    // Open when there is something to read about it.
    let has_errors = !errors.is_empty() || !warnings.is_empty();
    let v = |name: &str, saved: &str| value_of(&echo, &form, name, saved);
    let body = if editable {
        let kind_fields = match &item.kind {
            ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => view! {
                <Field form=form.clone() name="options" label=t::authoring::OPTIONS_FIELD value=v("options", &options_text(options)) rows=5 hint=OPTIONS_HINT mono=true/>
            }
            .into_any(),
            ItemKind::Scale { min, max, min_label, max_label } => view! {
                <Field form=form.clone() name="min" label=t::authoring::SCALE_FROM_FIELD value=v("min", &min.to_string())/>
                <Field form=form.clone() name="max" label=t::authoring::SCALE_TO_FIELD value=v("max", &max.to_string())/>
                <LangFields form=form.clone() prefix="min_label" label=t::authoring::MIN_LABEL_FIELD value=min_label.clone() echo=echo.clone().unwrap_or_default()/>
                <LangFields form=form.clone() prefix="max_label" label=t::authoring::MAX_LABEL_FIELD value=max_label.clone() echo=echo.clone().unwrap_or_default()/>
            }
            .into_any(),
            ItemKind::Number { unit, min, max, decimals, expected_min, expected_max } => view! {
                <Field form=form.clone() name="min" label=t::authoring::MINIMUM_FIELD value=v("min", &min.to_string())/>
                <Field form=form.clone() name="max" label=t::authoring::MAXIMUM_FIELD value=v("max", &max.to_string())/>
                <Field form=form.clone() name="decimals" label=t::authoring::DECIMALS_FIELD value=v("decimals", &decimals.to_string())/>
                <Field form=form.clone() name="expected_min" label=t::authoring::EXPECTED_MIN_FIELD
                    value=v("expected_min", &expected_min.map(|n| n.to_string()).unwrap_or_default()) hint=EXPECTED_HINT/>
                <Field form=form.clone() name="expected_max" label=t::authoring::EXPECTED_MAX_FIELD
                    value=v("expected_max", &expected_max.map(|n| n.to_string()).unwrap_or_default()) hint=EXPECTED_HINT/>
                <LangFields form=form.clone() prefix="unit" label=t::authoring::UNIT_FIELD value=unit.clone().unwrap_or_default() echo=echo.clone().unwrap_or_default()/>
            }
            .into_any(),
            ItemKind::Text { max_length } => view! {
                <Field form=form.clone() name="max_length" label=t::authoring::MAX_LENGTH_FIELD value=v("max_length", &max_length.to_string())/>
            }
            .into_any(),
            _ => ().into_any(),
        };
        let required = match &echo {
            Some(e) if e.value("_form") == form => e.value("required") == "on",
            _ => item.required,
        };
        let chosen_type = v("type", type_name);
        let type_options =
            ITEM_TYPES.iter().map(|(t, label)| view! { <option value=*t selected=*t == chosen_type>{tr(i18n, *label)}</option> }).collect_view();
        let type_id = format!("{form}-type");
        let required_id = format!("{form}-required");
        view! {
            <form method="post" action=path.clone() class="stack-form">
                <input type="hidden" name="_op" value="item"/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <input type="hidden" name="_anchor" value=anchor.clone()/>
                <input type="hidden" name="page" value=p.to_string()/>
                <input type="hidden" name="index" value=i.to_string()/>
                <Field form=form.clone() name="item_id" label=t::authoring::ITEM_ID_FIELD value=v("item_id", &item.id) mono=true/>
                <div class="field">
                    <label for=type_id.clone()>{tr(i18n, t::authoring::TYPE)}</label>
                    <select id=type_id name="type">{type_options}</select>
                </div>
                <LangFields form=form.clone() prefix="text" label=t::authoring::QUESTION_FIELD value=item.text.clone() echo=echo.clone().unwrap_or_default() rows=2/>
                <LangFields form=form.clone() prefix="help" label=t::authoring::HELP_FIELD value=item.help.clone().unwrap_or_default() echo=echo.clone().unwrap_or_default() rows=2/>
                <div class="field checkbox">
                    <input type="checkbox" id=required_id.clone() name="required" value="on" checked=required/>
                    <label for=required_id>{tr(i18n, t::authoring::REQUIRED)}</label>
                </div>
                <Field form=form.clone() name="enable_when" label=t::authoring::ENABLE_WHEN_FIELD
                    value=v("enable_when", item.enable_when.as_deref().unwrap_or_default()) mono=true/>
                {kind_fields}
                <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_ITEM)}</button>
            </form>
            <div class="actions">
                <OpButton action=path.clone() op="move_item" fields=vec![("page", p.to_string()), ("index", i.to_string()), ("direction", "up".into())] label=t::authoring::MOVE_UP about=item.id.clone() anchor=anchor.clone()/>
                <OpButton action=path.clone() op="move_item" fields=vec![("page", p.to_string()), ("index", i.to_string()), ("direction", "down".into())] label=t::authoring::MOVE_DOWN about=item.id.clone() anchor=anchor.clone()/>
                <OpButton action=path.clone() op="remove_item" fields=vec![("page", p.to_string()), ("index", i.to_string())] label=t::authoring::REMOVE about=item.id.clone() danger=true/>
            </div>
        }
        .into_any()
    } else {
        let options = item
            .kind
            .options()
            .iter()
            .map(|o| {
                let t = o.text.clone();
                let w = o.weight.map(|w| format!(" ({w})")).unwrap_or_default();
                view! { <li><code>{o.value.clone()}</code>" " {move || t.in_locale(i18n.locale()).to_owned()}{w}</li> }
            })
            .collect_view();
        view! {
            {item.enable_when.clone().map(|w| view! { <p class="muted">{tr(i18n, t::authoring::SHOWN_WHEN)}<code>{w}</code></p> })}
            <ul>{options}</ul>
        }
        .into_any()
    };
    view! {
        <li id=anchor.clone() class="item-block">
            <details open=has_errors>
                <summary id=format!("{anchor}-summary")>{summary}{item.required.then_some(" *")}</summary>
                <Problems errors=errors/>
                <Warnings warnings/>
                {body}
            </details>
        </li>
    }
}

#[component]
fn AddItem(p: usize, path: String, echo: Option<FormEcho>) -> impl IntoView {
    let i18n = use_i18n();
    let form = format!("add-item-{p}");
    let mine = matches!(&echo, Some(e) if e.value("_form") == form);
    let chosen = echo.as_ref().filter(|_| mine).map(|e| e.value("type")).unwrap_or_default();
    let type_options =
        ITEM_TYPES.iter().map(|(t, label)| view! { <option value=*t selected=*t == chosen>{tr(i18n, *label)}</option> }).collect_view();
    let type_id = format!("{form}-type");
    let required_id = format!("{form}-required");
    view! {
        <details class="add-form" open=mine>
            <summary>{tr(i18n, t::authoring::ADD_ITEM_PAGE)}</summary>
            <form method="post" action=path class="stack-form" id=format!("{form}-form")>
                <input type="hidden" name="_op" value="add_item"/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <input type="hidden" name="page" value=p.to_string()/>
                <Field form=form.clone() name="item_id" label=t::authoring::ITEM_ID_FIELD value=value_of(&echo, &form, "item_id", "") mono=true/>
                <div class="field">
                    <label for=type_id.clone()>{tr(i18n, t::authoring::TYPE)}</label>
                    <select id=type_id name="type">{type_options}</select>
                </div>
                <LangFields form=form.clone() prefix="text" label=t::authoring::QUESTION_FIELD value=LangText::default() echo=echo.clone().unwrap_or_default() rows=2/>
                <div class="field checkbox">
                    <input type="checkbox" id=required_id.clone() name="required" value="on" checked=mine && value_of(&echo, &form, "required", "") == "on"/>
                    <label for=required_id>{tr(i18n, t::authoring::REQUIRED)}</label>
                </div>
                <Field form=form.clone() name="enable_when" label=t::authoring::ENABLE_WHEN_FIELD value=value_of(&echo, &form, "enable_when", "") mono=true/>
                <Field form=form.clone() name="options" label=t::authoring::CHOICE_OPTIONS_FIELD value=value_of(&echo, &form, "options", "") rows=4 hint=OPTIONS_HINT mono=true/>
                <button type="submit" class="button">{tr(i18n, t::authoring::ADD_ITEM)}</button>
            </form>
        </details>
    }
}

#[component]
fn ScoreForm(
    score: Option<Score>,
    index: usize,
    editable: bool,
    path: String,
    placed: Vec<crate::engine::diagnostics::ModelError>,
    warned: Vec<crate::engine::diagnostics::ModelError>,
    echo: Option<FormEcho>,
) -> impl IntoView {
    let i18n = use_i18n();
    let adding = score.is_none();
    let s = score.unwrap_or(Score {
        id: String::new(),
        text: LangText::default(),
        kind: ScoreKind::Sum,
        items: vec![],
        min_answered: None,
        expr: None,
        bands: Vec::new(),
    });
    let at_score = |e: &&crate::engine::diagnostics::ModelError| !adding && matches!(e.site, Site::Score { score, .. } if score == index);
    let errors: Vec<_> = placed.iter().filter(at_score).cloned().collect();
    let warnings: Vec<_> = warned.iter().filter(at_score).cloned().collect();
    let form = if adding { "add-score".to_owned() } else { format!("score-{index}") };
    let items = s.items.iter().map(|i| i.id.clone()).collect::<Vec<_>>().join(", ");
    let reversed = s.items.iter().filter(|i| i.reverse).map(|i| i.id.clone()).collect::<Vec<_>>().join(", ");
    let kind = s.kind.as_str();
    if !editable {
        let text = s.text.clone();
        return view! {
            <div class="score-block">
                <h3>{move || text.in_locale(i18n.locale()).to_owned()}" "<code class="muted">{s.id.clone()}</code></h3>
                <p>{format!("{kind}: {items}")}{s.expr.clone().map(|e| format!(" = {e}"))}</p>
                <Warnings warnings/>
            </div>
        }
        .into_any();
    }
    let v = |name: &str, saved: &str| value_of(&echo, &form, name, saved);
    let kind_id = format!("{form}-kind");
    let chosen = v("kind", kind);
    let kinds = [("sum", t::authoring::SCORE_KIND_SUM), ("mean", t::authoring::SCORE_KIND_MEAN), ("expr", t::authoring::SCORE_KIND_EXPR)]
        .into_iter()
        .map(|(k, label)| view! { <option value=k selected=k == chosen>{tr(i18n, label)}</option> })
        .collect_view();
    view! {
        <div class="score-block" id=format!("score-{}", s.id)>
            {if adding {
                view! { <h3>{tr(i18n, t::authoring::ADD_SCORE)}</h3> }.into_any()
            } else {
                view! { <h3><code>{s.id.clone()}</code></h3> }.into_any()
            }}
            <Problems errors=errors/>
            <Warnings warnings/>
            <form method="post" action=path.clone() class="stack-form">
                <input type="hidden" name="_op" value=if adding { "add_score" } else { "score" }/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <input type="hidden" name="index" value=index.to_string()/>
                <Field form=form.clone() name="score_id" label=t::authoring::SCORE_ID_FIELD value=v("score_id", &s.id) mono=true/>
                <LangFields form=form.clone() prefix="text" label=t::authoring::NAME value=s.text.clone() echo=echo.clone().unwrap_or_default()/>
                <div class="field">
                    <label for=kind_id.clone()>{tr(i18n, t::authoring::COMPUTED)}</label>
                    <select id=kind_id name="kind">{kinds}</select>
                </div>
                <Field form=form.clone() name="items" label=t::authoring::SCORE_ITEMS_FIELD value=v("items", &items) mono=true/>
                <Field form=form.clone() name="reversed" label=t::authoring::SCORE_REVERSED_FIELD value=v("reversed", &reversed) mono=true/>
                <Field form=form.clone() name="min_answered" label=t::authoring::MIN_ANSWERED_FIELD value=v("min_answered", &s.min_answered.map(|m| m.to_string()).unwrap_or_default())/>
                <Field form=form.clone() name="expr" label=t::authoring::EXPR_FIELD value=v("expr", s.expr.as_deref().unwrap_or_default()) mono=true/>
                <button type="submit" class="button">{if adding { tr(i18n, t::authoring::ADD_SCORE_2) } else { tr(i18n, t::authoring::SAVE_SCORE) }}</button>
            </form>
            {(!adding).then(|| view! { <OpButton action=path.clone() op="remove_score" fields=vec![("index", index.to_string())] label=t::authoring::REMOVE_SCORE about=s.id.clone() danger=true/> })}
        </div>
    }
    .into_any()
}
