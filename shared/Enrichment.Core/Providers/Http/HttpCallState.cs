namespace Enrichment.Core.Providers.Http;

/// <summary>Counts the HTTP attempts of one call (retries included) into the run's usage and for the caller.</summary>
internal sealed class HttpCallState(ProviderUsage usage, string callsCounter)
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public void Attempted()
    {
        Interlocked.Increment(ref _attempts);
        usage.Add(callsCounter);
    }
}
