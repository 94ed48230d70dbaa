//! What is wrong with a draft: the engine's own checks on its source, the
//! same messages and positions `svar check` prints, plus each rule test's
//! outcome. Pure, so the browser runs the same checks while an admin types.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::check::{run_tests, test_outcomes, TestOutcome};
use crate::engine::danish::in_danish;
use crate::engine::diagnostics::{ModelError, Site};
use crate::engine::lint::{baseline_mismatches, items_read, lint, previous_mismatches};
use crate::engine::load::{load, Document};
use crate::engine::model::{FlagRule, Questionnaire, RuleLevel};
use crate::engine::{Compiled, Diagnostic, LangText, Locale, Pathway, SourceFile};

/// What a questionnaire draft is checked against besides itself, so the
/// editor warns as `svar check` does over a whole folder.
#[derive(Clone, Debug, Default)]
pub struct Neighbours {
    /// The clinic's other questionnaires in use: their rules may read this
    /// one's items through `previous(…)`/`baseline(…)`. `None`: not known
    /// (items nothing reads are then not judged).
    pub others: Option<Vec<Arc<Compiled>>>,
    /// The pathways that ask this questionnaire.
    pub pathways: Vec<PathwayNeighbours>,
}

/// One pathway that asks the draft: what its `baseline(…)` reads, and the
/// pathway's other questionnaires (which read the draft when it is the
/// baseline).
#[derive(Clone, Debug)]
pub struct PathwayNeighbours {
    pub id: String,
    /// The questionnaire of its baseline time point; `None`: it has none.
    pub baseline: Option<Arc<Compiled>>,
    pub questionnaires: Vec<Arc<Compiled>>,
}

/// The checks of one draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DraftReport {
    /// Every error as `file:line:column: message`.
    pub diagnostics: Vec<Diagnostic>,
    /// The model's errors tied to the element they are about, so the
    /// editor shows each beside its form (empty when the source did not
    /// read as a model at all).
    pub placed: Vec<ModelError>,
    pub tests: Vec<TestOutcome>,
    /// What is allowed but most likely a mistake (a rule that can never
    /// fire, an invisible character), as `file:line:column: message`, the
    /// same as `svar check` prints. Never blocks publishing.
    #[serde(default)]
    pub warnings: Vec<Diagnostic>,
    /// The warnings about elements, so the editor shows each beside its form.
    #[serde(default)]
    pub placed_warnings: Vec<ModelError>,
}

impl DraftReport {
    /// No error and every rule test passes.
    pub fn publishable(&self) -> bool {
        self.diagnostics.is_empty() && self.tests.iter().all(|t| t.passed)
    }

    /// The placed errors about one element (any field of it).
    pub fn at<'a>(&'a self, matches: impl Fn(&Site) -> bool + 'a) -> impl Iterator<Item = &'a ModelError> + 'a {
        self.placed.iter().filter(move |e| matches(&e.site))
    }
}

/// An engine message in the reader's language (made in English; the
/// engine's one catalogue says it in Danish).
pub fn message_in(message: &str, locale: Locale) -> String {
    match locale {
        Locale::Da => in_danish(message),
        Locale::En => message.to_owned(),
    }
}

/// `file:line:column: message` in the reader's language.
pub fn diagnostic_in(d: &Diagnostic, locale: Locale) -> String {
    format!("{}:{}:{}: {}", d.file, d.line, d.column, message_in(&d.message, locale))
}

/// The file name a draft's messages use, e.g. `ear_tubes_follow_up.v2.toml`.
pub fn draft_file_name(definition_id: &str, version: u32, pathway: bool) -> String {
    if pathway {
        format!("{definition_id}.v{version}.pathway.toml")
    } else {
        format!("{definition_id}.v{version}.toml")
    }
}

fn site_error(spans: &crate::engine::load::SourceSpans, field: &str, message: String, pathway: bool) -> Diagnostic {
    let site = if pathway { Site::Pathway { field: field.into() } } else { Site::Questionnaire { field: field.into() } };
    spans.at(spans.offset(&site, None), message)
}

/// Reads and checks a questionnaire draft, which must keep the id and
/// version number it was created with.
pub fn questionnaire_report(file: &str, source: &str, id: &str, version: u32, neighbours: &Neighbours) -> (Option<Questionnaire>, DraftReport) {
    let loaded = load(&SourceFile::new(file, source));
    let mut report =
        DraftReport { diagnostics: loaded.diagnostics, warnings: loaded.warnings, placed_warnings: loaded.placed_warnings, ..DraftReport::default() };
    let q = match loaded.document {
        Some(Document::Questionnaire(q)) => q,
        Some(Document::Pathway(_)) => {
            report.diagnostics.push(loaded.spans.at(0, "this is a pathway; a questionnaire was expected"));
            return (None, report);
        }
        None => {
            // Read with errors: its other mistakes are shown as well, as
            // `svar check` shows them.
            if let Some(rec) = &loaded.recovered {
                if let Document::Questionnaire(q) = &rec.document {
                    if let Err(errors) = Compiled::new(q.clone()) {
                        let errors: Vec<ModelError> = errors.into_iter().filter(|e| !rec.concerns_broken(e)).collect();
                        report.diagnostics.extend(errors.iter().map(|e| loaded.spans.diagnostic(e)));
                        report.placed = errors;
                    }
                }
            }
            report.diagnostics.sort_by_key(|d| (d.line, d.column));
            return (None, report);
        }
    };
    if q.id != id {
        report.diagnostics.push(site_error(&loaded.spans, "id", format!("the id must stay `{id}` (start a new questionnaire for a new id)"), false));
    }
    if q.version != version {
        report.diagnostics.push(site_error(
            &loaded.spans,
            "version",
            format!("the version must be {version}, the number of this draft (the file says {})", q.version),
            false,
        ));
    }
    match Compiled::new(q.clone()) {
        Ok(compiled) => {
            let read_elsewhere = neighbours
                .others
                .as_ref()
                .map(|others| others.iter().filter(|c| c.questionnaire().id != id).flat_map(|c| items_read(c.questionnaire())).collect());
            let mut warnings = lint(compiled.questionnaire(), read_elsewhere.as_ref());
            // The version in use now answers the new version's first
            // `previous(…)`.
            let in_use = neighbours.others.iter().flatten().find(|c| c.questionnaire().id == id && c.questionnaire().version != version);
            if let Some(in_use) = in_use {
                warnings.extend(previous_mismatches(&compiled, in_use));
            }
            for p in &neighbours.pathways {
                // A draft of the baseline questionnaire compares with itself.
                let is_baseline = p.baseline.as_ref().is_some_and(|b| b.questionnaire().id == id);
                let baseline = if is_baseline { Some(&compiled) } else { p.baseline.as_deref() };
                warnings.extend(baseline_mismatches(&compiled, &p.id, baseline));
                // The draft is what the pathway's other questionnaires
                // compare with: say here what it would break there.
                if is_baseline {
                    for other in p.questionnaires.iter().filter(|o| o.questionnaire().id != id) {
                        warnings.extend(baseline_mismatches(other, &p.id, Some(&compiled)).into_iter().map(|w| {
                            let reader = &other.questionnaire().id;
                            ModelError::new(
                                Site::Questionnaire { field: "id".into() },
                                format!("questionnaire `{reader}` compares with this one as its baseline; {}", w.message),
                            )
                        }));
                    }
                }
            }
            // One note per sentence beside an element (a rule may compare
            // with the baseline twice; two pathways may share a baseline).
            let mut said = std::collections::BTreeSet::new();
            warnings.retain(|w| said.insert((format!("{:?}", w.site), w.message.clone())));
            report.warnings.extend(warnings.iter().map(|w| loaded.spans.diagnostic(w)));
            report.warnings.sort_by_key(|d| (d.line, d.column));
            report.placed_warnings.extend(warnings);
            report.tests = test_outcomes(&compiled);
            report.diagnostics.extend(run_tests(&compiled).iter().map(|f| loaded.spans.diagnostic(&f.error)));
        }
        Err(errors) => {
            report.diagnostics.extend(errors.iter().map(|e| loaded.spans.diagnostic(e)));
            report.placed = errors;
        }
    }
    report.diagnostics.sort_by_key(|d| (d.line, d.column));
    (Some(q), report)
}

/// Reads and checks a pathway draft against the questionnaires the clinic
/// can use.
pub fn pathway_report(file: &str, source: &str, id: &str, questionnaires: &[String]) -> (Option<Pathway>, DraftReport) {
    let loaded = load(&SourceFile::new(file, source));
    let mut report =
        DraftReport { diagnostics: loaded.diagnostics, warnings: loaded.warnings, placed_warnings: loaded.placed_warnings, ..DraftReport::default() };
    let p = match loaded.document {
        Some(Document::Pathway(p)) => p,
        Some(Document::Questionnaire(_)) => {
            report.diagnostics.push(loaded.spans.at(0, "this is a questionnaire; a pathway was expected"));
            return (None, report);
        }
        None => {
            if let Some(rec) = &loaded.recovered {
                if let Document::Pathway(p) = &rec.document {
                    let errors: Vec<ModelError> = p.check().into_iter().filter(|e| !rec.concerns_broken(e)).collect();
                    report.diagnostics.extend(errors.iter().map(|e| loaded.spans.diagnostic(e)));
                    report.placed = errors;
                }
            }
            report.diagnostics.sort_by_key(|d| (d.line, d.column));
            return (None, report);
        }
    };
    if p.id != id {
        report.diagnostics.push(site_error(&loaded.spans, "id", format!("the id must stay `{id}` (start a new pathway for a new id)"), true));
    }
    let mut errors = p.check();
    for (i, tp) in p.timepoints.iter().enumerate() {
        if !questionnaires.contains(&tp.questionnaire) {
            let hint = crate::engine::diagnostics::hint(&tp.questionnaire, questionnaires.iter().map(String::as_str));
            errors.push(ModelError::new(
                Site::TimePoint { timepoint: i, field: "questionnaire".into() },
                format!("time point `{}` refers to unknown questionnaire `{}`{hint}", tp.id, tp.questionnaire),
            ));
        }
    }
    report.diagnostics.extend(errors.iter().map(|e| loaded.spans.diagnostic(e)));
    report.diagnostics.sort_by_key(|d| (d.line, d.column));
    report.placed = errors;
    (Some(p), report)
}

/// The problems of rule `index` if its condition were `when` (a rule not
/// yet added when `index` is past the end): what the editor shows while
/// the admin types.
pub fn rule_problems(q: &Questionnaire, index: usize, when: &str) -> Vec<ModelError> {
    let mut q = q.clone();
    match q.rules.get_mut(index) {
        Some(rule) => rule.when = when.to_owned(),
        None => {
            q.rules.push(FlagRule {
                id: "new_rule".into(),
                level: RuleLevel::Yellow,
                when: when.to_owned(),
                message: LangText { da: "-".into(), en: "-".into() },
                advice: None,
                rationale: None,
            });
        }
    }
    let index = index.min(q.rules.len() - 1);
    match Compiled::new(q) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.into_iter().filter(|e| matches!(&e.site, Site::Rule { rule, field } if *rule == index && field == "when")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::write::questionnaire_toml;

    const SHIPPED: &str = include_str!("../../../questionnaires/ear-tubes-follow-up.toml");

    #[test]
    fn the_shipped_file_is_publishable() {
        let (q, report) = questionnaire_report("f.toml", SHIPPED, "ear_tubes_follow_up", 1, &Neighbours::default());
        assert!(q.is_some());
        assert_eq!(report.diagnostics, vec![]);
        assert!(!report.tests.is_empty());
        assert!(report.publishable());
    }

    #[test]
    fn a_type_error_is_placed_at_its_rule_and_positioned_in_the_file() {
        let (q, _) = questionnaire_report("f.toml", SHIPPED, "ear_tubes_follow_up", 1, &Neighbours::default());
        let mut q = q.expect("reads");
        q.version = 2;
        q.rules.push(FlagRule {
            id: "bad".into(),
            level: RuleLevel::Red,
            when: "ear_pain = \"x\"".into(),
            message: LangText { da: "a".into(), en: "b".into() },
            advice: None,
            rationale: None,
        });
        let n = q.rules.len() - 1;
        let source = questionnaire_toml(&q);
        let (_, report) = questionnaire_report("ear.v2.toml", &source, "ear_tubes_follow_up", 2, &Neighbours::default());
        assert!(!report.publishable());
        let placed: Vec<_> = report.at(|s| matches!(s, Site::Rule { rule, .. } if *rule == n)).collect();
        assert_eq!(placed.len(), 1);
        assert!(placed[0].expr_span.is_some());
        let d = &report.diagnostics[0];
        assert_eq!(d.file, "ear.v2.toml");
        assert_eq!(d.message, placed[0].message, "the same message as svar check");
        assert!(source.lines().nth(d.line as usize - 1).is_some_and(|l| l.contains("ear_pain")));
        let live = rule_problems(&q, n, "ear_pain = \"x\"");
        assert_eq!(live, placed.into_iter().cloned().collect::<Vec<_>>(), "live checking says the same");
        assert_eq!(rule_problems(&q, n, "overall >= 7"), vec![]);
        assert_eq!(rule_problems(&q, 999, "nonexistent > 1").len(), 1, "a rule being added");
    }

    #[test]
    fn the_id_and_version_stay_fixed() {
        let (_, report) = questionnaire_report("f.toml", SHIPPED, "other", 3, &Neighbours::default());
        let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("must stay `other`")));
        assert!(messages.contains(&"the version must be 3, the number of this draft (the file says 1)"), "{messages:?}");
        // Said in Danish too, as every message of the engine is.
        for m in messages {
            assert!(crate::engine::danish::untranslated(m).is_empty(), "no Danish for {m}");
        }
    }

    #[test]
    fn a_broken_source_reports_its_line_and_keeps_no_model() {
        let (q, report) = questionnaire_report("f.toml", "[questionnaire]\nid = \n", "x", 1, &Neighbours::default());
        assert!(q.is_none());
        assert_eq!(report.diagnostics[0].line, 2);
    }

    /// The editor and the import show every mistake of a draft at once,
    /// as `svar check` does, not only the first that stops reading it.
    #[test]
    fn a_draft_with_two_mistakes_shows_both() {
        let broken = SHIPPED.replacen("en = \"", "fr = \"", 1).replacen("when = 'discharge_blood = true'", "when = 'discharge_bloood = true'", 1);
        assert_ne!(broken, SHIPPED);
        let (q, report) = questionnaire_report("f.toml", &broken, "ear_tubes_follow_up", 1, &Neighbours::default());
        assert!(q.is_none());
        let messages: Vec<&str> = report.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("missing English translation")), "{messages:#?}");
        assert!(messages.iter().any(|m| m.contains("unknown item `discharge_bloood`")), "{messages:#?}");
        assert!(report.placed.iter().any(|e| matches!(e.site, Site::Rule { .. })), "placed beside its rule");
    }

    #[test]
    fn warnings_are_placed_beside_their_rule_and_do_not_block_publishing() {
        let suspicious = SHIPPED.replacen("when = 'discharge_blood = true'", "when = 'discharge_blood = true or overall > 10'", 1);
        assert_ne!(suspicious, SHIPPED);
        let (q, report) = questionnaire_report("f.toml", &suspicious, "ear_tubes_follow_up", 1, &Neighbours::default());
        assert!(q.is_some());
        assert!(report.publishable(), "{:?}", report.diagnostics);
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.message.contains("`overall > 10` in rule `bloody_discharge` is never true: `overall` is answered from 0 to 10")),
            "{:?}",
            report.warnings
        );
        assert!(report.placed_warnings.iter().any(|w| matches!(w.site, Site::Rule { .. })));
    }

    #[test]
    fn a_failing_rule_test_blocks_publishing() {
        let (q, _) = questionnaire_report("f.toml", SHIPPED, "ear_tubes_follow_up", 1, &Neighbours::default());
        let mut q = q.expect("reads");
        // A real rule the test's answers do not fire.
        let other = q.rules.iter().map(|r| r.id.clone()).find(|id| q.tests.first().is_some_and(|t| !t.expect_flags.contains(id)));
        if let (Some(t), Some(other)) = (q.tests.first_mut(), other) {
            t.expect_flags.push(other);
        }
        let (_, report) = questionnaire_report("f.toml", &questionnaire_toml(&q), "ear_tubes_follow_up", 1, &Neighbours::default());
        assert!(report.tests.iter().any(|t| !t.passed));
        assert!(!report.publishable());
    }

    #[test]
    fn pathways_must_name_questionnaires_the_clinic_has() {
        let source = include_str!("../../../questionnaires/ear-tubes.pathway.toml");
        let known = vec!["ear_tubes_baseline".to_owned(), "ear_tubes_follow_up".to_owned()];
        let (p, report) = pathway_report("p.toml", source, "ear_tubes", &known);
        assert!(p.is_some());
        assert!(report.publishable(), "{:?}", report.diagnostics);
        let (_, report) = pathway_report("p.toml", source, "ear_tubes", &known[..1]);
        assert!(report.diagnostics.iter().any(|d| d.message.contains("unknown questionnaire `ear_tubes_follow_up`")));
    }

    const BASELINE: &str = include_str!("../../../questionnaires/ear-tubes-baseline.toml");

    fn compiled(source: &str) -> std::sync::Arc<Compiled> {
        let (q, report) = questionnaire_report("q.toml", source, "", 0, &Neighbours::default());
        let q = q.expect("reads");
        assert!(report.placed.is_empty(), "{:?}", report.placed);
        std::sync::Arc::new(Compiled::new(q).expect("compiles"))
    }

    /// The editor sees what `svar check` sees over a folder: items no
    /// questionnaire of the clinic reads, and `baseline(…)` that the
    /// pathway's baseline cannot answer, each beside its element.
    #[test]
    fn the_editor_warns_against_the_clinics_other_questionnaires_and_pathways() {
        let follow_up = compiled(SHIPPED);
        let baseline = compiled(BASELINE);
        let pathway = |baseline: &Arc<Compiled>| PathwayNeighbours {
            id: "ear_tubes".into(),
            baseline: Some(baseline.clone()),
            questionnaires: vec![baseline.clone(), follow_up.clone()],
        };
        let neighbours = Neighbours { others: Some(vec![follow_up.clone(), baseline.clone()]), pathways: vec![pathway(&baseline)] };
        // The shipped baseline has no item nothing reads.
        let (_, shipped) = questionnaire_report("b.toml", BASELINE, "ear_tubes_baseline", 1, &neighbours);
        assert!(!shipped.placed_warnings.iter().any(|w| w.message.contains("is not read by any rule")), "{:?}", shipped.placed_warnings);
        // Without the score that reads the infections before the operation,
        // that item is read by nothing: a warning placed at that item.
        let without_score = {
            let start = BASELINE.find("[[scores]]\nid = \"infections_year_before\"").expect("the score");
            let end = start + BASELINE[start..].find("\n]\n").expect("its bands") + 3;
            let mut text = format!("{}{}", &BASELINE[..start], &BASELINE[end..]);
            // And the rule tests' expectations of it, wherever in the table.
            while let Some(at) = text.find("infections_year_before = ") {
                let digits = text[at + "infections_year_before = ".len()..].chars().take_while(char::is_ascii_digit).count();
                text.replace_range(at..at + "infections_year_before = ".len() + digits, "");
            }
            let text = text.replace(", ,", ",").replace("{ , ", "{ ").replace(",  }", " }").replace(", }", " }");
            text
        };
        let (q, report) = questionnaire_report("b.toml", &without_score, "ear_tubes_baseline", 1, &neighbours);
        let q = q.expect("reads");
        let unread: Vec<_> = report.placed_warnings.iter().filter(|w| w.message.contains("is not read by any rule")).collect();
        assert_eq!(unread.len(), 1, "{:?}", report.placed_warnings);
        let Site::Item { item, .. } = unread[0].site else { panic!("{:?}", unread[0].site) };
        assert_eq!(q.items().nth(item).map(|i| i.id.as_str()), Some("infections_last_year"));
        // Without the clinic's questionnaires, that is not judged.
        let (_, alone) = questionnaire_report("b.toml", BASELINE, "ear_tubes_baseline", 1, &Neighbours::default());
        assert!(alone.placed_warnings.is_empty(), "{:?}", alone.placed_warnings);

        // A baseline weighted otherwise than the follow-up: the follow-up's
        // three comparisons with it can never be made.
        let reweighted = BASELINE.replacen(r#"{ value = "rarely", weight = 1,"#, r#"{ value = "rarely", weight = 2,"#, 1);
        assert_ne!(reweighted, BASELINE);
        let reweighted_baseline = compiled(&reweighted);
        let other_baseline =
            Neighbours { others: Some(vec![follow_up.clone(), reweighted_baseline.clone()]), pathways: vec![pathway(&reweighted_baseline)] };
        let (_, report) = questionnaire_report("f.toml", SHIPPED, "ear_tubes_follow_up", 1, &other_baseline);
        assert!(report.publishable(), "a warning blocks nothing: {:?}", report.diagnostics);
        let at_rules: Vec<_> = report
            .placed_warnings
            .iter()
            .filter(|w| w.message.contains("the baseline questionnaire of pathway `ear_tubes`") && matches!(w.site, Site::Rule { .. }))
            .collect();
        // Two rules; the second compares twice and is told once.
        assert_eq!(at_rules.len(), 2, "{:?}", report.placed_warnings);
        assert_eq!(report.warnings.iter().filter(|w| w.message.contains("baseline questionnaire")).count(), 2, "listed once each");
        // The same mistake seen from the baseline's draft: it says what it
        // would break in the follow-up, at the questionnaire's details.
        let (_, report) = questionnaire_report("b.toml", &reweighted, "ear_tubes_baseline", 1, &neighbours);
        assert!(report.publishable(), "{:?}", report.diagnostics);
        let breaks: Vec<_> =
            report.placed_warnings.iter().filter(|w| matches!(w.site, Site::Questionnaire { .. })).map(|w| w.message.as_str()).collect();
        assert_eq!(breaks.len(), 2, "{breaks:?}");
        assert!(breaks[0].starts_with("questionnaire `ear_tubes_follow_up` compares with this one as its baseline; rule `"), "{breaks:?}");
        for b in &breaks {
            assert!(crate::engine::danish::untranslated(b).is_empty(), "no Danish for {b}");
        }
        // Against the shipped baseline: nothing to say.
        let (_, report) = questionnaire_report("f.toml", SHIPPED, "ear_tubes_follow_up", 1, &neighbours);
        assert!(!report.placed_warnings.iter().any(|w| w.message.contains("baseline")), "{:?}", report.placed_warnings);
    }

    /// An invisible character in an item's text is shown at that item.
    #[test]
    fn an_invisible_character_is_placed_at_its_item() {
        let pasted = SHIPPED.replacen(r#"en = "Ear pain""#, "en = \"Ear\u{200B} pain\"", 1);
        assert_ne!(pasted, SHIPPED, "the item text is in the file");
        let (q, report) = questionnaire_report("f.toml", &pasted, "ear_tubes_follow_up", 1, &Neighbours::default());
        let q = q.expect("reads");
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        let placed: Vec<_> = report.placed_warnings.iter().filter(|w| w.message.contains("zero-width space")).collect();
        assert_eq!(placed.len(), 1, "{:?}", report.placed_warnings);
        let Site::Item { item, .. } = placed[0].site else { panic!("{:?}", placed[0].site) };
        assert_eq!(q.items().nth(item).map(|i| i.id.as_str()), Some("ear_pain"));
    }

    /// A new version that asks an item differently cannot compare its
    /// first response with the last answer to the version in use: the
    /// editor says so at the rule, and it blocks nothing.
    #[test]
    fn a_new_version_that_changes_what_previous_reads_is_warned_at_the_rule() {
        const HEART: &str = include_str!("../../../questionnaires/heart-failure-home.toml");
        let in_use = compiled(HEART);
        let neighbours = Neighbours { others: Some(vec![in_use]), pathways: Vec::new() };
        let next = HEART.replacen("version = 1", "version = 2", 1);
        let (_, same) = questionnaire_report("h.toml", &next, "heart_failure_home", 2, &neighbours);
        let about_earlier = |w: &&ModelError| w.message.contains("previous answer") || w.message.contains("earlier answers");
        assert!(!same.placed_warnings.iter().any(|w| about_earlier(&w)), "{:?}", same.placed_warnings);
        let pounds = next.replacen(r#"unit = "kg""#, r#"unit = "pund""#, 1);
        assert_ne!(pounds, next);
        let (q, report) = questionnaire_report("h.toml", &pounds, "heart_failure_home", 2, &neighbours);
        assert!(report.publishable(), "{:?}", report.diagnostics);
        let q = q.expect("reads");
        // Each weight rule reads earlier weights: a warning beside each
        // place (the editor shows one per place).
        let at_rules: Vec<_> = report.placed_warnings.iter().filter(about_earlier).collect();
        // Five rules read earlier weights, two of them twice.
        assert_eq!(at_rules.len(), 7, "{:?}", report.placed_warnings);
        let Site::Rule { rule, .. } = at_rules[0].site else { panic!("{:?}", at_rules[0].site) };
        assert!(q.rules[rule].when.contains("lowest_within(weight, 3, 7)"));
        assert_eq!(
            at_rules[0].message,
            "rule `weight_gain` compares with earlier answers, but version 1, in use now, asks `weight` with other options, another scale or another unit: `lowest_within(weight, 3, 7)` is unknown until this version has been answered once"
        );
        assert!(crate::engine::danish::untranslated(&at_rules[0].message).is_empty());
    }
}
