namespace Enrichment.Core.Providers;

/// <summary>Counters a chain run adds up (names from <see cref="Jobs.JobCounters"/>); safe for concurrent providers.</summary>
public sealed class ProviderUsage
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);

    public void Add(string counter, long delta = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(counter);
        if (delta == 0)
        {
            return;
        }

        lock (_gate)
        {
            _counters[counter] = _counters.GetValueOrDefault(counter) + delta;
        }
    }

    public long Get(string counter)
    {
        lock (_gate)
        {
            return _counters.GetValueOrDefault(counter);
        }
    }

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        lock (_gate)
        {
            return new Dictionary<string, long>(_counters, StringComparer.Ordinal);
        }
    }
}
