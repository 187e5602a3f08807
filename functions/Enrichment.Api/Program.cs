using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one ApiFunction per process, built in the init phase.</summary>
    public static Task<int> Main() =>
        LambdaFunctionHost.RunAsync<ApiFunction, APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>(EnrichmentJsonContext.Default.APIGatewayHttpApiV2ProxyRequest, EnrichmentJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
}
