-- A rowid table: answers run to 32 KB, and WITHOUT ROWID suits only small rows.
CREATE TABLE IF NOT EXISTS provider_answers(
    job_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    key TEXT NOT NULL,
    answer TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    UNIQUE(job_id, provider, key));
CREATE INDEX IF NOT EXISTS provider_answers_expires ON provider_answers(expires_at);
