using System.Text;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

/// <summary>The parts of an HTTP API request the routes use, read once.</summary>
internal sealed class ApiCall
{
    private readonly APIGatewayHttpApiV2ProxyRequest request;
    private readonly Dictionary<string, string> headers;
    private byte[]? body;

    private ApiCall(APIGatewayHttpApiV2ProxyRequest request, string method, string path)
    {
        this.request = request;
        Method = method;
        Path = path;
        Segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers ?? new Dictionary<string, string>())
        {
            headers[header.Key] = header.Value;
        }
    }

    public string Method { get; }

    /// <summary>The path without the stage prefix a named stage puts in front.</summary>
    public string Path { get; }

    public string[] Segments { get; }

    public static ApiCall From(APIGatewayHttpApiV2ProxyRequest request)
    {
        var method = (request.RequestContext?.Http?.Method ?? "GET").ToUpperInvariant();
        var path = request.RawPath ?? request.RequestContext?.Http?.Path ?? "/";
        var stage = request.RequestContext?.Stage;
        if (!string.IsNullOrEmpty(stage) && stage != "$default" && path.StartsWith($"/{stage}/", StringComparison.Ordinal))
        {
            path = path[(stage.Length + 1)..];
        }

        return new ApiCall(request, method, path);
    }

    public string? Header(string name) => headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string? Query(string name) =>
        request.QueryStringParameters is { } query && query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public byte[] BodyBytes() => body ??= request.Body is null
        ? []
        : request.IsBase64Encoded ? Convert.FromBase64String(request.Body) : Encoding.UTF8.GetBytes(request.Body);

    /// <summary>Where the client polls: built from the host it called, so it works behind API Gateway and locally.</summary>
    public string StatusUrl(string jobId)
    {
        var host = Header("host") ?? request.RequestContext?.DomainName;
        if (string.IsNullOrEmpty(host))
        {
            return $"/jobs/{jobId}";
        }

        var scheme = Header("x-forwarded-proto") ?? "https";
        var stage = request.RequestContext?.Stage;
        var prefix = string.IsNullOrEmpty(stage) || stage == "$default" ? string.Empty : "/" + stage;
        return $"{scheme}://{host}{prefix}/jobs/{jobId}";
    }
}
