namespace Enrichment.Core.Jobs;

/// <summary>summary.json beside the output: what the job did, without any contact data.</summary>
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
    IReadOnlyList<ProviderStatistics>? Providers = null);

public sealed record FailedBatchSummary(int BatchIndex, int Records, string? Reason);
