using System.Collections.Concurrent;

namespace Enrichment.Local.Queue;

/// <summary>
/// The SQLite file holding every local queue's messages (so a redrive moves a row, atomically, from
/// one queue to another), plus the in-process wake-up signals of each queue.
/// </summary>
public sealed class LocalQueueStore : IDisposable
{
    public const string FileName = "queues.db";

    /// <summary>
    /// The page size of a new queues.db. A message is a whole batch (about 34 KB of JSON at 200 rows),
    /// which 4 KB pages split over nine overflow pages, each its own write into the WAL, its own copy
    /// at the checkpoint and its own read: at 16 KB, half the reads and writes for the same bytes
    /// (64 KB cut them further but wrote 70% more bytes, every commit's pages being that large).
    /// </summary>
    public const int PageSize = 16 * 1024;

    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);

    public LocalQueueStore(string dataDirectory, TimeProvider time)
    {
        Database = new SqliteDatabase(Path.Combine(dataDirectory, FileName), SqliteSchema.Read("queues.sql"), PageSize);
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
