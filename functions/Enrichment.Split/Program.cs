using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Services;
using Enrichment.Lambda.S3Events;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Functions.Split;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one SplitFunction per process, built in the init phase.</summary>
    public static Task<int> Main() =>
        LambdaFunctionHost.RunAsync<SplitFunction, S3Event, SplitResponse>(LambdaEventJsonContext.Default.S3Event, EnrichmentJsonContext.Default.SplitResponse);
}
