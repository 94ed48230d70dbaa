//! The worklist over `worklist_entries` (one row per entry, kept in step with flags, contact requests, no-response items and decisions): pages, an entry, decisions and assignment.

pub(crate) mod rows;
pub(crate) mod sql;

use super::db::{Db, Statement};
use super::SqlStore;

#[async_trait::async_trait]
impl app::worklist::port::WorklistStore for SqlStore {
    async fn worklist(
        &self,
        clinic_id: app::domain::ClinicId,
        staff_id: app::domain::StaffId,
        filter: &app::worklist::WorklistFilter,
    ) -> Result<app::worklist::types::WorklistPage, app::ports::StoreError> {
        use app::worklist::{Urgency, WORKLIST_PAGE};
        let status = if filter.closed { "closed" } else { "open" };
        let limit = i64::from(WORKLIST_PAGE);
        let (status, rank, mine) = (status, filter.urgency.map(Urgency::rank), filter.mine.then_some(staff_id));
        let offset = limit * i64::from(filter.page);
        // The page and its reasons take the same filter.
        let page = |statement: &Statement| {
            statement
                .bind(clinic_id)
                .bind(status)
                .bind(rank)
                .bind(filter.questionnaire.as_deref())
                .bind(filter.pathway.as_deref())
                .bind(mine)
                .bind(limit + 1)
                .bind(offset)
        };
        let rows = page(&sql::WORKLIST_PAGE).fetch_all::<rows::WorklistRow>(&self.db).await?;
        let reasons: Vec<(uuid::Uuid, String, String)> = page(&sql::WORKLIST_PAGE_REASONS).fetch_all(&self.db).await?;
        let has_more = rows.len() as i64 > limit;
        let mut entries = Vec::with_capacity(rows.len());
        for row in rows.into_iter().take(limit as usize) {
            let mut entry: app::worklist::WorklistEntry = row.try_into()?;
            entry.reasons = reasons.iter().filter(|(id, _, _)| *id == entry.id).map(|(_, da, en)| (da.clone(), en.clone())).collect();
            entries.push(entry);
        }
        let counts: Vec<(i64, i64)> = sql::WORKLIST_COUNTS.bind(clinic_id).fetch_all(&self.db).await?;
        Ok(app::worklist::types::WorklistPage {
            now: None,
            entries,
            counts: counts.into_iter().filter_map(|(rank, n)| Some((Urgency::from_rank(rank)?, n))).collect(),
            has_more,
            questionnaires: Vec::new(),
            pathways: Vec::new(),
        })
    }

    async fn worklist_entry(
        &self,
        clinic_id: app::domain::ClinicId,
        kind: app::worklist::EntryKind,
        id: uuid::Uuid,
    ) -> Result<Option<app::worklist::port::EntryFacts>, app::ports::StoreError> {
        let Some(row) = sql::WORKLIST_ENTRY.bind(clinic_id).bind(id).fetch_optional::<rows::WorklistRow>(&self.db).await? else {
            return Ok(None);
        };
        let mut entry: app::worklist::WorklistEntry = row.try_into()?;
        if entry.kind != kind {
            return Ok(None);
        }
        entry.reasons = reasons(&self.db, &entry).await?;
        let respondent: Option<(String, String)> = sql::ENTRY_RESPONDENT.bind(clinic_id).bind(id).fetch_optional(&self.db).await?;
        let decision =
            sql::DECISION.bind(clinic_id).bind(id).fetch_optional::<rows::DecisionRow>(&self.db).await?.map(TryInto::try_into).transpose()?;
        let recipients = sql::ENTRY_RECIPIENTS
            .bind(clinic_id)
            .bind(id)
            .fetch_all::<crate::store::schedule::rows::RecipientRow>(&self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<Vec<_>, _>>()?;
        let clinic_name: String = sql::CLINIC_NAME.bind(clinic_id).scalar_one(&self.db).await?;
        let response_id = (kind == app::worklist::EntryKind::Response).then_some(app::domain::ResponseId::from(id));
        let unsent = if kind == app::worklist::EntryKind::NoResponse {
            type Row = (String, String, String, String, String, i64);
            let rows: Vec<Row> = sql::UNSENT_FLAGS.bind(id).fetch_all(&self.db).await?;
            rows.into_iter()
                .map(|(rule_id, level, message_da, message_en, explanation, questionnaire_version)| {
                    Ok(app::responses::FlagRecord {
                        id,
                        rule_id,
                        level,
                        message_da,
                        message_en,
                        explanation: serde_json::from_str(&explanation).map_err(crate::store::unavailable)?,
                        questionnaire_version,
                        status: "open".to_owned(),
                        reasons: Vec::new(),
                    })
                })
                .collect::<Result<Vec<_>, app::ports::StoreError>>()?
        } else {
            Vec::new()
        };
        Ok(Some(app::worklist::port::EntryFacts { entry, response_id, respondent, decision, recipients, clinic_name, unsent }))
    }

    async fn decide(
        &self,
        clinic_id: app::domain::ClinicId,
        d: &app::worklist::NewDecision,
        messages: &[app::ports::OutgoingMail],
        audit: &app::domain::NewAuditEntry,
    ) -> Result<app::domain::PatientId, app::ports::StoreError> {
        use app::ports::StoreError;
        use app::worklist::EntryKind;
        let mut tx = self.db.begin_write().await?;
        let (patient_sql, close_sql) = match d.kind {
            EntryKind::Response => (sql::RESPONSE_PATIENT, sql::CLOSE_FLAGS),
            _ => (sql::ITEM_PATIENT, sql::CLOSE_ITEM),
        };
        let patient_id: app::domain::PatientId =
            patient_sql.bind(clinic_id).bind(d.id).scalar_optional(&mut tx).await?.ok_or(StoreError::NotFound)?;
        let closed = close_sql.bind(clinic_id).bind(d.id).execute(&mut tx).await?;
        if closed == 0 {
            return Err(StoreError::Conflict { field: "decision" });
        }
        sql::CLOSE_ENTRY.bind(clinic_id).bind(d.id).execute(&mut tx).await?;
        let decision_id = uuid::Uuid::new_v4();
        let (response_id, item_id) = match d.kind {
            EntryKind::Response => (Some(d.id), None),
            _ => (None, Some(d.id)),
        };
        sql::INSERT_DECISION
            .query()
            .unique("decision")
            .bind(decision_id)
            .bind(clinic_id)
            .bind(patient_id)
            .bind(response_id)
            .bind(item_id)
            .bind(d.outcome.as_str())
            .bind(&d.note)
            .bind(d.message_sent)
            .bind(d.decided_by)
            .bind(d.now)
            .execute(&mut tx)
            .await?;
        sql::DELETE_ASSIGNMENT.bind(d.id).bind(clinic_id).execute(&mut tx).await?;
        for (n, mail) in messages.iter().enumerate() {
            crate::store::schedule::insert_outbox(&mut tx, &format!("decision:{decision_id}:{n}"), clinic_id, mail, d.now).await?;
        }
        crate::store::audit::insert_audit(&mut tx, audit, Some(patient_id), None, d.now).await?;
        tx.commit().await?;
        Ok(patient_id)
    }

    async fn assign(
        &self,
        clinic_id: app::domain::ClinicId,
        entry_id: uuid::Uuid,
        staff_id: Option<app::domain::StaffId>,
        by: app::domain::StaffId,
        now: time::OffsetDateTime,
        audit: &app::domain::NewAuditEntry,
    ) -> Result<(), app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let open: i64 = sql::OPEN_ENTRY_IN_CLINIC.bind(clinic_id).bind(entry_id).scalar_one(&mut tx).await?;
        if open == 0 {
            return Err(app::ports::StoreError::NotFound);
        }
        match staff_id {
            Some(staff_id) => {
                let members: i64 = sql::IS_MEMBER.bind(clinic_id).bind(staff_id).scalar_one(&mut tx).await?;
                if members == 0 {
                    return Err(app::ports::StoreError::NotFound);
                }
                sql::UPSERT_ASSIGNMENT.bind(entry_id).bind(clinic_id).bind(staff_id).bind(by).bind(now).execute(&mut tx).await?;
            }
            None => {
                sql::DELETE_ASSIGNMENT.bind(entry_id).bind(clinic_id).execute(&mut tx).await?;
            }
        }
        crate::store::audit::insert_audit(&mut tx, audit, None, None, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The flags' messages of a response entry, most urgent first.
async fn reasons(db: &Db, entry: &app::worklist::WorklistEntry) -> Result<Vec<(String, String)>, app::ports::StoreError> {
    let statement: &Statement = match entry.kind {
        app::worklist::EntryKind::Response => &sql::FLAG_REASONS,
        app::worklist::EntryKind::NoResponse => &sql::UNSENT_REASONS,
        app::worklist::EntryKind::ContactRequest => return Ok(Vec::new()),
    };
    statement.bind(entry.id).fetch_all(db).await
}
