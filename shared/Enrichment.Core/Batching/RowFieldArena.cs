using System.Buffers;

namespace Enrichment.Core.Batching;

/// <summary>
/// Pooled memory for the fields of the rows of one message the worker handles
/// (<see cref="BatchRow.Fields"/>), given back once the delivery is handled: a message's rows are
/// read, enriched, written into their part and dropped within that one delivery.
/// </summary>
/// <remarks>
/// Issue 13: each row's fields were an array of their own, about 170 bytes a row, 8% of a
/// 1,000,000-row job's allocations, alive for the whole batch (so copied by every young collection
/// that met them). The converter takes them from here while this thread is inside <see cref="Read{T}"/>,
/// and from a new array as before otherwise. Rows read here must not be used after <see cref="Dispose"/>.
/// </remarks>
internal sealed class RowFieldArena : IDisposable
{
    private const int ChunkBytes = 64 * 1024;

    [ThreadStatic]
    private static RowFieldArena? Current;

    private readonly List<byte[]> _chunks = [];
    private int _used;

    /// <summary>The arena of the read running on this thread, if any.</summary>
    public static RowFieldArena? ForThread => Current;

    /// <summary>Runs <paramref name="read"/> (synchronous) with rows' fields taken from this arena.</summary>
    public T Read<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ObjectDisposedException.ThrowIf(_used < 0, this);
        var outer = Current;
        Current = this;
        try
        {
            return read();
        }
        finally
        {
            Current = outer;
        }
    }

    /// <summary><paramref name="length"/> bytes of this arena's memory, valid until it is disposed.</summary>
    public Memory<byte> Take(int length)
    {
        if (_chunks.Count == 0 || _chunks[^1].Length - _used < length)
        {
            _chunks.Add(ArrayPool<byte>.Shared.Rent(Math.Max(ChunkBytes, length)));
            _used = 0;
        }

        var memory = _chunks[^1].AsMemory(_used, length);
        _used += length;
        return memory;
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _used = -1;
    }
}
