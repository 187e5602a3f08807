namespace Enrichment.Core.Ports;

/// <summary>
/// The batch-commit rule of <see cref="IControlTable.CommitBatchAsync"/>, written once. Every adapter
/// reads the job and the stored batch item, asks <see cref="Decide"/>, and applies the decision in one
/// conditional write that holds only if neither changed since it read them (or retries from a fresh
/// read when they did).
/// <para>
/// With no stored item the result is stored and counted. With a stored item of attempt <c>a</c> and a
/// result of attempt <c>b</c>:
/// <list type="bullet">
/// <item>failed, result done, b &gt;= a: becomes done (batches failed -1, done +1, record counts moved);</item>
/// <item>done, result done, b &gt; a: a revision (a retry re-ran the batch's error rows): record counts move
/// by the difference between the result's and the stored ones;</item>
/// <item>failed, result failed, b &gt; a: stays failed with the new reason;</item>
/// <item>done, result failed, b &gt; a: stays done with its counts and part (the retry failed, its rows keep
/// their earlier results);</item>
/// <item>anything else is a duplicate: nothing changes (<see cref="CommitOutcome.AlreadyCounted"/>).</item>
/// </list>
/// Before all of that: a result for a job that is gone, or for an attempt that has been aggregated
/// (<see cref="IsSealed"/>), changes nothing (<see cref="CommitOutcome.Refused"/>): the output of that
/// attempt is written from the batch items as they were, and a late commit must not make them disagree.
/// </para>
/// <para>
/// A counted result adds its named counters, and <see cref="JobCounters.AttemptBatches"/> of its
/// attempt by one only when the batch had not been counted at that attempt yet: a batch failed and then
/// done within one attempt counts once, so a retry's poller cannot see its batches finished early.
/// </para>
/// </summary>
public static class BatchCommitRule
{
    /// <summary>
    /// True once the job's attempt <paramref name="attempt"/> has been aggregated (or given up): the
    /// aggregate moves the job to <see cref="JobState.Aggregating"/> before it reads any batch, and a
    /// retry starts a higher attempt only from a finished job.
    /// </summary>
    public static bool IsSealed(JobRecord job, int attempt)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Attempt > attempt
            || (job.Attempt == attempt && (job.State == JobState.Aggregating || job.State.IsFinished()));
    }

    /// <param name="job">The job as read with the batch item; null when it does not exist.</param>
    /// <param name="stored">The stored batch item; null when the batch was never committed.</param>
    /// <param name="now">The commit time (the item's <see cref="BatchEntry.UpdatedAt"/>, the job's last commit).</param>
    public static BatchCommitDecision Decide(JobRecord? job, BatchEntry? stored, BatchResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (job is null || IsSealed(job, result.Attempt))
        {
            return BatchCommitDecision.Unchanged(CommitOutcome.Refused);
        }

        var done = result.Status == BatchStatus.Done;
        if (stored is null)
        {
            return Counted(stored, AsEntry(result, now), result, done ? 1 : 0, done ? 0 : 1);
        }

        var failedBefore = stored.Status == BatchStatus.Failed;
        if (failedBefore && done && result.Attempt >= stored.Attempt)
        {
            return Counted(stored, AsEntry(result, now), result, 1, -1);
        }

        if (result.Attempt <= stored.Attempt)
        {
            return BatchCommitDecision.Unchanged(CommitOutcome.AlreadyCounted);
        }

        // A later attempt: a revision of a done batch, or a retry that failed (the batch keeps its
        // status, counts and part; a failed one takes the new reason).
        var next = done
            ? AsEntry(result, now)
            : stored with { Attempt = result.Attempt, UpdatedAt = now, Reason = failedBefore ? result.Reason : stored.Reason };
        return Counted(stored, next, result, 0, 0);
    }

    private static BatchCommitDecision Counted(BatchEntry? stored, BatchEntry next, BatchResult result, int batchesDone, int batchesFailed)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in result.Counters ?? new Dictionary<string, long>())
        {
            if (!name.StartsWith(JobCounters.AttemptPrefix, StringComparison.Ordinal))
            {
                counters[name] = value;
            }
        }

        if (stored is null || stored.Attempt < result.Attempt)
        {
            counters[JobCounters.AttemptBatches(result.Attempt)] = 1;
        }

        return new BatchCommitDecision(
            CommitOutcome.Counted,
            next,
            new BatchCommitDeltas(
                batchesDone,
                batchesFailed,
                next.Ok - (stored?.Ok ?? 0),
                next.Invalid - (stored?.Invalid ?? 0),
                next.Error - (stored?.Error ?? 0),
                counters));
    }

    private static BatchEntry AsEntry(BatchResult result, DateTimeOffset now) => new(
        result.BatchIndex,
        result.Status,
        result.Records,
        result.Reason,
        now,
        result.Ok,
        result.Invalid,
        result.Error,
        result.Attempt,
        result.Status == BatchStatus.Done ? result.PartId : null);
}
