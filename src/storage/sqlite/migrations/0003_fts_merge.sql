-- FTS5 merges its index segments as they pile up. With the defaults (automerge 4, crisismerge 16) a commit on
-- a large index often stops to merge: at a million requests that was most of a create's tail latency
-- (docs/benchmarks.md). Merging less often keeps commits short; a search reads a few more segments.
INSERT INTO request_fts (request_fts, rank) VALUES ('automerge', 16);
INSERT INTO request_fts (request_fts, rank) VALUES ('crisismerge', 64);
