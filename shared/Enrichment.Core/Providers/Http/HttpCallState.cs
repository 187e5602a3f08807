namespace Enrichment.Core.Providers.Http;

/// <summary>Counts the HTTP attempts of one call (retries included) into the run's usage and for the caller.</summary>
internal sealed class HttpCallState(ProviderUsage usage, string callsCounter)
{
    private int attempts;

    public int Attempts => Volatile.Read(ref attempts);

    public void Attempted()
    {
        Interlocked.Increment(ref attempts);
        usage.Add(callsCounter);
    }
}
