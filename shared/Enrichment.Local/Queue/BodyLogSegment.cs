using Enrichment.Local.Durability;
using Microsoft.Win32.SafeHandles;

namespace Enrichment.Local.Queue;

/// <summary>
/// One file of the body log: bodies written one after another, found only through the offsets and
/// lengths the message rows keep (no record headers: nothing is ever found by scanning it). Appended
/// to only while it is the log's current segment, by the process that created it; fsynced by group
/// commit, so sends made at the same moment share one fsync.
/// </summary>
internal sealed class BodyLogSegment : IDisposable
{
    private readonly SafeFileHandle _handle;

    private BodyLogSegment(long id, string path, SafeFileHandle handle, long end)
    {
        Id = id;
        FilePath = path;
        _handle = handle;
        End = end;
        Sync = new GroupCommit(() => RandomAccess.FlushToDisk(handle));
    }

    public long Id { get; }

    public string FilePath { get; }

    /// <summary>Where the next body goes (the log's lock guards it).</summary>
    public long End { get; private set; }

    /// <summary>Sends that appended here and have not committed (or given up on) their rows yet.</summary>
    public int Pending { get; set; }

    /// <summary>The fsyncs of this file, shared by the sends that appended before each started.</summary>
    public GroupCommit Sync { get; }

    /// <summary>A new, empty segment; fails when the file exists (an id is never reused while it has a file).</summary>
    public static BodyLogSegment Create(long id, string path) =>
        new(id, path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete), 0);

    /// <summary>A segment of an earlier run, opened to read the bodies its rows point to; never appended to.</summary>
    public static BodyLogSegment OpenExisting(long id, string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new BodyLogSegment(id, path, handle, RandomAccess.GetLength(handle));
    }

    /// <summary>Writes the bodies one after another at the end (under the log's lock); answers where the first starts.</summary>
    public long Append(IReadOnlyList<ReadOnlyMemory<byte>> bodies, long totalBytes)
    {
        var start = End;
        RandomAccess.Write(_handle, bodies, start);
        End = start + totalBytes;
        return start;
    }

    /// <summary>Reads one body into <paramref name="destination"/>; a body cut short is an error, never a shorter body.</summary>
    public void Read(long offset, Span<byte> destination)
    {
        // Bounded: every pass reads at least one byte or throws.
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(_handle, destination, offset);
            if (read <= 0)
            {
                throw new InvalidDataException("a queued message's body is missing from the queue's body log");
            }

            offset += read;
            destination = destination[read..];
        }
    }

    public void Dispose() => _handle.Dispose();
}
