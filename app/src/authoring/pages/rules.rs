//! Flag rules (checked as they are typed, with the same messages as
//! `svar check`), the structured helper, rule tests and the dry-run.

use leptos::prelude::*;

use super::widgets::{value_of, Field, LangFields, OpButton, Problems, RevField, Warnings};
use crate::authoring::report::rule_problems;
use crate::authoring::view::VersionView;
use crate::components::FormEcho;
use crate::engine::diagnostics::{ModelError, Site};
use crate::engine::model::{FlagRule, ItemKind, Questionnaire, RuleLevel};
use crate::engine::FlagLevel;
use crate::engine::LangText;
use crate::i18n::t;
use crate::i18n::{tr, use_i18n, Locale, Text};

#[component]
pub fn RulesSection(v: VersionView, echo: FormEcho) -> impl IntoView {
    let i18n = use_i18n();
    let Some(q) = v.questionnaire.clone() else { return ().into_any() };
    let editable = v.editable();
    let path = v.path();
    let echo = Some(echo);
    let model = StoredValue::new(q.clone());
    let rules = q
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let at_rule = |e: &&ModelError| matches!(&e.site, Site::Rule { rule, .. } if *rule == i);
            let placed: Vec<ModelError> = v.report.placed.iter().filter(at_rule).cloned().collect();
            let warnings: Vec<ModelError> = v.report.placed_warnings.iter().filter(at_rule).cloned().collect();
            view! { <RuleForm rule=Some(r.clone()) index=i count=q.rules.len() editable path=path.clone() placed warnings model echo=echo.clone()/> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="rules-h" id="rules" class="panel">
            <h2 id="rules-h">{tr(i18n, t::authoring::FLAG_RULES)}</h2>
            <p class="hint">{tr(i18n, t::authoring::RED_PATIENT_SHOULD_SEEN_YELLOW)}</p>
            {rules}
            {editable.then(|| view! {
                <RuleForm rule=None index=q.rules.len() count=q.rules.len() editable path=path.clone() placed=Vec::new() warnings=Vec::new() model echo=echo.clone()/>
                <Helper q=q.clone() path=path.clone() echo=echo.clone()/>
            })}
        </section>
    }
    .into_any()
}

/// One rule's form, or the form for a new rule (`rule` None).
#[component]
#[allow(clippy::too_many_arguments)]
fn RuleForm(
    rule: Option<FlagRule>,
    index: usize,
    count: usize,
    editable: bool,
    path: String,
    placed: Vec<ModelError>,
    warnings: Vec<ModelError>,
    model: StoredValue<Questionnaire>,
    echo: Option<FormEcho>,
) -> impl IntoView {
    let i18n = use_i18n();
    let adding = rule.is_none();
    let r = rule.unwrap_or(FlagRule {
        id: String::new(),
        level: RuleLevel::Yellow,
        when: String::new(),
        message: LangText::default(),
        advice: None,
        rationale: None,
    });
    let form = if adding { "add-rule".to_owned() } else { format!("rule-{index}") };
    let anchor = if adding { "add-rule".to_owned() } else { format!("rule-{}", r.id) };
    let level = r.level.as_str();
    if !editable {
        let message = r.message.clone();
        return view! {
            <div class=format!("rule-block level-{level}") id=anchor>
                <h3><code>{r.id.clone()}</code>" · "{level}</h3>
                <pre class="mono rule-when">{r.when.clone()}</pre>
                <Warnings warnings/>
                <p>{move || message.in_locale(i18n.locale()).to_owned()}</p>
            </div>
        }
        .into_any();
    }
    let other_errors: Vec<ModelError> = placed.iter().filter(|e| e.site.field() != "when").cloned().collect();
    let chosen_level = value_of(&echo, &form, "level", level);
    let levels = [("red", t::authoring::LEVEL_RED_OPTION), ("yellow", t::authoring::LEVEL_YELLOW_OPTION)]
        .into_iter()
        .map(|(l, label)| view! { <option value=l selected=l == chosen_level>{tr(i18n, label)}</option> })
        .collect_view();
    let level_id = format!("{form}-level");
    view! {
        <div class=format!("rule-block level-{level}") id=anchor.clone()>
            {if adding {
                view! { <h3>{tr(i18n, t::authoring::ADD_RULE)}</h3> }.into_any()
            } else {
                view! { <h3><code>{r.id.clone()}</code></h3> }.into_any()
            }}
            <Problems errors=other_errors/>
            <Warnings warnings/>
            <form method="post" action=path.clone() class="stack-form" id=format!("{form}-form")>
                <input type="hidden" name="_op" value=if adding { "add_rule" } else { "rule" }/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <input type="hidden" name="_anchor" value=anchor.clone()/>
                <input type="hidden" name="index" value=index.to_string()/>
                <Field form=form.clone() name="rule_id" label=t::authoring::ID_FIELD value=value_of(&echo, &form, "rule_id", &r.id) mono=true/>
                <div class="field">
                    <label for=level_id.clone()>{tr(i18n, t::authoring::LEVEL)}</label>
                    <select id=level_id name="level">{levels}</select>
                </div>
                <RuleWhen form=form.clone() index initial=value_of(&echo, &form, "when", &r.when) model/>
                <LangFields form=form.clone() prefix="message" label=t::authoring::RULE_MESSAGE_FIELD value=r.message.clone() echo=echo.clone().unwrap_or_default()/>
                <LangFields form=form.clone() prefix="advice" label=t::authoring::RULE_ADVICE_FIELD value=r.advice.clone().unwrap_or_default() echo=echo.clone().unwrap_or_default() rows=2/>
                <LangFields form=form.clone() prefix="rationale" label=t::authoring::RULE_RATIONALE_FIELD value=r.rationale.clone().unwrap_or_default() echo=echo.clone().unwrap_or_default() rows=2/>
                <button type="submit" class="button">{if adding { tr(i18n, t::authoring::ADD_RULE_2) } else { tr(i18n, t::authoring::SAVE_RULE) }}</button>
            </form>
            {(!adding).then(|| view! {
                <div class="actions">
                    {(index > 0).then(|| view! { <OpButton action=path.clone() op="move_rule" fields=vec![("index", index.to_string()), ("direction", "up".into())] label=t::authoring::MOVE_UP about=r.id.clone()/> })}
                    {(index + 1 < count).then(|| view! { <OpButton action=path.clone() op="move_rule" fields=vec![("index", index.to_string()), ("direction", "down".into())] label=t::authoring::MOVE_DOWN about=r.id.clone()/> })}
                    <OpButton action=path.clone() op="remove_rule" fields=vec![("index", index.to_string())] label=t::authoring::REMOVE_RULE about=r.id.clone() danger=true/>
                </div>
            })}
        </div>
    }
    .into_any()
}

/// The rule's condition, checked by the engine on every keystroke once the
/// page is hydrated (and by the server when saved): each problem with its
/// place in the text marked.
#[component]
fn RuleWhen(form: String, index: usize, initial: String, model: StoredValue<Questionnaire>) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(initial.clone());
    let problems = Memo::new(move |_| model.with_value(|q| rule_problems(q, index, &text.get())));
    let id = format!("{form}-when");
    let problems_id = format!("{id}-problems");
    view! {
        <div class="field rule-when-field">
            <label for=id.clone()>{tr(i18n, t::authoring::CONDITION_RULE_LANGUAGE)}</label>
            <textarea id=id name="when" rows="2" class="mono" spellcheck="false" aria-describedby=problems_id.clone()
                aria-invalid=move || (!problems.get().is_empty()).then_some("true")
                on:input=move |ev| text.set(event_target_value(&ev))>{crate::components::textarea_text(initial)}</textarea>
            <div id=problems_id class="rule-problems" aria-live="polite">
                {move || {
                    let current = text.get();
                    problems
                        .get()
                        .into_iter()
                        .map(|p| view! { <RuleProblem text=current.clone() problem=p/> })
                        .collect_view()
                }}
            </div>
        </div>
    }
}

/// One problem: its message, and the condition with the place marked.
#[component]
fn RuleProblem(text: String, problem: ModelError) -> impl IntoView {
    let i18n = use_i18n();
    let (start, end) = problem.expr_span.map_or((0, 0), |s| (s.start.min(text.len()), s.end.min(text.len())));
    let (start, end) = (floor_char(&text, start), floor_char(&text, end.max(start)));
    let column = text[..start].chars().count() + 1;
    let marked = if start == end { " ".to_owned() } else { text[start..end].to_owned() };
    view! {
        <div class="rule-problem" role="alert">
            <p class="field-error">
                <span class="visually-hidden">{tr(i18n, t::authoring::ERROR)}</span>
                {let message = problem.message.clone(); move || crate::authoring::report::message_in(&message, i18n.locale())}
                <span class="muted">{move || t::authoring::AT_CHARACTER.fill(i18n.locale(), &[("column", &column)])}</span>
            </p>
            <pre class="mono rule-marked" aria-hidden="true">{text[..start].to_owned()}<mark>{marked}</mark>{text[end..].to_owned()}</pre>
        </div>
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Rules for those who prefer not to type: an item or score, a comparison,
/// a value.
#[component]
fn Helper(q: Questionnaire, path: String, echo: Option<FormEcho>) -> impl IntoView {
    let i18n = use_i18n();
    let form = "helper".to_owned();
    let mine = matches!(&echo, Some(e) if e.value("_form") == form);
    let v = |name: &str, default: &str| value_of(&echo, &form, name, default);
    let chosen_target = v("target", "");
    let mut targets: Vec<(String, String)> = q
        .items()
        .filter(|i| !matches!(i.kind, ItemKind::Display | ItemKind::Text { .. }))
        .map(|i| (i.id.clone(), format!("{} — {}", i.id, i.text.en)))
        .collect();
    targets.extend(q.scores.iter().map(|s| (format!("score.{}", s.id), format!("score.{} — {}", s.id, s.text.en))));
    let target_options = targets
        .into_iter()
        .map(|(value, label)| view! { <option value=value.clone() selected=value == chosen_target>{label}</option> })
        .collect_view();
    let chosen_template = v("template", "item");
    let templates = [
        ("item", t::authoring::TEMPLATE_ITEM),
        ("score", t::authoring::TEMPLATE_SCORE),
        ("baseline", t::authoring::TEMPLATE_BASELINE),
        ("previous", t::authoring::TEMPLATE_PREVIOUS),
    ]
    .into_iter()
    .map(|(value, label)| view! { <option value=value selected=value == chosen_template>{tr(i18n, label)}</option> })
    .collect_view();
    let chosen_op = v("op", ">=");
    let ops = ["=", "!=", "<", "<=", ">", ">="].into_iter().map(|o| view! { <option value=o selected=o == chosen_op>{o}</option> }).collect_view();
    let chosen_level = v("level", "yellow");
    let id = |f: &str| format!("helper-{f}");
    view! {
        <details class="add-form" open=mine id="helper">
            <summary>{tr(i18n, t::authoring::MAKE_RULE_WITHOUT_TYPING_RULE)}</summary>
            <form method="post" action=path class="stack-form">
                <input type="hidden" name="_op" value="helper_rule"/>
                <RevField/>
                <input type="hidden" name="_form" value=form.clone()/>
                <input type="hidden" name="_anchor" value="rules"/>
                <div class="field">
                    <label for=id("template")>{tr(i18n, t::authoring::KIND_RULE)}</label>
                    <select id=id("template") name="template">{templates}</select>
                </div>
                <div class="field">
                    <label for=id("target")>{tr(i18n, t::authoring::ITEM_SCORE)}</label>
                    <select id=id("target") name="target">{target_options}</select>
                </div>
                <div class="field">
                    <label for=id("op")>{tr(i18n, t::authoring::COMPARISON)}</label>
                    <select id=id("op") name="op">{ops}</select>
                </div>
                <Field form=form.clone() name="value" label=t::authoring::RULE_VALUE_FIELD value=v("value", "")/>
                <Field form=form.clone() name="rule_id" label=t::authoring::RULE_ID_FIELD value=v("rule_id", "") mono=true/>
                <div class="field">
                    <label for=id("level")>{tr(i18n, t::authoring::LEVEL)}</label>
                    <select id=id("level") name="level">
                        <option value="red" selected=chosen_level == "red">{tr(i18n, t::authoring::RED)}</option>
                        <option value="yellow" selected=chosen_level == "yellow">{tr(i18n, t::authoring::YELLOW)}</option>
                    </select>
                </div>
                <LangFields form=form.clone() prefix="message" label=t::authoring::RULE_MESSAGE_FIELD value=LangText::default() echo=echo.clone().unwrap_or_default()/>
                <LangFields form=form.clone() prefix="advice" label=t::authoring::RULE_ADVICE_FIELD value=LangText::default() echo=echo.clone().unwrap_or_default() rows=2/>
                <LangFields form=form.clone() prefix="rationale" label=t::authoring::RULE_RATIONALE_FIELD value=LangText::default() echo=echo.clone().unwrap_or_default() rows=2/>
                <button type="submit" class="button">{tr(i18n, t::authoring::ADD_RULE_2)}</button>
            </form>
        </details>
    }
}

#[component]
pub fn TestsSection(v: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    if v.questionnaire.is_none() {
        return ().into_any();
    }
    let path = v.path();
    let editable = v.editable();
    let rows = v
        .report
        .tests
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let list = |v: &[String]| if v.is_empty() { "–".to_owned() } else { v.join(", ") };
            let passed = t.passed;
            let problems = t.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view();
            view! {
                <tr class:failed=!passed>
                    <td>{t.name.clone()}</td>
                    <td><code>{list(&t.expected)}</code></td>
                    <td><code>{list(&t.fired)}</code></td>
                    <td>
                        {tr(i18n, if passed { t::authoring::TEST_PASSES } else { t::authoring::TEST_FAILS })}
                        <ul class="problems">{problems}</ul>
                    </td>
                    <td>{editable.then(|| view! { <OpButton action=path.clone() op="remove_test" fields=vec![("index", i.to_string())] label=t::authoring::REMOVE about=t.name.clone() anchor="tests".to_owned() danger=true/> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="tests-h" id="tests" class="panel">
            <h2 id="tests-h">{tr(i18n, t::authoring::RULE_TESTS)}</h2>
            <p class="hint">{tr(i18n, t::authoring::EXAMPLE_ANSWERS_FLAGS_THEY_MUST)}</p>
            <div class="table-box" tabindex="0"><table class="table" id="tests-table">
                <thead><tr>
                    <th scope="col">{tr(i18n, t::authoring::TEST)}</th>
                    <th scope="col">{tr(i18n, t::authoring::EXPECTED_FLAGS)}</th>
                    <th scope="col">{tr(i18n, t::authoring::FLAGS_NOW)}</th>
                    <th scope="col">{tr(i18n, t::authoring::RESULT)}</th>
                    <th scope="col"><span class="visually-hidden">{tr(i18n, t::authoring::ACTION)}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
            {editable.then(|| view! { <p><a class="button" href=format!("{path}/test")>{tr(i18n, t::authoring::ADD_RULE_TEST)}</a></p> })}
        </section>
    }
    .into_any()
}

fn level_label(level: Option<FlagLevel>, locale: Locale) -> &'static str {
    match level {
        Some(FlagLevel::Red) => t::authoring::FLAG_RED,
        Some(FlagLevel::Yellow) => t::authoring::FLAG_YELLOW,
        Some(FlagLevel::Contact) => t::authoring::FLAG_CONTACT,
        None => t::authoring::FLAG_NONE,
    }
    .get(locale)
}

#[component]
pub fn DryRunSection(v: VersionView) -> impl IntoView {
    let i18n = use_i18n();
    if v.questionnaire.is_none() || v.state == crate::authoring::view::VersionState::Shipped {
        return ().into_any();
    }
    let path = v.path();
    let result = v.dry_run.clone().map(|run| {
        let c = run.current;
        let d = run.draft;
        let row = move |label: Text, before: usize, after: usize| {
            view! {
                <tr class:changed=before != after>
                    <th scope="row">{tr(i18n, label)}</th>
                    <td>{before}</td>
                    <td>{after}</td>
                </tr>
            }
        };
        let changed = run
            .changed
            .iter()
            .map(|ch| {
                let (b, a) = (ch.before_level, ch.after_level);
                let day = ch.submitted_at.date();
                let date = move || crate::i18n::short_date(day, i18n.locale());
                let list = |v: &[String]| if v.is_empty() { "–".to_owned() } else { v.join(", ") };
                view! {
                    <tr>
                        <td><a href=format!("/staff/patients/{}", ch.patient_id)>{ch.patient_name.clone()}</a></td>
                        <td>{date}{format!(" (v{})", ch.answered_version)}</td>
                        <td>{move || level_label(b, i18n.locale())}" "<code>{list(&ch.before)}</code></td>
                        <td>{move || level_label(a, i18n.locale())}" "<code>{list(&ch.after)}</code></td>
                    </tr>
                }
            })
            .collect_view();
        let (responses, patients, n_changed) = (run.responses, run.patients, run.changed.len());
        view! {
            <p id="dry-run-summary">{move || {
                let locale = i18n.locale();
                let response_word = if responses == 1 { t::authoring::RESPONSE_ONE } else { t::authoring::RESPONSE_OTHER }.get(locale);
                let patient_word = if patients == 1 { t::authoring::PATIENT_ONE } else { t::authoring::PATIENT_OTHER }.get(locale);
                t::authoring::DRY_RUN_SUMMARY.fill(locale, &[
                    ("responses", &responses),
                    ("response_word", &response_word),
                    ("patients", &patients),
                    ("patient_word", &patient_word),
                    ("changed", &n_changed),
                ])
            }}</p>
            <div class="table-box" tabindex="0"><table class="table" id="dry-run-counts">
                <thead><tr>
                    <th scope="col">{tr(i18n, t::authoring::RESPONSES)}</th>
                    <th scope="col">{tr(i18n, t::authoring::VERSION_USE)}</th>
                    <th scope="col">{tr(i18n, t::authoring::DRAFT)}</th>
                </tr></thead>
                <tbody>
                    {row(t::authoring::COUNT_RED, c.red, d.red)}
                    {row(t::authoring::COUNT_YELLOW, c.yellow, d.yellow)}
                    {row(t::authoring::COUNT_CONTACT, c.contact, d.contact)}
                    {row(t::authoring::FLAG_NONE, c.none, d.none)}
                </tbody>
            </table></div>
            {(n_changed > 0).then(|| view! {
                <h3>{tr(i18n, t::authoring::RESPONSES_WHOSE_OUTCOME_CHANGES)}</h3>
                <div class="table-box" tabindex="0"><table class="table" id="dry-run-changed">
                    <thead><tr>
                        <th scope="col">{tr(i18n, t::authoring::PATIENT)}</th>
                        <th scope="col">{tr(i18n, t::authoring::ANSWERED)}</th>
                        <th scope="col">{tr(i18n, t::authoring::NOW)}</th>
                        <th scope="col">{tr(i18n, t::authoring::DRAFT_2)}</th>
                    </tr></thead>
                    <tbody>{changed}</tbody>
                </table></div>
            })}
        }
    });
    view! {
        <section aria-labelledby="dry-run-h" id="dry-run" class="panel">
            <h2 id="dry-run-h">{tr(i18n, t::authoring::DRY_RUN_PAST_RESPONSES)}</h2>
            <p class="hint">{tr(i18n, t::authoring::RUNS_VERSION_S_RULES_OVER)}</p>
            <form method="get" action=format!("{path}#dry-run") class="inline-form">
                <input type="hidden" name="dry_run" value="1"/>
                <button type="submit" class="button">{tr(i18n, t::authoring::RUN_DRY_RUN)}</button>
            </form>
            {result}
        </section>
    }
    .into_any()
}
