using Enrichment.Functions.Api;
using Enrichment.Testing.OpenApi;

namespace Enrichment.Local.Host.Tests;

/// <summary>
/// The HttpClient every test of `serve`'s API uses: each answer it receives is held to the API's
/// OpenAPI document before the test sees it (<see cref="OpenApiCheckingHandler"/>), so a route,
/// status or field the document lacks fails the test that met it.
/// </summary>
internal static class ServeHttp
{
    public static OpenApiContract Contract { get; } = OpenApiContract.Parse(OpenApiDescription.Json);

    public static HttpClient Client(string baseUrl, TimeSpan timeout) =>
        new(new OpenApiCheckingHandler(Contract, IsApiPath)) { BaseAddress = new Uri(baseUrl), Timeout = timeout };

    public static HttpClient Client(int port, TimeSpan timeout) => Client($"http://127.0.0.1:{port}", timeout);

    /// <summary>Signed object links are S3's stand-in, not the API: the document does not describe them.</summary>
    private static bool IsApiPath(string path) => !path.StartsWith("/objects/", StringComparison.Ordinal);
}
