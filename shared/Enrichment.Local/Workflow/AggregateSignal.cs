namespace Enrichment.Local.Workflow;

/// <summary>
/// Tells whoever waits on a job that an aggregate (the step that finishes a job, or fails it) has
/// just ended, so a reader of the job's status reads it at once instead of at its next poll (issue 13:
/// the enrich command noticed a finished job up to its 200 ms poll interval late, on every job).
/// Take <see cref="Next"/> before reading the status: an end that comes after the read completes it,
/// so none is missed between the read and the wait.
/// </summary>
public sealed class AggregateSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes when the next aggregate ends (one that ends after this was read).</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>An aggregate has ended: completes every <see cref="Next"/> taken before.</summary>
    public void Ended() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
