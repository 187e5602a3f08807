using System.Collections.Concurrent;

namespace Enrichment.Core.Tests.Providers.Http;

/// <summary>
/// Real time, but timers run <see cref="Scale"/> times faster (so a Retry-After of 3 s waits 0.3 s),
/// every requested due time is recorded, and the clock can jump forward (to end a breaker's break).
/// </summary>
internal sealed class ScaledTimeProvider(double scale) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private long _offsetTicks;

    public double Scale { get; } = scale;

    /// <summary>Due times as the code under test asked for them (before scaling).</summary>
    public IReadOnlyList<TimeSpan> DueTimes => [.. _dueTimes];

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() =>
        System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (double)TimestampFrequency / TimeSpan.TicksPerSecond);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Record(dueTime);
        return new ScaledTimer(this, System.CreateTimer(callback, state, ScaleDown(dueTime), ScaleDown(period)));
    }

    private void Record(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _dueTimes.Enqueue(dueTime);
        }
    }

    private TimeSpan ScaleDown(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / Scale;

    // CancellationTokenSource.CancelAfter re-arms its timer through Change, so that is scaled too.
    private sealed class ScaledTimer(ScaledTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return inner.Change(owner.ScaleDown(dueTime), owner.ScaleDown(period));
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
