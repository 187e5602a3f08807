using System.Collections.Concurrent;

namespace Enrichment.Local.Queue;

/// <summary>
/// The SQLite file holding every local queue's messages (so a redrive moves a row, atomically, from
/// one queue to another), plus the in-process wake-up signals of each queue.
/// </summary>
public sealed class LocalQueueStore : IDisposable
{
    public const string FileName = "queues.db";

    // A message's body lives in a table of its own, written once when it is sent and read once per
    // receive: a receive changes the small row of its state (visibility, count, receipt), and when
    // the body shared that row SQLite wrote the whole body again into the WAL at every receive
    // (a changed row is rewritten with its overflow pages). Split, `enrich` of 100,000 rows wrote
    // about half the bytes to queues.db and its WAL (README, Benchmark).
    private const string Schema = """
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
        CREATE TABLE IF NOT EXISTS queue_bodies(
            seq INTEGER PRIMARY KEY,
            body TEXT NOT NULL);
        """;

    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);

    public LocalQueueStore(string dataDirectory, TimeProvider time)
    {
        Database = new SqliteDatabase(Path.Combine(dataDirectory, FileName), Schema);
        Database.Write(Migrate);
        Time = time;
    }

    internal SqliteDatabase Database { get; }

    internal TimeProvider Time { get; }

    /// <summary>Opens (or creates) a queue by name; queues live as long as the store file.</summary>
    public LocalQueue Queue(string name, LocalQueueOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new LocalQueue(this, name, options);
    }

    internal QueueSignal Signal(string queue) => _signals.GetOrAdd(queue, _ => new QueueSignal());

    public void Dispose() => Database.Dispose();

    /// <summary>
    /// Moves the messages of a file written by an earlier version (one `messages` table with the
    /// bodies in it) into the two tables, keeping their sequence numbers, so receipt handles given
    /// out before stay valid. One write transaction: two processes opening the same old file do not
    /// both move them.
    /// </summary>
    private static int Migrate(Sqlite.SqliteSession session)
    {
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
