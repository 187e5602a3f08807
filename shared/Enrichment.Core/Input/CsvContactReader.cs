using System.Runtime.CompilerServices;

namespace Enrichment.Core.Input;

/// <summary>
/// Streams an RFC 4180 CSV list: UTF-8 with or without BOM (UTF-16 with a BOM also decodes), CRLF,
/// LF or lone CR line ends, quoted fields with embedded delimiters, doubled quotes and line breaks.
/// The first non-blank line is the header; its delimiter (comma, semicolon or tab) is the file's.
/// Blank lines are skipped and do not count as rows. Error columns count characters within the line.
/// </summary>
public sealed class CsvContactReader : IContactReader
{
    // Invalid bytes fail loudly: Windows-1252 files decoded leniently would turn every accented
    // name into U+FFFD in the output, which is worse than asking for a UTF-8 export.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly ContactReaderOptions _options;
    private readonly (string[] Columns, char Delimiter)? _continues;
    private string[] _columns = [];
    private int _started;

    public CsvContactReader(Stream stream, ContactReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? ContactReaderOptions.Default;
        if (_options.CsvDelimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("A CSV delimiter cannot be a quote or a line break.", nameof(options));
        }
    }

    private CsvContactReader(Stream stream, IReadOnlyList<string> columns, char delimiter, ContactReaderOptions? options)
        : this(stream, options)
    {
        _continues = ([.. columns], delimiter);
    }

    /// <summary>The header's column names; empty until the enumeration has read the header.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The delimiter in use; known once the header has been read.</summary>
    public char? Delimiter { get; private set; }

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in ParseAsync(json: null, cancellationToken))
        {
            // A row with fewer fields than the header is padded with nulls rather than refused:
            // Excel and other spreadsheet exports drop trailing empty cells from a row.
            var values = new string?[_columns.Length];
            Array.Copy(record.Parser.Fields, values, record.FieldCount);
            yield return new InputRecord(record.Row, record.Line, values);
        }
    }

    /// <summary>
    /// Each record's size as a batch row's JSON, read and checked exactly as <see cref="ReadAsync"/>
    /// reads it but with no string made of any value: the split's validation pass needs the sizes only (issue 13).
    /// </summary>
    internal async IAsyncEnumerable<RowSize> ReadRowSizesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var json = new RowJsonWriter(sizeOnly: true);
        await foreach (var record in ParseAsync(json, cancellationToken))
        {
            yield return new RowSize(record.Row, record.Offset, json.End(_columns.Length));
        }
    }

    /// <summary>
    /// A reader of a list's records from a record's start past the header, the header's columns and
    /// delimiter given (the validation pass's second half, issue 13): rows count from 1 and offsets from
    /// the stream's start; line numbers count from the stream's start too, so the caller does not quote them.
    /// </summary>
    internal static CsvContactReader Continuing(Stream stream, IReadOnlyList<string> columns, char delimiter, ContactReaderOptions? options) =>
        new(stream, columns, delimiter, options);

    /// <summary>
    /// The records as batch rows that carry their JSON (<see cref="BatchRow.Json"/>), read and checked
    /// exactly as <see cref="ReadAsync"/> reads them: the split sends them with no string made of any
    /// value; their <see cref="BatchRow.Values"/> are decoded only if asked for (issue 13).
    /// </summary>
    internal async IAsyncEnumerable<BatchRow> ReadBatchRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var json = new RowJsonWriter();
        await foreach (var record in ParseAsync(json, cancellationToken))
        {
            json.End(_columns.Length);
            yield return BatchRow.FromJson(record.Row, json.Written.ToArray());
        }
    }

    /// <summary>
    /// The records as the parser leaves them, read before the next is asked for: its fields, or with
    /// <paramref name="json"/> written there as batch rows (the header is always read as text).
    /// </summary>
    private async IAsyncEnumerable<ParsedRecord> ParseAsync(RowJsonWriter? json, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A contact reader reads its stream once.");
        }

        using var text = new StreamReader(
            _stream,
            StrictUtf8,
            // A second half starts mid-list: a U+FEFF that begins its first record is text, not a byte order mark.
            detectEncodingFromByteOrderMarks: _continues is null,
            bufferSize: Math.Clamp(_options.BufferSize, 1024, 64 * 1024),
            leaveOpen: true);
        using var parser = new CsvParser(_options);

        var (columns, delimiter) = _continues ?? await ReadHeaderAsync(parser, text, cancellationToken);

        // The header's read set it already; a second half's parser learns it here.
        parser.SetDelimiter(delimiter);
        _columns = columns;
        Delimiter = delimiter;
        if (json is not null)
        {
            parser.WriteJsonTo(json);
        }

        long row = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = parser.SkipBlankLines();
            var fieldCount = 0;
            if (status == CsvParser.Status.End)
            {
                yield break;
            }

            long line = 0;
            long offset = 0;
            if (status == CsvParser.Status.Ready)
            {
                offset = parser.BytesBeforeStart;
                parser.NextRow = row + 1;
                status = parser.TryParseRecord(columns.Length, out fieldCount, out line);
            }

            if (status == CsvParser.Status.NeedMore)
            {
                await parser.FillAsync(text, cancellationToken);
                continue;
            }

            if (fieldCount > columns.Length)
            {
                throw new InputFormatException(
                    $"too many fields: the header has {columns.Length} columns but this row has {fieldCount} " +
                    $"(expected {columns.Length}, found {fieldCount}); a value containing '{Printable(delimiter)}' must be quoted",
                    parser.OverflowLine,
                    parser.OverflowColumn);
            }

            yield return new ParsedRecord(parser, ++row, line, fieldCount, offset);
        }
    }

    /// <summary>The header: its delimiter (detected, unless the options name one) and its column names, checked.</summary>
    private async Task<(string[] Columns, char Delimiter)> ReadHeaderAsync(CsvParser parser, StreamReader text, CancellationToken cancellationToken)
    {
        var status = parser.SkipBlankLines();
        for (; status == CsvParser.Status.NeedMore; status = parser.SkipBlankLines())
        {
            await parser.FillAsync(text, cancellationToken);
        }

        if (status == CsvParser.Status.End)
        {
            throw new InputFormatException(
                "the file is empty: expected a header row with column names such as email, phone, first name",
                parser.Line,
                1);
        }

        char delimiter;
        while (parser.TryDetectDelimiter(out delimiter) == CsvParser.Status.NeedMore)
        {
            await parser.FillAsync(text, cancellationToken);
        }

        delimiter = _options.CsvDelimiter ?? delimiter;
        parser.SetDelimiter(delimiter);

        int fieldCount;
        long headerLine;
        while (parser.TryParseRecord(int.MaxValue, out fieldCount, out headerLine) == CsvParser.Status.NeedMore)
        {
            await parser.FillAsync(text, cancellationToken);
        }

        if (fieldCount > _options.MaxColumns)
        {
            throw new InputFormatException(InputLimits.TooManyColumns(fieldCount), headerLine, 1);
        }

        var columns = HeaderNames(parser.Fields, fieldCount);
        if (columns.Sum(static c => (long)c.Length + 1) > _options.MaxHeaderLength)
        {
            throw new InputFormatException(InputLimits.HeaderTooLong(), headerLine, 1);
        }

        if (columns.Any(static c => c.Contains('\0', StringComparison.Ordinal)))
        {
            throw new InputFormatException("the header holds NUL characters: the file is not UTF-8 text (UTF-16?); save it as UTF-8", headerLine, 1);
        }
        if (!ColumnMap.Create(columns).HasAnyContactColumn)
        {
            throw new InputFormatException(
                "no header row: the first line has no column named like a contact field; " +
                "expected column names such as email, phone, first name, last name, company",
                headerLine,
                1);
        }

        return (columns, delimiter);
    }

    /// <param name="Offset">UTF-8 bytes of the text before the record (a byte order mark not counted).</param>
    private readonly record struct ParsedRecord(CsvParser Parser, long Row, long Line, int FieldCount, long Offset);

    private static string[] HeaderNames(string?[] fields, int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            var name = (fields[i] ?? string.Empty).Trim().TrimStart('\uFEFF').Trim();

            // Duplicate names are kept as they are: values stay addressed by position.
            names[i] = name.Length == 0 ? $"column_{i + 1}" : name;
        }

        return names;
    }

    private static string Printable(char delimiter) => delimiter == '\t' ? "\\t" : delimiter.ToString();
}
