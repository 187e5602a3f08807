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
        var facts = Read(cells, enrichmentCount);
        var (earlier, earlierPhone) = Observe(facts, row, facts.ErrorsCell >= 0 ? cells[facts.ErrorsCell] : default);
        _duplicateColumns.Fill(cells, _inputColumns, earlier, earlierPhone);
        Guard(cells, enrichmentCount);
    }

    /// <summary>
    /// The first half of <see cref="Apply(Utf8Row, long, int)"/>: what the rules need of the row, read
    /// from it alone (no state of the job's), so any thread can read it ahead of the writing one.
    /// </summary>
    public OutputRowFacts Read(Utf8Row cells, int enrichmentCount)
    {
        var count = Math.Min(enrichmentCount, _enrichmentColumns);
        var status = IsSet(cells, count, _statusColumn) ? StatusOf(cells[_inputColumns + _statusColumn]) : null;
        var errors = !ReferenceEquals(status, Ok) && IsSet(cells, count, _errorsColumn) ? _inputColumns + _errorsColumn : -1;
        var (email, phone) = _duplicateColumns.KeysOf(cells, _inputColumns, count);
        return new OutputRowFacts(status, errors, email, phone);
    }

    /// <summary>
    /// The second half, on the writing thread, in input order: the keys looked up, the status counted,
    /// the issue noted (<paramref name="errors"/>: the bytes of the reasons cell); the earlier rows of a
    /// duplicate, for its duplicate cells (<see cref="DuplicateCells"/>).
    /// </summary>
    public (long? Earlier, long? EarlierPhone) Observe(in OutputRowFacts facts, long row, ReadOnlySpan<byte> errors)
    {
        var earlier = DuplicateColumns.Observe(_duplicates, facts.EmailKey, facts.PhoneKey, row);
        _counts.Add(facts.Status);
        _issues.Observe(row, facts.Status, errors);
        return earlier;
    }

    /// <summary>The formula guard over the row's enrichment values (read the row's facts first: they are of the values unguarded).</summary>
    public void Guard(Utf8Row cells, int enrichmentCount)
    {
        var count = Math.Min(enrichmentCount, _enrichmentColumns);
        for (var i = 0; i < count; i++)
        {
            if (FormulaGuard.Needs(cells[_inputColumns + i]))
            {
                cells.Prefix(_inputColumns + i, (byte)'\'');
            }
        }
    }

    /// <summary>The row's duplicate cells (duplicate_of, duplicate_phone_of) the earlier rows of <see cref="Observe"/> go in, -1 for one it lacks.</summary>
    public (int DuplicateOf, int DuplicatePhoneOf) DuplicateCells(int enrichmentCount) =>
        _duplicateColumns.CellsOf(_inputColumns, Math.Min(enrichmentCount, _enrichmentColumns));

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
