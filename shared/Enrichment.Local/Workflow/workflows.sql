CREATE TABLE IF NOT EXISTS executions(
    name TEXT PRIMARY KEY,
    input TEXT NOT NULL,
    status TEXT NOT NULL,
    output TEXT,
    error TEXT,
    cause TEXT,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    states TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS executions_status ON executions(status);
