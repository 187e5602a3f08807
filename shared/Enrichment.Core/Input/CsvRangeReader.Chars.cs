using System.Buffers;

namespace Enrichment.Core.Input;

/// <summary>The range reader's path for a delimiter outside ASCII: the char parser, as the split read the list.</summary>
public static partial class CsvRangeReader
{
    /// <summary>
    /// A non-ASCII delimiter's range, read by the char parser as the split read it: its values as strings,
    /// written as part fields as the JSON path wrote them (a lone surrogate, where the delimiter split a
    /// pair, as U+FFFD). Slower than the byte path, but only a delimiter the options set takes it.
    /// </summary>
    private static async Task<List<BatchRow>> ReadAsCharsAsync(
        ReadOnlyMemory<byte> range,
        char delimiter,
        int columns,
        long firstRow,
        ContactReaderOptions options,
        CancellationToken cancellationToken)
    {
        // A UTF-8 byte makes at most one UTF-16 unit; the range is valid UTF-8, checked already.
        var text = ArrayPool<char>.Shared.Rent(Math.Max(range.Length, 1));
        try
        {
            var length = Encoding.UTF8.GetChars(range.Span, text);
            using var reader = new CharReader(text.AsMemory(0, length));
            using var parser = new CsvParser(options);
            parser.SetDelimiter(delimiter);
            return await ParseCharsAsync(parser, reader, columns, firstRow, cancellationToken);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
        }
    }

    private static async Task<List<BatchRow>> ParseCharsAsync(CsvParser parser, TextReader reader, int columns, long firstRow, CancellationToken cancellationToken)
    {
        var rows = new List<BatchRow>();
        var fields = new ArrayBufferWriter<byte>(1024);
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
                // Not its message: that may show a character of the record.
                throw Refused(
                    row,
                    $"line {refused.Line}, column {refused.Column} of the range: an unclosed quote, " +
                    "a character after a closing quote or a record over the length limit");
            }

            if (fieldCount > columns)
            {
                throw new InvalidDataException(
                    $"row {row} has {fieldCount} fields where the list has {columns} columns: " +
                    "the list changed after it was validated, or the range does not start at a record");
            }

            fields.ResetWrittenCount();
            fields.Advance(PartFields.WriteNumber(fields.GetSpan(PartFields.MaxNumberBytes), (ulong)columns));
            for (var i = 0; i < columns; i++)
            {
                var value = i < fieldCount ? parser.Fields[i] : null;
                fields.Advance(PartFields.WriteField(fields.GetSpan(PartFields.MaxFieldBytes(value)), value));
            }

            rows.Add(BatchRow.FromFields(row++, fields.WrittenSpan.ToArray()));
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
