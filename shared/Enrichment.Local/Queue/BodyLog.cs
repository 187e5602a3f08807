using Enrichment.Local.Objects;

namespace Enrichment.Local.Queue;

/// <summary>
/// The queue's message bodies, appended to segment files beside <c>queues.db</c>
/// (<c>queue-bodies/{id}.log</c>), the message rows keeping where each body is (segment, offset,
/// length). A body is written once and read once; in <c>queues.db</c> it was written twice (into the
/// WAL, then by the checkpoint into the file) and the WAL read back (issue 13). For a 1,000,000-row
/// `enrich` (strace): the queue's writes 441 MB in 42,600 calls before, 216 MB in 5,600 after (170 MB
/// of bodies, 46 MB of row state); its reads 373 MB in 22,800 calls before, 172 MB in 5,100 after.
/// <para>
/// Durability: a send appends its bodies, awaits an fsync of the segment (group commit: sends at the
/// same moment share it), and only then commits the rows that point to them; so no durable row ever
/// points to a body a power cut could lose. A segment's name is made durable (its directory fsynced)
/// before any body goes into it. What a killed send appended and never committed is only bytes no row
/// points to: a segment is appended to only while it is current in the process that created it (each
/// opening starts a new one), so such a tail is never written over or read.
/// </para>
/// <para>
/// Space: a segment is deleted once no message points into it, the deletes that emptied it made
/// durable first (they are deferred commits; a power cut undoing one must not find its body gone).
/// The current segment is closed for appends once full (<see cref="LocalQueueStore.BodySegmentBytes"/>),
/// or when a delete empties it. One process opens a data directory at a time (the local host).
/// </para>
/// </summary>
internal sealed class BodyLog : IDisposable
{
    private const string Extension = ".log";

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly SqliteDatabase _database;
    private readonly Dictionary<long, BodyLogSegment> _segments = [];
    private readonly Lock _lock = new();
    private BodyLogSegment? _current;
    private long _nextId;
    private long _created;
    private bool _disposed;

    private BodyLog(string directory, SqliteDatabase database, long segmentBytes)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _database = database;
    }

    /// <summary>Segments created by this opening (for tests and measurements).</summary>
    public long SegmentsCreated => Interlocked.Read(ref _created);

    /// <summary>
    /// Opens the log of a data directory: the segments rows point to are opened for reading, every
    /// other segment (emptied, or only a killed send's bodies) is deleted.
    /// </summary>
    /// <param name="segmentBytes">Where the current segment stops taking bodies (a send's bodies are never split).</param>
    public static BodyLog Open(string dataDirectory, SqliteDatabase database, long segmentBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentBytes, 1);
        var directory = Path.Combine(dataDirectory, LocalQueueStore.BodyDirectoryName);
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            NativeMethods.FlushDirectory(dataDirectory);
        }

        var log = new BodyLog(directory, database, segmentBytes);
        try
        {
            log.Load();
        }
        catch
        {
            log.Dispose();
            throw;
        }

        return log;
    }

    /// <summary>
    /// Appends a send's bodies to the current segment and completes once they are durable; the
    /// caller then commits the rows (the bodies lie one after another from the answered offset) and
    /// calls <see cref="Release"/> with the segment, committed or not.
    /// </summary>
    public async Task<(long Segment, long Offset)> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> bodies)
    {
        long total = 0;
        foreach (var body in bodies)
        {
            total += body.Length;
        }

        BodyLogSegment segment;
        long offset;
        long ticket;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            segment = CurrentFor(total);
            offset = segment.Append(bodies, total);
            segment.Pending++;

            // Taken after the write returned, so a sync that covers the ticket covers the bodies.
            ticket = segment.Sync.Written();
        }

        try
        {
            await segment.Sync.WaitDurableAsync(ticket);
        }
        catch
        {
            Release(segment.Id);
            throw;
        }

        return (segment.Id, offset);
    }

    /// <summary>Ends a send's hold on a segment (after its rows' commit, or its failure).</summary>
    public void Release(long segmentId)
    {
        lock (_lock)
        {
            if (_segments.TryGetValue(segmentId, out var segment))
            {
                segment.Pending--;
            }
        }
    }

    /// <summary>Reads a body into <paramref name="destination"/> (its length is the body's).</summary>
    public void Read(long segmentId, long offset, Span<byte> destination)
    {
        BodyLogSegment? segment;
        lock (_lock)
        {
            _segments.TryGetValue(segmentId, out segment);
        }

        if (segment is null)
        {
            throw new InvalidDataException("a queued message's body is missing from the queue's body log");
        }

        segment.Read(offset, destination);
    }

    /// <summary>
    /// Inside the transaction that deleted messages whose bodies lie in <paramref name="segmentIds"/>:
    /// closes for appends each of them that no message points to any more and no send is writing,
    /// and answers them, to be deleted by <see cref="DeleteAsync"/> once that transaction committed.
    /// Run under the database's write lock, so no send commits rows between the look and the closing.
    /// </summary>
    public List<long>? CloseEmptied(SqliteSession session, IReadOnlyCollection<long> segmentIds)
    {
        List<long>? emptied = null;
        lock (_lock)
        {
            foreach (var id in segmentIds)
            {
                if (!_segments.TryGetValue(id, out var segment)
                    || segment.Pending > 0
                    || session.Scalar("SELECT 1 FROM queue_messages WHERE body_segment = $1 LIMIT 1;", id) is not null)
                {
                    continue;
                }

                if (ReferenceEquals(_current, segment))
                {
                    _current = null;
                }

                (emptied ??= []).Add(id);
            }
        }

        return emptied;
    }

    /// <summary>
    /// Deletes segments <see cref="CloseEmptied"/> answered, after the commit that emptied them:
    /// that commit is made durable first (an fsync of the WAL, shared), then the files go.
    /// </summary>
    public async Task DeleteAsync(List<long>? segmentIds)
    {
        if (segmentIds is null)
        {
            return;
        }

        await _database.FlushAsync(CancellationToken.None);
        foreach (var id in segmentIds)
        {
            BodyLogSegment? segment;
            lock (_lock)
            {
                if (!_segments.Remove(id, out segment))
                {
                    continue;
                }
            }

            segment.Dispose();
            File.Delete(segment.FilePath);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var segment in _segments.Values)
            {
                segment.Dispose();
            }

            _segments.Clear();
            _current = null;
        }
    }

    /// <summary>The segment a send of <paramref name="bytes"/> goes to, a new one when there is none or the current is full.</summary>
    private BodyLogSegment CurrentFor(long bytes)
    {
        if (_current is { } current && (current.End == 0 || current.End + bytes <= _segmentBytes))
        {
            return current;
        }

        var id = _nextId++;
        var segment = BodyLogSegment.Create(id, PathOf(id));
        _segments[id] = segment;

        // The file's name must survive a power cut before a row names the segment.
        NativeMethods.FlushDirectory(_directory);
        Interlocked.Increment(ref _created);
        return _current = segment;
    }

    private void Load()
    {
        var used = _database.Read(s => s.Query(
            "SELECT DISTINCT body_segment FROM queue_messages WHERE body_segment IS NOT NULL;",
            r => r.GetInt64(0))).ToHashSet();
        var files = new List<(long Id, string Path)>();
        foreach (var path in Directory.EnumerateFiles(_directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                files.Add((id, path));
            }
        }

        if (files.Exists(f => !used.Contains(f.Id)))
        {
            // The deletes that emptied them may be an earlier process's deferred commits, in the WAL
            // but never fsynced: durable first, or a power cut could bring back rows without bodies.
            _database.SyncAsync().GetAwaiter().GetResult();
        }

        foreach (var (id, path) in files)
        {
            if (used.Contains(id))
            {
                _segments[id] = BodyLogSegment.OpenExisting(id, path);
            }
            else
            {
                File.Delete(path);
            }
        }

        // Never an id a row still names, nor one whose file is there: each opening appends to a new file.
        _nextId = Math.Max(files.Count == 0 ? 0 : files.Max(f => f.Id), used.Count == 0 ? 0 : used.Max()) + 1;
    }

    private string PathOf(long id) => Path.Combine(_directory, id.ToString("D12", CultureInfo.InvariantCulture) + Extension);
}
