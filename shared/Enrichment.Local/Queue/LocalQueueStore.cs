using System.Collections.Concurrent;
using Enrichment.Local.Sqlite;

namespace Enrichment.Local.Queue;

/// <summary>
/// The SQLite file holding every local queue's messages (so a redrive moves a row, atomically, from
/// one queue to another), plus the in-process wake-up signals of each queue.
/// </summary>
public sealed class LocalQueueStore : IDisposable
{
    public const string FileName = "queues.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS messages(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            queue TEXT NOT NULL,
            message_id TEXT NOT NULL,
            body TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            receive_count INTEGER NOT NULL DEFAULT 0,
            first_received_at INTEGER,
            receipt TEXT);
        CREATE INDEX IF NOT EXISTS messages_visible ON messages(queue, visible_at, seq);
        """;

    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);

    public LocalQueueStore(string dataDirectory, TimeProvider time)
    {
        Database = new SqliteDatabase(Path.Combine(dataDirectory, FileName), Schema);
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
}
