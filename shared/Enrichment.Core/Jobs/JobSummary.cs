namespace Enrichment.Core.Jobs;

/// <summary>
/// summary.json beside the output: what the job did, without any contact data. <see cref="Issues"/>
/// lists the first rows of each non-ok status (row, status, reasons; see <see cref="RecordIssue"/>).
/// </summary>
public sealed record JobSummary(
    string JobId,
    string Status,
    int Attempt,
    long Records,
    long Ok,
    long Invalid,
    long Error,
    long Duplicates,
    int Batches,
    IReadOnlyList<FailedBatchSummary> FailedBatches,
    IReadOnlyList<string> Columns,
    DateTimeOffset CreatedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<ProviderStatistics>? Providers = null,
    IReadOnlyList<RecordIssue>? Issues = null,
    Costs.JobCost? Cost = null);

public sealed record FailedBatchSummary(int BatchIndex, int Records, string? Reason);
