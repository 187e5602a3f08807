namespace Enrichment.Core.Jobs;

/// <summary>The job's counters, summed over the counter shards of the control table.</summary>
public sealed record JobProgress(
    int BatchesDone,
    int BatchesFailed,
    long RecordsOk,
    long RecordsInvalid,
    long RecordsError,
    DateTimeOffset? LastCommitAt)
{
    public static readonly JobProgress Empty = new(0, 0, 0, 0, 0, null);

    public int BatchesFinished => BatchesDone + BatchesFailed;

    public long RecordsProcessed => RecordsOk + RecordsInvalid + RecordsError;
}
