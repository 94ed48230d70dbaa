//! The worklist's storage, written once for both backends (like
//! `clinic/mod.rs`).

pub(crate) mod rows;
pub(crate) mod sql;

macro_rules! impl_worklist_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl app::ports::WorklistStore for $store {
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
                let rows = sqlx::query_as::<_, $crate::store::worklist::rows::WorklistRow>(&$crate::store::worklist::sql::worklist_page())
                    .bind(clinic_id)
                    .bind(status)
                    .bind(rank)
                    .bind(filter.questionnaire.as_deref())
                    .bind(filter.pathway.as_deref())
                    .bind(mine)
                    .bind(limit + 1)
                    .bind(offset)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let reasons: Vec<(uuid::Uuid, String, String)> = sqlx::query_as(&$crate::store::worklist::sql::worklist_page_reasons())
                    .bind(clinic_id)
                    .bind(status)
                    .bind(rank)
                    .bind(filter.questionnaire.as_deref())
                    .bind(filter.pathway.as_deref())
                    .bind(mine)
                    .bind(limit + 1)
                    .bind(offset)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let has_more = rows.len() as i64 > limit;
                let mut entries = Vec::with_capacity(rows.len());
                for row in rows.into_iter().take(limit as usize) {
                    let mut entry: app::worklist::WorklistEntry = row.try_into()?;
                    entry.reasons = reasons.iter().filter(|(id, _, _)| *id == entry.id).map(|(_, da, en)| (da.clone(), en.clone())).collect();
                    entries.push(entry);
                }
                let counts: Vec<(i64, i64)> = sqlx::query_as($crate::store::worklist::sql::WORKLIST_COUNTS)
                    .bind(clinic_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
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
            ) -> Result<Option<app::ports::EntryFacts>, app::ports::StoreError> {
                let Some(row) = sqlx::query_as::<_, $crate::store::worklist::rows::WorklistRow>(&$crate::store::worklist::sql::worklist_entry())
                    .bind(clinic_id)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                else {
                    return Ok(None);
                };
                let mut entry: app::worklist::WorklistEntry = row.try_into()?;
                if entry.kind != kind {
                    return Ok(None);
                }
                entry.reasons = self.reasons(&entry).await?;
                let respondent: Option<(String, String)> = sqlx::query_as($crate::store::worklist::sql::ENTRY_RESPONDENT)
                    .bind(clinic_id)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let decision = sqlx::query_as::<_, $crate::store::worklist::rows::DecisionRow>($crate::store::worklist::sql::DECISION)
                    .bind(clinic_id)
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .map(TryInto::try_into)
                    .transpose()?;
                let recipients = sqlx::query_as::<_, $crate::store::journey::rows::RecipientRow>($crate::store::worklist::sql::ENTRY_RECIPIENTS)
                    .bind(clinic_id)
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .into_iter()
                    .map(TryInto::try_into)
                    .collect::<Result<Vec<_>, _>>()?;
                let clinic_name: String = sqlx::query_scalar($crate::store::worklist::sql::CLINIC_NAME)
                    .bind(clinic_id)
                    .fetch_one(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let response_id = (kind == app::worklist::EntryKind::Response).then_some(app::domain::ResponseId::from(id));
                let unsent = if kind == app::worklist::EntryKind::NoResponse {
                    type Row = (String, String, String, String, String, i64);
                    let rows: Vec<Row> = sqlx::query_as(&$crate::store::worklist::sql::UNSENT_FLAGS)
                        .bind(id)
                        .fetch_all(&self.pool)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                    rows.into_iter()
                        .map(|(rule_id, level, message_da, message_en, explanation, questionnaire_version)| {
                            Ok(app::responses::FlagRecord {
                                id,
                                rule_id,
                                level,
                                message_da,
                                message_en,
                                explanation: serde_json::from_str(&explanation).map_err($crate::store::unavailable)?,
                                questionnaire_version,
                                status: "open".to_owned(),
                                reasons: Vec::new(),
                            })
                        })
                        .collect::<Result<Vec<_>, app::ports::StoreError>>()?
                } else {
                    Vec::new()
                };
                Ok(Some(app::ports::EntryFacts { entry, response_id, respondent, decision, recipients, clinic_name, unsent }))
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
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let (patient_sql, close_sql) = match d.kind {
                    EntryKind::Response => ($crate::store::worklist::sql::RESPONSE_PATIENT, $crate::store::worklist::sql::CLOSE_FLAGS),
                    _ => ($crate::store::worklist::sql::ITEM_PATIENT, $crate::store::worklist::sql::CLOSE_ITEM),
                };
                let patient_id: app::domain::PatientId = sqlx::query_scalar(patient_sql)
                    .bind(clinic_id)
                    .bind(d.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?
                    .ok_or(StoreError::NotFound)?;
                let closed =
                    sqlx::query(close_sql).bind(clinic_id).bind(d.id).execute(&mut *tx).await.map_err(|e| $crate::store::store_error(e, None))?;
                if closed.rows_affected() == 0 {
                    return Err(StoreError::Conflict { field: "decision" });
                }
                sqlx::query($crate::store::worklist::sql::CLOSE_ENTRY)
                    .bind(clinic_id)
                    .bind(d.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                let decision_id = uuid::Uuid::new_v4();
                let (response_id, item_id) = match d.kind {
                    EntryKind::Response => (Some(d.id), None),
                    _ => (None, Some(d.id)),
                };
                sqlx::query($crate::store::worklist::sql::INSERT_DECISION)
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
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, Some("decision")))?;
                sqlx::query($crate::store::worklist::sql::DELETE_ASSIGNMENT)
                    .bind(d.id)
                    .bind(clinic_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                for (n, mail) in messages.iter().enumerate() {
                    Self::insert_outbox(&mut tx, &format!("decision:{decision_id}:{n}"), clinic_id, mail, d.now)
                        .await
                        .map_err(|e| $crate::store::store_error(e, None))?;
                }
                Self::insert_audit(&mut *tx, audit, Some(patient_id), None, d.now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(patient_id)
            }

            async fn overview(&self, clinic_id: Option<app::domain::ClinicId>) -> Result<Vec<app::overview::OverviewRow>, app::ports::StoreError> {
                let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as($crate::store::worklist::sql::OVERVIEW)
                    .bind(clinic_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(rows
                    .into_iter()
                    .map(|(questionnaire_id, timepoint, sent, answered, flagged)| app::overview::OverviewRow {
                        questionnaire_id,
                        timepoint,
                        sent,
                        answered,
                        flagged,
                    })
                    .collect())
            }

            async fn score_months(&self, clinic_id: Option<app::domain::ClinicId>) -> Result<Vec<app::overview::ScoreMonth>, app::ports::StoreError> {
                let rows: Vec<(String, String, String, i64, f64, f64, f64)> = sqlx::query_as(Self::SCORE_MONTHS)
                    .bind(clinic_id)
                    .fetch_all(&self.pool)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                Ok(rows
                    .into_iter()
                    .map(|(questionnaire_id, month, score, responses, mean, min, max)| app::overview::ScoreMonth {
                        questionnaire_id,
                        score,
                        month,
                        responses,
                        mean,
                        min,
                        max,
                    })
                    .collect())
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
                let mut tx = self.begin_write().await.map_err(|e| $crate::store::store_error(e, None))?;
                let open: i64 = sqlx::query_scalar($crate::store::worklist::sql::OPEN_ENTRY_IN_CLINIC)
                    .bind(clinic_id)
                    .bind(entry_id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| $crate::store::store_error(e, None))?;
                if open == 0 {
                    return Err(app::ports::StoreError::NotFound);
                }
                match staff_id {
                    Some(staff_id) => {
                        let members: i64 = sqlx::query_scalar($crate::store::worklist::sql::IS_MEMBER)
                            .bind(clinic_id)
                            .bind(staff_id)
                            .fetch_one(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                        if members == 0 {
                            return Err(app::ports::StoreError::NotFound);
                        }
                        sqlx::query($crate::store::worklist::sql::UPSERT_ASSIGNMENT)
                            .bind(entry_id)
                            .bind(clinic_id)
                            .bind(staff_id)
                            .bind(by)
                            .bind(now)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                    }
                    None => {
                        sqlx::query($crate::store::worklist::sql::DELETE_ASSIGNMENT)
                            .bind(entry_id)
                            .bind(clinic_id)
                            .execute(&mut *tx)
                            .await
                            .map_err(|e| $crate::store::store_error(e, None))?;
                    }
                }
                Self::insert_audit(&mut *tx, audit, None, None, now).await.map_err(|e| $crate::store::store_error(e, None))?;
                tx.commit().await.map_err(|e| $crate::store::store_error(e, None))?;
                Ok(())
            }
        }

        impl $store {
            /// The flags' messages of a response entry, most urgent first.
            async fn reasons(&self, entry: &app::worklist::WorklistEntry) -> Result<Vec<(String, String)>, app::ports::StoreError> {
                let sql: &str = match entry.kind {
                    app::worklist::EntryKind::Response => &$crate::store::worklist::sql::FLAG_REASONS,
                    app::worklist::EntryKind::NoResponse => &$crate::store::worklist::sql::UNSENT_REASONS,
                    app::worklist::EntryKind::ContactRequest => return Ok(Vec::new()),
                };
                sqlx::query_as(sql).bind(entry.id).fetch_all(&self.pool).await.map_err(|e| $crate::store::store_error(e, None))
            }
        }
    };
}

pub(crate) use impl_worklist_store;
