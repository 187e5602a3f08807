namespace Enrichment.Core.Costs;

/// <summary>A tally made current by <see cref="IUsageTallyAccessor.Begin"/>; disposing it makes the one before current again.</summary>
public sealed class UsageScope : IDisposable
{
    private readonly AsyncLocal<UsageTally?> _slot;
    private readonly UsageTally? _previous;

    internal UsageScope(AsyncLocal<UsageTally?> slot, UsageTally tally, UsageTally? previous)
    {
        _slot = slot;
        Tally = tally;
        _previous = previous;
    }

    public UsageTally Tally { get; }

    public void Dispose() => _slot.Value = _previous;
}
