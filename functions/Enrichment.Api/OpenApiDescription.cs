using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

/// <summary>
/// GET /openapi.json: the API's OpenAPI 3.1 description, the file openapi.json beside this class,
/// embedded in the assembly and served as it is. It is written by hand rather than generated: the
/// routes take their inputs from query strings, headers and raw bodies (CSV, JSONL, xlsx) that no
/// generator sees, and a reviewed document says more than one derived from types. The tests keep it
/// honest: its paths must equal <see cref="ApiFunction.Routes"/>, and every response the API tests
/// receive must validate against it. Open like /health: it describes the API and holds no data.
/// </summary>
public static class OpenApiDescription
{
    private static readonly Lazy<string> Text = new(Read);

    /// <summary>The document as served.</summary>
    public static string Json => Text.Value;

    internal static APIGatewayHttpApiV2ProxyResponse Response() => new()
    {
        StatusCode = 200,
        Body = Text.Value,
        Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["content-type"] = "application/json; charset=utf-8",
            ["cache-control"] = "no-cache",
            ["x-content-type-options"] = "nosniff",
        },
    };

    private static string Read()
    {
        using var stream = typeof(OpenApiDescription).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
