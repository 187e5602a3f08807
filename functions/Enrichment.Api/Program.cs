using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Functions.Api;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one ApiFunction per process, built in the init phase.</summary>
    public static Task<int> Main() => LambdaBootstrap.RunAsync(
        _ => Task.FromResult<Func<APIGatewayHttpApiV2ProxyRequest, ILambdaContext, CancellationToken, Task<APIGatewayHttpApiV2ProxyResponse>>>(new ApiFunction().HandleAsync),
        LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest,
        LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
}
