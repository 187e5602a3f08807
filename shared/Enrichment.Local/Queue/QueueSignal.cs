namespace Enrichment.Local.Queue;

/// <summary>
/// "Something may have changed in this queue": receivers take <see cref="Current"/> before looking,
/// so a send between the look and the wait is never missed.
/// </summary>
internal sealed class QueueSignal
{
    private TaskCompletionSource _source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Current => Volatile.Read(ref _source).Task;

    public void Pulse()
    {
        var previous = Interlocked.Exchange(ref _source, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }
}
