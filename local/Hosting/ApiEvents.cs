using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Local.Host.Hosting;

/// <summary>Builds the HTTP API (payload v2) event API Gateway would send for a request.</summary>
public static class ApiEvents
{
    /// <summary>The Lambda-authorizer context key the local host puts the caller under (see <see cref="Create"/>).</summary>
    public const string CallerContextKey = "caller";

    /// <param name="body">The raw body, handed over as it is (<see cref="APIGatewayHttpApiV2ProxyRequest.BinaryBody"/>): no base64 round trip in one process.</param>
    /// <param name="domainName">The host's own address (configured, never the request's Host header), as API Gateway puts the domain it matched.</param>
    /// <param name="caller">The authenticated caller, passed as a Lambda authorizer's context would be.</param>
    public static APIGatewayHttpApiV2ProxyRequest Create(
        string method,
        string path,
        IReadOnlyDictionary<string, string>? query,
        IReadOnlyDictionary<string, string> headers,
        byte[]? body,
        string domainName,
        TimeProvider time,
        string? caller = null)
    {
        var now = time.GetUtcNow();
        var requestHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            requestHeaders[name.ToLowerInvariant()] = value;
        }

        requestHeaders["host"] = domainName;
        return new APIGatewayHttpApiV2ProxyRequest
        {
            Version = "2.0",
            RouteKey = "$default",
            RawPath = path,
            RawQueryString = query is null ? string.Empty : string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}")),
            Headers = requestHeaders,
            QueryStringParameters = query is { Count: > 0 } ? new Dictionary<string, string>(query) : null,
            BinaryBody = body is { Length: > 0 } ? body : null,
            RequestContext = new APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext
            {
                AccountId = "000000000000",
                ApiId = "local",
                DomainName = domainName,
                Stage = "$default",
                RequestId = Guid.CreateVersion7(now).ToString("N"),
                Time = now.ToString("dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture),
                TimeEpoch = now.ToUnixTimeMilliseconds(),
                Http = new APIGatewayHttpApiV2ProxyRequest.HttpDescription { Method = method, Path = path, Protocol = "HTTP/1.1", SourceIp = "127.0.0.1" },
                Authorizer = caller is null ? null : new APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription
                {
                    Lambda = new Dictionary<string, JsonElement>
                    {
                        [CallerContextKey] = JsonSerializer.SerializeToElement(caller, LocalHostJsonContext.Default.String),
                    },
                },
            },
        };
    }
}
