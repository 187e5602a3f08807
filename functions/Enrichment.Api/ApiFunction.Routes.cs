using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

public sealed partial class ApiFunction
{
    /// <summary>
    /// Every route the API serves, first match wins. The router below answers from this table only,
    /// and the tests hold it against the OpenAPI document and Terraform's route keys, so a route
    /// added here without being documented or deployed fails a test.
    /// </summary>
    private static readonly ApiRoute[] Table =
    [
        .. WebPage.Paths.Select(path => new ApiRoute("GET", path, RouteAccess.Page)
        {
            Handle = (api, call, _, _) => Task.FromResult(api._page.Serve(call.Segments, call.Header("if-none-match"))),
        }),
        new("GET", "/openapi.json", RouteAccess.Open) { Handle = (_, _, _, _) => Task.FromResult(OpenApiDescription.Response()) },
        new("GET", "/health", RouteAccess.Open)
        {
            Handle = (_, _, _, _) => Task.FromResult(HttpResults.Json(200, new HealthResponse("ok"), ApiJsonContext.Default.HealthResponse)),
        },
        new("GET", "/version", RouteAccess.Caller)
        {
            Handle = (api, _, _, _) => Task.FromResult(HttpResults.Json(
                200, new VersionResponse(api._options.Version, api._options.GitCommit, api._options.BuildTime), ApiJsonContext.Default.VersionResponse)),
        },
        new("GET", "/providers", RouteAccess.Caller)
        {
            Handle = (api, _, _, _) => Task.FromResult(HttpResults.Json(200, api.Offer(), ApiJsonContext.Default.ProvidersResponse)),
        },
        new("POST", "/jobs", RouteAccess.Caller) { Handle = (api, call, _, ct) => api.SubmitAsync(call, ct) },
        new("POST", "/process", RouteAccess.Caller) { Handle = (api, call, _, ct) => api.SubmitAsync(call, ct) },
        new("POST", "/jobs/uploads", RouteAccess.Caller) { Handle = (api, call, _, ct) => api.ReserveUploadAsync(call, ct) },
        new("GET", "/jobs/{id}", RouteAccess.Caller) { Handle = (api, call, id, ct) => api.StatusAsync(call, id[0], ct) },
        new("GET", "/status/{id}", RouteAccess.Caller) { Handle = (api, call, id, ct) => api.StatusAsync(call, id[0], ct) },
        new("GET", "/jobs/{id}/summary", RouteAccess.Caller) { Handle = (api, call, id, ct) => api.SummaryAsync(call, id[0], ct) },
        new("POST", "/jobs/{id}/retry", RouteAccess.Caller) { Handle = (api, call, id, ct) => api.RetryAsync(call, id[0], ct) },
        new("POST", "/enrich", RouteAccess.Caller) { Handle = (api, call, _, ct) => api.EnrichOneAsync(call, ct) },
    ];

    /// <summary>The route table, for the tests that compare it with the OpenAPI document and Terraform.</summary>
    public static IReadOnlyList<ApiRoute> Routes => Table;

    private Task<APIGatewayHttpApiV2ProxyResponse> RouteAsync(ApiCall call, CancellationToken cancellationToken)
    {
        ApiRoute? found = null;
        string[] values = [];
        var knownPath = false;
        var openPath = false;
        foreach (var route in Table)
        {
            if (route.Match(call.Segments) is not { } match)
            {
                continue;
            }

            knownPath = true;
            openPath |= route.Access == RouteAccess.Open;
            if (found is null && route.Method == call.Method)
            {
                found = route;
                values = match;
            }
        }

        if (found is { Access: not RouteAccess.Caller })
        {
            return found.Handle(this, call, values, cancellationToken);
        }

        if (call.Caller is null && !openPath)
        {
            // Fail closed: a deployment without an authorizer must not serve anyone's jobs.
            return Task.FromResult(HttpResults.Error(401, "the request carries no caller identity: sign it (SigV4) or send a JWT"));
        }

        if (found is not null)
        {
            return found.Handle(this, call, values, cancellationToken);
        }

        return Task.FromResult(knownPath
            ? HttpResults.Error(405, $"{call.Method} is not allowed on {call.Path}")
            : HttpResults.Error(404, $"no route for {call.Path}"));
    }

    /// <summary>
    /// True when a request may reach the API without a caller: an open path (any method), or GET of
    /// a page file. Hosts that authenticate in front of the API (serve --api-keys) ask here.
    /// </summary>
    public static bool IsOpen(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Array.Exists(Table, route => route.Match(segments) is not null
            && (route.Access == RouteAccess.Open || (route.Access == RouteAccess.Page && route.Method == method)));
    }
}
