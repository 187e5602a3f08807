using System.Buffers;
using System.Text.Unicode;

namespace Enrichment.Core.Output;

/// <summary>
/// The CSV field rule, in one place, for every writer of CSV bytes: a field is quoted only when it
/// contains a comma, a double quote, CR or LF; quotes inside are doubled; null and empty both write an
/// empty field; fields are separated by commas and a line ends with CRLF. Used by
/// <see cref="CsvRecordWriter"/> into its buffer, and by the aggregate's parsing thread, which
/// encodes each row ahead of the writing thread (issue 13: the encoding was 410 of the writing
/// thread's ~2,800 samples on the 1,000,000-row job, the critical path of the aggregate).
/// </summary>
internal static class CsvEncoding
{
    /// <summary>The line end: CRLF, the RFC's.</summary>
    public const int LineEndBytes = 2;

    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    private static readonly SearchValues<byte> NeedsQuotingUtf8 = SearchValues.Create(",\"\r\n"u8);

    /// <summary>
    /// At most the bytes <see cref="WriteCells"/> and a line end take for <paramref name="count"/> cells
    /// of <paramref name="row"/>: every cell's bytes are in the row's bytes, so twice those (all quotes
    /// doubled) and three per cell (comma and quotes) bound the line, with no pass over the cells.
    /// </summary>
    public static int MaxLineBytes(Utf8Row row, int count) => LineEndBytes + (row.ByteCount * 2) + (count * 3);

    /// <summary>
    /// Whether any cell of the row may need quotes: most rows need none, and one search over all the
    /// row's bytes saves one per cell (false means no cell does; true, that a cell may).
    /// </summary>
    public static bool MayNeedQuotes(Utf8Row row) => row.Bytes.ContainsAny(NeedsQuotingUtf8);

    /// <summary>
    /// Cells [<paramref name="from"/>, <paramref name="to"/>) of <paramref name="row"/> (a cell past the
    /// row's is empty), each after a comma but the line's first; the bytes written.
    /// </summary>
    /// <param name="quoting">From <see cref="MayNeedQuotes"/>: false skips each cell's own search.</param>
    public static int WriteCells(Utf8Row row, int from, int to, bool quoting, Span<byte> destination)
    {
        var position = 0;
        for (var i = from; i < to; i++)
        {
            if (i > 0)
            {
                destination[position++] = (byte)',';
            }

            var field = i < row.Count ? row[i] : default;
            if (quoting && field.ContainsAny(NeedsQuotingUtf8))
            {
                position += WriteQuoted(field, destination[position..]);
            }
            else
            {
                field.CopyTo(destination[position..]);
                position += field.Length;
            }
        }

        return position;
    }

    /// <summary>A line of <paramref name="count"/> fields from strings (a field past the values is empty), with its line end; the bytes written.</summary>
    public static int WriteLine(IReadOnlyList<string?> values, int count, Span<byte> destination)
    {
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                destination[position++] = (byte)',';
            }

            position += WriteField((i < values.Count ? values[i] : null).AsSpan(), destination[position..]);
        }

        return position + WriteLineEnd(destination[position..]);
    }

    /// <summary>One field from a string (invalid UTF-16, a lone surrogate, as U+FFFD); at most 3 bytes per char and 2 more.</summary>
    public static int WriteField(ReadOnlySpan<char> field, Span<byte> destination)
    {
        if (!field.ContainsAny(NeedsQuoting))
        {
            return WriteUtf8(field, destination);
        }

        var position = 0;
        destination[position++] = (byte)'"';
        while (true)
        {
            var quote = field.IndexOf('"');
            if (quote < 0)
            {
                position += WriteUtf8(field, destination[position..]);
                break;
            }

            position += WriteUtf8(field[..(quote + 1)], destination[position..]);
            destination[position++] = (byte)'"';
            field = field[(quote + 1)..];
        }

        destination[position++] = (byte)'"';
        return position;
    }

    public static int WriteLineEnd(Span<byte> destination)
    {
        destination[0] = (byte)'\r';
        destination[1] = (byte)'\n';
        return LineEndBytes;
    }

    private static int WriteQuoted(ReadOnlySpan<byte> field, Span<byte> destination)
    {
        var position = 0;
        destination[position++] = (byte)'"';
        while (true)
        {
            var quote = field.IndexOf((byte)'"');
            var upTo = quote < 0 ? field : field[..(quote + 1)];
            upTo.CopyTo(destination[position..]);
            position += upTo.Length;
            if (quote < 0)
            {
                break;
            }

            destination[position++] = (byte)'"';
            field = field[(quote + 1)..];
        }

        destination[position++] = (byte)'"';
        return position;
    }

    private static int WriteUtf8(ReadOnlySpan<char> text, Span<byte> destination)
    {
        Utf8.FromUtf16(text, destination, out _, out var written, replaceInvalidSequences: true);
        return written;
    }
}
