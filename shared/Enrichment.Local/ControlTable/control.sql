CREATE TABLE IF NOT EXISTS jobs(
    job_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_expires ON jobs(expires_at);
CREATE TABLE IF NOT EXISTS batches(
    job_id TEXT NOT NULL,
    batch_index INTEGER NOT NULL,
    status TEXT NOT NULL,
    records INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    invalid INTEGER NOT NULL,
    error INTEGER NOT NULL,
    reason TEXT,
    updated_at INTEGER NOT NULL,
    attempt INTEGER NOT NULL DEFAULT 0,
    part_id TEXT,
    PRIMARY KEY(job_id, batch_index)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters(
    job_id TEXT PRIMARY KEY,
    done INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    invalid INTEGER NOT NULL,
    error INTEGER NOT NULL,
    last_commit_at INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS job_counters(
    job_id TEXT NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY(job_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency(
    key TEXT PRIMARY KEY,
    job_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL) WITHOUT ROWID;
