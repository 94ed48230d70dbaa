-- A job or an enrolment's planning that fails on its own is tried again
-- later with back-off instead of blocking everything queued behind it
-- (before, one failing job failed its whole batch in every round).
ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrolments ADD COLUMN planning_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrolments ADD COLUMN plan_after TEXT;
