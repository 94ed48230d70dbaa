//! Likely duplicates within one file.

use std::collections::HashMap;

use super::PreviewRow;
use crate::domain::form_error::FieldError;
use crate::i18n::{t, Locale};
use crate::patients::patient::field;

/// Adds a problem to each row that is a likely duplicate of an earlier row,
/// naming the earlier row's line. Same rule as
/// [`crate::patients::patient::DuplicateKeys::is_likely_duplicate_of`], with maps
/// instead of comparing every pair.
pub(super) fn mark_duplicates(rows: &mut [PreviewRow]) {
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_name_any: HashMap<String, usize> = HashMap::new();
    let mut by_name_without_id: HashMap<String, usize> = HashMap::new();
    for row in rows.iter_mut() {
        let Some(enrolment) = &row.enrolment else {
            continue;
        };
        let keys = enrolment.patient.duplicate_keys();
        let name = keys.name_and_birth;
        let earlier = match &keys.national_id {
            Some(id) => {
                let by_id_hit = by_id.get(id).map(|l| (*l, true));
                let by_name_hit = by_name_without_id.get(&name).map(|l| (*l, false));
                let hit = by_id_hit.into_iter().chain(by_name_hit).min_by_key(|(l, _)| *l);
                by_id.entry(id.clone()).or_insert(row.line);
                hit
            }
            None => {
                let hit = by_name_any.get(&name).map(|l| (*l, false));
                by_name_without_id.entry(name.clone()).or_insert(row.line);
                hit
            }
        };
        by_name_any.entry(name).or_insert(row.line);
        if let Some((line, same_id)) = earlier {
            let (field, why) =
                if same_id { (field::NATIONAL_ID, t::patients::SAME_ID_NUMBER) } else { (field::NAME, t::patients::SAME_NAME_AND_BIRTH) };
            let message = |locale: Locale| t::patients::SAME_PATIENT_AS_LINE.fill(locale, &[("line", &line), ("why", &why.get(locale))]);
            row.problems.push(FieldError::new(field, message(Locale::Da), message(Locale::En)));
        }
    }
}
