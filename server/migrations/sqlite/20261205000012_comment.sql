-- Whether a response has a free-text comment, so the worklist can show a
-- marker without reading every response's answers (set when the response
-- is stored; the entry shows the text itself).
ALTER TABLE responses ADD COLUMN has_comment INTEGER NOT NULL DEFAULT 0;
