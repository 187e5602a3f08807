namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// Bounds the request-body bytes held in memory across all requests at once: a request that would
/// pass the bound is turned away (503 with Retry-After) instead of growing the process without limit.
/// </summary>
public sealed class BodyBudget(long capacity)
{
    private long _used;

    public long Capacity { get; } = capacity;

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (nothing taken) when they do not fit.</summary>
    public bool TryTake(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _used);
            if (current + bytes > Capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, current + bytes, current) == current)
            {
                return true;
            }
        }
    }

    public void Return(long bytes) => Interlocked.Add(ref _used, -bytes);
}
