//! Export to a FHIR R4 `Questionnaire` (the subset Svar uses). Names map
//! one to one: page → item of type `group`, item `id` → `linkId`, options →
//! `answerOption` (with the weight as the `ordinalValue` extension),
//! `enable_when` → the SDC `enableWhenExpression` extension carrying the
//! rule text (language `text/x-svar-rule`), since FHIR's structured
//! `enableWhen` cannot express every rule.

use serde::{Deserialize, Serialize};

use super::model::{Item, ItemKind, Questionnaire};
use crate::Locale;

const ORDINAL: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const ENABLE_WHEN_EXPR: &str = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";
const UNIT: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
const MIN: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const MAX: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FhirQuestionnaire {
    pub resource_type: String,
    pub id: String,
    pub version: String,
    pub name: String,
    pub title: String,
    pub status: String,
    pub description: String,
    pub language: String,
    pub item: Vec<FhirItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FhirItem {
    pub link_id: String,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_option: Vec<FhirAnswerOption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<FhirExtension>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<FhirItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FhirAnswerOption {
    pub value_coding: FhirCoding,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<FhirExtension>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FhirCoding {
    pub code: String,
    pub display: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FhirExtension {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_decimal: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_integer: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_expression: Option<FhirExpression>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FhirExpression {
    pub language: String,
    pub expression: String,
}

fn ext(url: &str) -> FhirExtension {
    FhirExtension { url: url.into(), value_decimal: None, value_integer: None, value_string: None, value_expression: None }
}

fn enable_when(src: &Option<String>) -> Vec<FhirExtension> {
    src.iter()
        .map(|e| FhirExtension {
            value_expression: Some(FhirExpression { language: "text/x-svar-rule".into(), expression: e.clone() }),
            ..ext(ENABLE_WHEN_EXPR)
        })
        .collect()
}

fn item(i: &Item, lang: Locale) -> FhirItem {
    let mut extension = enable_when(&i.enable_when);
    let (kind, repeats, max_length) = match &i.kind {
        ItemKind::SingleChoice { .. } => ("choice", None, None),
        ItemKind::MultipleChoice { .. } => ("choice", Some(true), None),
        ItemKind::Scale { min, max, .. } => {
            extension.push(FhirExtension { value_integer: Some(i64::from(*min)), ..ext(MIN) });
            extension.push(FhirExtension { value_integer: Some(i64::from(*max)), ..ext(MAX) });
            ("integer", None, None)
        }
        ItemKind::Number { min, max, decimals, unit, .. } => {
            extension.push(FhirExtension { value_decimal: Some(*min), ..ext(MIN) });
            extension.push(FhirExtension { value_decimal: Some(*max), ..ext(MAX) });
            if let Some(u) = unit {
                extension.push(FhirExtension { value_string: Some(u.get(lang).to_string()), ..ext(UNIT) });
            }
            (if *decimals == 0 { "integer" } else { "decimal" }, None, None)
        }
        ItemKind::YesNo => ("boolean", None, None),
        ItemKind::Date => ("date", None, None),
        ItemKind::Text { max_length } => ("text", None, Some(*max_length)),
        ItemKind::Display => ("display", None, None),
    };
    FhirItem {
        link_id: i.id.clone(),
        text: i.text.get(lang).to_string(),
        kind: kind.into(),
        required: (i.kind != ItemKind::Display).then_some(i.required),
        repeats,
        max_length,
        answer_option: i
            .kind
            .options()
            .iter()
            .map(|o| FhirAnswerOption {
                value_coding: FhirCoding { code: o.value.clone(), display: o.text.get(lang).to_string() },
                extension: o.weight.iter().map(|w| FhirExtension { value_decimal: Some(*w), ..ext(ORDINAL) }).collect(),
            })
            .collect(),
        extension,
        item: Vec::new(),
    }
}

/// The questionnaire as a FHIR R4 `Questionnaire` in one language.
pub fn to_fhir(q: &Questionnaire, lang: Locale) -> FhirQuestionnaire {
    FhirQuestionnaire {
        resource_type: "Questionnaire".into(),
        id: q.id.replace('_', "-"),
        version: q.version.to_string(),
        name: q.id.clone(),
        title: q.title.get(lang).to_string(),
        status: "draft".into(),
        description: q.description.get(lang).to_string(),
        language: lang.as_str().into(),
        item: q
            .pages
            .iter()
            .map(|p| FhirItem {
                link_id: p.id.clone(),
                text: p.title.get(lang).to_string(),
                kind: "group".into(),
                required: None,
                repeats: None,
                max_length: None,
                answer_option: Vec::new(),
                extension: enable_when(&p.enable_when),
                item: p.items.iter().map(|i| item(i, lang)).collect(),
            })
            .collect(),
    }
}
