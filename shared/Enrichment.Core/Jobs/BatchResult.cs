namespace Enrichment.Core.Jobs;

/// <summary>What a worker (or the dead-letter path) reports for one batch.</summary>
/// <param name="Attempt">The job attempt that produced the result; a retry commits with a higher one.</param>
/// <param name="Counters">
/// Job counters to add when the result is counted (names from <see cref="JobCounters"/>): provider
/// usage. They are added, never replaced, so a retry's calls add to the first run's. The per-attempt
/// batch count is the commit rule's own (<see cref="Ports.BatchCommitRule"/>); a caller's is ignored.
/// </param>
/// <param name="PartId">The part a done result wrote (null for a failed result); stored only when the result is counted as done.</param>
public sealed record BatchResult(
    int BatchIndex,
    BatchStatus Status,
    int Records,
    int Ok,
    int Invalid,
    int Error,
    string? Reason,
    int Attempt = 0,
    IReadOnlyDictionary<string, long>? Counters = null,
    string? PartId = null)
{
    /// <summary>A batch given up (last receive, dead letter, stall): nothing enriched, the reason kept for its error rows.</summary>
    /// <param name="records">The batch's row count when the caller knows it (it kept the rows), else 0.</param>
    public static BatchResult Failed(int batchIndex, string reason, int attempt, int records = 0) =>
        new(batchIndex, BatchStatus.Failed, records, 0, 0, 0, reason, attempt);
}
