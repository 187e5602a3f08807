using System.Collections.Concurrent;

namespace Enrichment.Local.Queue;

/// <summary>
/// The SQLite file holding every local queue's messages (so a redrive moves a row, atomically, from
/// one queue to another), the body log beside it holding their bodies (<see cref="BodyLog"/>), plus
/// the in-process wake-up signals of each queue.
/// </summary>
public sealed class LocalQueueStore : IDisposable
{
    public const string FileName = "queues.db";

    /// <summary>
    /// The page size of a new queues.db: SQLite's 4 KB. A body once made a row of about 34 KB, for
    /// which 16 KB pages halved the overflow pages; bodies are in the body log now, rows are small,
    /// and every commit writes each page it changed whole into the WAL: at 16 KB a 1,000,000-row
    /// `enrich` wrote 44.7 MB into queues.db-wal, at 4 KB 16.8 MB (issue 13). A file made at 16 KB
    /// keeps its size (SQLite fixes it when the file is made).
    /// </summary>
    public const int PageSize = 4 * 1024;

    /// <summary>The folder beside <see cref="FileName"/> holding the body log's segments (<c>{id}.log</c>).</summary>
    public const string BodyDirectoryName = "queue-bodies";

    /// <summary>
    /// Where a body log segment stops taking bodies: a 1,000,000-row job's 160 MB of bodies over three
    /// files, the first deleted once its messages are done while the last still fills.
    /// </summary>
    public const long BodySegmentBytes = 64L * 1024 * 1024;

    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);

    /// <param name="bodySegmentBytes">Where a body log segment stops taking bodies (smaller in tests).</param>
    public LocalQueueStore(string dataDirectory, TimeProvider time, long bodySegmentBytes = BodySegmentBytes)
    {
        Database = new SqliteDatabase(Path.Combine(dataDirectory, FileName), SqliteSchema.Read("queues.sql"), PageSize);
        try
        {
            Database.Write(Migrate);
            Bodies = BodyLog.Open(dataDirectory, Database, bodySegmentBytes);
        }
        catch
        {
            Database.Dispose();
            throw;
        }

        Time = time;
    }

    internal SqliteDatabase Database { get; }

    internal BodyLog Bodies { get; }

    internal TimeProvider Time { get; }

    /// <summary>Opens (or creates) a queue by name; queues live as long as the store file.</summary>
    public LocalQueue Queue(string name, LocalQueueOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new LocalQueue(this, name, options);
    }

    internal QueueSignal Signal(string queue) => _signals.GetOrAdd(queue, _ => new QueueSignal());

    public void Dispose()
    {
        Bodies.Dispose();
        Database.Dispose();
    }

    /// <summary>
    /// A message's body read into an array rented from the shared pool (see
    /// <see cref="QueueMessage.ReleaseBody"/>): from the body log, or, for a message an earlier
    /// version stored (<paramref name="stored"/> null), through SQLite's blob handle on its inline
    /// body, which reads a TEXT body's stored UTF-8 bytes as it reads a BLOB's. No array of its own
    /// per receive (issue 13).
    /// </summary>
    internal (byte[] Body, int Length) ReadBody(SqliteSession session, long seq, StoredBody? stored)
    {
        if (stored is { } at)
        {
            var fromLog = System.Buffers.ArrayPool<byte>.Shared.Rent(at.Length);
            Bodies.Read(at.Segment, at.Offset, fromLog.AsSpan(0, at.Length));
            return (fromLog, at.Length);
        }

        using var blob = new Microsoft.Data.Sqlite.SqliteBlob(session.Connection, "queue_bodies", "body", seq, readOnly: true);
        var length = checked((int)blob.Length);
        var body = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        blob.ReadExactly(body, 0, length);
        return (body, length);
    }

    /// <summary>
    /// Brings a file written by an earlier version up to date, in one write transaction: a
    /// `queue_messages` table without the body log's columns gets them (its rows keep their bodies
    /// inline, read from `queue_bodies` until they are deleted), and the messages of the oldest
    /// format (one `messages` table with the bodies in it) move into the two tables, keeping their
    /// sequence numbers, so receipt handles given out before stay valid.
    /// </summary>
    private static int Migrate(Sqlite.SqliteSession session)
    {
        if (session.Scalar("SELECT 1 FROM pragma_table_info('queue_messages') WHERE name = 'body_segment';") is null)
        {
            session.Execute("ALTER TABLE queue_messages ADD COLUMN body_segment INTEGER;");
            session.Execute("ALTER TABLE queue_messages ADD COLUMN body_offset INTEGER;");
            session.Execute("ALTER TABLE queue_messages ADD COLUMN body_length INTEGER;");
        }

        // Here, not in queues.sql: on an older file the column exists only after the lines above.
        session.Execute("CREATE INDEX IF NOT EXISTS queue_messages_segment ON queue_messages(body_segment);");
        if (session.Scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'messages';") is null)
        {
            return 0;
        }

        var moved = session.Execute("""
            INSERT INTO queue_messages(seq, queue, message_id, sent_at, visible_at, receive_count, first_received_at, receipt)
            SELECT seq, queue, message_id, sent_at, visible_at, receive_count, first_received_at, receipt FROM messages;
            """);
        session.Execute("INSERT INTO queue_bodies(seq, body) SELECT seq, body FROM messages;");
        session.Execute("DROP TABLE messages;");
        return moved;
    }
}
