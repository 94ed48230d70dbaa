//! The questionnaire model: what a clinic describes in a TOML file or in the
//! admin editor. Plain data, serializable, no behaviour beyond look-ups;
//! [`crate::compile`] checks it and turns it into something that can
//! evaluate responses.
//!
//! Names follow FHIR R4 `Questionnaire` where there is a counterpart:
//! `id` ↔ `linkId`, `enable_when` ↔ `enableWhen`, `options` ↔ `answerOption`,
//! `pages` ↔ items of type `group`, `required` ↔ `required`, `help` ↔ a
//! `display` child with `itemControl = help`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answers::AnswerValue;
use super::text::LangText;

/// Who answers the questionnaire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    /// The patient answers for themself.
    Patient,
    /// Someone answers on the patient's behalf, e.g. a parent for a child.
    Proxy,
}

impl Respondent {
    /// The name used in TOML and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Respondent::Patient => "patient",
            Respondent::Proxy => "proxy",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// `[a-z][a-z0-9_]*`, unique across all questionnaires.
    pub id: String,
    /// Integer version; a published version is immutable.
    pub version: u32,
    pub title: LangText,
    pub description: LangText,
    pub respondent: Respondent,
    /// Where the content comes from and under which terms; for shipped files
    /// this says it is an example for the clinic's specialists to review.
    pub source: LangText,
    /// A `yes_no` item meaning "do you want us to contact you?"; a yes always
    /// raises a [`crate::rules::eval::FlagLevel::Contact`] flag.
    pub contact_item: Option<String>,
    pub pages: Vec<Page>,
    pub scores: Vec<Score>,
    pub rules: Vec<FlagRule>,
    pub tests: Vec<RuleTest>,
}

impl Questionnaire {
    /// All items in document order (the order used for item indices).
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.pages.iter().flat_map(|p| p.items.iter())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().find(|i| i.id == id)
    }

    /// The questionnaire as the respondent's page needs it: pages, items,
    /// conditions and scores (a condition may use a score), without the
    /// clinic's flag rules and their tests. Rules are evaluated on the
    /// server when the answers are submitted; in the page they were the
    /// larger part of what was serialised for hydration, compiled again on
    /// every render, and readable in the page source by the respondent.
    /// The questionnaire with [`OUT_OF_HOURS`] in every text a respondent
    /// reads (description, page titles, questions, help, display texts)
    /// replaced by the clinic's number.
    pub fn with_out_of_hours(mut self, phone: &str) -> Questionnaire {
        self.description = self.description.with_out_of_hours(phone);
        for page in &mut self.pages {
            page.title = page.title.with_out_of_hours(phone);
            for item in &mut page.items {
                item.text = item.text.with_out_of_hours(phone);
                item.help = item.help.as_ref().map(|h| h.with_out_of_hours(phone));
            }
        }
        self
    }

    pub fn for_respondent(&self) -> Questionnaire {
        Questionnaire {
            id: self.id.clone(),
            version: self.version,
            title: self.title.clone(),
            description: self.description.clone(),
            respondent: self.respondent,
            source: self.source.clone(),
            contact_item: self.contact_item.clone(),
            pages: self.pages.clone(),
            scores: self.scores.clone(),
            rules: Vec::new(),
            tests: Vec::new(),
        }
    }
}

/// A page (FHIR: an item of type `group`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub id: String,
    pub title: LangText,
    /// Shows the whole page only when this is definitely true.
    pub enable_when: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// FHIR `linkId`: `[a-z][a-z0-9_]*`, unique within the questionnaire.
    pub id: String,
    pub text: LangText,
    pub help: Option<LangText>,
    pub required: bool,
    /// A rule-language condition; the item is shown only when it is
    /// definitely true (unknown hides the item).
    pub enable_when: Option<String>,
    #[serde(flatten)]
    pub kind: ItemKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ItemKind {
    SingleChoice {
        options: Vec<AnswerOption>,
    },
    MultipleChoice {
        options: Vec<AnswerOption>,
    },
    /// Whole numbers from `min` to `max`, with labelled ends.
    Scale {
        min: i32,
        max: i32,
        min_label: LangText,
        max_label: LangText,
    },
    /// A number from `min` to `max` (a hard limit: anything else is
    /// refused). A value outside `expected_min`..`expected_max` is
    /// possible but unusual (a typo, most often), so the respondent is
    /// asked to confirm it before it is accepted.
    Number {
        unit: Option<LangText>,
        min: f64,
        max: f64,
        decimals: u8,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_min: Option<f64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_max: Option<f64>,
    },
    YesNo,
    Date,
    Text {
        max_length: u32,
    },
    /// Text to read; never answered.
    Display,
}

impl ItemKind {
    /// The name used in TOML (`type = "..."`) and in messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            ItemKind::SingleChoice { .. } => "single_choice",
            ItemKind::MultipleChoice { .. } => "multiple_choice",
            ItemKind::Scale { .. } => "scale",
            ItemKind::Number { .. } => "number",
            ItemKind::YesNo => "yes_no",
            ItemKind::Date => "date",
            ItemKind::Text { .. } => "text",
            ItemKind::Display => "display",
        }
    }

    pub fn options(&self) -> &[AnswerOption] {
        match self {
            ItemKind::SingleChoice { options } | ItemKind::MultipleChoice { options } => options,
            _ => &[],
        }
    }
}

/// FHIR `answerOption`: a code and its texts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerOption {
    /// `[a-z0-9_]+`; what is stored and what rules compare with.
    pub value: String,
    pub text: LangText,
    /// Points for scoring (FHIR `ordinalValue`).
    pub weight: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    Sum,
    Mean,
    /// Computed by `expr`.
    Expr,
}

impl ScoreKind {
    /// The name used in TOML and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ScoreKind::Sum => "sum",
            ScoreKind::Mean => "mean",
            ScoreKind::Expr => "expr",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub id: String,
    pub text: LangText,
    pub kind: ScoreKind,
    /// For `sum` and `mean`.
    pub items: Vec<ScoreItem>,
    /// Fewer answered (visible) items than this gives no score. Defaults to
    /// all of `items`.
    pub min_answered: Option<u32>,
    /// For `expr`: a number-valued rule expression; may use scores defined
    /// above this one.
    pub expr: Option<String>,
    /// Cut-offs drawn on the score's charts: named ranges, lowest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<ScoreBand>,
}

/// A named range of a score (`from` up to `to`), e.g. "many problems" from
/// 12 to 24, shaded on charts so a clinician reads a value against it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreBand {
    pub from: f64,
    pub to: f64,
    pub label: LangText,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreItem {
    pub id: String,
    /// Scale: `min + max - value`; choice/yes-no: `min weight + max weight - weight`.
    pub reverse: bool,
}

/// Levels a flag rule can have; `contact` is raised by the contact item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleLevel {
    /// The patient should be seen.
    Red,
    /// The clinic should call.
    Yellow,
}

impl RuleLevel {
    /// The name used in TOML and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Red => "red",
            RuleLevel::Yellow => "yellow",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlagRule {
    pub id: String,
    pub level: RuleLevel,
    /// Fires when this is definitely true.
    pub when: String,
    /// For the clinician.
    pub message: LangText,
    /// For the respondent, shown on the receipt the moment the rule fires
    /// (the worklist is read in opening hours), e.g. "Call the clinic today;
    /// outside opening hours call 1813". Addressed to whoever answers.
    pub advice: Option<LangText>,
    /// Why the rule is there and why its threshold is where it is, for the
    /// clinicians who decide on its flags and the admins who change it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<LangText>,
}

/// An example response with the flags and scores it must produce, kept
/// beside the definitions and run by `check`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleTest {
    pub name: String,
    pub answers: BTreeMap<String, AnswerValue>,
    pub previous: Option<TestHistory>,
    pub baseline: Option<TestHistory>,
    /// Several earlier responses with their days (`days_ago` required), in
    /// any order; the newest is the previous one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<TestHistory>,
    /// How many days before this response the enrolment's index event
    /// (the operation) was, for `days_since_index()`; none: unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_days_ago: Option<i64>,
    /// Exactly these flags (rule ids, or `contact`) must fire.
    pub expect_flags: Vec<String>,
    /// These scores must have these values (`None`: no score).
    pub expect_scores: BTreeMap<String, Option<f64>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestHistory {
    pub answers: BTreeMap<String, AnswerValue>,
    /// Scores of that response; computed from `answers` with this
    /// questionnaire's definitions when not given.
    pub scores: Option<BTreeMap<String, f64>>,
    /// How many days before the current response it was given.
    pub days_ago: Option<i64>,
}

/// What rule advice writes where the clinic's out-of-hours number belongs
/// (1813 in the Capital Region, another number in each other region): the
/// receipt fills it in from the clinic's region.
pub const OUT_OF_HOURS: &str = "{out_of_hours}";

/// The placeholders (`{` a name in `a-z` and `_` `}`) in `text` other
/// than [`OUT_OF_HOURS`], each once.
pub fn unknown_placeholders(text: &LangText) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for lang in [&text.da, &text.en] {
        let mut rest = lang.as_str();
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else { break };
            let found = &rest[open..=open + len];
            let name = &found[1..found.len() - 1];
            let placeholder = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if placeholder && found != OUT_OF_HOURS && !out.iter().any(|o| o == found) {
                out.push(found.to_owned());
            }
            rest = &rest[open + 1..];
        }
    }
    out
}

impl LangText {
    /// The text with [`OUT_OF_HOURS`] replaced by `phone`.
    pub fn with_out_of_hours(&self, phone: &str) -> LangText {
        LangText::new(self.da.replace(OUT_OF_HOURS, phone), self.en.replace(OUT_OF_HOURS, phone))
    }
}

#[cfg(test)]
mod placeholder_tests {
    use super::*;

    #[test]
    fn only_the_out_of_hours_number_is_filled_in() {
        let advice = LangText::new("Ring {out_of_hours} eller 112.", "Call {out_of_hours} or 112.");
        assert!(unknown_placeholders(&advice).is_empty());
        assert_eq!(advice.with_out_of_hours("70 11 31 31").da, "Ring 70 11 31 31 eller 112.");
        assert_eq!(advice.with_out_of_hours("1813").en, "Call 1813 or 112.");
        let typo = LangText::new("Ring {out_of_hour}.", "Call {phone} or {out_of_hour}.");
        assert_eq!(unknown_placeholders(&typo), ["{out_of_hour}", "{phone}"]);
        // Braces that are not a placeholder's are text.
        assert!(unknown_placeholders(&LangText::new("Svar {ja/nej} eller { }", "{A}")).is_empty());
        let mut q = Questionnaire {
            id: "q".into(),
            version: 1,
            title: LangText::new("T", "T"),
            description: LangText::new("Ring {out_of_hours}.", "Call {out_of_hours}."),
            respondent: Respondent::Proxy,
            source: LangText::new("S", "S"),
            contact_item: None,
            pages: vec![],
            scores: vec![],
            rules: vec![],
            tests: vec![],
        };
        q = q.with_out_of_hours("70 11 31 31");
        assert_eq!(q.description.da, "Ring 70 11 31 31.");
    }
}
