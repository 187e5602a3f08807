using System.Text.Json;
using Enrichment.Core.Configuration;
using Enrichment.Functions.Api;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;

namespace Enrichment.Functions.Tests.Api;

/// <summary>The API function over the in-memory pipeline, called with real payload-v2 events.</summary>
internal sealed class ApiHarness
{
    public ApiHarness(EnrichmentOptions? options = null)
    {
        Pipeline = new InMemoryPipeline(options ?? new EnrichmentOptions { Version = "1.2.3", GitCommit = "abc1234", BuildTime = "2026-11-23T00:00:00Z" });
        Function = new ApiFunction(
            Pipeline.Split,
            Pipeline.Status,
            Pipeline.Retry,
            Pipeline.SingleEnrich,
            Pipeline.Uploads,
            Pipeline.Summaries,
            Pipeline.Providers,
            Pipeline.Options,
            Pipeline.Log);
    }

    public InMemoryPipeline Pipeline { get; }

    public ApiFunction Function { get; }

    public Task<APIGatewayHttpApiV2ProxyResponse> SendAsync(ApiRequestBuilder request) =>
        Function.HandleAsync(request.Build(), new TestLambdaContext(), CancellationToken.None);

    public static JsonElement Json(APIGatewayHttpApiV2ProxyResponse response)
    {
        using var document = JsonDocument.Parse(response.Body ?? "null");
        return document.RootElement.Clone();
    }

    public static string Error(APIGatewayHttpApiV2ProxyResponse response) => Json(response).GetProperty("error").GetString() ?? string.Empty;
}
