using System.Buffers.Binary;

namespace Enrichment.Core.Batching;

/// <summary>
/// The short values read from row JSON, remembered per thread in a small direct-mapped table, so a
/// value that repeats (a country, a company, a job title, a common first name) is one string, not a
/// new one per row. Issue 13: the worker's parse of its message made a string of every value, the
/// largest of the pipeline's own allocations after the split's.
/// </summary>
/// <remarks>
/// A miss costs what reading the value always cost, plus copying at most <see cref="MaxBytes"/> bytes
/// into the table (no allocation); a value whose slot another value took is read again. Escaped
/// values are read as before (their bytes are not their text).
/// </remarks>
internal sealed class RepeatedStrings
{
    private const int SlotBits = 10;
    private const int Slots = 1 << SlotBits;
    private const int MaxBytes = 32;

    [ThreadStatic]
    private static RepeatedStrings? Current;

    private readonly byte[] _bytes = new byte[Slots * MaxBytes];
    private readonly byte[] _lengths = new byte[Slots];
    private readonly string?[] _strings = new string?[Slots];

    /// <summary>The string value the reader is on, as <see cref="Utf8JsonReader.GetString"/> reads it.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length is 0 or > MaxBytes)
        {
            return reader.GetString()!;
        }

        return (Current ??= new RepeatedStrings()).Lookup(ref reader);
    }

    /// <summary>This thread's table, for a caller making strings of a row's values (one thread-static read a row, not a value).</summary>
    public static RepeatedStrings ForThread => Current ??= new RepeatedStrings();

    /// <summary>The string of <paramref name="utf8"/>, valid UTF-8 (a part's value, a message's value read as bytes).</summary>
    public static string Of(ReadOnlySpan<byte> utf8) => ForThread.Get(utf8);

    /// <summary><see cref="Of"/> with this table.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is 0 or > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var slot = Slot(utf8);
        return Known(slot, utf8) ?? Keep(slot, utf8, Encoding.UTF8.GetString(utf8));
    }

    private string Lookup(ref Utf8JsonReader reader)
    {
        var utf8 = reader.ValueSpan;
        var slot = Slot(utf8);

        // Read as always (so invalid text fails as it did), then kept for the next row.
        return Known(slot, utf8) ?? Keep(slot, utf8, reader.GetString()!);
    }

    private string? Known(int slot, ReadOnlySpan<byte> utf8) =>
        _strings[slot] is { } known && _bytes.AsSpan(slot * MaxBytes, _lengths[slot]).SequenceEqual(utf8) ? known : null;

    private string Keep(int slot, ReadOnlySpan<byte> utf8, string value)
    {
        utf8.CopyTo(_bytes.AsSpan(slot * MaxBytes, MaxBytes));
        _lengths[slot] = (byte)utf8.Length;
        _strings[slot] = value;
        return value;
    }

    /// <summary>
    /// The value's slot, from its bytes read eight at a time and multiplied through (Fibonacci
    /// hashing; the top bits index the table). HashCode.AddBytes mixed four bytes at a time with a
    /// seeded hash and took about a seventh of the worker's parse of its message (issue 13); the
    /// table needs spread, not resistance to chosen collisions: a collision only costs a new string.
    /// </summary>
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        const ulong Golden = 0x9E3779B97F4A7C15;
        var hash = (ulong)utf8.Length * Golden;
        var i = 0;
        for (; i + sizeof(ulong) <= utf8.Length; i += sizeof(ulong))
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8[i..])) * Golden;
        }

        ulong tail = 0;
        for (; i < utf8.Length; i++)
        {
            tail = (tail << 8) | utf8[i];
        }

        hash = (hash ^ tail) * Golden;
        return (int)(hash >> (64 - SlotBits));
    }
}
