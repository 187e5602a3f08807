using System.Collections.Concurrent;

namespace Enrichment.Local.StateMachine;

/// <summary>
/// Pauses on the injected clock, treating each wait as a maximum: <see cref="MaxWait"/> caps every
/// pause, and <see cref="Wake"/> ends an execution's current pause (or its next one, when called
/// while it is not pausing, so a wake-up between two checks is never lost).
/// </summary>
public sealed class AslWaitScheduler(TimeProvider time, TimeSpan? maxWait = null) : IAslWaitScheduler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _wakeups = new(StringComparer.Ordinal);

    public TimeSpan? MaxWait { get; } = maxWait;

    public async Task WaitAsync(string executionName, TimeSpan duration, CancellationToken cancellationToken)
    {
        if (MaxWait is { } cap && duration > cap)
        {
            duration = cap;
        }

        var wakeup = _wakeups.GetOrAdd(executionName, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            if (duration > TimeSpan.Zero && !wakeup.Task.IsCompleted)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(duration, time, stop.Token);
                await Task.WhenAny(delay, wakeup.Task);
                await stop.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            // A wake-up is spent by the pause it ended (or that it pre-empted).
            _wakeups.TryRemove(new KeyValuePair<string, TaskCompletionSource>(executionName, wakeup));
        }
    }

    /// <summary>Ends the current (or next) pause of <paramref name="executionName"/>.</summary>
    public void Wake(string executionName) =>
        _wakeups.GetOrAdd(executionName, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
