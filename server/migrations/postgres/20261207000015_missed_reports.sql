-- Frequent reports (a daily weight, say): when none has come for
-- missed_after_days days, the enrolment reaches the worklist at once, as a
-- no-response item whose missed_since is the day of the last report (or
-- the series' first day). Copied from the time point when the invitation
-- is planned, so the scheduler needs no definitions to find the gaps.
ALTER TABLE invitations ADD COLUMN missed_after_days BIGINT;
ALTER TABLE worklist_items ADD COLUMN missed_since DATE;
CREATE INDEX invitations_watched ON invitations (enrolment_id, timepoint) WHERE missed_after_days IS NOT NULL;
