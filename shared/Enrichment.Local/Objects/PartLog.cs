using System.Buffers.Binary;
using Enrichment.Local.Durability;
using Microsoft.Win32.SafeHandles;

namespace Enrichment.Local.Objects;

/// <summary>
/// The parts of one job in one append-only file: each part a record (a header with its key and
/// length, then its bytes), found through an index of the file kept in memory and rebuilt by a scan
/// when the file is opened. A part written this way costs one write and one fsync; as a file of its
/// own it cost a new temp file and a new directory (two inodes), a rename and a second fsync.
/// <para>
/// Appends are made one at a time in file order, so a kill mid-append leaves at most one torn record,
/// at the end, which the next open cuts off; every record before it is whole. A part is indexed (and
/// readable) only once it is written and fsynced, as an object put returns only once it is durable.
/// Appends of concurrent workers share an fsync (<see cref="GroupCommit"/>): the fsync is made
/// outside the append lock, and one covers every append made before it started.
/// </para>
/// </summary>
internal sealed class PartLog : IDisposable
{
    /// <summary>"PRT1", little-endian: a record starts here.</summary>
    private const uint Magic = 0x31545250;
    private const byte PutRecord = 1;
    private const byte DeleteRecord = 2;

    /// <summary>Magic (4), kind (1), key length (2), content length (4), header checksum (4).</summary>
    private const int FixedHeaderBytes = 15;
    private const int MaxKeyBytes = 4096;

    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, (long Offset, int Length)> _parts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly GroupCommit _sync;
    private long _end;

    /// <summary>Streams reading through the handle now; it is closed only once none is left.</summary>
    private int _readers;
    private bool _closed;

    private PartLog(string path, SafeFileHandle handle)
    {
        FilePath = path;
        _handle = handle;
        _sync = new GroupCommit(() => RandomAccess.FlushToDisk(handle));
    }

    public string FilePath { get; }

    /// <summary>Opens (or creates) a job's log and indexes its whole records; a torn last record is cut off.</summary>
    public static PartLog Open(string path)
    {
        var created = !File.Exists(path);
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        var log = new PartLog(path, handle);
        try
        {
            log.Scan();
            if (created)
            {
                // The log's own name must survive a power cut before a commit names a part in it.
                NativeMethods.FlushDirectory(Path.GetDirectoryName(path)!);
            }
        }
        catch
        {
            log.Dispose();
            throw;
        }

        return log;
    }

    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _parts.Keys];
            }
        }
    }

    /// <summary>
    /// Appends a part and completes once an fsync that started after the append has returned
    /// (group commit: appends of other workers made meanwhile share that fsync); readable from then.
    /// </summary>
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content)
    {
        var header = Header(PutRecord, key, content.Length);
        long contentOffset;
        long ticket;
        lock (_lock)
        {
            // A log closed (its job's parts deleted) while streams still read it takes no more parts.
            ObjectDisposedException.ThrowIf(_closed, this);
            contentOffset = Append(header, content);

            // Taken after the write returned, so a sync that covers the ticket covers the record.
            ticket = _sync.Written();
        }

        await _sync.WaitDurableAsync(ticket);
        lock (_lock)
        {
            _parts[key] = (contentOffset, content.Length);
        }
    }

    public bool TryFind(string key, out long offset, out int length)
    {
        lock (_lock)
        {
            var found = _parts.TryGetValue(key, out var part);
            (offset, length) = part;
            return found;
        }
    }

    /// <summary>Removes a part (a delete record, so a reopened log does not bring it back); false when there was none.</summary>
    public bool Delete(string key)
    {
        lock (_lock)
        {
            if (!_parts.Remove(key))
            {
                return false;
            }

            Append(Header(DeleteRecord, key, 0), ReadOnlyMemory<byte>.Empty);
        }

        RandomAccess.FlushToDisk(_handle);
        return true;
    }

    /// <summary>
    /// A read-only stream over one part, read through the log's own handle (a handle per read cost an
    /// open, two flock calls and a close per part); null once the log is closed. A log closed while
    /// streams read it keeps its handle until the last of them is disposed, so a read finishes even
    /// when the job's log is deleted meanwhile, as a GET does on S3.
    /// </summary>
    public Stream? OpenPart(long offset, int length)
    {
        lock (_lock)
        {
            if (_closed)
            {
                return null;
            }

            _readers++;
        }

        return new FileRangeStream(_handle, offset, length, ReleaseReader);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            if (_readers > 0)
            {
                return;
            }
        }

        _handle.Dispose();
    }

    private void ReleaseReader()
    {
        lock (_lock)
        {
            if (--_readers > 0 || !_closed)
            {
                return;
            }
        }

        _handle.Dispose();
    }

    /// <summary>Writes a record at the end (under the lock); answers where its content starts.</summary>
    private long Append(byte[] header, ReadOnlyMemory<byte> content)
    {
        var start = _end;
        if (content.IsEmpty)
        {
            RandomAccess.Write(_handle, header, start);
        }
        else
        {
            RandomAccess.Write(_handle, [header, content], start);
        }

        _end = start + header.Length + content.Length;
        return start + header.Length;
    }

    private static byte[] Header(byte kind, string key, int contentLength)
    {
        var keyLength = Encoding.UTF8.GetByteCount(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyLength, MaxKeyBytes, nameof(key));
        var header = new byte[FixedHeaderBytes + keyLength];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        header[4] = kind;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(5), (ushort)keyLength);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(7), contentLength);
        Encoding.UTF8.GetBytes(key, header.AsSpan(FixedHeaderBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(11), Checksum(header));
        return header;
    }

    /// <summary>
    /// FNV-1a over the header (its checksum field skipped) and the key. Only headers are checked: a
    /// record past the last fsync may hold anything after a power cut, but no commit names it, since a
    /// part is fsynced before its commit; what matters is finding where the whole records end.
    /// </summary>
    private static uint Checksum(ReadOnlySpan<byte> header)
    {
        var hash = 2166136261u;
        for (var i = 0; i < header.Length; i++)
        {
            if (i is >= 11 and < FixedHeaderBytes)
            {
                continue;
            }

            hash = (hash ^ header[i]) * 16777619u;
        }

        return hash;
    }

    private void Scan()
    {
        var fileLength = RandomAccess.GetLength(_handle);
        var fixedHeader = new byte[FixedHeaderBytes];
        long offset = 0;

        // Bounded: every pass moves past one whole record or stops.
        while (offset + FixedHeaderBytes <= fileLength)
        {
            if (RandomAccess.Read(_handle, fixedHeader, offset) < FixedHeaderBytes
                || BinaryPrimitives.ReadUInt32LittleEndian(fixedHeader) != Magic
                || fixedHeader[4] is not (PutRecord or DeleteRecord))
            {
                break;
            }

            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedHeader.AsSpan(5));
            var contentLength = BinaryPrimitives.ReadInt32LittleEndian(fixedHeader.AsSpan(7));
            var headerLength = FixedHeaderBytes + keyLength;
            if (keyLength > MaxKeyBytes || contentLength < 0 || offset + headerLength + contentLength > fileLength)
            {
                break;
            }

            var header = new byte[headerLength];
            if (RandomAccess.Read(_handle, header, offset) < headerLength
                || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(11)) != Checksum(header))
            {
                break;
            }

            var key = Encoding.UTF8.GetString(header.AsSpan(FixedHeaderBytes));
            if (header[4] == PutRecord)
            {
                _parts[key] = (offset + headerLength, contentLength);
            }
            else
            {
                _parts.Remove(key);
            }

            offset += headerLength + contentLength;
        }

        if (offset < fileLength)
        {
            // What a kill mid-append (or a power cut before an fsync) left: never a part anyone committed.
            RandomAccess.SetLength(_handle, offset);
        }

        _end = offset;
    }
}
