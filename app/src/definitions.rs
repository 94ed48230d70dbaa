//! Which questionnaire and pathway a clinic uses: the shipped files (checked
//! at start-up) unless the clinic has published its own version in the
//! browser. Looks versions up by number, so a response or an invitation
//! always finds the version it was made with.
//!
//! Published versions never change, so a compiled version is cached for the
//! life of the process. Which version is the *newest* is read from the
//! database every time: another replica may have just published one.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use crate::domain::ClinicId;

use crate::authoring::{DefinitionKind, VersionStatus};
use crate::engine::load::{load, Document};
use crate::engine::{CheckReport, Compiled, Pathway, SourceFile};
use crate::ports::StoreError;
use crate::store::Store;

/// The version number of every shipped pathway (pathway files carry none);
/// a clinic's first own version is 2.
pub const SHIPPED_PATHWAY_VERSION: u32 = 1;

type Key = (ClinicId, String, u32);

pub struct Definitions {
    report: CheckReport,
    shipped_questionnaires: BTreeMap<String, Arc<Compiled>>,
    shipped_pathways: BTreeMap<String, Arc<Pathway>>,
    questionnaires: RwLock<HashMap<Key, Arc<Compiled>>>,
    pathways: RwLock<HashMap<Key, Arc<Pathway>>>,
}

impl std::fmt::Debug for Definitions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Definitions").field("shipped", &self.shipped_questionnaires.keys()).finish_non_exhaustive()
    }
}

/// Reads a stored version's source. It was checked when it was published,
/// so a failure here means the row was changed by hand.
pub fn parse_source(name: &str, source: &str) -> Option<Document> {
    load(&SourceFile::new(name, source)).document
}

impl Definitions {
    pub fn new(report: CheckReport) -> Definitions {
        let shipped_questionnaires = report.questionnaires.iter().map(|c| (c.questionnaire().id.clone(), Arc::new(c.clone()))).collect();
        let shipped_pathways = report.pathways.iter().map(|p| (p.id.clone(), Arc::new(p.clone()))).collect();
        Definitions { report, shipped_questionnaires, shipped_pathways, questionnaires: RwLock::default(), pathways: RwLock::default() }
    }

    /// The files shipped in `questionnaires/`, as checked at start-up.
    pub fn shipped(&self) -> &CheckReport {
        &self.report
    }

    pub fn shipped_questionnaire(&self, id: &str) -> Option<Arc<Compiled>> {
        self.shipped_questionnaires.get(id).cloned()
    }

    pub fn shipped_pathway(&self, id: &str) -> Option<Arc<Pathway>> {
        self.shipped_pathways.get(id).cloned()
    }

    /// A version already looked up, without touching the database (for the
    /// scheduler's synchronous mail rendering).
    pub fn cached_questionnaire(&self, clinic_id: ClinicId, id: &str, version: u32) -> Option<Arc<Compiled>> {
        let cache = self.questionnaires.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.get(&(clinic_id, id.to_owned(), version)).cloned()
    }

    /// The questionnaire `id` as the clinic uses it: `version`, or the
    /// newest published one when `None`.
    pub async fn questionnaire(
        &self,
        store: &dyn Store,
        clinic_id: ClinicId,
        id: &str,
        version: Option<u32>,
    ) -> Result<Option<Arc<Compiled>>, StoreError> {
        let version = match version {
            Some(v) => v,
            None => {
                let shipped = self.shipped_questionnaires.get(id).map(|c| c.questionnaire().version);
                // A clinic's own published version stays in use even when a
                // newer Svar ships a newer file: the clinic chose its rules.
                match (store.newest_published(clinic_id, DefinitionKind::Questionnaire, id).await?, shipped) {
                    (Some(own), _) => own,
                    (None, Some(s)) => s,
                    (None, None) => return Ok(None),
                }
            }
        };
        let key = (clinic_id, id.to_owned(), version);
        if let Some(hit) = self.cached_questionnaire(clinic_id, id, version) {
            return Ok(Some(hit));
        }
        let shipped = self.shipped_questionnaires.get(id);
        let found = match store.definition_version(clinic_id, DefinitionKind::Questionnaire, id, version).await? {
            Some(v) if v.status == VersionStatus::Published => match parse_source(id, &v.source).map(|d| match d {
                Document::Questionnaire(q) => Compiled::new(q).map_err(|_| ()),
                Document::Pathway(_) => Err(()),
            }) {
                Some(Ok(c)) => Arc::new(c),
                _ => {
                    // Checked when published: only a row changed by hand gets here.
                    tracing::error!(questionnaire = id, version, "a published version does not compile");
                    return Err(StoreError::Unavailable("a published questionnaire version does not compile".into()));
                }
            },
            // A draft is never asked for by a response or an invitation.
            Some(_) => return Ok(None),
            None => match shipped {
                Some(c) if c.questionnaire().version == version => c.clone(),
                Some(c) => {
                    // An invitation sent with a shipped version this Svar no
                    // longer ships: the shipped file in its place, so the
                    // parent can still answer (not cached: a guess).
                    tracing::warn!(questionnaire = id, version, shipped = c.questionnaire().version, "shipped version gone; using the current file");
                    return Ok(Some(c.clone()));
                }
                None => return Ok(None),
            },
        };
        let mut cache = self.questionnaires.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(Some(cache.entry(key).or_insert(found).clone()))
    }

    /// The pathway `id` as the clinic uses it now, with its version number.
    pub async fn pathway(&self, store: &dyn Store, clinic_id: ClinicId, id: &str) -> Result<Option<(u32, Arc<Pathway>)>, StoreError> {
        let Some(version) = store.newest_published(clinic_id, DefinitionKind::Pathway, id).await? else {
            return Ok(self.shipped_pathways.get(id).map(|p| (SHIPPED_PATHWAY_VERSION, p.clone())));
        };
        let key = (clinic_id, id.to_owned(), version);
        if let Some(hit) = self.pathways.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
            return Ok(Some((version, hit.clone())));
        }
        let Some(stored) = store.definition_version(clinic_id, DefinitionKind::Pathway, id, version).await? else {
            return Ok(None);
        };
        let Some(Document::Pathway(p)) = parse_source(id, &stored.source) else {
            // An error, not "no pathway": planning with none would drop
            // every planned invitation of its enrolments.
            tracing::error!(pathway = id, version, "a published pathway version does not read");
            return Err(StoreError::Unavailable("a published pathway version does not read".into()));
        };
        let mut cache = self.pathways.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        Ok(Some((version, cache.entry(key).or_insert(Arc::new(p)).clone())))
    }

    /// Every questionnaire the clinic can use, each in its newest version:
    /// the shipped ones and the clinic's own, by id.
    pub async fn questionnaires(&self, store: &dyn Store, clinic_id: ClinicId) -> Result<Vec<Arc<Compiled>>, StoreError> {
        let mut ids: Vec<String> = self.shipped_questionnaires.keys().cloned().collect();
        for v in store.definition_versions(clinic_id, DefinitionKind::Questionnaire, None).await? {
            if v.status == VersionStatus::Published && !ids.contains(&v.definition_id) {
                ids.push(v.definition_id);
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(c) = self.questionnaire(store, clinic_id, &id, None).await? {
                out.push(c);
            }
        }
        Ok(out)
    }

    /// Every pathway the clinic can enrol in, each in its newest version.
    pub async fn pathways(&self, store: &dyn Store, clinic_id: ClinicId) -> Result<Vec<(u32, Arc<Pathway>)>, StoreError> {
        let mut ids: Vec<String> = self.shipped_pathways.keys().cloned().collect();
        for v in store.definition_versions(clinic_id, DefinitionKind::Pathway, None).await? {
            if v.status == VersionStatus::Published && !ids.contains(&v.definition_id) {
                ids.push(v.definition_id);
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(p) = self.pathway(store, clinic_id, &id).await? {
                out.push(p);
            }
        }
        Ok(out)
    }

    /// The newest published version of every clinic's own questionnaires,
    /// by (clinic, id).
    pub async fn newest_everywhere(&self, store: &dyn Store) -> Result<HashMap<(ClinicId, String), Arc<Compiled>>, StoreError> {
        let mut out = HashMap::new();
        for (clinic, id, version) in store.newest_published_everywhere(DefinitionKind::Questionnaire).await? {
            if let Some(c) = self.questionnaire(store, clinic, &id, Some(version)).await? {
                out.insert((clinic, id), c);
            }
        }
        Ok(out)
    }
}
