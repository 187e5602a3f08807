namespace Enrichment.Core.Services;

/// <summary>
/// What the aggregate does to each output row, in write order, once: the duplicate columns filled, the
/// status counted, the row's issues noted, and the formula guard over the enrichment values. For a row
/// of strings and for a row of UTF-8 cells alike (<see cref="Utf8Row"/>: only the few values read here
/// become strings).
/// </summary>
internal sealed class OutputRowRules
{
    private readonly int _inputColumns;
    private readonly int _enrichmentColumns;
    private readonly DuplicateColumns _duplicateColumns;
    private readonly int _statusColumn;
    private readonly int _errorsColumn;
    private readonly int[] _readColumns;
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
        var d = _duplicateColumns;
        _readColumns = [.. new[] { _statusColumn, _errorsColumn, d.DuplicateOf, d.Canonical, d.Normalized, d.DuplicatePhoneOf, d.Phone }.Where(c => c >= 0).Distinct()];
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
        foreach (var column in _readColumns)
        {
            if (column < count && !cells.IsNull(_inputColumns + column))
            {
                read[column] = Encoding.UTF8.GetString(cells[_inputColumns + column]);
            }
        }

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
