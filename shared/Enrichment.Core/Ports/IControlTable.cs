namespace Enrichment.Core.Ports;

/// <summary>
/// The control table: one job item, one item per finished batch, sharded counters.
/// Every method is safe under at-least-once delivery and concurrent callers.
/// </summary>
public interface IControlTable
{
    /// <summary>Creates the job item; false when a job with that id exists already.</summary>
    Task<bool> TryCreateJobAsync(JobRecord job, CancellationToken cancellationToken);

    Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the job item when its stored state is still <paramref name="expected"/>
    /// (optimistic concurrency); false when another writer moved it on first.
    /// </summary>
    Task<bool> TryUpdateJobAsync(JobRecord job, JobState expected, CancellationToken cancellationToken);

    /// <summary>Deletes the job and everything the table holds for it (used to undo a split that failed).</summary>
    Task DeleteJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a batch result exactly once per attempt, by <see cref="BatchCommitRule"/>: the adapter
    /// reads the job and the stored batch item, applies the rule's decision (the new item and the
    /// counter deltas) atomically and only if neither changed since it read them, and retries from a
    /// fresh read when they did.
    /// </summary>
    Task<CommitOutcome> CommitBatchAsync(string jobId, BatchResult result, CancellationToken cancellationToken);

    /// <summary>The batch item, or null when no result was committed for that batch yet.</summary>
    Task<BatchEntry?> GetBatchAsync(string jobId, int batchIndex, CancellationToken cancellationToken);

    Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The finished batches of a job, in batch order, read page by page.</summary>
    IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an idempotency key for <paramref name="jobId"/>; answers the job id that holds the key
    /// (the given one when this call claimed it, an earlier one when a previous request did).
    /// </summary>
    Task<string> ClaimIdempotencyKeyAsync(string key, string jobId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    Task ReleaseIdempotencyKeyAsync(string key, string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores how telling the job's end fared (<see cref="JobRecord.WebhookDelivery"/>), changing nothing
    /// else on the job item, whatever its state; false when there is no such job.
    /// </summary>
    Task<bool> RecordWebhookAsync(string jobId, WebhookDelivery delivery, CancellationToken cancellationToken);
}
