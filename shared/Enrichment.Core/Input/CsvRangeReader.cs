using System.Buffers;
using System.Text.Unicode;

namespace Enrichment.Core.Input;

/// <summary>
/// Reads the records of a byte range of a CSV list the split validated (issue 13): the worker's batch
/// names its rows as a range of the job's kept list instead of carrying them as JSON, and reads them
/// here as batch rows holding a part's fields (<see cref="BatchRow.Fields"/>), the exact bytes
/// <see cref="BatchRowJsonConverter"/> read from the rows <see cref="CsvContactReader"/> wrote as JSON.
/// </summary>
/// <remarks>
/// The range is parsed by <see cref="CsvParser"/> in its fields mode, so no string is made of any
/// value (the worker's JSON read made one of each, about 8% of a 1,000,000-row job's CPU) and every
/// record parses exactly as it did when the split read it. The list was validated then, so anything
/// it refuses now means the list changed since, or the range does not hold whole records:
/// <see cref="InvalidDataException"/>, naming the row but no value (contact data is personal data).
/// </remarks>
public static class CsvRangeReader
{
    // Above this a thread does not keep its fields buffer: one long record must not pin its size.
    private const int MaxSpareBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? Spare;

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

        // A UTF-8 byte makes at most one UTF-16 unit. Decoded whole up front, strictly, as the split's reader decoded it.
        var text = ArrayPool<char>.Shared.Rent(Math.Max(range.Length, 1));
        var fields = Spare ?? new ArrayBufferWriter<byte>(1024);
        Spare = null;
        try
        {
            if (Utf8.ToUtf16(range.Span, text, out var read, out var length, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                throw new InvalidDataException(
                    $"the range of rows from {firstRow} is not valid UTF-8 at its byte {read} of {range.Length}: " +
                    "the list changed after it was validated");
            }

            using var reader = new CharReader(text.AsMemory(0, length));
            using var parser = new CsvParser(options);
            parser.SetDelimiter(delimiter);
            parser.WriteFieldsTo(fields, columns);
            return await ParseAsync(parser, reader, columns, firstRow, cancellationToken);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
            if (fields.Capacity <= MaxSpareBytes)
            {
                Spare = fields;
            }
        }
    }

    private static async Task<List<BatchRow>> ParseAsync(CsvParser parser, TextReader reader, int columns, long firstRow, CancellationToken cancellationToken)
    {
        var rows = new List<BatchRow>();
        var row = firstRow;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = parser.SkipBlankLines();
            if (status == CsvParser.Status.End)
            {
                return rows;
            }

            var fieldCount = 0;
            try
            {
                if (status == CsvParser.Status.Ready)
                {
                    status = parser.TryParseRecord(columns, out fieldCount, out _);
                }

                if (status == CsvParser.Status.NeedMore)
                {
                    await parser.FillAsync(reader, cancellationToken);
                    continue;
                }
            }
            catch (InputFormatException refused)
            {
                // Not its message: that may show a character of the record. Where it is in the range says enough.
                throw new InvalidDataException(
                    $"row {row} does not parse as it did when the list was validated (line {refused.Line}, column {refused.Column} " +
                    "of the range: an unclosed quote, a character after a closing quote or a record over the length limit); " +
                    "the list changed since, or the range does not hold whole records");
            }

            if (fieldCount > columns)
            {
                throw new InvalidDataException(
                    $"row {row} has {fieldCount} fields where the list has {columns} columns: " +
                    "the list changed after it was validated, or the range does not start at a record");
            }

            rows.Add(BatchRow.FromFields(row++, parser.EndFields().ToArray()));
        }
    }

    /// <summary>The range's text to the parser's window, as a stream's reader would hand it over.</summary>
    private sealed class CharReader(ReadOnlyMemory<char> text) : TextReader
    {
        private ReadOnlyMemory<char> _rest = text;

        public override int Read(Span<char> buffer)
        {
            var count = Math.Min(buffer.Length, _rest.Length);
            _rest.Span[..count].CopyTo(buffer);
            _rest = _rest[count..];
            return count;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
            cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled<int>(cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override int Peek() => _rest.IsEmpty ? -1 : _rest.Span[0];

        public override int Read()
        {
            var next = Peek();
            if (next >= 0)
            {
                _rest = _rest[1..];
            }

            return next;
        }
    }
}
