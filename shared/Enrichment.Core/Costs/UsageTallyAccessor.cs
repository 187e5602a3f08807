namespace Enrichment.Core.Costs;

/// <summary>
/// The <see cref="IUsageTallyAccessor"/>: the current tally lives in an async-local slot of this
/// instance (not a static), so it flows with the work's async calls, concurrent pieces of work in
/// one process keep apart, and two containers never share one.
/// </summary>
public sealed class UsageTallyAccessor : IUsageTallyAccessor
{
    private readonly AsyncLocal<UsageTally?> _current = new();

    public UsageTally? Current => _current.Value;

    public UsageScope Begin(TimeProvider? time = null, int memoryMb = 0)
    {
        var tally = new UsageTally(time, memoryMb);
        var scope = new UsageScope(_current, tally, _current.Value);
        _current.Value = tally;
        return scope;
    }

    public void Count(AwsUsage usage) => _current.Value?.Add(usage);
}
