using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

/// <summary>
/// The web page (GET /, /app.js, /app.css, /js/{module}): files embedded in this assembly, read once
/// per process. The script is split into ES modules that app.js imports from js/: the browser loads
/// exactly the files in Web/, with no bundler, and a request only picks a name from
/// <see cref="Modules"/>, never a path, so one route serves them all and an unlisted name is a 404.
/// Every answer carries a strict Content-Security-Policy (scripts and styles from this origin only,
/// nothing inline, no third party) and an ETag, so a browser revalidates instead of downloading again.
/// </summary>
public sealed class WebPage
{
    /// <summary>
    /// connect-src also names AWS hosts: on AWS the upload link the API hands out is S3's, not this
    /// origin. Locally the link points back at the host, which 'self' already covers.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self' https://*.amazonaws.com; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private const string Script = "text/javascript; charset=utf-8";

    /// <summary>The modules under <c>/js/</c>: each a file in Web/js, embedded as <c>web/js/name</c>.</summary>
    public static IReadOnlyList<string> Modules { get; } =
        ["api.js", "columns.js", "dom.js", "job.js", "preview.js", "recent.js", "settings.js", "upload.js", "workbook.js"];

    private static readonly (string Route, string Resource, string ContentType)[] Files =
    [
        (string.Empty, "index.html", "text/html; charset=utf-8"),
        ("app.js", "app.js", Script),
        ("app.css", "app.css", "text/css; charset=utf-8"),
        .. Modules.Select(name => ("js/" + name, "js/" + name, Script)),
    ];

    /// <summary>The paths the page is served at, as route templates (<c>/</c>, <c>/app.js</c>, ..., <c>/js/{module}</c>).</summary>
    public static IReadOnlyList<string> Paths { get; } = ["/", "/app.js", "/app.css", "/js/{module}"];

    private readonly Dictionary<string, Asset> _assets = new(StringComparer.Ordinal);

    /// <param name="maxInlineBodyBytes">Written into the page: lists over it go through an upload link.</param>
    public WebPage(long maxInlineBodyBytes)
    {
        foreach (var (route, resource, contentType) in Files)
        {
            var text = Read(resource).Replace("{{INLINE_LIMIT}}", maxInlineBodyBytes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            _assets[route] = new Asset(text, contentType, $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"");
        }
    }

    /// <summary>The file at these segments (the page, app.js, app.css or one of <see cref="Modules"/>), or a 404 like any unknown route.</summary>
    public APIGatewayHttpApiV2ProxyResponse Serve(string[] segments, string? ifNoneMatch)
    {
        var route = string.Join('/', segments);
        if (!_assets.TryGetValue(route, out var asset))
        {
            return HttpResults.Error(404, $"no route for /{route}");
        }

        var notModified = ifNoneMatch is not null && ifNoneMatch.Split(',').Any(tag => tag.Trim() == asset.ETag);
        return new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = notModified ? 304 : 200,
            Body = notModified ? null : asset.Text,
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["content-type"] = asset.ContentType,
                // Revalidate every time (cheap with the ETag): a deployment's new page shows at once.
                ["cache-control"] = "no-cache",
                ["etag"] = asset.ETag,
                ["content-security-policy"] = ContentSecurityPolicy,
                ["x-content-type-options"] = "nosniff",
                // Download and upload links carry signatures: never hand them on in a Referer.
                ["referrer-policy"] = "no-referrer",
            },
        };
    }

    private static string Read(string name)
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream("web/" + name)
            ?? throw new InvalidOperationException($"the web page's {name} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private sealed record Asset(string Text, string ContentType, string ETag);
}
