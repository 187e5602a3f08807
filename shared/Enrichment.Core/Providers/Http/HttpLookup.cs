namespace Enrichment.Core.Providers.Http;

/// <summary>
/// One distinct question to a provider within a batch: the request of the first record with that
/// key, every record sharing it, and the answer once known.
/// </summary>
internal sealed class HttpLookup(string key, List<(string ApiField, string Value)> request)
{
    public string Key { get; } = key;

    public List<(string ApiField, string Value)> Request { get; } = request;

    public List<ContactRecord> Records { get; } = [];

    /// <summary>Set while reading a successful call; null afterwards means no match.</summary>
    public HttpProviderAnswer? Answer { get; set; }

    /// <summary>Answered (from the cache or a call) or failed: nothing more to do.</summary>
    public bool Done { get; set; }
}
