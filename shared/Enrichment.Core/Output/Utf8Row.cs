using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Enrichment.Core.Output;

/// <summary>
/// A row of cells held as UTF-8 bytes (a cell is null or its bytes), reused row after row: what the
/// aggregate hands a <see cref="IUtf8RecordWriter"/> straight from a part's lines, with no string per value.
/// </summary>
public sealed class Utf8Row
{
    private byte[] _bytes;
    private int _used;
    private int[] _start = new int[64];
    private int[] _length = new int[64];

    public Utf8Row()
        : this(4096)
    {
    }

    /// <summary>A row whose bytes start at <paramref name="bytes"/> (they grow to the longest row held).</summary>
    internal Utf8Row(int bytes) => _bytes = new byte[bytes];

    /// <summary>The row's cells.</summary>
    public int Count { get; private set; }

    /// <summary>Empties the row into <paramref name="count"/> null cells.</summary>
    public void Reset(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_start.Length < count)
        {
            _start = new int[count];
            _length = new int[count];
        }

        _length.AsSpan(0, count).Fill(-1);
        _used = 0;
        Count = count;
    }

    /// <summary>The bytes the row's cells take (a cell rewritten keeps its old bytes too): what a writer sizes its room from.</summary>
    public int ByteCount => _used;

    /// <summary>All the bytes of the row's cells, side by side (with those of cells since rewritten): one search over them answers for every cell.</summary>
    internal ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, _used);

    public bool IsNull(int cell) => _length[Check(cell)] < 0;

    /// <summary>The cell's bytes; empty for a null cell.</summary>
    /// <remarks>Read for every cell of every output row several times (issue 13: the check as a call of its own was 5% of the aggregate's samples), so the check is inlined.</remarks>
    public ReadOnlySpan<byte> this[int cell]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)cell >= (uint)Count)
            {
                ThrowOutOfRange(cell);
            }

            var length = _length[cell];
            return length < 0 ? default : new ReadOnlySpan<byte>(_bytes, _start[cell], length);
        }
    }

    public void Set(int cell, ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(cell, utf8.Length));
        Commit(cell, utf8.Length);
    }

    /// <summary>Room for up to <paramref name="maxLength"/> bytes of the cell; <see cref="Commit"/> says how many were written.</summary>
    public Span<byte> Reserve(int cell, int maxLength)
    {
        Check(cell);
        if (_bytes.Length - _used < maxLength)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + maxLength));
        }

        return _bytes.AsSpan(_used, maxLength);
    }

    public void Commit(int cell, int written)
    {
        _start[Check(cell)] = _used;
        _length[cell] = written;
        _used += written;
    }

    /// <summary>Puts <paramref name="first"/> before the cell's bytes (the formula guard's apostrophe).</summary>
    public void Prefix(int cell, byte first)
    {
        var length = Math.Max(_length[Check(cell)], 0);
        var room = Reserve(cell, length + 1);
        room[0] = first;
        _bytes.AsSpan(_start[cell], length).CopyTo(room[1..]);
        Commit(cell, length + 1);
    }

    private int Check(int cell)
    {
        if ((uint)cell >= (uint)Count)
        {
            ThrowOutOfRange(cell);
        }

        return cell;
    }

    [DoesNotReturn]
    private void ThrowOutOfRange(int cell)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cell);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cell, Count);
        throw new UnreachableException();
    }
}
