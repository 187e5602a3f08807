namespace Enrichment.Core.Jobs;

/// <summary>What a worker (or the dead-letter path) reports for one batch.</summary>
public sealed record BatchResult(
    int BatchIndex,
    BatchStatus Status,
    int Records,
    int Ok,
    int Invalid,
    int Error,
    string? Reason);
