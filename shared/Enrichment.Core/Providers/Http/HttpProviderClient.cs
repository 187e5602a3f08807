namespace Enrichment.Core.Providers.Http;

/// <summary>
/// The process-wide HttpClient of the http providers: one connection pool (recycled every few
/// minutes so DNS changes are seen) and no client timeout, since each provider's pipeline times
/// every attempt itself.
/// </summary>
public static class HttpProviderClient
{
    private static readonly Lazy<HttpClient> Client = new(static () => new HttpClient(
        new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    public static HttpClient Shared => Client.Value;
}
