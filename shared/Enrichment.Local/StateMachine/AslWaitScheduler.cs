namespace Enrichment.Local.StateMachine;

/// <summary>
/// Pauses on the injected clock, treating each wait as a maximum: <see cref="MaxWait"/> caps every
/// pause, and <see cref="Wake"/> ends an execution's current pause (or its next one, when called
/// while it is not pausing, so a wake-up between two checks is never lost).
/// </summary>
public sealed class AslWaitScheduler(TimeProvider time, TimeSpan? maxWait = null) : IAslWaitScheduler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);

    public TimeSpan? MaxWait { get; } = maxWait;

    public async Task WaitAsync(string executionName, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (MaxWait is { } cap && duration > cap)
        {
            duration = cap;
        }

        TaskCompletionSource waiter;
        lock (_gate)
        {
            // A wake-up that came while the execution was not pausing ends this pause at once.
            if (_pending.Remove(executionName) || duration <= TimeSpan.Zero)
            {
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters[executionName] = waiter;
        }

        var endedByClock = false;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(duration, time, stop.Token);
            endedByClock = await Task.WhenAny(delay, waiter.Task) == delay && !delay.IsCanceled;
            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            lock (_gate)
            {
                if (_waiters.TryGetValue(executionName, out var current) && current == waiter)
                {
                    _waiters.Remove(executionName);
                }

                // A wake-up that raced the clock's end of this pause is kept for the next one.
                if (endedByClock && waiter.Task.IsCompleted)
                {
                    _pending.Add(executionName);
                }
            }
        }
    }

    /// <summary>Ends the current (or next) pause of <paramref name="executionName"/>.</summary>
    public void Wake(string executionName)
    {
        lock (_gate)
        {
            if (_waiters.Remove(executionName, out var waiter))
            {
                waiter.TrySetResult();
            }
            else
            {
                _pending.Add(executionName);
            }
        }
    }

    /// <summary>Drops a wake-up kept for an execution that will not pause again (it has ended).</summary>
    public void Forget(string executionName)
    {
        lock (_gate)
        {
            _pending.Remove(executionName);
        }
    }
}
