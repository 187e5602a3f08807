namespace Enrichment.Core.Services;

/// <summary>
/// The check-completion task: done when every batch has finished (dead-lettered batches count as
/// finished with errors). It also makes sure no job waits forever: a split that never finished, or
/// batches that stopped moving, are ended here.
/// </summary>
public sealed class CompletionService(IControlTable table, EnrichmentOptions options, TimeProvider time)
{
    private const int MaxWaitSeconds = 20;

    public async Task<CheckCompletionOutput> CheckAsync(CheckCompletionInput input, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(input.JobId, cancellationToken);
        if (job is null || job.State.IsFinished() || job.Attempt != input.Attempt)
        {
            // Gone, finished or superseded by a retry: let the machine end; the aggregate is a no-op then.
            return Done(input, job, 0);
        }

        var now = time.GetUtcNow();
        if (job.State == JobState.Accepted)
        {
            if (now - job.UpdatedAt > options.StallTimeout)
            {
                var failed = job.Finished(JobState.Failed, "the list never arrived or was never split", now);
                if (await table.TryUpdateJobAsync(failed, JobState.Accepted, cancellationToken) && job.IdempotencyKey is { } key)
                {
                    // No output will ever come of this job: the client's retry with the same key starts a new one.
                    await table.ReleaseIdempotencyKeyAsync(key, job.JobId, cancellationToken);
                }

                return Done(input, job, 0);
            }

            return NotDone(input, job, 0);
        }

        var progress = await table.GetProgressAsync(job.JobId, cancellationToken);
        var (counted, expected) = progress.OfAttempt(job);
        if (counted >= expected)
        {
            return Done(input, job, progress.BatchesFinished);
        }

        var lastMove = progress.LastCommitAt is { } last && last > job.UpdatedAt ? last : job.UpdatedAt;
        if (now - lastMove > options.StallTimeout)
        {
            var finished = await FailStalledBatchesAsync(job, cancellationToken);
            return Done(input, job, finished);
        }

        return NotDone(input, job, progress.BatchesFinished);
    }

    /// <summary>Marks every batch without a result as failed, so the job can finish and list them.</summary>
    private async Task<int> FailStalledBatchesAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var seen = new HashSet<int>();
        await foreach (var batch in table.ListBatchesAsync(job.JobId, cancellationToken))
        {
            seen.Add(batch.BatchIndex);
        }

        var reason = $"stalled: no result within {options.StallTimeout.TotalMinutes:0} minutes";
        for (var index = 0; index < job.TotalBatches; index++)
        {
            if (!seen.Contains(index))
            {
                await table.CommitBatchAsync(job.JobId, BatchResult.Failed(index, reason, job.Attempt), cancellationToken);
            }
        }

        return job.TotalBatches;
    }

    private static CheckCompletionOutput Done(CheckCompletionInput input, JobRecord? job, int finished) =>
        Answer(input, done: true, waitSeconds: 0, finished, job?.TotalBatches ?? 0);

    private static CheckCompletionOutput NotDone(CheckCompletionInput input, JobRecord job, int finished) =>
        Answer(input, done: false, NextWait(input.WaitSeconds), finished, job.TotalBatches);

    /// <summary>Counts this check and names the execution the poller continues as, should the definition's bound be reached.</summary>
    private static CheckCompletionOutput Answer(CheckCompletionInput input, bool done, int waitSeconds, int finished, int total) =>
        new(
            input.JobId,
            input.Attempt,
            done,
            waitSeconds,
            finished,
            total,
            input.Generation,
            input.Polls + 1,
            PollerExecution.Name(input.JobId, input.Attempt, input.Generation + 1),
            input.Generation + 1);

    /// <summary>Backs off from quick first looks to a steady poll, so small jobs finish fast and big ones cost few transitions.</summary>
    private static int NextWait(int previous) => Math.Clamp(previous * 2, 1, MaxWaitSeconds);
}
