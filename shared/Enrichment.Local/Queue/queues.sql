-- A message's body lives in a table of its own, written once when it is sent and read once per
-- receive: a receive changes the small row of its state (visibility, count, receipt), and when
-- the body shared that row SQLite wrote the whole body again into the WAL at every receive
-- (a changed row is rewritten with its overflow pages). Split, `enrich` of 100,000 rows wrote
-- about half the bytes to queues.db and its WAL (README, Benchmark).
CREATE TABLE IF NOT EXISTS queue_messages(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    first_received_at INTEGER,
    receipt TEXT);
CREATE INDEX IF NOT EXISTS queue_messages_visible ON queue_messages(queue, visible_at, seq);
-- A body is a BLOB of its UTF-8 bytes, stored and read as they are (no UTF-16 string on either
-- side, issue 13). Files made before declared the column TEXT and hold TEXT bodies; SQLite keeps
-- a BLOB stored there a BLOB, and a receive reads both through the blob handle, which gives a TEXT
-- body's stored UTF-8 bytes.
CREATE TABLE IF NOT EXISTS queue_bodies(
    seq INTEGER PRIMARY KEY,
    body BLOB NOT NULL);
