namespace Enrichment.Core.Providers;

/// <summary>Counters a chain run adds up (names from <see cref="Jobs.JobCounters"/>); safe for concurrent providers.</summary>
public sealed class ProviderUsage
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, long> counters = new(StringComparer.Ordinal);

    public void Add(string counter, long delta = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(counter);
        if (delta == 0)
        {
            return;
        }

        lock (gate)
        {
            counters[counter] = counters.GetValueOrDefault(counter) + delta;
        }
    }

    public long Get(string counter)
    {
        lock (gate)
        {
            return counters.GetValueOrDefault(counter);
        }
    }

    public IReadOnlyDictionary<string, long> Snapshot()
    {
        lock (gate)
        {
            return new Dictionary<string, long>(counters, StringComparer.Ordinal);
        }
    }
}
