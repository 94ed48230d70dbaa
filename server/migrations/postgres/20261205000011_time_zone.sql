-- Each clinic keeps its calendar in its own time zone: invitations go out
-- at 07:00 on the clinic's clock and a window closes at the end of its last
-- day there, across summer-time changes (before: 07:00 and midnight UTC).
ALTER TABLE clinics ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Copenhagen';
