-- Neighbourhoods are merged, split and renamed over the years: an administrator deactivates the old ones
-- instead of deleting them (old requests keep pointing at them).
ALTER TABLE neighbourhoods ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
