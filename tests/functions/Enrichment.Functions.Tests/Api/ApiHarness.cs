using System.Text.Json;
using Enrichment.Core.Configuration;
using Enrichment.Functions.Api;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;
using Enrichment.Testing.OpenApi;

namespace Enrichment.Functions.Tests.Api;

/// <summary>The API function over the in-memory pipeline, called with real payload-v2 events.</summary>
internal sealed class ApiHarness
{
    public ApiHarness(EnrichmentOptions? options = null)
    {
        Pipeline = new InMemoryPipeline(options ?? new EnrichmentOptions { Version = "1.2.3", GitCommit = "abc1234", BuildTime = "2026-11-23T00:00:00Z" });
        Function = Pipeline.Handler<ApiFunction>();
    }

    public InMemoryPipeline Pipeline { get; }

    public ApiFunction Function { get; }

    /// <summary>The API's own OpenAPI document, which every answer <see cref="SendAsync"/> returns must keep.</summary>
    public static OpenApiContract Contract { get; } = OpenApiContract.Parse(OpenApiDescription.Json);

    /// <summary>Calls the function, and fails the test when the answer breaks the OpenAPI document.</summary>
    public async Task<APIGatewayHttpApiV2ProxyResponse> SendAsync(ApiRequestBuilder request)
    {
        var apiEvent = request.Build();
        var response = await Function.HandleAsync(apiEvent, new TestLambdaContext(), CancellationToken.None);
        Contract.Verify(apiEvent, response);
        return response;
    }

    public static JsonElement Json(APIGatewayHttpApiV2ProxyResponse response)
    {
        using var document = JsonDocument.Parse(response.Body ?? "null");
        return document.RootElement.Clone();
    }

    public static string Error(APIGatewayHttpApiV2ProxyResponse response) => Json(response).GetProperty("error").GetString() ?? string.Empty;
}
