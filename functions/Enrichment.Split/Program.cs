using Enrichment.Core.Serialization;
using Enrichment.Core.Services;
using Enrichment.Lambda.S3Events;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Functions.Split;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one SplitFunction per process, built in the init phase.</summary>
    public static Task<int> Main() => LambdaBootstrap.RunAsync(
        _ => Task.FromResult<Func<S3Event, ILambdaContext, CancellationToken, Task<SplitResponse>>>(new SplitFunction().HandleAsync),
        LambdaEventJsonContext.Default.S3Event,
        EnrichmentJsonContext.Default.SplitResponse);
}
