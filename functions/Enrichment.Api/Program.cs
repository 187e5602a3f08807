using Enrichment.Aws.Hosting;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Functions.Api;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one ApiFunction per process, built in the init phase.</summary>
    public static Task<int> Main() =>
        LambdaFunctionHost.RunAsync<ApiFunction, APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>(
            LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
}
