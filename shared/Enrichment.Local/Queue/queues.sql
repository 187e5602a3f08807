-- A message's row holds only its state (visibility, count, receipt) and where its body is: a
-- receive changes the small row, and when the body shared that row SQLite wrote the whole body
-- again into the WAL at every receive (a changed row is rewritten with its overflow pages).
CREATE TABLE IF NOT EXISTS queue_messages(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    queue TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    first_received_at INTEGER,
    receipt TEXT,
    -- Where the body lies in the body log beside this file (queue-bodies/, BodyLog.cs): written
    -- there once and read once, where a body in this file was written twice (the WAL, then the
    -- checkpoint) and the WAL read back. NULL for a message an earlier version stored with its body
    -- in queue_bodies. A file made before gets these columns, and the index on body_segment, from
    -- LocalQueueStore.Migrate.
    body_segment INTEGER,
    body_offset INTEGER,
    body_length INTEGER);
CREATE INDEX IF NOT EXISTS queue_messages_visible ON queue_messages(queue, visible_at, seq);
-- The bodies of messages sent by earlier versions (new ones go to the body log). A body is a BLOB
-- of its UTF-8 bytes, stored and read as they are (no UTF-16 string on either side, issue 13).
-- Files made before declared the column TEXT and hold TEXT bodies; SQLite keeps a BLOB stored
-- there a BLOB, and a receive reads both through the blob handle, which gives a TEXT body's
-- stored UTF-8 bytes.
CREATE TABLE IF NOT EXISTS queue_bodies(
    seq INTEGER PRIMARY KEY,
    body BLOB NOT NULL);
