namespace Enrichment.Core.Services;

/// <summary>
/// The first records of each non-ok status, with their reasons, kept while the aggregate streams the
/// job: bounded per status, so a job of a million invalid rows still makes a small summary, and the
/// few <c>error</c> rows (the ones a retry can fix) are never crowded out by <c>invalid</c> ones.
/// </summary>
internal sealed class RecordIssueList
{
    /// <summary>Rows kept per status.</summary>
    public const int MaxPerStatus = 100;

    private readonly List<RecordIssue> _errors = [];
    private readonly List<RecordIssue> _invalid = [];

    public void Observe(long row, string? status, string? reasons)
    {
        if (status == "ok")
        {
            return;
        }

        // StatusCounts counts anything but ok and invalid as an error; so does this list.
        var list = status == "invalid" ? _invalid : _errors;
        if (list.Count < MaxPerStatus)
        {
            list.Add(new RecordIssue(row, status == "invalid" ? "invalid" : "error", string.IsNullOrEmpty(reasons) ? null : reasons));
        }
    }

    /// <summary><see cref="Observe(long, string?, string?)"/> with the reasons as UTF-8: a string only for a row kept (issue 13: a job of many invalid rows keeps 100).</summary>
    public void Observe(long row, string? status, ReadOnlySpan<byte> reasons)
    {
        if (status != "ok" && (status == "invalid" ? _invalid : _errors).Count < MaxPerStatus)
        {
            Observe(row, status, reasons.IsEmpty ? null : Encoding.UTF8.GetString(reasons));
        }
    }

    /// <summary>Error rows first, then invalid ones, each in input order.</summary>
    public IReadOnlyList<RecordIssue> ToList() => [.. _errors, .. _invalid];
}
