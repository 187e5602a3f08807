using System.Buffers;

namespace Enrichment.Core.Batching;

/// <summary>
/// Reads a part's line in the one shape <see cref="PartWriter"/> writes it, with no escape in it
/// (<c>{"row":n,"values":[...],"enrichment":[...]}</c>, strings and nulls), straight into UTF-8
/// cells; anything else (an escape, a space, another order, a malformed line) is left to the JSON
/// reader, which reads or refuses it as it always did.
/// </summary>
/// <remarks>
/// Issue 13: after the aggregate's parsing moved to a thread of its own, the general JSON reader was
/// most of that thread's samples. JSON parts (those written before the second part format,
/// <see cref="PartFields"/>) were written with the relaxed encoder, so almost every line is in this shape. The caller has checked the whole part is valid UTF-8, so the bytes between
/// two quotes are a valid value.
/// </remarks>
internal static class PartLine
{
    /// <summary>What ends a plain value (its closing quote) or makes it not plain (an escape, a control character the reader refuses).</summary>
    private static readonly SearchValues<byte> QuoteOrUnplain = SearchValues.Create([(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    /// <summary>
    /// The line's values into cells [0, <paramref name="valueCells"/>), its enrichment values into the
    /// cells after (values past either are dropped, as the reader drops them); false, with cells
    /// partly set, when the line is not in the writer's plain shape.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> line, Utf8Row cells, int valueCells, out long row, out int enrichmentCount)
    {
        enrichmentCount = 0;
        row = 0;
        var at = 0;
        return Literal(line, ref at, "{\"row\":"u8)
            && Number(line, ref at, out row)
            && Literal(line, ref at, ",\"values\":"u8)
            && Strings(line, ref at, cells, 0, valueCells, out _)
            && Literal(line, ref at, ",\"enrichment\":"u8)
            && Strings(line, ref at, cells, valueCells, cells.Count - valueCells, out enrichmentCount)
            && Literal(line, ref at, "}"u8)
            && at == line.Length;
    }

    private static bool Literal(ReadOnlySpan<byte> line, ref int at, ReadOnlySpan<byte> text)
    {
        if (!line[at..].StartsWith(text))
        {
            return false;
        }

        at += text.Length;
        return true;
    }

    /// <summary>A whole number the reader would read as a long: digits, no leading zero, at most 18 of them (so no overflow).</summary>
    private static bool Number(ReadOnlySpan<byte> line, ref int at, out long value)
    {
        value = 0;
        var start = at;
        while (at < line.Length && line[at] is >= (byte)'0' and <= (byte)'9' && at - start < 18)
        {
            value = (value * 10) + (line[at] - '0');
            at++;
        }

        var digits = at - start;
        return digits > 0 && !(digits > 1 && line[start] == '0') && (at == line.Length || line[at] is < (byte)'0' or > (byte)'9');
    }

    /// <summary>An array of plain strings and nulls, into cells from <paramref name="first"/>, at most <paramref name="limit"/>.</summary>
    private static bool Strings(ReadOnlySpan<byte> line, ref int at, Utf8Row cells, int first, int limit, out int count)
    {
        count = 0;
        if (!Literal(line, ref at, "["u8))
        {
            return false;
        }

        if (Literal(line, ref at, "]"u8))
        {
            return true;
        }

        while (true)
        {
            if (Literal(line, ref at, "\""u8))
            {
                // The value ends at the next quote; a backslash or a control character before it is not the plain shape.
                var rest = line[at..];
                var end = rest.IndexOfAny(QuoteOrUnplain);
                if (end < 0 || rest[end] != '"')
                {
                    return false;
                }

                if (count < limit)
                {
                    cells.Set(first + count, rest[..end]);
                }

                at += end + 1;
            }
            else if (!Literal(line, ref at, "null"u8))
            {
                return false;
            }

            count++;
            if (Literal(line, ref at, "]"u8))
            {
                return true;
            }

            if (!Literal(line, ref at, ","u8))
            {
                return false;
            }
        }
    }
}
