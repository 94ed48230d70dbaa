-- The fallback ladder (issue #29): a message that failed for good (an SMS
-- the gateway refused or the phone never got, a mail given up) is followed
-- by the same message by the respondent's next channel. `job_id`: the job
-- whose invitation or reminder the message is (its kind chooses the
-- text); `fallen_back_at`: when the next channel was tried, or found to
-- be none, so it happens once whatever the number of replicas.
ALTER TABLE outbox ADD COLUMN job_id BLOB;
ALTER TABLE outbox ADD COLUMN fallen_back_at TEXT;
CREATE INDEX outbox_to_fall_back ON outbox (created_at)
    WHERE fallen_back_at IS NULL AND job_id IS NOT NULL AND (failed_at IS NOT NULL OR delivery IN ('failed', 'rejected'));
