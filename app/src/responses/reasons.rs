//! Why each flag was raised, in the words of the questionnaire version
//! that raised it, for the staff pages.

use std::collections::BTreeMap;
use std::sync::Arc;

use time_tz::Tz;

use crate::domain::ClinicId;

use super::ResponseRecord;
use crate::engine::Compiled;
use crate::ports::StoreError;
use crate::state::AppState;

/// Fills every flag's `reasons` from its `explanation`, reading each
/// questionnaire version once; the dates they name are counted from the
/// day the response came in on the clinic's calendar (`zone`), as the
/// rules count them.
pub async fn explain_flags(state: &AppState, clinic_id: ClinicId, zone: &Tz, responses: &mut [ResponseRecord]) -> Result<(), StoreError> {
    let mut versions: BTreeMap<(String, i64), Option<Arc<Compiled>>> = BTreeMap::new();
    for r in responses.iter_mut() {
        for f in &mut r.flags {
            let key = (r.questionnaire_id.clone(), f.questionnaire_version);
            if !versions.contains_key(&key) {
                let version = u32::try_from(f.questionnaire_version).ok();
                let q = state.definitions.questionnaire(state.store.as_ref(), clinic_id, &key.0, version).await?;
                versions.insert(key.clone(), q);
            }
            let q = versions.get(&key).and_then(|c| c.as_ref()).map(|c| c.questionnaire());
            let day = crate::schedule::zone::local_date(r.submitted_at, zone);
            f.reasons = f.explanation.iter().map(|e| crate::labels::reason(q, e, Some(day))).collect();
        }
    }
    Ok(())
}
