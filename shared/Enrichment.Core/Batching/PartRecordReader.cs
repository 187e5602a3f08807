namespace Enrichment.Core.Batching;

/// <summary>
/// Reads the records of a part in the second format (<see cref="PartFields"/>), one at a time from
/// <c>at</c>: into UTF-8 cells (a copy of each value's bytes), the caller's strings, or a <see cref="PartRecord"/>.
/// Every read answers false for bytes that are not a record; the caller has checked the part is whole
/// (<see cref="TryEnd"/>) and valid UTF-8.
/// </summary>
/// <remarks>
/// Nothing is searched for or unescaped: each value is found from its length (issue 13: the JSON
/// part's reading, its quotes searched for and its escapes undone, was most of the aggregate's parsing;
/// measured on the 1,000,000-row list under load 13, the aggregate's frames fell from 1,093 to 632 samples).
/// </remarks>
internal static class PartRecordReader
{
    /// <summary>Where the records of <paramref name="part"/> (the whole part, from its header) end, and how many there are; false for a part cut short.</summary>
    public static bool TryEnd(ReadOnlySpan<byte> part, out int end, out long count)
    {
        end = part.Length - PartFields.EndBytes;
        count = 0;
        if (end < PartFields.Header.Length || part[end] != PartFields.EndTag)
        {
            return false;
        }

        var at = end + 1;
        if (!PartFields.TryReadNumber(part, ref at, out var read) || at != part.Length || read > int.MaxValue)
        {
            return false;
        }

        count = (long)read;
        return true;
    }

    /// <summary>The record's values into cells [0, <paramref name="valueCells"/>), its enrichment after (values past either are dropped).</summary>
    public static bool TryReadInto(ReadOnlySpan<byte> records, ref int at, Utf8Row cells, int valueCells, out long row, out int enrichmentCount)
    {
        enrichmentCount = 0;
        return TryBegin(records, ref at, out row)
            && TryFieldsInto(records, ref at, cells, 0, valueCells, out _)
            && TryFieldsInto(records, ref at, cells, valueCells, cells.Count - valueCells, out enrichmentCount);
    }

    /// <summary>The record's values into <paramref name="values"/>, its enrichment into <paramref name="enrichment"/> (values past either are dropped).</summary>
    public static bool TryReadInto(ReadOnlySpan<byte> records, ref int at, Span<string?> values, Span<string?> enrichment, out long row, out int enrichmentCount)
    {
        enrichmentCount = 0;
        return TryBegin(records, ref at, out row)
            && TryStringsInto(records, ref at, values, out _)
            && TryStringsInto(records, ref at, enrichment, out enrichmentCount);
    }

    /// <summary>The record whole.</summary>
    public static bool TryRead(ReadOnlySpan<byte> records, ref int at, out PartRecord? record)
    {
        record = null;
        if (!TryBegin(records, ref at, out var row)
            || !TryStrings(records, ref at, out var values)
            || !TryStrings(records, ref at, out var enrichment))
        {
            return false;
        }

        record = new PartRecord(row, values, enrichment);
        return true;
    }

    private static bool TryBegin(ReadOnlySpan<byte> records, ref int at, out long row)
    {
        row = 0;
        if ((uint)at >= (uint)records.Length || records[at++] != PartFields.RecordTag
            || !PartFields.TryReadNumber(records, ref at, out var number) || number > long.MaxValue)
        {
            return false;
        }

        row = (long)number;
        return true;
    }

    private static bool TryCount(ReadOnlySpan<byte> records, ref int at, out int count)
    {
        count = 0;
        if (!PartFields.TryReadNumber(records, ref at, out var number) || number > (ulong)(records.Length - at))
        {
            // Each value takes at least a byte: a count past the bytes left is not a record's.
            return false;
        }

        count = (int)number;
        return true;
    }

    private static bool TryFieldsInto(ReadOnlySpan<byte> records, ref int at, Utf8Row cells, int first, int limit, out int count)
    {
        if (!TryCount(records, ref at, out count))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!PartFields.TryReadField(records, ref at, out var value, out var isNull))
            {
                return false;
            }

            if (!isNull && i < limit)
            {
                cells.Set(first + i, value);
            }
        }

        return true;
    }

    private static bool TryStringsInto(ReadOnlySpan<byte> records, ref int at, Span<string?> destination, out int count) =>
        TryCount(records, ref at, out count) && TryStrings(records, ref at, count, destination);

    private static bool TryStrings(ReadOnlySpan<byte> records, ref int at, out string?[] values)
    {
        values = [];
        if (!TryCount(records, ref at, out var count))
        {
            return false;
        }

        values = new string?[count];
        return TryStrings(records, ref at, count, values);
    }

    /// <summary><paramref name="count"/> fields as strings, into <paramref name="destination"/> as far as it goes.</summary>
    private static bool TryStrings(ReadOnlySpan<byte> records, ref int at, int count, Span<string?> destination)
    {
        for (var i = 0; i < count; i++)
        {
            if (!PartFields.TryReadField(records, ref at, out var value, out var isNull))
            {
                return false;
            }

            if (i < destination.Length)
            {
                destination[i] = isNull ? null : RepeatedStrings.Of(value);
            }
        }

        return true;
    }
}
