namespace Enrichment.Lambda.Tests;

/// <summary>A clock that only moves when told (timers are not needed by the tests that use it).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
