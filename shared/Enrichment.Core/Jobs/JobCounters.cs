namespace Enrichment.Core.Jobs;

/// <summary>
/// Names of the job counters carried by <see cref="BatchResult.Counters"/>. Names are ASCII, at most
/// 200 characters, made of letters, digits and <c>: _ - .</c> (provider names and columns are
/// validated to that alphabet), so every adapter can store them as they are.
/// </summary>
public static class JobCounters
{
    public const string ProviderPrefix = "provider:";

    public const string AttemptPrefix = "attempt:";

    /// <summary>
    /// Batches counted at one attempt of the job; a retry's poller waits on this one. Only the commit
    /// rule adds to it (once per batch and attempt).
    /// </summary>
    public static string AttemptBatches(int attempt) => $"{AttemptPrefix}{attempt}:batches";

    /// <summary>HTTP requests made to a provider (every attempt of every call).</summary>
    public static string Calls(string provider) => $"{ProviderPrefix}{provider}:calls";

    /// <summary>Records whose lookup went to the provider's API.</summary>
    public static string Sent(string provider) => $"{ProviderPrefix}{provider}:sent";

    /// <summary>Records answered from an earlier identical lookup of the same job (no call made).</summary>
    public static string Reused(string provider) => $"{ProviderPrefix}{provider}:reused";

    /// <summary>Records skipped because earlier providers had filled every field this one offers.</summary>
    public static string Skipped(string provider) => $"{ProviderPrefix}{provider}:skipped";

    /// <summary>Records the provider matched (sent or reused).</summary>
    public static string Matched(string provider) => $"{ProviderPrefix}{provider}:matched";

    /// <summary>Lookups a call answered with a match (each paid once, however many records shared it): what a per-match price is paid for.</summary>
    public static string PaidMatches(string provider) => $"{ProviderPrefix}{provider}:paid-matches";

    /// <summary>Records in which the provider filled this output column.</summary>
    public static string Filled(string provider, string column) => $"{ProviderPrefix}{provider}:field:{column}";
}
