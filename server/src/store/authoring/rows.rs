//! Rows as the databases return them, and their conversion into domain
//! values. A row that does not parse (edited by hand, say) is reported as a
//! storage fault rather than shown half-valid.

use app::ports::StoreError;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Debug, sqlx::FromRow)]
pub struct VersionRow {
    pub id: Uuid,
    pub kind: String,
    pub definition_id: String,
    pub version: i64,
    pub status: String,
    pub source: String,
    pub revision: i64,
    pub based_on: Option<i64>,
    pub created_by_name: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub published_by_name: Option<String>,
    pub published_at: Option<OffsetDateTime>,
}

impl TryFrom<VersionRow> for app::authoring::DefinitionVersion {
    type Error = StoreError;

    fn try_from(row: VersionRow) -> Result<Self, Self::Error> {
        let number = |n: i64| u32::try_from(n).map_err(|_| crate::store::unavailable(crate::store::BadValue("version")));
        Ok(app::authoring::DefinitionVersion {
            id: row.id,
            kind: app::authoring::DefinitionKind::parse(&row.kind)
                .ok_or_else(|| crate::store::unavailable(crate::store::BadValue("definition kind")))?,
            definition_id: row.definition_id,
            version: number(row.version)?,
            status: app::authoring::VersionStatus::parse(&row.status)
                .ok_or_else(|| crate::store::unavailable(crate::store::BadValue("version status")))?,
            source: row.source,
            revision: row.revision,
            based_on: row.based_on.map(number).transpose()?,
            created_by_name: row.created_by_name,
            created_at: row.created_at,
            updated_at: row.updated_at,
            published_by_name: row.published_by_name,
            published_at: row.published_at,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub struct PastRecordRow {
    pub patient_id: app::domain::PatientId,
    pub patient_name: String,
    #[sqlx(flatten)]
    pub response: crate::store::responses::rows::ResponseRow,
}

#[derive(Debug, sqlx::FromRow)]
pub struct MailTextRow {
    pub kind: String,
    pub language: String,
    pub subject: String,
    pub body: String,
}

impl TryFrom<MailTextRow> for app::authoring::MailText {
    type Error = StoreError;

    fn try_from(row: MailTextRow) -> Result<Self, Self::Error> {
        Ok(app::authoring::MailText {
            kind: app::authoring::MailKind::parse(&row.kind).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("mail kind")))?,
            language: app::i18n::Locale::parse(&row.language).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("language")))?,
            subject: row.subject,
            body: row.body,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SmsTextRow {
    pub kind: String,
    pub language: String,
    pub body: String,
}

impl TryFrom<SmsTextRow> for app::authoring::SmsText {
    type Error = StoreError;

    fn try_from(row: SmsTextRow) -> Result<Self, Self::Error> {
        Ok(app::authoring::SmsText {
            kind: app::authoring::MailKind::parse(&row.kind).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("sms kind")))?,
            language: app::i18n::Locale::parse(&row.language).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("language")))?,
            body: row.body,
        })
    }
}
