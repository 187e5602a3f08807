namespace Enrichment.Testing.OpenApi;

/// <summary>
/// An HttpClient handler that holds every API response a test receives to the OpenAPI document
/// (<see cref="OpenApiContract.Verify"/>) before the test sees it. CORS preflights are left alone
/// (the CORS layer answers them, not the API), and so are paths the predicate says are not the
/// API's (a host's signed object links).
/// </summary>
public sealed class OpenApiCheckingHandler(OpenApiContract contract, Func<string, bool> isApiPath) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri?.AbsolutePath ?? "/";
        var preflight = request.Method == HttpMethod.Options && request.Headers.Contains("Access-Control-Request-Method");
        if (preflight || !isApiPath(path))
        {
            return response;
        }

        // Buffered, so the test can still read the body after the check.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        contract.Verify(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
        return response;
    }
}
