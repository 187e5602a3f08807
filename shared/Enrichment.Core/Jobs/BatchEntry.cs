namespace Enrichment.Core.Jobs;

/// <summary>A batch item of the control table, as listed for a job.</summary>
public sealed record BatchEntry(
    int BatchIndex,
    BatchStatus Status,
    int Records,
    string? Reason,
    DateTimeOffset UpdatedAt);
