using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Enrichment.Core.Input;

/// <summary>
/// Reads the records of a byte range of a CSV list the split validated (issue 13): the worker's batch
/// names its rows as a range of the job's kept list instead of carrying them as JSON, and reads them
/// here as batch rows holding a part's fields (<see cref="BatchRow.Fields"/>), the exact bytes
/// <see cref="BatchRowJsonConverter"/> read from the rows <see cref="CsvContactReader"/> wrote as JSON.
/// </summary>
/// <remarks>
/// The range's UTF-8 is parsed as bytes, by <see cref="CsvParser"/>'s rules, and each value's bytes
/// are copied into its part fields as they are: a value's part field is its UTF-8, so decoding the
/// range to UTF-16 for the char parser and encoding every value back (as this did first) was a round
/// trip to the same bytes, and cost more than the JSON read it replaced. Exact because the range is
/// checked to be valid UTF-8 first and every character the parser stops at is ASCII: UTF-8 never
/// puts an ASCII byte inside a longer sequence, so the bytes split where the characters would.
/// Measured with a throwaway harness over the 500-record ranges of a generated 100,000-row list
/// (<c>generate --count 100000</c>), least CPU of several runs on a shared 2-core machine: the char
/// path about 41 ms, this about 21 ms per 100,000 rows.
/// <para>
/// The list was validated then, so anything refused now means the list changed since, or the range
/// does not hold whole records: <see cref="InvalidDataException"/>, naming the row but no value
/// (contact data is personal data).
/// </para>
/// </remarks>
public static partial class CsvRangeReader
{
    private const byte Quote = (byte)'"';
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    // An ASCII delimiter's stops outside quotes, made once each (a comma, semicolon or tab in practice).
    private static readonly SearchValues<byte>?[] UnquotedStops = new SearchValues<byte>?[128];

    /// <summary>
    /// The records of <paramref name="range"/>: whole records of a UTF-8 list, after its header, with
    /// no BOM. Blank lines are skipped and do not count, as <see cref="CsvContactReader"/> skips them.
    /// </summary>
    /// <param name="delimiter">The list's (<see cref="CsvContactReader.Delimiter"/>).</param>
    /// <param name="columns">The header's column count: shorter records are padded with nulls to it.</param>
    /// <param name="firstRow">The row number of the range's first record.</param>
    public static async Task<List<BatchRow>> ReadRowsAsync(
        ReadOnlyMemory<byte> range,
        char delimiter,
        int columns,
        long firstRow,
        ContactReaderOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstRow);
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("A CSV delimiter cannot be a quote or a line break.", nameof(delimiter));
        }

        if (!Utf8.IsValid(range.Span))
        {
            throw new InvalidDataException(
                $"the range of rows from {firstRow} is not valid UTF-8 at its byte {ValidBytes(range.Span)} of {range.Length}: " +
                "the list changed after it was validated");
        }

        // A delimiter the options set (never one the header's detection picks) may be any character; a
        // non-ASCII one, perhaps half a surrogate pair, is left to the char parser rather than matched here.
        return char.IsAscii(delimiter)
            ? Parse(range.Span, (byte)delimiter, columns, firstRow, cancellationToken)
            : await ReadAsCharsAsync(range, delimiter, columns, firstRow, options, cancellationToken);
    }

    /// <summary>
    /// The records of a valid UTF-8 range, parsed as <see cref="CsvParser.TryParseRecord"/> parses them.
    /// <see cref="ContactReaderOptions.MaxRecordLength"/> is not checked: the split validated the list
    /// under it, and a range that no longer keeps it still parses to whole records or is refused here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<BatchRow> Parse(ReadOnlySpan<byte> text, byte delimiter, int columns, long firstRow, CancellationToken cancellationToken)
    {
        var unquotedStops = StopsOf(delimiter);

        // A record's fields: its column count, then for each column kept a length of at most
        // MaxNumberBytes and its bytes (together no more than the range's), or a null's byte. Sized once
        // so that no write checks its room.
        var most = PartFields.MaxNumberBytes * (columns + 1L) + text.Length;
        if (most > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "Too many columns for the range's part fields.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)most);
        try
        {
            var rows = new List<BatchRow>();
            var row = firstRow;
            var i = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // Blank lines: any run of CR and LF before a record is line ends only.
                while (i < text.Length && text[i] is Cr or Lf)
                {
                    i++;
                }

                if (i == text.Length)
                {
                    return rows;
                }

                var written = PartFields.WriteNumber(buffer, (ulong)columns);
                var field = 0;
                while (true)
                {
                    if (i < text.Length && text[i] == Quote)
                    {
                        i = ReadQuoted(text, i, buffer, ref written, keep: field < columns, row);
                        if (i < text.Length && text[i] != delimiter && text[i] is not (Cr or Lf))
                        {
                            var (line, column) = Where(text, i);
                            throw Refused(row, $"a character after a closing quote at line {line}, column {column} of the range");
                        }
                    }
                    else
                    {
                        // A quote inside an unquoted field (5" screen) is kept as a literal character.
                        var k = text[i..].IndexOfAny(unquotedStops);
                        if (k < 0)
                        {
                            k = text.Length - i;
                        }

                        if (field < columns)
                        {
                            written += PartFields.WriteField(buffer.AsSpan(written), text.Slice(i, k));
                        }

                        i += k;
                    }

                    field++;
                    if (i < text.Length && text[i] == delimiter)
                    {
                        i++;
                        continue;
                    }

                    break;
                }

                // The record's line end: CRLF, LF or a lone CR.
                if (i < text.Length)
                {
                    i += text[i] == Cr && i + 1 < text.Length && text[i + 1] == Lf ? 2 : 1;
                }

                if (field > columns)
                {
                    throw new InvalidDataException(
                        $"row {row} has {field} fields where the list has {columns} columns: " +
                        "the list changed after it was validated, or the range does not start at a record");
                }

                // A short record is padded with nulls, as the split's reader pads it.
                buffer.AsSpan(written, columns - field).Clear();
                written += columns - field;
                rows.Add(BatchRow.FromFields(row++, buffer.AsSpan(0, written).ToArray()));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads the quoted field whose opening quote is at <paramref name="at"/>, writing its value (doubled
    /// quotes made one) when <paramref name="keep"/>; answers where its closing quote's next byte is.
    /// </summary>
    private static int ReadQuoted(ReadOnlySpan<byte> text, int at, byte[] buffer, ref int written, bool keep, long row)
    {
        var start = at + 1;
        var close = text[start..].IndexOf(Quote);
        if (close < 0)
        {
            throw Unclosed(text, at, row);
        }

        close += start;
        if (close + 1 == text.Length || text[close + 1] != Quote)
        {
            if (keep)
            {
                written += PartFields.WriteField(buffer.AsSpan(written), text[start..close]);
            }

            return close + 1;
        }

        // Doubled quotes: the value is shorter than its text, so its bytes go after room for the longest
        // length and move up to their real length's end (as the char path's fields did).
        var room = PartFields.LengthRoom(text.Length - start);
        var length = 0;
        var segment = start;
        while (true)
        {
            // close is a quote; a doubled one is kept once, with the segment before it.
            var doubled = close + 1 < text.Length && text[close + 1] == Quote;
            var end = doubled ? close + 1 : close;
            if (keep)
            {
                text[segment..end].CopyTo(buffer.AsSpan(written + room + length));
            }

            length += end - segment;
            if (!doubled)
            {
                break;
            }

            segment = close + 2;
            var next = text[segment..].IndexOf(Quote);
            if (next < 0)
            {
                throw Unclosed(text, at, row);
            }

            close = segment + next;
        }

        if (keep)
        {
            written += PartFields.EndField(buffer.AsSpan(written), room, length);
        }

        return close + 1;
    }

    private static SearchValues<byte> StopsOf(byte delimiter) =>
        UnquotedStops[delimiter] ??= SearchValues.Create(delimiter, Cr, Lf);

    private static InvalidDataException Unclosed(ReadOnlySpan<byte> text, int quote, long row)
    {
        var (line, column) = Where(text, quote);
        return Refused(row, $"an unclosed quote at line {line}, column {column} of the range");
    }

    // Not the record's text: that may show a value. Where it is in the range says enough.
    private static InvalidDataException Refused(long row, string what) =>
        new($"row {row} does not parse as it did when the list was validated ({what}); " +
            "the list changed since, or the range does not hold whole records");

    /// <summary>
    /// The line and column of byte <paramref name="at"/> as the char parser counts them (CRLF, LF or a
    /// lone CR a line; characters within the line), found only for a refusal so the parse counts no lines.
    /// </summary>
    private static (long Line, long Column) Where(ReadOnlySpan<byte> text, int at)
    {
        var before = text[..at];
        long line = 1;
        var lineStart = 0;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == Lf || (before[i] == Cr && (i + 1 == text.Length || text[i + 1] != Lf)))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(before[lineStart..]) + 1L);
    }

    /// <summary>How many bytes of <paramref name="text"/> are valid UTF-8 before its first invalid or cut sequence.</summary>
    private static int ValidBytes(ReadOnlySpan<byte> text)
    {
        var at = 0;
        while (at < text.Length && Rune.DecodeFromUtf8(text[at..], out _, out var consumed) == OperationStatus.Done)
        {
            at += consumed;
        }

        return at;
    }
}
