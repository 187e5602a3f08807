using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Enrichment.Core.Batching;

/// <summary>
/// The second part format's encoding (see <see cref="PartFile"/>): numbers and field lengths as
/// ASCII-safe variable-length numbers, each value its UTF-8 bytes after its length, with no escape.
/// </summary>
/// <remarks>
/// A number is written six bits a byte, lowest first, bit 6 set on every byte but the last, so every
/// byte the format adds is below 0x80: a part is valid UTF-8 exactly when each of its values is, and
/// one check of the whole part (made by the reader, as for a JSON part) answers for all of them. A
/// field's length is written plus one, 0 meaning null: one byte for a value of up to 62 bytes.
/// </remarks>
internal static class PartFields
{
    /// <summary>Starts a part in this format: a control character no JSON part can start with, a name and a version.</summary>
    public static ReadOnlySpan<byte> Header => "\u0001EPART2\n"u8;

    /// <summary>Starts a record: its row number, its value count and values, its enrichment count and values follow.</summary>
    public const byte RecordTag = 0x1E;

    /// <summary>Ends the part, followed by its record count: a part cut short has no end and is refused.</summary>
    public const byte EndTag = 0x04;

    /// <summary>The part's end: <see cref="EndTag"/> and its record count in <see cref="MaxNumberBytes"/> bytes (<see cref="WriteFullNumber"/>).</summary>
    public const int EndBytes = 1 + MaxNumberBytes;

    /// <summary>The most bytes a number up to <see cref="long.MaxValue"/> takes (63 bits, six a byte).</summary>
    public const int MaxNumberBytes = 11;

    private const int PayloadBits = 6;
    private const int More = 0x40;
    private const int Payload = 0x3F;

    /// <summary>The bytes <paramref name="value"/> takes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NumberBytes(ulong value)
    {
        var bytes = 1;
        while (value > Payload)
        {
            value >>= PayloadBits;
            bytes++;
        }

        return bytes;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>; answers the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteNumber(Span<byte> destination, ulong value)
    {
        var at = 0;
        while (value > Payload)
        {
            destination[at++] = (byte)(More | (int)(value & Payload));
            value >>= PayloadBits;
        }

        destination[at++] = (byte)value;
        return at;
    }

    /// <summary>The most bytes a field of <paramref name="utf8Length"/> bytes takes written.</summary>
    public static int MaxFieldBytes(int utf8Length) => MaxNumberBytes + utf8Length;

    /// <summary>The most bytes the field of <paramref name="value"/> takes written (three bytes a UTF-16 unit at most).</summary>
    public static int MaxFieldBytes(string? value) => value is null ? 1 : MaxFieldBytes(value.Length * 3);

    /// <summary>Writes a field of <paramref name="utf8"/>; answers the bytes written.</summary>
    public static int WriteField(Span<byte> destination, ReadOnlySpan<byte> utf8)
    {
        var at = WriteNumber(destination, (ulong)utf8.Length + 1);
        utf8.CopyTo(destination[at..]);
        return at + utf8.Length;
    }

    /// <summary>
    /// Writes a field of <paramref name="value"/> (null: a null field) as UTF-8, a lone surrogate as
    /// U+FFFD as the JSON writer wrote it; answers the bytes written. <paramref name="destination"/>
    /// has at least <see cref="MaxFieldBytes(string)"/> bytes.
    /// </summary>
    public static int WriteField(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            return WriteNull(destination);
        }

        var room = LengthRoom(value.Length * 3);
        Utf8.FromUtf16(value, destination[room..], out _, out var written, replaceInvalidSequences: true);
        return EndField(destination, room, written);
    }

    /// <summary>Where a field of at most <paramref name="maxLength"/> bytes may put its bytes before it knows their count: after room for the longest length.</summary>
    public static int LengthRoom(int maxLength) => NumberBytes((ulong)maxLength + 1);

    /// <summary>
    /// Ends a field whose <paramref name="written"/> bytes were put at <paramref name="room"/>
    /// (<see cref="LengthRoom"/>): moves them up to its real length's end if that is shorter and
    /// writes the length; answers the field's bytes.
    /// </summary>
    public static int EndField(Span<byte> destination, int room, int written)
    {
        var prefix = NumberBytes((ulong)written + 1);
        if (prefix < room)
        {
            destination.Slice(room, written).CopyTo(destination[prefix..]);
        }

        WriteNumber(destination, (ulong)written + 1);
        return prefix + written;
    }

    /// <summary>Writes a null field; answers the bytes written.</summary>
    public static int WriteNull(Span<byte> destination)
    {
        destination[0] = 0;
        return 1;
    }

    /// <summary>Writes <paramref name="value"/> in exactly <see cref="MaxNumberBytes"/> bytes (its high groups zero), so it can be found from the end of a part.</summary>
    public static void WriteFullNumber(Span<byte> destination, ulong value)
    {
        for (var i = 0; i < MaxNumberBytes - 1; i++)
        {
            destination[i] = (byte)(More | (int)(value & Payload));
            value >>= PayloadBits;
        }

        destination[MaxNumberBytes - 1] = (byte)value;
    }

    /// <summary>Reads a number at <paramref name="at"/>, moving past it; false for a number cut short or too long.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadNumber(ReadOnlySpan<byte> bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < MaxNumberBytes * PayloadBits && (uint)at < (uint)bytes.Length; shift += PayloadBits)
        {
            var b = bytes[at++];
            if (b >= 0x80)
            {
                return false;
            }

            value |= (ulong)(b & Payload) << shift;
            if ((b & More) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads a field at <paramref name="at"/>, moving past it: its bytes, or null (<paramref name="isNull"/>);
    /// false for a field cut short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadField(ReadOnlySpan<byte> bytes, ref int at, out ReadOnlySpan<byte> value, out bool isNull)
    {
        value = default;
        isNull = false;
        if ((uint)at < (uint)bytes.Length && bytes[at] < More)
        {
            // One byte: the common case, a value of up to 62 bytes.
            var length = bytes[at++] - 1;
            return Take(bytes, ref at, length, out value, out isNull);
        }

        if (!TryReadNumber(bytes, ref at, out var lengthPlusOne) || lengthPlusOne > int.MaxValue)
        {
            return false;
        }

        return Take(bytes, ref at, (int)lengthPlusOne - 1, out value, out isNull);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Take(ReadOnlySpan<byte> bytes, ref int at, int length, out ReadOnlySpan<byte> value, out bool isNull)
    {
        value = default;
        isNull = length < 0;
        if (isNull)
        {
            return true;
        }

        if ((uint)length > (uint)(bytes.Length - at))
        {
            return false;
        }

        value = bytes.Slice(at, length);
        at += length;
        return true;
    }
}
