using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

/// <summary>Who may call a route.</summary>
public enum RouteAccess
{
    /// <summary>An authenticated caller only; none is a 401.</summary>
    Caller,

    /// <summary>
    /// Anyone, on any method: the path reveals nothing, so even a wrong method gets its 405 rather
    /// than a 401 (health for probes, the API description for client generators).
    /// </summary>
    Open,

    /// <summary>Anyone, this method only: the web page's files, which a browser loads before it has a key.</summary>
    Page,
}

/// <summary>
/// One entry of <see cref="ApiFunction.Routes"/>: a method and a path template such as
/// <c>/jobs/{id}</c>, as the OpenAPI document and API Gateway's route keys spell them.
/// </summary>
public sealed record ApiRoute(string Method, string Template, RouteAccess Access)
{
    private readonly string[] _parts = Template.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>API Gateway's route key, e.g. <c>GET /jobs/{id}</c>.</summary>
    public string Key => $"{Method} {Template}";

    internal Func<ApiFunction, ApiCall, string[], CancellationToken, Task<APIGatewayHttpApiV2ProxyResponse>> Handle { get; init; } =
        (_, _, _, _) => throw new InvalidOperationException("route without a handler");

    /// <summary>The values of the template's parameters in order, or null when the path is not this template's.</summary>
    public string[]? Match(IReadOnlyList<string> segments)
    {
        if (segments.Count != _parts.Length)
        {
            return null;
        }

        var values = new List<string>();
        for (var i = 0; i < _parts.Length; i++)
        {
            if (_parts[i].StartsWith('{'))
            {
                values.Add(segments[i]);
            }
            else if (!string.Equals(_parts[i], segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }

        return [.. values];
    }
}
