namespace Enrichment.Core.Jobs;

/// <summary>The job's counters, summed over the counter shards of the control table.</summary>
/// <param name="Counters">The named counters of <see cref="BatchResult.Counters"/>, summed (absent names are zero).</param>
public sealed record JobProgress(
    int BatchesDone,
    int BatchesFailed,
    long RecordsOk,
    long RecordsInvalid,
    long RecordsError,
    DateTimeOffset? LastCommitAt,
    IReadOnlyDictionary<string, long>? Counters = null)
{
    public static readonly JobProgress Empty = new(0, 0, 0, 0, 0, null);

    public int BatchesFinished => BatchesDone + BatchesFailed;

    public long RecordsProcessed => RecordsOk + RecordsInvalid + RecordsError;

    /// <summary>
    /// The current attempt's batches: counted and expected. The first run waits for every batch; a
    /// retry (whose batches all finished before) for the ones it re-sent, counted at its attempt.
    /// </summary>
    public (long Counted, long Expected) OfAttempt(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Attempt > 0
            ? (Counter(JobCounters.AttemptBatches(job.Attempt)), job.RetriedBatches)
            : (BatchesFinished, job.TotalBatches);
    }

    public long Counter(string name) => Counters is { } counters && counters.TryGetValue(name, out var value) ? value : 0;
}
