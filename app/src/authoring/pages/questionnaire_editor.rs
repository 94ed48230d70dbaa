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
use crate::i18n::{tr, use_i18n, Locale};

pub const ITEM_TYPES: [(&str, &str, &str); 8] = [
    ("single_choice", "Ét valg", "Single choice"),
    ("multiple_choice", "Flere valg", "Multiple choice"),
    ("scale", "Skala", "Scale"),
    ("number", "Tal", "Number"),
    ("yes_no", "Ja/nej", "Yes/no"),
    ("date", "Dato", "Date"),
    ("text", "Fritekst", "Free text"),
    ("display", "Kun tekst", "Display text"),
];

const EXPECTED_HINT: (&str, &str) = (
    "Et tal uden for det forventede, men inden for mindst og højst, skal den, der svarer, bekræfte: »Du har skrevet 182 kg. Er det rigtigt?«",
    "A number outside the expected range, but within the minimum and maximum, must be confirmed by the respondent: \"You entered 182 kg. Is that right?\"",
);

const OPTIONS_HINT: (&str, &str) = (
    "Én svarmulighed pr. linje: værdi | dansk tekst | engelsk tekst | point (point kan udelades).",
    "One option per line: value | Danish text | English text | points (points may be left out).",
);

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
                <LangFields form=form.clone() prefix="title" da="Titel" en="Title" value=q.title.clone() echo=echo.clone().unwrap_or_default()/>
                <LangFields form=form.clone() prefix="description" da="Beskrivelse" en="Description" value=q.description.clone() echo=echo.clone().unwrap_or_default() rows=2/>
                <Field form=form.clone() name="contact_item" da="Kontakt-spørgsmål (et ja/nej-spørgsmål; ja giver altid en kontaktanmodning)" en="Contact item (a yes/no item; yes always raises a contact request)"
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
                <Field form=form.clone() name="page_id" da="Id" en="Id" value=value_of(&echo, &form, "page_id", "") mono=true/>
                <LangFields form=form.clone() prefix="title" da="Sidens titel" en="Page title" value=LangText::default() echo=echo.clone().unwrap_or_default()/>
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
                    <Field form=form.clone() name="page_id" da="Id" en="Id" value=value_of(&echo, &form, "page_id", &page.id) mono=true/>
                    <LangFields form=form.clone() prefix="title" da="Sidens titel" en="Page title" value=page.title.clone() echo=echo.clone().unwrap_or_default()/>
                    <Field form=form.clone() name="enable_when" da="Vis kun siden når (regelsprog; tom: altid)" en="Show the page only when (rule language; empty: always)"
                        value=value_of(&echo, &form, "enable_when", page.enable_when.as_deref().unwrap_or_default()) mono=true/>
                    <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_PAGE)}</button>
                </form>
                <div class="actions">
                    {(p > 0).then(|| view! { <OpButton action=path.clone() op="move_page" fields=vec![("page", p.to_string()), ("direction", "up".into())] da="Flyt op" en="Move up" about=page.id.clone()/> })}
                    {(p + 1 < pages).then(|| view! { <OpButton action=path.clone() op="move_page" fields=vec![("page", p.to_string()), ("direction", "down".into())] da="Flyt ned" en="Move down" about=page.id.clone()/> })}
                    <OpButton action=path.clone() op="remove_page" fields=vec![("page", p.to_string())] da="Fjern siden" en="Remove the page" about=page.id.clone() danger=true/>
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
            <h3>{move || format!("{} {}: {}", if i18n.locale() == Locale::Da { "Side" } else { "Page" }, p + 1, title.in_locale(i18n.locale()))}
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
    ITEM_TYPES.iter().find(|(t, _, _)| *t == type_name).map(|(_, da, en)| if locale == Locale::Da { *da } else { *en }).unwrap_or("?")
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
                <Field form=form.clone() name="options" da="Svarmuligheder" en="Options" value=v("options", &options_text(options)) rows=5 hint=OPTIONS_HINT mono=true/>
            }
            .into_any(),
            ItemKind::Scale { min, max, min_label, max_label } => view! {
                <Field form=form.clone() name="min" da="Fra" en="From" value=v("min", &min.to_string())/>
                <Field form=form.clone() name="max" da="Til" en="To" value=v("max", &max.to_string())/>
                <LangFields form=form.clone() prefix="min_label" da="Tekst ved laveste værdi" en="Label of the lowest value" value=min_label.clone() echo=echo.clone().unwrap_or_default()/>
                <LangFields form=form.clone() prefix="max_label" da="Tekst ved højeste værdi" en="Label of the highest value" value=max_label.clone() echo=echo.clone().unwrap_or_default()/>
            }
            .into_any(),
            ItemKind::Number { unit, min, max, decimals, expected_min, expected_max } => view! {
                <Field form=form.clone() name="min" da="Mindst" en="Minimum" value=v("min", &min.to_string())/>
                <Field form=form.clone() name="max" da="Højst" en="Maximum" value=v("max", &max.to_string())/>
                <Field form=form.clone() name="decimals" da="Decimaler" en="Decimals" value=v("decimals", &decimals.to_string())/>
                <Field form=form.clone() name="expected_min" da="Forventet mindst (kan udelades)" en="Expected minimum (may be left out)"
                    value=v("expected_min", &expected_min.map(|n| n.to_string()).unwrap_or_default()) hint=EXPECTED_HINT/>
                <Field form=form.clone() name="expected_max" da="Forventet højst (kan udelades)" en="Expected maximum (may be left out)"
                    value=v("expected_max", &expected_max.map(|n| n.to_string()).unwrap_or_default()) hint=EXPECTED_HINT/>
                <LangFields form=form.clone() prefix="unit" da="Enhed (kan udelades)" en="Unit (may be left out)" value=unit.clone().unwrap_or_default() echo=echo.clone().unwrap_or_default()/>
            }
            .into_any(),
            ItemKind::Text { max_length } => view! {
                <Field form=form.clone() name="max_length" da="Højst antal tegn" en="Most characters" value=v("max_length", &max_length.to_string())/>
            }
            .into_any(),
            _ => ().into_any(),
        };
        let required = match &echo {
            Some(e) if e.value("_form") == form => e.value("required") == "on",
            _ => item.required,
        };
        let chosen_type = v("type", type_name);
        let type_options = ITEM_TYPES
            .iter()
            .map(|(t, da, en)| view! { <option value=*t selected=*t == chosen_type>{move || if i18n.locale() == Locale::Da { *da } else { *en }}</option> })
            .collect_view();
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
                <Field form=form.clone() name="item_id" da="Id (bruges i regler)" en="Id (used in rules)" value=v("item_id", &item.id) mono=true/>
                <div class="field">
                    <label for=type_id.clone()>{tr(i18n, t::authoring::TYPE)}</label>
                    <select id=type_id name="type">{type_options}</select>
                </div>
                <LangFields form=form.clone() prefix="text" da="Spørgsmål" en="Question" value=item.text.clone() echo=echo.clone().unwrap_or_default() rows=2/>
                <LangFields form=form.clone() prefix="help" da="Hjælpetekst (kan udelades)" en="Help text (may be left out)" value=item.help.clone().unwrap_or_default() echo=echo.clone().unwrap_or_default() rows=2/>
                <div class="field checkbox">
                    <input type="checkbox" id=required_id.clone() name="required" value="on" checked=required/>
                    <label for=required_id>{tr(i18n, t::authoring::REQUIRED)}</label>
                </div>
                <Field form=form.clone() name="enable_when" da="Vis kun når (regelsprog; tom: altid)" en="Show only when (rule language; empty: always)"
                    value=v("enable_when", item.enable_when.as_deref().unwrap_or_default()) mono=true/>
                {kind_fields}
                <button type="submit" class="button">{tr(i18n, t::authoring::SAVE_ITEM)}</button>
            </form>
            <div class="actions">
                <OpButton action=path.clone() op="move_item" fields=vec![("page", p.to_string()), ("index", i.to_string()), ("direction", "up".into())] da="Flyt op" en="Move up" about=item.id.clone() anchor=anchor.clone()/>
                <OpButton action=path.clone() op="move_item" fields=vec![("page", p.to_string()), ("index", i.to_string()), ("direction", "down".into())] da="Flyt ned" en="Move down" about=item.id.clone() anchor=anchor.clone()/>
                <OpButton action=path.clone() op="remove_item" fields=vec![("page", p.to_string()), ("index", i.to_string())] da="Fjern" en="Remove" about=item.id.clone() danger=true/>
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
    let type_options = ITEM_TYPES
        .iter()
        .map(|(t, da, en)| view! { <option value=*t selected=*t == chosen>{move || if i18n.locale() == Locale::Da { *da } else { *en }}</option> })
        .collect_view();
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
                <Field form=form.clone() name="item_id" da="Id (bruges i regler)" en="Id (used in rules)" value=value_of(&echo, &form, "item_id", "") mono=true/>
                <div class="field">
                    <label for=type_id.clone()>{tr(i18n, t::authoring::TYPE)}</label>
                    <select id=type_id name="type">{type_options}</select>
                </div>
                <LangFields form=form.clone() prefix="text" da="Spørgsmål" en="Question" value=LangText::default() echo=echo.clone().unwrap_or_default() rows=2/>
                <div class="field checkbox">
                    <input type="checkbox" id=required_id.clone() name="required" value="on" checked=mine && value_of(&echo, &form, "required", "") == "on"/>
                    <label for=required_id>{tr(i18n, t::authoring::REQUIRED)}</label>
                </div>
                <Field form=form.clone() name="enable_when" da="Vis kun når (regelsprog; tom: altid)" en="Show only when (rule language; empty: always)" value=value_of(&echo, &form, "enable_when", "") mono=true/>
                <Field form=form.clone() name="options" da="Svarmuligheder (valgspørgsmål)" en="Options (choice items)" value=value_of(&echo, &form, "options", "") rows=4 hint=OPTIONS_HINT mono=true/>
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
    let kinds = [("sum", "Sum", "Sum"), ("mean", "Gennemsnit", "Mean"), ("expr", "Udtryk", "Expression")]
        .into_iter()
        .map(|(k, da, en)| view! { <option value=k selected=k == chosen>{move || if i18n.locale() == Locale::Da { da } else { en }}</option> })
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
                <Field form=form.clone() name="score_id" da="Id (bruges i regler som score.id)" en="Id (used in rules as score.id)" value=v("score_id", &s.id) mono=true/>
                <LangFields form=form.clone() prefix="text" da="Navn" en="Name" value=s.text.clone() echo=echo.clone().unwrap_or_default()/>
                <div class="field">
                    <label for=kind_id.clone()>{tr(i18n, t::authoring::COMPUTED)}</label>
                    <select id=kind_id name="kind">{kinds}</select>
                </div>
                <Field form=form.clone() name="items" da="Spørgsmål (id'er adskilt af komma)" en="Items (ids separated by commas)" value=v("items", &items) mono=true/>
                <Field form=form.clone() name="reversed" da="Heraf omvendt scorede" en="Of these, reverse-scored" value=v("reversed", &reversed) mono=true/>
                <Field form=form.clone() name="min_answered" da="Mindst besvarede (tom: alle)" en="Fewest answered (empty: all)" value=v("min_answered", &s.min_answered.map(|m| m.to_string()).unwrap_or_default())/>
                <Field form=form.clone() name="expr" da="Udtryk (kun for Udtryk)" en="Expression (for Expression only)" value=v("expr", s.expr.as_deref().unwrap_or_default()) mono=true/>
                <button type="submit" class="button">{if adding { tr(i18n, t::authoring::ADD_SCORE_2) } else { tr(i18n, t::authoring::SAVE_SCORE) }}</button>
            </form>
            {(!adding).then(|| view! { <OpButton action=path.clone() op="remove_score" fields=vec![("index", index.to_string())] da="Fjern scoren" en="Remove the score" about=s.id.clone() danger=true/> })}
        </div>
    }
    .into_any()
}
