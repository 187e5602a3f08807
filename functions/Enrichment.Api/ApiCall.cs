using System.Text;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

/// <summary>The parts of an HTTP API request the routes use, read once.</summary>
internal sealed class ApiCall
{
    private readonly APIGatewayHttpApiV2ProxyRequest _request;
    private readonly Uri? _publicBase;
    private readonly Dictionary<string, string> _headers;
    private byte[]? _body;

    private ApiCall(APIGatewayHttpApiV2ProxyRequest request, Uri? publicBase, string method, string path)
    {
        _request = request;
        _publicBase = publicBase;
        Method = method;
        Path = path;
        Segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers ?? new Dictionary<string, string>())
        {
            _headers[header.Key] = header.Value;
        }
    }

    public string Method { get; }

    /// <summary>The path without the stage prefix a named stage puts in front.</summary>
    public string Path { get; }

    public string[] Segments { get; }

    /// <summary>The authenticated caller (<see cref="CallerIdentity"/>), or null when the request carries none.</summary>
    public string? Caller => CallerIdentity.Of(_request);

    /// <summary>The caller, for routes that act for one; none is a 401.</summary>
    public string RequireCaller() => Caller ?? throw new RequestException(401, "the request carries no caller identity: sign it (SigV4) or send a JWT");

    /// <param name="publicBase">The deployment's own base URL, when configured; links are built from it.</param>
    public static ApiCall From(APIGatewayHttpApiV2ProxyRequest request, Uri? publicBase = null)
    {
        var method = (request.RequestContext?.Http?.Method ?? "GET").ToUpperInvariant();
        var path = request.RawPath ?? request.RequestContext?.Http?.Path ?? "/";
        var stage = request.RequestContext?.Stage;
        if (!string.IsNullOrEmpty(stage) && stage != "$default" && path.StartsWith($"/{stage}/", StringComparison.Ordinal))
        {
            path = path[(stage.Length + 1)..];
        }

        return new ApiCall(request, publicBase, method, path);
    }

    public string? Header(string name) => _headers.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string? Query(string name) =>
        _request.QueryStringParameters is { } query && query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>Every query parameter's name, as sent.</summary>
    public IEnumerable<string> QueryNames => _request.QueryStringParameters?.Keys ?? Enumerable.Empty<string>();

    public byte[] BodyBytes() => _body ??= _request.BinaryBody ?? (_request.Body is null
        ? []
        : _request.IsBase64Encoded ? Convert.FromBase64String(_request.Body) : Encoding.UTF8.GetBytes(_request.Body));

    /// <summary>
    /// Where the client polls: from the configured public URL, else from the domain API Gateway
    /// matched (one of the API's own names), always https. Never from the Host or
    /// X-Forwarded-Proto headers: a client must not be able to choose the links it is given.
    /// </summary>
    public string StatusUrl(string jobId)
    {
        var path = $"/jobs/{Uri.EscapeDataString(jobId)}";
        if (_publicBase is not null)
        {
            return _publicBase.AbsoluteUri.TrimEnd('/') + path;
        }

        var stage = _request.RequestContext?.Stage;
        var prefix = string.IsNullOrEmpty(stage) || stage == "$default" ? string.Empty : "/" + Uri.EscapeDataString(stage);
        var domain = _request.RequestContext?.DomainName;
        return Uri.CheckHostName(domain) is UriHostNameType.Dns or UriHostNameType.IPv4
            ? $"https://{domain}{prefix}{path}"
            : prefix + path;
    }
}
