using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// `serve --cors-origins`: the browser origins allowed to call the API from another site, answered
/// as API Gateway's cors_configuration answers them (same methods, headers, exposed headers and
/// max age), so a web app tried against serve behaves the same when deployed. Empty means off.
/// </summary>
public sealed class CorsOrigins
{
    public static readonly string[] Methods = ["GET", "POST", "PUT", "OPTIONS"];

    public static readonly string[] Headers = ["content-type", "authorization", "x-api-key", "idempotency-key", "webhook-secret"];

    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(600);

    private readonly HashSet<string> _origins;

    private CorsOrigins(HashSet<string> origins) => _origins = origins;

    public bool IsOff => _origins.Count == 0;

    /// <summary>A comma list of origins (https://app.example.com); each must be a bare http(s) origin, no path.</summary>
    public static CorsOrigins Parse(string? text)
    {
        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(item, UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
                || item.EndsWith('/'))
            {
                throw new FormatException($"'{item}' is not an origin like https://app.example.com (scheme and host, optional port, no path)");
            }

            origins.Add(uri.GetLeftPart(UriPartial.Authority));
        }

        return new CorsOrigins(origins);
    }

    /// <summary>
    /// The policy: only the named origins, echoed back exactly, with Vary: Origin (an origin
    /// predicate rather than the origin list is what makes the middleware send Vary for one origin too).
    /// </summary>
    public void Configure(CorsPolicyBuilder policy) => policy
        .SetIsOriginAllowed(IsAllowed)
        .WithMethods(Methods)
        .WithHeaders(Headers)
        .WithExposedHeaders("location")
        .SetPreflightMaxAge(MaxAge);

    private bool IsAllowed(string origin) => _origins.Contains(origin);
}
