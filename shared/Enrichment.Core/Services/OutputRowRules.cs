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
    /// <remarks>
    /// Only what is counted or listed becomes a string (issue 13: these were 6% of a job's
    /// allocations): the status is one of three known names; the reasons matter for a row that is not
    /// ok. The duplicate keys are looked up from their bytes, without the three strings a row they cost.
    /// </remarks>
    public void Apply(Utf8Row cells, long row, int enrichmentCount)
    {
        var count = Math.Min(enrichmentCount, _enrichmentColumns);
        var status = IsSet(cells, count, _statusColumn) ? StatusOf(cells[_inputColumns + _statusColumn]) : null;
        var errors = !ReferenceEquals(status, Ok) && IsSet(cells, count, _errorsColumn) ? Encoding.UTF8.GetString(cells[_inputColumns + _errorsColumn]) : null;

        _duplicateColumns.Apply(_duplicates, cells, _inputColumns, count, row);
        _counts.Add(status);
        _issues.Observe(row, status, errors);
        for (var i = 0; i < count; i++)
        {
            if (FormulaGuard.Needs(cells[_inputColumns + i]))
            {
                cells.Prefix(_inputColumns + i, (byte)'\'');
            }
        }
    }

    private bool IsSet(Utf8Row cells, int count, int column) => column >= 0 && column < count && !cells.IsNull(_inputColumns + column);

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

    private static string? At(Span<string?> values, int index) => index >= 0 && index < values.Length ? values[index] : null;
}
