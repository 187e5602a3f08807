using System.Globalization;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Local.Host.Hosting;

/// <summary>Builds the HTTP API (payload v2) event API Gateway would send for a request.</summary>
public static class ApiEvents
{
    /// <param name="body">The raw body; sent base64-encoded, as API Gateway does for anything it cannot treat as text.</param>
    public static APIGatewayHttpApiV2ProxyRequest Create(
        string method,
        string path,
        IReadOnlyDictionary<string, string>? query,
        IReadOnlyDictionary<string, string> headers,
        byte[]? body,
        string host,
        TimeProvider time)
    {
        var now = time.GetUtcNow();
        var requestHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["host"] = host, ["x-forwarded-proto"] = "http" };
        foreach (var (name, value) in headers)
        {
            requestHeaders[name.ToLowerInvariant()] = value;
        }

        return new APIGatewayHttpApiV2ProxyRequest
        {
            Version = "2.0",
            RouteKey = "$default",
            RawPath = path,
            RawQueryString = query is null ? string.Empty : string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}")),
            Headers = requestHeaders,
            QueryStringParameters = query is { Count: > 0 } ? new Dictionary<string, string>(query) : null,
            Body = body is { Length: > 0 } ? Convert.ToBase64String(body) : null,
            IsBase64Encoded = body is { Length: > 0 },
            RequestContext = new APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext
            {
                AccountId = "000000000000",
                ApiId = "local",
                DomainName = host,
                Stage = "$default",
                RequestId = Guid.CreateVersion7(now).ToString("N"),
                Time = now.ToString("dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture),
                TimeEpoch = now.ToUnixTimeMilliseconds(),
                Http = new APIGatewayHttpApiV2ProxyRequest.HttpDescription { Method = method, Path = path, Protocol = "HTTP/1.1", SourceIp = "127.0.0.1" },
            },
        };
    }
}
