namespace Enrichment.Core.Ports;

/// <summary>How one counted commit moves the job's counters (each may be negative but the named ones).</summary>
/// <param name="Counters">Named job counters to add, the attempt's batch count among them when it moves.</param>
public sealed record BatchCommitDeltas(
    int BatchesDone,
    int BatchesFailed,
    long RecordsOk,
    long RecordsInvalid,
    long RecordsError,
    IReadOnlyDictionary<string, long> Counters);
