namespace Enrichment.Core.Jobs;

/// <summary>What a worker (or the dead-letter path) reports for one batch.</summary>
/// <param name="Attempt">The job attempt that produced the result; a retry commits with a higher one.</param>
/// <param name="Counters">
/// Job counters to add when the result is counted (names from <see cref="JobCounters"/>): provider
/// usage and the per-attempt batch count. They are added, never replaced, so a retry's calls add to
/// the first run's.
/// </param>
public sealed record BatchResult(
    int BatchIndex,
    BatchStatus Status,
    int Records,
    int Ok,
    int Invalid,
    int Error,
    string? Reason,
    int Attempt = 0,
    IReadOnlyDictionary<string, long>? Counters = null);
