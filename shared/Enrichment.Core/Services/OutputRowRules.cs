namespace Enrichment.Core.Services;

/// <summary>
/// What the aggregate does to each output row, in write order, once: the duplicate columns filled, the
/// status counted, the row's issues noted, and the formula guard over the enrichment values. For a row
/// of strings and for a row of UTF-8 cells alike (<see cref="Utf8Row"/>: only the few values read here
/// become strings).
/// </summary>
internal sealed class OutputRowRules
{
    private static readonly string Ok = EnrichmentValues.StatusName(RecordStatus.Ok);
    private static readonly string Invalid = EnrichmentValues.StatusName(RecordStatus.Invalid);
    private static readonly string Error = EnrichmentValues.StatusName(RecordStatus.Error);

    private readonly int _inputColumns;
    private readonly int _enrichmentColumns;
    private readonly DuplicateColumns _duplicateColumns;
    private readonly int _statusColumn;
    private readonly int _errorsColumn;
    private readonly string?[] _read;
    private readonly StatusCounts _counts;
    private readonly DuplicateTracker _duplicates;
    private readonly RecordIssueList _issues;

    public OutputRowRules(int inputColumns, IReadOnlyList<string> enrichmentColumns, StatusCounts counts, DuplicateTracker duplicates, RecordIssueList issues)
    {
        _inputColumns = inputColumns;
        _enrichmentColumns = enrichmentColumns.Count;
        _duplicateColumns = DuplicateColumns.For(enrichmentColumns);
        _statusColumn = OutputColumns.IndexOf(enrichmentColumns, OutputColumns.RecordStatus);
        _errorsColumn = OutputColumns.IndexOf(enrichmentColumns, OutputColumns.RecordErrors);
        _read = new string?[_enrichmentColumns];
        _counts = counts;
        _duplicates = duplicates;
        _issues = issues;
    }

    /// <summary>The row of strings in <paramref name="line"/>: input values, then <paramref name="enrichmentCount"/> enrichment values (a part written before a column existed has fewer).</summary>
    public void Apply(string?[] line, long row, int enrichmentCount)
    {
        var enrichment = line.AsSpan(_inputColumns, Math.Min(enrichmentCount, _enrichmentColumns));
        _duplicateColumns.Apply(_duplicates, enrichment, row);
        Count(row, enrichment);
        for (var i = 0; i < enrichment.Length; i++)
        {
            enrichment[i] = FormulaGuard.Apply(enrichment[i]);
        }
    }

    /// <summary><see cref="Apply(string?[], long, int)"/> for a row of UTF-8 cells.</summary>
    public void Apply(Utf8Row cells, long row, int enrichmentCount)
    {
        var count = Math.Min(enrichmentCount, _enrichmentColumns);
        var read = _read.AsSpan(0, count);
        read.Clear();
        // Only what the rules below will look at becomes a string (issue 13: these were 6% of a job's
        // allocations): the status is one of three known names; the reasons matter for a row that is
        // not ok; the normalized address only stands in for a missing canonical one.
        Read(cells, read, _statusColumn);
        if (!ReferenceEquals(At(read, _statusColumn), Ok))
        {
            Read(cells, read, _errorsColumn);
        }

        Read(cells, read, _duplicateColumns.DuplicateOf);
        Read(cells, read, _duplicateColumns.Canonical);
        if (string.IsNullOrEmpty(At(read, _duplicateColumns.Canonical)))
        {
            Read(cells, read, _duplicateColumns.Normalized);
        }

        Read(cells, read, _duplicateColumns.DuplicatePhoneOf);
        Read(cells, read, _duplicateColumns.Phone);

        var duplicateOf = At(read, _duplicateColumns.DuplicateOf);
        var duplicatePhoneOf = At(read, _duplicateColumns.DuplicatePhoneOf);
        _duplicateColumns.Apply(_duplicates, read, row);
        Count(row, read);
        Replace(cells, read, _duplicateColumns.DuplicateOf, duplicateOf);
        Replace(cells, read, _duplicateColumns.DuplicatePhoneOf, duplicatePhoneOf);
        for (var i = 0; i < count; i++)
        {
            if (FormulaGuard.Needs(cells[_inputColumns + i]))
            {
                cells.Prefix(_inputColumns + i, (byte)'\'');
            }
        }
    }

    private void Read(Utf8Row cells, Span<string?> read, int column)
    {
        if (column >= 0 && column < read.Length && !cells.IsNull(_inputColumns + column))
        {
            var utf8 = cells[_inputColumns + column];
            read[column] = column == _statusColumn ? StatusOf(utf8) : Encoding.UTF8.GetString(utf8);
        }
    }

    private static string StatusOf(ReadOnlySpan<byte> utf8) =>
        utf8.SequenceEqual("ok"u8) ? Ok
        : utf8.SequenceEqual("invalid"u8) ? Invalid
        : utf8.SequenceEqual("error"u8) ? Error
        : Encoding.UTF8.GetString(utf8);

    private void Count(long row, Span<string?> enrichment)
    {
        var status = At(enrichment, _statusColumn);
        _counts.Add(status);
        _issues.Observe(row, status, At(enrichment, _errorsColumn));
    }

    /// <summary>A duplicate column the tracker filled goes into its cell.</summary>
    private void Replace(Utf8Row cells, Span<string?> read, int column, string? before)
    {
        if (column >= 0 && column < read.Length && !ReferenceEquals(read[column], before))
        {
            var value = read[column] ?? string.Empty;
            var room = cells.Reserve(_inputColumns + column, Encoding.UTF8.GetMaxByteCount(value.Length));
            cells.Commit(_inputColumns + column, Encoding.UTF8.GetBytes(value, room));
        }
    }

    private static string? At(Span<string?> values, int index) => index >= 0 && index < values.Length ? values[index] : null;
}
