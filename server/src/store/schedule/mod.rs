//! The scheduler's storage: planning invitations, running due jobs, the mail outbox and clean-up.

pub(crate) mod rows;
pub(crate) mod sql;

use super::db::Tx;
use super::SqlStore;

#[async_trait::async_trait]
impl app::schedule::port::ScheduleStore for SqlStore {
    async fn watched_series(&self) -> Result<Vec<app::schedule::missed_reports::WatchedSeries>, app::ports::StoreError> {
        sql::WATCHED_SERIES
            .query()
            .fetch_all::<rows::WatchedSeriesRow>(&self.db)
            .await?
            .into_iter()
            .map(rows::WatchedSeriesRow::into_series)
            .collect()
    }

    async fn raise_missed_reports(
        &self,
        series: &app::schedule::missed_reports::WatchedSeries,
        since: time::Date,
        now: time::OffsetDateTime,
    ) -> Result<bool, app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let latest = sql::LATEST_SENT_IN_SERIES
            .bind(series.enrolment_id)
            .bind(&series.timepoint)
            .scalar_optional::<app::domain::InvitationId>(&mut tx)
            .await?;
        let Some(invitation_id) = latest else { return Ok(false) };
        let item_id = uuid::Uuid::new_v4();
        let inserted = sql::INSERT_MISSED_REPORTS.bind(item_id).bind(invitation_id).bind(now).bind(since).execute(&mut tx).await?;
        if inserted == 1 {
            crate::store::worklist::sql::INSERT_ITEM_ENTRY.bind(item_id).execute(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(inserted == 1)
    }

    async fn prune(&self, now: time::OffsetDateTime) -> Result<u64, app::ports::StoreError> {
        use app::ports::Retention;
        let steps = [
            (sql::PRUNE_STAFF_SESSIONS, now - Retention::EXPIRED_SESSIONS),
            (sql::PRUNE_ANSWER_SESSIONS, now - Retention::EXPIRED_SESSIONS),
            (sql::PRUNE_SIGN_IN_FAILURES, now - Retention::SIGN_IN_FAILURES),
            (sql::PRUNE_PASSWORD_RESETS, now - Retention::EXPIRED_RESET_LINKS),
            (sql::PRUNE_LINKS, now - Retention::EXPIRED_PERSONAL_LINKS),
        ];
        let mut deleted = 0;
        for (sql, before) in steps {
            deleted += sql.bind(before).execute(&self.db).await?;
        }
        Ok(deleted)
    }

    async fn enrolments_to_plan(
        &self,
        now: time::OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<app::schedule::port::EnrolmentToPlan>, app::ports::StoreError> {
        sql::ENROLMENTS_TO_PLAN
            .bind(limit)
            .bind(now)
            .fetch_all::<rows::EnrolmentToPlanRow>(&self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    async fn postpone_planning(&self, enrolment_id: app::domain::EnrolmentId, retry_at: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
        sql::POSTPONE_PLANNING.bind(enrolment_id).bind(retry_at).execute(&self.db).await?;
        Ok(())
    }

    async fn postpone_job(
        &self,
        job_id: uuid::Uuid,
        now: time::OffsetDateTime,
        retry_at: Option<time::OffsetDateTime>,
    ) -> Result<(), app::ports::StoreError> {
        let query = match retry_at {
            Some(at) => sql::POSTPONE_JOB.bind(job_id).bind(at),
            None => sql::GIVE_UP_JOB.bind(job_id).bind(now),
        };
        query.execute(&self.db).await?;
        Ok(())
    }

    async fn replan(
        &self,
        seen: &app::schedule::port::EnrolmentToPlan,
        plans: &[app::schedule::port::PlannedInvitation],
        now: time::OffsetDateTime,
    ) -> Result<(), app::ports::StoreError> {
        use app::patients::EnrolmentStatus;
        let mut tx = self.db.begin_write().await?;
        let Some(current) = sql::ENROLMENT_FOR_PLANNING.bind(seen.id).fetch_optional::<rows::PlanningStateRow>(&mut tx).await? else {
            return Ok(());
        };
        if !current.needs_planning || current.index_date != seen.index_date || current.status != seen.status.as_str() {
            // Planned by another process, or changed again since read.
            return Ok(());
        }
        sql::DELETE_PLANNED.bind(seen.id).execute(&mut tx).await?;
        match seen.status {
            EnrolmentStatus::Active => {
                let existing: Vec<(String, i64)> = sql::EXISTING_TIMEPOINTS.bind(seen.id).fetch_all(&mut tx).await?;
                for plan in plans {
                    if existing.iter().any(|(t, s)| *t == plan.timepoint && *s == i64::from(plan.sequence)) {
                        continue;
                    }
                    let invitation_id = app::domain::InvitationId::random();
                    sql::INSERT_INVITATION
                        .bind(invitation_id)
                        .bind(seen.clinic_id)
                        .bind(current.patient_id)
                        .bind(seen.id)
                        .bind(&plan.timepoint)
                        .bind(i64::from(plan.sequence))
                        .bind(&plan.questionnaire_id)
                        .bind(plan.opens_on)
                        .bind(plan.closes_on)
                        .bind(now)
                        .bind(plan.missed_after_days.map(i64::from))
                        .execute(&mut tx)
                        .await?;
                    for (kind, run_at) in &plan.jobs {
                        sql::INSERT_JOB.bind(uuid::Uuid::new_v4()).bind(invitation_id).bind(kind.as_str()).bind(*run_at).execute(&mut tx).await?;
                    }
                }
            }
            // Paused: nothing new is sent; invitations already out stay open.
            EnrolmentStatus::Paused => {}
            EnrolmentStatus::Ended => {
                sql::CANCEL_OPEN.bind(seen.id).execute(&mut tx).await?;
                sql::CANCEL_JOBS.bind(seen.id).bind(now).execute(&mut tx).await?;
            }
        }
        sql::PLANNED.bind(seen.id).execute(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn run_due_jobs(
        &self,
        now: time::OffsetDateTime,
        limit: i64,
        render: &app::schedule::port::RenderMails<'_>,
        unsent: &app::schedule::port::UnsentDrafts,
    ) -> Result<app::schedule::port::JobsRun, app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let jobs: Vec<(uuid::Uuid, String, app::domain::InvitationId, i64)> = sql::DUE_JOBS.bind(now).bind(limit).fetch_all(&mut tx).await?;
        let mut all = Ok(());
        for (job_id, kind, invitation_id, _) in &jobs {
            all = run_job_in(&mut tx, *job_id, kind, *invitation_id, now, render, unsent).await;
            if all.is_err() {
                break;
            }
        }
        if all.is_ok() {
            tx.commit().await?;
            return Ok(app::schedule::port::JobsRun { ran: jobs.len(), failed: Vec::new() });
        }
        // Something in the batch failed and nothing of it is kept:
        // each job on its own, so the failing one holds up no other.
        // Rolled back before that, not dropped: a dropped
        // transaction's rollback waits for its connection's next
        // use, and until then PostgreSQL keeps the batch's row
        // locks, so the jobs' own claims (SKIP LOCKED) skipped them.
        tx.rollback().await?;
        let mut run = app::schedule::port::JobsRun::default();
        for (job_id, kind, invitation_id, attempts) in jobs {
            let mut tx = self.db.begin_write().await?;
            let due: Option<uuid::Uuid> = sql::DUE_JOB.bind(job_id).bind(now).scalar_optional(&mut tx).await?;
            if due.is_none() {
                continue;
            }
            match run_job_in(&mut tx, job_id, &kind, invitation_id, now, render, unsent).await {
                Ok(()) => {
                    tx.commit().await?;
                    run.ran += 1;
                }
                Err(error) => run.failed.push(app::schedule::port::FailedJob { job_id, attempts, error }),
            }
        }
        Ok(run)
    }

    async fn closing_drafts(&self, now: time::OffsetDateTime, limit: i64) -> Result<Vec<app::schedule::port::ClosingDraft>, app::ports::StoreError> {
        type Row = (
            app::domain::InvitationId,
            app::domain::ClinicId,
            app::domain::PatientId,
            app::domain::EnrolmentId,
            String,
            Option<i64>,
            sqlx::types::Json<app::engine::Answers>,
            sqlx::types::Json<app::engine::Confirmed>,
        );
        let rows: Vec<Row> = sql::CLOSING_DRAFTS.bind(now).bind(limit).fetch_all(&self.db).await?;
        Ok(rows
            .into_iter()
            .map(|(invitation_id, clinic_id, patient_id, enrolment_id, questionnaire_id, version, answers, confirmed)| {
                app::schedule::port::ClosingDraft {
                    invitation_id,
                    clinic_id,
                    patient_id,
                    enrolment_id,
                    questionnaire_id,
                    questionnaire_version: version.and_then(|v| u32::try_from(v).ok()),
                    draft: app::schedule::port::Draft { answers: answers.0, confirmed: confirmed.0 },
                }
            })
            .collect())
    }

    async fn claim_outbox(
        &self,
        now: time::OffsetDateTime,
        lease_until: time::OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<app::schedule::port::OutboxMessage>, app::ports::StoreError> {
        let mut tx = self.db.begin_write().await?;
        let claimed = sql::CLAIM_OUTBOX.bind(now).bind(lease_until).bind(limit).fetch_all::<rows::OutboxRow>(&mut tx).await?;
        tx.commit().await?;
        claimed.into_iter().map(TryInto::try_into).collect()
    }

    async fn outbox_sent(&self, id: uuid::Uuid, now: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
        sql::OUTBOX_SENT.bind(id).bind(now).execute(&self.db).await?;
        Ok(())
    }

    async fn outbox_failed(
        &self,
        id: uuid::Uuid,
        now: time::OffsetDateTime,
        retry_at: Option<time::OffsetDateTime>,
    ) -> Result<(), app::ports::StoreError> {
        let query = match retry_at {
            Some(at) => sql::OUTBOX_RETRY.bind(id).bind(at),
            None => sql::OUTBOX_GIVE_UP.bind(id).bind(now),
        };
        query.execute(&self.db).await?;
        Ok(())
    }

    async fn outbox_rejected(&self, id: uuid::Uuid, now: time::OffsetDateTime) -> Result<(), app::ports::StoreError> {
        sql::OUTBOX_REJECTED.bind(id).bind(now).execute(&self.db).await?;
        Ok(())
    }

    async fn sms_reported(
        &self,
        id: uuid::Uuid,
        report: app::schedule::delivery::Delivery,
        now: time::OffsetDateTime,
    ) -> Result<bool, app::ports::StoreError> {
        use app::schedule::delivery::Delivery;
        // Two reports of one message can arrive at once (Kannel sends
        // "taken" and "delivered" within milliseconds): the update holds
        // only if the state is still the one read, else it is read again.
        for _ in 0..4 {
            let Some((current,)) = sql::SMS_DELIVERY.bind(id).fetch_optional::<(Option<String>,)>(&self.db).await? else {
                return Ok(false);
            };
            let current_state = match current.as_deref() {
                Some(name) => Some(Delivery::parse(name).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("sms delivery")))?),
                None => None,
            };
            let Some(next) = Delivery::after(current_state, report) else { return Ok(false) };
            let moved = sql::SET_SMS_DELIVERY.bind(id).bind(next.as_str()).bind(now).bind(current.unwrap_or_default()).execute(&self.db).await?;
            if moved > 0 {
                return Ok(true);
            }
        }
        tracing::warn!(message = %id, report = report.as_str(), "an SMS delivery report lost every race with other reports; dropped");
        Ok(false)
    }

    async fn fall_back(
        &self,
        now: time::OffsetDateTime,
        limit: i64,
        render: &app::schedule::port::RenderMails<'_>,
    ) -> Result<usize, app::ports::StoreError> {
        let failed = sql::FAILED_MESSAGES.bind(limit).fetch_all::<rows::FailedMessageRow>(&self.db).await?;
        let (mut followed, mut first_error) = (0, None);
        // One message's fault holds up no other: it is tried again next
        // round, and the first fault is the step's result.
        for message in &failed {
            let mut tx = self.db.begin_write().await?;
            match fall_back_in(&mut tx, message, now, render).await {
                Ok(put) => {
                    tx.commit().await?;
                    followed += usize::from(put);
                }
                Err(err) => {
                    tx.rollback().await?;
                    first_error.get_or_insert(err);
                }
            }
        }
        match first_error {
            Some(err) => Err(err),
            None => Ok(followed),
        }
    }

    async fn sms_report_key(&self) -> Result<Vec<u8>, app::ports::StoreError> {
        const NAME: &str = "sms_report_key";
        let fresh = app::auth::token::random_key().map_err(crate::store::unavailable)?;
        sql::INSERT_SECRET.bind(NAME).bind(fresh.to_vec()).execute(&self.db).await?;
        let (key,) = sql::SECRET.bind(NAME).fetch_one::<(Vec<u8>,)>(&self.db).await?;
        Ok(key)
    }
}

/// Stores the flags a closing draft's answers would raise with
/// its no-response item, ranks its entry by the most urgent, and
/// puts the clinic's notice in the outbox.
async fn keep_unsent_flags(
    tx: &mut Tx,
    item_id: uuid::Uuid,
    clinic_id: app::domain::ClinicId,
    draft: &app::schedule::port::UnsentDraft,
    now: time::OffsetDateTime,
) -> Result<(), app::ports::StoreError> {
    for flag in &draft.flags {
        // By its name in the order of urgency, as `flags` are stored.
        let level = flag.level.urgency().as_str();
        let explanation = serde_json::to_string(&flag.explanation).map_err(|e| crate::store::unavailable(e))?;
        sql::INSERT_UNSENT_FLAG
            .bind(item_id)
            .bind(&flag.rule)
            .bind(level)
            .bind(&flag.message.da)
            .bind(&flag.message.en)
            .bind(explanation)
            .bind(draft.questionnaire_version)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(rank) = draft.flags.iter().map(|f| f.level.urgency().rank()).min() {
        sql::RANK_ENTRY.bind(item_id).bind(rank).execute(&mut *tx).await?;
    }
    if let Some(mail) = &draft.notice {
        insert_outbox(tx, &format!("unsent:{item_id}"), clinic_id, mail, now).await?;
    }
    Ok(())
}

/// Runs one due job inside `tx`: opens the invitation and puts
/// its mails in the outbox, sends a reminder, or closes a window.
async fn run_job_in(
    tx: &mut Tx,
    job_id: uuid::Uuid,
    kind: &str,
    invitation_id: app::domain::InvitationId,
    now: time::OffsetDateTime,
    render: &app::schedule::port::RenderMails<'_>,
    unsent: &app::schedule::port::UnsentDrafts,
) -> Result<(), app::ports::StoreError> {
    use app::schedule::job_step::JobStep;
    use app::schedule::port::JobKind;
    // `kind` is the job's own; the step says what it does.
    let (job_id, invitation_id) = (&job_id, &invitation_id);
    let kind = JobKind::parse(kind).ok_or_else(|| crate::store::unavailable(crate::store::BadValue("job kind")))?;
    let ctx = sql::JOB_CONTEXT.bind(invitation_id).fetch_one::<rows::JobContextRow>(&mut *tx).await?;
    let status = crate::store::status_of(&ctx.status)?;
    let enrolment = crate::store::enrolment_status_of(&ctx.enrolment_status)?;
    let step = JobStep::decide(kind, status, enrolment);
    match step {
        JobStep::SendMails { opens } => {
            let recipients = sql::RECIPIENTS
                .bind(ctx.enrolment_id)
                .fetch_all::<rows::RecipientRow>(&mut *tx)
                .await?
                .into_iter()
                .map(TryInto::try_into)
                .collect::<Result<Vec<_>, _>>()?;
            let due = due_job(&ctx, *job_id, kind, *invitation_id, recipients, None);
            let (version, _) = put_messages(tx, &ctx, &due, render, now, |respondent| format!("{job_id}:{respondent}")).await?;
            if opens {
                sql::OPEN_INVITATION.bind(invitation_id).bind(now).bind(version.map(i64::from)).execute(&mut *tx).await?;
            }
        }
        JobStep::CloseUnanswered { with_draft } => {
            sql::MISS_INVITATION.bind(invitation_id).execute(&mut *tx).await?;
            // Answers saved but never sent that cannot wait go with
            // the item (read before this round).
            let draft = unsent.get(invitation_id).filter(|_| with_draft);
            if !app::schedule::job_step::closing_raises_item(ctx.missed_after_days.is_some(), draft.is_some()) {
                sql::FINISH_JOB.bind(job_id).bind(now).bind(step.outcome()).execute(&mut *tx).await?;
                return Ok(());
            }
            let item_id = draft.map_or_else(uuid::Uuid::new_v4, |d| d.item_id);
            let inserted = sql::INSERT_NO_RESPONSE.bind(item_id).bind(invitation_id).bind(now).execute(&mut *tx).await?;
            if inserted == 1 {
                crate::store::worklist::sql::INSERT_ITEM_ENTRY.bind(item_id).execute(&mut *tx).await?;
                if let Some(draft) = draft {
                    keep_unsent_flags(tx, item_id, ctx.clinic_id, draft, now).await?;
                }
            }
        }
        JobStep::Skip => {}
    }
    sql::FINISH_JOB.bind(job_id).bind(now).bind(step.outcome()).execute(&mut *tx).await?;
    Ok(())
}

/// What a due job's messages need of its invitation, for `recipients`.
fn due_job(
    ctx: &rows::JobContextRow,
    job_id: uuid::Uuid,
    kind: app::schedule::port::JobKind,
    invitation_id: app::domain::InvitationId,
    recipients: Vec<app::schedule::port::Recipient>,
    instead_of: Option<app::schedule::channel::Channel>,
) -> app::schedule::port::DueJob {
    app::schedule::port::DueJob {
        job_id,
        kind,
        invitation_id,
        clinic_id: ctx.clinic_id,
        questionnaire_version: ctx.questionnaire_version.and_then(|v| u32::try_from(v).ok()),
        clinic_name: ctx.clinic_name.clone(),
        sms_sender: ctx.sms_sender.clone().unwrap_or_else(|| app::schedule::sms::DEFAULT_SENDER.to_owned()),
        patient_name: ctx.patient_name.clone(),
        questionnaire_id: ctx.questionnaire_id.clone(),
        closes_on: ctx.closes_on,
        recipients,
        instead_of,
    }
}

/// Renders a due job's messages and puts each in the outbox under
/// `key(respondent)`, with its personal link, which works until the window
/// closes on the clinic's clock. Returns the questionnaire version they
/// invite to, and how many messages were put.
async fn put_messages(
    tx: &mut Tx,
    ctx: &rows::JobContextRow,
    due: &app::schedule::port::DueJob,
    render: &app::schedule::port::RenderMails<'_>,
    now: time::OffsetDateTime,
    key: impl Fn(app::domain::RespondentId) -> String,
) -> Result<(Option<u32>, usize), app::ports::StoreError> {
    let expires_at = app::schedule::zone::closes_at(ctx.closes_on, &ctx.time_zone);
    let rendered = render(due);
    for prepared in &rendered.messages {
        sql::INSERT_LINK
            .bind(&prepared.token_hash)
            .bind(due.invitation_id)
            .bind(prepared.respondent_id)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
        let about = MessageFor { invitation: due.invitation_id, respondent: prepared.respondent_id, job: due.job_id };
        insert_message(tx, &key(prepared.respondent_id), ctx.clinic_id, &prepared.message, Some(about), now).await?;
    }
    Ok((rendered.questionnaire_version, rendered.messages.len()))
}

/// Follows one message that failed for good by the respondent's next
/// channel, in `tx`, once: returns whether a message was put in the outbox.
async fn fall_back_in(
    tx: &mut Tx,
    failed: &rows::FailedMessageRow,
    now: time::OffsetDateTime,
    render: &app::schedule::port::RenderMails<'_>,
) -> Result<bool, app::ports::StoreError> {
    use app::schedule::channel::Channel;
    use app::schedule::port::JobKind;
    let bad = |what| crate::store::unavailable(crate::store::BadValue(what));
    if sql::CLAIM_FALL_BACK.bind(failed.id).bind(now).execute(&mut *tx).await? == 0 {
        return Ok(false); // another process followed it
    }
    let kind = JobKind::parse(&failed.kind).ok_or_else(|| bad("job kind"))?;
    let channel = Channel::parse(&failed.channel).ok_or_else(|| bad("outbox channel"))?;
    let Some(ctx) = sql::JOB_CONTEXT.bind(failed.invitation_id).fetch_optional::<rows::JobContextRow>(&mut *tx).await? else {
        return Ok(false); // the invitation is gone (never planned to be sent)
    };
    let status = crate::store::status_of(&ctx.status)?;
    let enrolment = crate::store::enrolment_status_of(&ctx.enrolment_status)?;
    if !app::schedule::job_step::falls_back(status, enrolment) {
        return Ok(false);
    }
    let Some(recipient) = sql::RECIPIENT.bind(ctx.enrolment_id).bind(failed.respondent_id).fetch_optional::<rows::RecipientRow>(&mut *tx).await?
    else {
        return Ok(false); // taken off the enrolment since
    };
    let due = due_job(&ctx, failed.job_id, kind, failed.invitation_id, vec![recipient.try_into()?], Some(channel));
    // Its own key: a fallback of a fallback has the failed one's id.
    let failed_id = failed.id;
    let (_, put) = put_messages(tx, &ctx, &due, render, now, |_| format!("fallback:{failed_id}")).await?;
    Ok(put > 0)
}

/// The invitation, respondent and job an invitation's or reminder's
/// message is for.
#[derive(Clone, Copy)]
pub(crate) struct MessageFor {
    pub invitation: app::domain::InvitationId,
    pub respondent: app::domain::RespondentId,
    pub job: uuid::Uuid,
}

/// A mail into the outbox under its dedupe key (a second mail
/// with the same key is dropped), delivered after commit.
pub(crate) async fn insert_outbox(
    tx: &mut Tx,
    dedupe_key: &str,
    clinic_id: app::domain::ClinicId,
    mail: &app::ports::OutgoingMail,
    now: time::OffsetDateTime,
) -> Result<(), app::ports::StoreError> {
    insert_message(tx, dedupe_key, clinic_id, &app::ports::Outgoing::Mail(mail.clone()), None, now).await
}

/// A mail or SMS into the outbox under its dedupe key (a second message
/// with the same key is dropped), delivered after commit. `about`: what an
/// invitation's or reminder's message is for.
pub(crate) async fn insert_message(
    tx: &mut Tx,
    dedupe_key: &str,
    clinic_id: app::domain::ClinicId,
    message: &app::ports::Outgoing,
    about: Option<MessageFor>,
    now: time::OffsetDateTime,
) -> Result<(), app::ports::StoreError> {
    use app::ports::Outgoing;
    let (to, subject, text, html, sender) = match message {
        Outgoing::Mail(m) => (&m.to, m.subject.as_str(), &m.text, m.html.as_deref(), None),
        Outgoing::Sms(s) => (&s.to, "", &s.text, None, Some(s.sender.as_str())),
    };
    sql::INSERT_OUTBOX
        .bind(uuid::Uuid::new_v4())
        .bind(dedupe_key)
        .bind(clinic_id)
        .bind(to)
        .bind(subject)
        .bind(text)
        .bind(html)
        .bind(now)
        .bind(message.channel())
        .bind(sender)
        .bind(about.map(|a| a.invitation))
        .bind(about.map(|a| a.respondent))
        .bind(about.map(|a| a.job))
        .execute(&mut *tx)
        .await?;
    Ok(())
}
