//! What the patient pages offer to choose from: pathways to enrol into,
//! questionnaires to enter a response to, and the entry form's data.

use serde::{Deserialize, Serialize};

/// A pathway admins can enrol into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathwayChoice {
    pub id: String,
    pub title_da: String,
    pub title_en: String,
}

/// What the staff entry page needs: the questionnaire, a fresh key that
/// makes a second submit of the same form harmless, and the invitations
/// the entry may answer (`entry_target`), with the one chosen unless staff
/// choose another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryFormData {
    pub questionnaire: crate::engine::Questionnaire,
    pub submission_key: String,
    pub targets: Vec<crate::schedule::InvitationRecord>,
    pub default_target: Option<crate::domain::InvitationId>,
}

/// A questionnaire staff can enter a response to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionnaireChoice {
    pub id: String,
    pub title_da: String,
    pub title_en: String,
}
